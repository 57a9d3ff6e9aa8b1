package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Events as go test -json writes them: a pass, a skip, a failing test with a failing
// subtest, and a package that did not build.
const events = `{"Action":"run","Package":"p/a","Test":"TestPass"}
{"Action":"output","Package":"p/a","Test":"TestPass","Output":"=== RUN   TestPass\n"}
{"Action":"pass","Package":"p/a","Test":"TestPass","Elapsed":0.25}
{"Action":"run","Package":"p/a","Test":"TestSkip"}
{"Action":"skip","Package":"p/a","Test":"TestSkip"}
{"Action":"run","Package":"p/a","Test":"TestFail"}
{"Action":"output","Package":"p/a","Test":"TestFail/sub","Output":"    a_test.go:9: got 1 & <2>\n"}
{"Action":"fail","Package":"p/a","Test":"TestFail/sub"}
{"Action":"fail","Package":"p/a","Test":"TestFail"}
{"Action":"fail","Package":"p/a"}
not an event: a compiler message
{"Action":"output","Package":"p/b","Output":"FAIL\tp/b [build failed]\n"}
{"Action":"fail","Package":"p/b"}
`

func TestOneTestcasePerTopLevelTest(t *testing.T) {
	cases, err := fromEvents(strings.NewReader(events))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cases {
		state := "pass"
		if c.Failure != nil {
			state = "fail"
		} else if c.Result == "skipped" {
			state = "skip"
		}
		got = append(got, c.ClassName+" "+c.Name+" "+state)
	}
	want := []string{"p/a TestPass pass", "p/a TestSkip skip", "p/a TestFail fail", "p/b (package did not build or run) fail"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("testcases:\n  %s\nwant:\n  %s", strings.Join(got, "; "), strings.Join(want, "; "))
	}
	if !strings.Contains(cases[2].Failure.Text, "got 1 & <2>") {
		t.Fatalf("the failure does not carry its subtest's output: %q", cases[2].Failure.Text)
	}
}

func TestChecksFailOnStatusOrGofmtOutput(t *testing.T) {
	dir := t.TempDir()
	empty, listed := filepath.Join(dir, "empty"), filepath.Join(dir, "listed")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(listed, []byte("api/routes.go\n"), 0o644)
	for spec, fails := range map[string]bool{
		"gofmt=0:" + empty: false, "gofmt=0:" + listed: true, "go vet=0:" + listed: false, "go vet=1:" + empty: true,
	} {
		c, err := fromCheck(spec)
		if err != nil {
			t.Fatal(err)
		}
		if (c.Failure != nil) != fails {
			t.Errorf("%s: failed %v, want %v", spec, c.Failure != nil, fails)
		}
	}
	if _, err := fromCheck("gofmt"); err == nil {
		t.Errorf("a malformed -check was accepted")
	}
}
