package logging

// Structured logs: one JSON object per line on stderr, in the same shape as the C++
// binaries' common/log ({"time":...,"level":...,"event":...,<fields>}), so that one log
// shipper parses every statusphere process. grpc-go's and net/http's own loggers are
// redirected here too: a stray plain-text line would break line-by-line parsing.
// With --log_format=text (the default "auto" when stderr is a terminal) the same events are
// written for people: "15:04:05.000 INFO  event key=value ...".

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc/grpclog"
)

// Fields are an event's key-value pairs.
type Fields map[string]interface{}

var (
	logMu   sync.Mutex
	logText bool
	output  io.Writer = os.Stderr
)

// SetOutput sends the events elsewhere (tests keep their output for their own messages).
func SetOutput(w io.Writer) {
	logMu.Lock()
	defer logMu.Unlock()
	output = w
}

// SetFormat applies --log_format: json, text, or auto (text when stderr is a terminal).
func SetFormat(format string) error {
	switch format {
	case "json":
		logText = false
	case "text":
		logText = true
	case "auto", "":
		info, err := os.Stderr.Stat()
		logText = err == nil && info.Mode()&os.ModeCharDevice != 0
	default:
		return fmt.Errorf("--log_format: %q is not text, json or auto", format)
	}
	return nil
}

// textLine is the event for people; values that a reader could not delimit are quoted.
func textLine(level, event string, f Fields) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-5s %s", time.Now().Format("15:04:05.000"), strings.ToUpper(level), event)
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := fmt.Sprint(f[k])
		if v == "" || strings.ContainsAny(v, " \t\n\"=\\") {
			v = fmt.Sprintf("%q", v)
		}
		fmt.Fprintf(&b, " %s=%s", k, v)
	}
	return []byte(b.String())
}

func writeLog(level, event string, f Fields) {
	if logText {
		line := textLine(level, event, f)
		logMu.Lock()
		defer logMu.Unlock()
		output.Write(append(line, '\n'))
		return
	}
	// time, level and event lead, as in common/log; the other fields follow sorted.
	head, _ := json.Marshal(struct {
		Time  string `json:"time"`
		Level string `json:"level"`
		Event string `json:"event"`
	}{time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), level, event})
	line := head
	if len(f) > 0 {
		rest, err := json.Marshal(f)
		if err != nil {
			rest = []byte(fmt.Sprintf(`{"log_error":%q}`, err.Error()))
		}
		line = append(append(head[:len(head)-1], ','), rest[1:]...)
	}
	// One write per line so that concurrent requests never interleave.
	logMu.Lock()
	defer logMu.Unlock()
	output.Write(append(line, '\n'))
}

func Info(event string, f Fields)  { writeLog("info", event, f) }
func Warn(event string, f Fields)  { writeLog("warn", event, f) }
func Error(event string, f Fields) { writeLog("error", event, f) }

// grpcLogger adapts grpclog.LoggerV2. Info is dropped (the runtime logs every marshalling
// detail at info); warnings such as "connection refused, reconnecting" are kept.
type grpcLogger struct{}

func (grpcLogger) Info(args ...interface{})                 {}
func (grpcLogger) Infoln(args ...interface{})               {}
func (grpcLogger) Infof(format string, args ...interface{}) {}
func (grpcLogger) Warning(args ...interface{})              { grpcLog("warn", fmt.Sprint(args...)) }
func (grpcLogger) Warningln(args ...interface{})            { grpcLog("warn", fmt.Sprint(args...)) }
func (grpcLogger) Warningf(format string, args ...interface{}) {
	grpcLog("warn", fmt.Sprintf(format, args...))
}
func (grpcLogger) Error(args ...interface{})   { grpcLog("error", fmt.Sprint(args...)) }
func (grpcLogger) Errorln(args ...interface{}) { grpcLog("error", fmt.Sprint(args...)) }
func (grpcLogger) Errorf(format string, args ...interface{}) {
	grpcLog("error", fmt.Sprintf(format, args...))
}
func (grpcLogger) Fatal(args ...interface{})                 { grpcFatal(fmt.Sprint(args...)) }
func (grpcLogger) Fatalln(args ...interface{})               { grpcFatal(fmt.Sprint(args...)) }
func (grpcLogger) Fatalf(format string, args ...interface{}) { grpcFatal(fmt.Sprintf(format, args...)) }
func (grpcLogger) V(level int) bool                          { return false }

var (
	grpcLogMu   sync.Mutex
	grpcLogSeen = map[string]time.Time{}
)

// grpcLog drops a message repeated within a minute: while the backend is down, grpc-go
// warns on every reconnect attempt (each second).
func grpcLog(level, message string) {
	message = strings.TrimSpace(message)
	now := time.Now()
	grpcLogMu.Lock()
	last, seen := grpcLogSeen[message]
	if !seen || now.Sub(last) > time.Minute {
		if len(grpcLogSeen) > 1000 {
			grpcLogSeen = map[string]time.Time{}
		}
		grpcLogSeen[message] = now
	}
	grpcLogMu.Unlock()
	if !seen || now.Sub(last) > time.Minute {
		writeLog(level, "grpc.log", Fields{"message": message})
	}
}

func grpcFatal(message string) {
	grpcLog("error", message)
	os.Exit(1)
}

// lineWriter turns net/http's server error log (e.g. TLS handshake noise) into events.
type lineWriter struct{ event string }

func (w lineWriter) Write(p []byte) (int, error) {
	Warn(w.event, Fields{"message": strings.TrimSpace(string(p))})
	return len(p), nil
}

// Install sends grpc-go's and the standard library's loggers here.
func Install() {
	grpclog.SetLoggerV2(grpcLogger{})
	log.SetFlags(0)
	log.SetOutput(lineWriter{event: "go.log"})
}

// HTTPErrorLog is net/http's server error log, as events.
func HTTPErrorLog() *log.Logger { return log.New(lineWriter{event: "http.server_error"}, "", 0) }
