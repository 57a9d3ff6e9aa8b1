package ratelimit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestABucketAdmitsTheBurstThenTheRate(t *testing.T) {
	l := New(Options{RequestsPerSecond: 2, Burst: 3, MaxClients: 10})
	start := time.Unix(1000, 0)
	for i := 0; i < 3; i++ {
		if wait := l.take("192.0.2.1", start); wait != 0 {
			t.Fatalf("request %d of the burst refused (wait %v)", i+1, wait)
		}
	}
	if wait := l.take("192.0.2.1", start); wait != 500*time.Millisecond {
		t.Fatalf("over the burst: wait %v, want 500ms (one token at 2/s)", wait)
	}
	if wait := l.take("192.0.2.2", start); wait != 0 {
		t.Fatalf("another client was refused: buckets are per client")
	}
	if wait := l.take("192.0.2.1", start.Add(500*time.Millisecond)); wait != 0 {
		t.Fatalf("after half a second at 2/s: wait %v, want admitted", wait)
	}
	if wait := l.take("192.0.2.1", start.Add(500*time.Millisecond)); wait == 0 {
		t.Fatalf("the refilled token was spent twice")
	}
}

func TestBucketsAreBoundedByMaxClients(t *testing.T) {
	l := New(Options{RequestsPerSecond: 1, Burst: 5, MaxClients: 4})
	now := time.Unix(1000, 0)
	for i := 0; i < 100; i++ {
		l.take("client"+strings.Repeat("x", i), now.Add(time.Duration(i)*time.Millisecond))
		if len(l.buckets) > 4 {
			t.Fatalf("%d buckets after %d clients, want at most 4", len(l.buckets), i+1)
		}
	}
}

func serve(h http.Handler, path, remote string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.RemoteAddr = remote
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWrapAnswers429AsTheServerDoes(t *testing.T) {
	l := New(Options{RequestsPerSecond: 1, Burst: 2, MaxClients: 10})
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := l.Wrap(ok, func(path string) bool { return strings.HasPrefix(path, "/api/v1/") })
	for i := 0; i < 2; i++ {
		if w := serve(h, "/api/v1/statusPages", "192.0.2.7:4000"); w.Code != http.StatusNoContent {
			t.Fatalf("request %d: %d, want admitted", i+1, w.Code)
		}
	}
	w := serve(h, "/api/v1/statusPages", "192.0.2.7:4001") // same address, another port
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" {
		t.Fatalf("over the limit: %d, Retry-After %q; want 429 and 1", w.Code, w.Header().Get("Retry-After"))
	}
	want := `{"error":"rate limit exceeded for 192.0.2.7: at most 1 requests per second (bursts of 2); retry in 1 s"}`
	if w.Body.String() != want || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("body %s (%s), want %s", w.Body.String(), w.Header().Get("Content-Type"), want)
	}
	if w := serve(h, "/healthz", "192.0.2.7:4002"); w.Code != http.StatusNoContent {
		t.Fatalf("a path the rule does not limit was refused: %d", w.Code)
	}
	if w := serve(h, "/api/v1/statusPages", "[2001:db8::1]:4000"); w.Code != http.StatusNoContent {
		t.Fatalf("another client was refused: %d", w.Code)
	}
}

func TestZeroRateLimitsNothing(t *testing.T) {
	calls := 0
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ })
	h := New(Options{RequestsPerSecond: 0, Burst: 1, MaxClients: 1}).Wrap(next, func(string) bool { return true })
	for i := 0; i < 100; i++ {
		serve(h, "/api/v1/statusPages", "192.0.2.1:1")
	}
	if calls != 100 {
		t.Fatalf("%d of 100 requests admitted with --rate_limit_rps=0", calls)
	}
}
