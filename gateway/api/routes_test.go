package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

	"statusphere/gateway/cache"
	"statusphere/gateway/metrics"
)

func testRoutes() []Route {
	// The table's handlers are not called here: a gateway without a backend will do.
	return (&gateway{metrics: metrics.New(func() bool { return false })}).table()
}

func TestRoutesHaveOnePathAndOneLabelEach(t *testing.T) {
	paths, labels := map[string]bool{}, map[string]bool{}
	for _, route := range testRoutes() {
		if paths[route.Path] || route.Label == "" || route.Label == "other" || labels[route.Label] {
			t.Errorf("route %s: a path or label that is empty, \"other\" or given twice (label %q)", route.Path, route.Label)
		}
		paths[route.Path], labels[route.Label] = true, true
	}
}

// The gateway as it runs, without a backend (every call is refused at once).
func newTestGateway(t *testing.T) http.Handler {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	conn, err := grpc.Dial("127.0.0.1:1", grpc.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	doc, err := OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(ctx, conn, metrics.New(func() bool { return false }), Options{
		RequestTimeout: 2 * time.Second, WatchBuffer: 4, OpenAPI: doc,
		Cache: cache.Options{MaxAge: time.Second, MaxEntries: 10, MaxBytes: 1 << 20, FillTimeout: 2 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestEveryRouteIsCountedUnderItsLabel(t *testing.T) {
	h := newTestGateway(t)
	for _, route := range testRoutes() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, route.Path, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/noSuchRoute", nil))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	text := w.Body.String()
	for _, route := range append(testRoutes(), Route{Path: "/api/v1/noSuchRoute", Label: "other"}) {
		counted := regexp.MustCompile(`(?m)^statusphere_gateway_http_requests_total\{code="\d+",method="GET",route="` + regexp.QuoteMeta(route.Label) + `"\} 1$`)
		if !counted.MatchString(text) {
			t.Errorf("a GET of %s is not counted once under route=%q", route.Path, route.Label)
		}
	}
}

// gateway/README.md says which answers are cached; the table is what the gateway does.
func TestCachedRoutesAreThoseTheREADMEDocuments(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	sentence := regexp.MustCompile("(?s)\n\n(`currentStatus`[^\n]*(?:\n[^\n]+)*?) answers are cached").FindSubmatch(readme)
	if sentence == nil {
		t.Fatalf("README.md has no \"... answers are cached\" paragraph listing the routes")
	}
	var documented []string
	for _, name := range regexp.MustCompile("`([^`]+)`").FindAllSubmatch(sentence[1], -1) {
		path := string(name[1])
		if !strings.HasPrefix(path, "/") { // a path outside /api/v1/ is written whole
			path = apiPrefix + path
		}
		documented = append(documented, path)
	}
	var cached []string
	for _, route := range testRoutes() {
		if route.Cache != cache.NotCached {
			cached = append(cached, route.Path)
		}
	}
	sort.Strings(documented)
	sort.Strings(cached)
	if strings.Join(documented, " ") != strings.Join(cached, " ") {
		t.Fatalf("README.md documents as cached:\n  %v\nthe route table caches:\n  %v", documented, cached)
	}
}

// Every path annotated in the protos (the OpenAPI document lists them) has a line in the
// table, or it would be served without a label and without the cache.
func TestEveryAnnotatedPathIsARoute(t *testing.T) {
	var doc struct{ Paths map[string]json.RawMessage }
	if err := json.Unmarshal(generatedOpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	table := newRouteTable(testRoutes())
	if len(doc.Paths) == 0 {
		t.Fatalf("the OpenAPI document lists no paths")
	}
	for path := range doc.Paths {
		if _, ok := table[path]; !ok {
			t.Errorf("%s is annotated in the protos but not in the route table", path)
		}
	}
}

func TestTheRateLimitCountsThePublicAPI(t *testing.T) {
	table := newRouteTable(testRoutes())
	for path, limited := range map[string]bool{
		"/api/v1/currentStatus": true, "/api/v1/watch": true, "/api/v1/feed.atom": true,
		"/api/v1/noSuchRoute":  true, // a client probing the API is still its client
		"/api/v1/openapi.json": false, "/healthz": false, "/metrics": false, "/": false, "/ui/app.js": false,
		"/api/v1/badge.svg": false, "/api/v1/shields": false, // bounded by the cache and their global budget
	} {
		if table.rateLimited(path) != limited {
			t.Errorf("%s: rate limited %v, want %v", path, !limited, limited)
		}
	}
}

func TestAWrongMethodIsAJSON405(t *testing.T) {
	h := newTestGateway(t)
	for _, path := range []string{"/api/v1/sitemap.xml", "/api/v1/currentStatus", "/api/v1/watch"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, path, nil))
		body, _ := io.ReadAll(w.Body)
		if w.Code != http.StatusMethodNotAllowed || string(body) != `{"error":"method POST not allowed: the API is read-only (GET)"}` {
			t.Errorf("POST %s: %d %s", path, w.Code, body)
		}
	}
}

// /mcp answers its own preflights (it grants trusted origins POST and DELETE); every
// other path keeps the public read-only CORS of the API.
func TestMCPAnswersItsOwnPreflightAndTheAPIKeepsItsCORS(t *testing.T) {
	h := newTestGateway(t)
	preflight := func(path, origin string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodOptions, path, nil)
		r.Header.Set("Origin", origin)
		r.Header.Set("Access-Control-Request-Method", "POST")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := preflight("/mcp", "http://localhost:6274")
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "http://localhost:6274" ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("OPTIONS /mcp from a loopback origin: %d %v", w.Code, w.Header())
	}
	if w := preflight("/mcp", "http://evil.example"); w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("OPTIONS /mcp from an untrusted origin: %d %v", w.Code, w.Header())
	}
	w = preflight("/api/v1/currentStatus", "http://evil.example")
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" ||
		w.Header().Get("Access-Control-Allow-Methods") != "GET, HEAD, OPTIONS" {
		t.Errorf("OPTIONS /api/v1/currentStatus: %d %v", w.Code, w.Header())
	}
}
