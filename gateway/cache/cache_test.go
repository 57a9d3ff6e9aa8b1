package cache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeServer stands for the handler chain in front of the server: it counts its calls,
// answers a body that says which call it was, and names the page the way the server does
// (pages maps a request's statusPageUrl to the server's URL of it).
type fakeServer struct {
	calls  atomic.Int32
	pages  map[string]string
	status int           // 0: 200
	gate   chan struct{} // when set, each call waits for it
}

func (s *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.calls.Add(1)
	if s.gate != nil {
		<-s.gate
	}
	if page, ok := s.pages[r.URL.Query().Get("statusPageUrl")]; ok {
		SetAnswerPage(r.Context(), page)
	}
	w.Header().Set("Content-Type", "application/json")
	if s.status != 0 {
		w.WriteHeader(s.status)
	}
	io.WriteString(w, `{"call":`+strconv.Itoa(int(n))+`}`)
}

func keyingForTest(path string) Keying {
	switch path {
	case "/api/v1/currentStatus", "/api/v1/statusPages", "/api/v1/statusPage":
		return ByQuery
	case "/api/v1/feed.atom":
		return ByHostAndQuery
	}
	return NotCached
}

func newTestCache(t *testing.T, maxAge time.Duration) (*Cache, *fakeServer, http.Handler) {
	t.Helper()
	server := &fakeServer{pages: map[string]string{
		"HTTPS://A.example/": "https://a.example",
		"https://a.example":  "https://a.example",
		"https://b.example":  "https://b.example",
	}}
	c := New(Options{MaxAge: maxAge, MaxEntries: 100, MaxBytes: 1 << 20, ClientMaxAge: time.Second, FillTimeout: time.Second}, keyingForTest, nil)
	return c, server, c.Handler(server, server)
}

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAnswersAreServedFromTheCacheUntilTheirPageChanges(t *testing.T) {
	c, server, h := newTestCache(t, time.Minute)
	const a = "/api/v1/currentStatus?statusPageUrl=HTTPS://A.example/"
	first := get(t, h, a)
	if first.Code != http.StatusOK || first.Body.String() != `{"call":1}` {
		t.Fatalf("first answer: %d %q", first.Code, first.Body.String())
	}
	if again := get(t, h, a); again.Body.String() != `{"call":1}` || server.calls.Load() != 1 {
		t.Fatalf("second answer %q after %d calls: want the cached one", again.Body.String(), server.calls.Load())
	}

	c.pageChangedNow("https://b.example") // another page
	if get(t, h, a); server.calls.Load() != 1 {
		t.Fatalf("a change of another page dropped the answer")
	}
	// The change log names the page as the server does; the client spelled it otherwise.
	c.pageChangedNow("https://a.example")
	if again := get(t, h, a); again.Body.String() != `{"call":2}` {
		t.Fatalf("after the page changed: %q, want a new answer", again.Body.String())
	}
}

func TestAnswersAboutAllPagesAreDroppedByAnyChange(t *testing.T) {
	c, server, h := newTestCache(t, time.Minute)
	for _, target := range []string{"/api/v1/statusPages", "/api/v1/statusPage?statusPageName=a"} {
		get(t, h, target)
		before := server.calls.Load()
		if get(t, h, target); server.calls.Load() != before {
			t.Fatalf("%s: not cached", target)
		}
		c.pageChangedNow("https://b.example")
		if get(t, h, target); server.calls.Load() != before+1 {
			t.Fatalf("%s: kept after a page changed; the server named no page, so it is about all pages", target)
		}
	}
}

func TestAnEntryIsServedForAtMostMaxAge(t *testing.T) {
	c, server, h := newTestCache(t, time.Minute)
	const a = "/api/v1/currentStatus?statusPageUrl=https://a.example"
	get(t, h, a)
	get(t, h, a)
	if server.calls.Load() != 1 {
		t.Fatalf("%d calls within the age bound, want 1", server.calls.Load())
	}
	// The entry comes of age (changing its clock, not waiting: a busy machine must not
	// make this test fail).
	c.mu.Lock()
	for _, answer := range c.entries {
		answer.stored = answer.stored.Add(-time.Minute)
	}
	c.mu.Unlock()
	if got := get(t, h, a).Body.String(); got != `{"call":2}` {
		t.Fatalf("after the age bound: %q, want a new answer", got)
	}
}

func TestETagsAnswerNotModified(t *testing.T) {
	_, _, h := newTestCache(t, time.Minute)
	const a = "/api/v1/currentStatus?statusPageUrl=https://a.example"
	plain := get(t, h, a)
	tag := plain.Header().Get("ETag")
	if !strings.HasPrefix(tag, `"`) || plain.Header().Get("Cache-Control") != "public, max-age=1" || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers %v: want a strong ETag, Cache-Control public, max-age=1 and Vary", plain.Header())
	}
	zipped := get(t, h, a, "Accept-Encoding", "gzip")
	gzipTag := zipped.Header().Get("ETag")
	if zipped.Header().Get("Content-Encoding") != "gzip" || gzipTag != strings.TrimSuffix(tag, `"`)+`-gzip"` {
		t.Fatalf("gzip answer: encoding %q, tag %q (plain %q)", zipped.Header().Get("Content-Encoding"), gzipTag, tag)
	}
	unzipped, err := gzip.NewReader(bytes.NewReader(zipped.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(unzipped); string(body) != plain.Body.String() {
		t.Fatalf("gzip body %q, plain %q", body, plain.Body.String())
	}
	// Either tag, weak or in a list, revalidates either encoding.
	for _, inm := range []string{tag, gzipTag, `"other", W/` + tag, "*"} {
		for _, encoding := range []string{"", "gzip"} {
			w := get(t, h, a, "If-None-Match", inm, "Accept-Encoding", encoding)
			if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
				t.Errorf("If-None-Match %s, Accept-Encoding %q: %d with %d bytes, want 304 without a body", inm, encoding, w.Code, w.Body.Len())
			}
		}
	}
	if w := get(t, h, a, "If-None-Match", `"other"`); w.Code != http.StatusOK {
		t.Errorf("a tag that does not match: %d, want 200", w.Code)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	_, server, h := newTestCache(t, time.Minute)
	server.status = http.StatusServiceUnavailable
	const a = "/api/v1/currentStatus?statusPageUrl=https://a.example"
	if w := get(t, h, a); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want the server's 503", w.Code)
	}
	get(t, h, a)
	if server.calls.Load() != 2 {
		t.Fatalf("%d calls for two requests: an error was reused", server.calls.Load())
	}
}

func TestAChangeDuringAFillIsNotStored(t *testing.T) {
	c, server, h := newTestCache(t, time.Minute)
	server.gate = make(chan struct{})
	const a = "/api/v1/currentStatus?statusPageUrl=https://a.example"
	done := make(chan string)
	go func() { done <- get(t, h, a).Body.String() }()
	for server.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.pageChangedNow("https://a.example") // while the server is answering
	server.gate <- struct{}{}
	if got := <-done; got != `{"call":1}` {
		t.Fatalf("the asking client got %q", got)
	}
	close(server.gate)
	if got := get(t, h, a).Body.String(); got != `{"call":2}` {
		t.Fatalf("next answer %q: an answer read before the change was kept", got)
	}
}

func TestConcurrentMissesMakeOneCall(t *testing.T) {
	_, server, h := newTestCache(t, time.Minute)
	server.gate = make(chan struct{})
	const a = "/api/v1/currentStatus?statusPageUrl=https://a.example"
	var wg sync.WaitGroup
	bodies := make([]string, 5)
	for i := range bodies {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			bodies[i] = get(t, h, a).Body.String()
		}(i)
	}
	time.Sleep(50 * time.Millisecond) // the others queue behind the first
	close(server.gate)
	wg.Wait()
	if server.calls.Load() != 1 {
		t.Fatalf("%d calls for 5 concurrent misses, want 1", server.calls.Load())
	}
	for _, body := range bodies {
		if body != `{"call":1}` {
			t.Fatalf("answers %q: want the one call's answer for all", bodies)
		}
	}
}

func TestKeying(t *testing.T) {
	_, server, h := newTestCache(t, time.Minute)
	// Not cached: every request is a call.
	get(t, h, "/api/v1/openapi.json")
	get(t, h, "/api/v1/openapi.json")
	if server.calls.Load() != 2 {
		t.Fatalf("an uncached route was cached")
	}
	// The query's order does not matter; the host does only for ByHostAndQuery.
	get(t, h, "http://one.example/api/v1/statusPages?a=1&b=2")
	get(t, h, "http://two.example/api/v1/statusPages?b=2&a=1")
	if server.calls.Load() != 3 {
		t.Fatalf("%d calls: the same query in another order or host was not shared", server.calls.Load())
	}
	get(t, h, "http://one.example/api/v1/feed.atom")
	get(t, h, "http://two.example/api/v1/feed.atom")
	get(t, h, "http://two.example/api/v1/feed.atom")
	if server.calls.Load() != 5 {
		t.Fatalf("%d calls: the feed of two hosts shared an answer, or one host's was not cached", server.calls.Load())
	}
}

func TestDropAllForgetsEverything(t *testing.T) {
	c, server, h := newTestCache(t, time.Minute)
	get(t, h, "/api/v1/currentStatus?statusPageUrl=https://a.example")
	get(t, h, "/api/v1/statusPages")
	c.dropAll()
	get(t, h, "/api/v1/currentStatus?statusPageUrl=https://a.example")
	get(t, h, "/api/v1/statusPages")
	if server.calls.Load() != 4 {
		t.Fatalf("%d calls, want 4: dropAll kept answers", server.calls.Load())
	}
}

func TestEntriesAreBoundedByCount(t *testing.T) {
	c, server, h := newTestCache(t, time.Minute)
	c.options.MaxEntries = 2
	for _, page := range []string{"1", "2", "3", "1"} {
		get(t, h, "/api/v1/statusPage?statusPageName="+page)
	}
	if server.calls.Load() != 4 {
		t.Fatalf("%d calls: the least recently used answer was not evicted", server.calls.Load())
	}
	if len(c.entries) != 2 {
		t.Fatalf("%d entries, want at most 2", len(c.entries))
	}
}

func TestOffCachesNothing(t *testing.T) {
	server := &fakeServer{}
	var c *Cache // --cache_max_age=0
	h := c.Handler(server, server)
	get(t, h, "/api/v1/statusPages")
	get(t, h, "/api/v1/statusPages")
	if server.calls.Load() != 2 {
		t.Fatalf("a nil cache cached")
	}
}
