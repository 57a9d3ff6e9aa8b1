// junit turns `go test -json` events (stdin) into JUnit XML (stdout): one <testcase> per
// top-level Go test, failing with the test's output, skipped as scripts/test.sh counts
// skips. Checks run beside the tests (gofmt -l, go vet) are testcases too, given as
// -check name=exitstatus:outputfile (a non-zero status, or for gofmt any output, fails).
// With -text it prints the tests' output instead, for people.
// A package that fails without a failing test (it did not build) is a failing testcase.
package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// testEvent is one line of go test -json (cmd/test2json).
type testEvent struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type testCase struct {
	XMLName   xml.Name  `xml:"testcase"`
	Name      string    `xml:"name,attr"`
	ClassName string    `xml:"classname,attr"`
	Time      string    `xml:"time,attr"`
	Result    string    `xml:"result,attr,omitempty"`
	Failure   *failure  `xml:"failure,omitempty"`
	Skipped   *struct{} `xml:"skipped,omitempty"`
}

type failure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

type checks []string

func (c *checks) String() string     { return strings.Join(*c, ",") }
func (c *checks) Set(v string) error { *c = append(*c, v); return nil }

func main() {
	var extra checks
	flag.Var(&extra, "check", "name=exitstatus:outputfile of a check run beside the tests (repeatable)")
	text := flag.Bool("text", false, "print the tests' output as go test -v would, instead of XML")
	flag.Parse()
	if *text {
		printOutput(os.Stdin)
		return
	}
	cases, err := fromEvents(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "junit:", err)
		os.Exit(1)
	}
	for _, c := range extra {
		tc, err := fromCheck(c)
		if err != nil {
			fmt.Fprintln(os.Stderr, "junit:", err)
			os.Exit(1)
		}
		cases = append(cases, tc)
	}
	failures, skipped := 0, 0
	for _, c := range cases {
		if c.Failure != nil {
			failures++
		}
		if c.Skipped != nil {
			skipped++
		}
	}
	fmt.Println(xml.Header + "<testsuites>")
	fmt.Printf("<testsuite name=\"gateway\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n", len(cases), failures, skipped)
	for _, c := range cases {
		// One element per line: scripts/test.sh counts <testcase lines.
		out, _ := xml.Marshal(c)
		fmt.Println(string(out))
	}
	fmt.Println("</testsuite>\n</testsuites>")
}

func fromEvents(r io.Reader) ([]testCase, error) {
	type key struct{ pkg, test string }
	output := map[key]*strings.Builder{}
	var cases []testCase
	failedTests := map[string]bool{}
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		var e testEvent
		if err := json.Unmarshal(scanner.Bytes(), &e); err != nil {
			continue // a line that is not an event (a build error printed as text)
		}
		// A subtest's output belongs to its top-level test.
		top := strings.SplitN(e.Test, "/", 2)[0]
		k := key{e.Package, top}
		if e.Action == "output" {
			if output[k] == nil {
				output[k] = &strings.Builder{}
			}
			output[k].WriteString(e.Output)
			continue
		}
		if e.Test != top || (e.Action != "pass" && e.Action != "fail" && e.Action != "skip") {
			continue
		}
		text := ""
		if output[k] != nil {
			text = output[k].String()
		}
		name := e.Test
		if name == "" {
			// The package's own result: only a failure that no test explains is a testcase.
			if e.Action != "fail" || failedTests[e.Package] {
				continue
			}
			name = "(package did not build or run)"
		}
		c := testCase{Name: name, ClassName: e.Package, Time: strconv.FormatFloat(e.Elapsed, 'f', 3, 64)}
		switch e.Action {
		case "fail":
			failedTests[e.Package] = true
			c.Failure = &failure{Message: "failed", Text: text}
		case "skip":
			c.Result = "skipped"
			c.Skipped = &struct{}{}
		}
		cases = append(cases, c)
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].ClassName < cases[j].ClassName })
	return cases, scanner.Err()
}

func fromCheck(spec string) (testCase, error) {
	name, rest, ok := strings.Cut(spec, "=")
	statusText, file, ok2 := strings.Cut(rest, ":")
	status, err := strconv.Atoi(statusText)
	if !ok || !ok2 || err != nil {
		return testCase{}, fmt.Errorf("-check %q: want name=exitstatus:outputfile", spec)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		return testCase{}, err
	}
	c := testCase{Name: name, ClassName: "checks", Time: "0"}
	if status != 0 || (name == "gofmt" && len(strings.TrimSpace(string(text))) > 0) {
		c.Failure = &failure{Message: name + " failed", Text: string(text)}
	}
	return c, nil
}

func printOutput(r io.Reader) {
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		var e testEvent
		if json.Unmarshal(scanner.Bytes(), &e) == nil && e.Action == "output" {
			fmt.Print(e.Output)
		}
	}
}
