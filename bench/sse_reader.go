// The Server-Sent Events reader the benches share (watch_bench.go, freshness_bench.go):
// each is built from its own file plus this one.
package main

import (
	"bufio"
	"io"
	"strings"
	"time"
)

// readSSE calls onEvent with each event's data (its data lines joined by "\n") and the time
// its first data line arrived, until the stream ends; it returns the read error (io.EOF at
// a clean end).
func readSSE(r io.Reader, onEvent func(data string, arrived time.Time)) error {
	lines := bufio.NewReaderSize(r, 64<<10)
	var data []string
	var arrived time.Time
	for {
		line, err := lines.ReadString('\n')
		if err != nil {
			return err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" { // the blank line ends an event
			if data != nil {
				onEvent(strings.Join(data, "\n"), arrived)
			}
			data = nil
			continue
		}
		if strings.HasPrefix(line, "data:") {
			if data == nil {
				arrived = time.Now()
			}
			data = append(data, strings.TrimPrefix(line[len("data:"):], " "))
		}
	}
}
