package mcp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func preflightRequest(s http.Handler, origin string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodOptions, "/mcp", nil)
	r.Header.Set("Origin", origin)
	r.Header.Set("Access-Control-Request-Method", "POST")
	r.Header.Set("Access-Control-Request-Headers", "content-type, mcp-session-id, mcp-protocol-version")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestABrowserOnATrustedOriginMayPostAndReadTheSession(t *testing.T) {
	const origin = "https://ops.example.com"
	s := New(&fakeBackend{}, Options{AllowedOrigins: []string{origin + "/"}})
	for _, trusted := range []string{origin, "http://localhost:6274"} {
		w := preflightRequest(s, trusted)
		h := w.Header()
		if w.Code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != trusted {
			t.Fatalf("preflight from %s: HTTP %d, Access-Control-Allow-Origin %q", trusted, w.Code, h.Get("Access-Control-Allow-Origin"))
		}
		methods := h.Get("Access-Control-Allow-Methods")
		for _, method := range []string{"POST", "DELETE"} {
			if !strings.Contains(methods, method) {
				t.Errorf("preflight from %s allows %q: no %s", trusted, methods, method)
			}
		}
		if got := h.Get("Access-Control-Allow-Headers"); got != "content-type, mcp-session-id, mcp-protocol-version" {
			t.Errorf("preflight from %s allows headers %q", trusted, got)
		}
		if h.Get("Vary") != "Origin" {
			t.Errorf("preflight from %s: Vary %q, want Origin (the grant names the origin)", trusted, h.Get("Vary"))
		}
	}

	// The initialize answer: granted to the origin, its session headers readable.
	w := post(t, s, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"0"}}}`, "Origin", origin)
	if w.Code != http.StatusOK || w.Header().Get(sessionHeader) == "" {
		t.Fatalf("initialize from %s: HTTP %d, session %q: %s", origin, w.Code, w.Header().Get(sessionHeader), w.Body)
	}
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != origin {
		t.Errorf("initialize answer grants %q, want %s", got, origin)
	}
	exposed := w.Header().Get("Access-Control-Expose-Headers")
	for _, header := range []string{"Mcp-Session-Id", "MCP-Protocol-Version"} {
		if !strings.Contains(exposed, header) {
			t.Errorf("Access-Control-Expose-Headers %q: no %s, so a browser client cannot read it", exposed, header)
		}
	}
}

func TestAnUntrustedOriginGetsNoGrant(t *testing.T) {
	s := New(&fakeBackend{}, Options{AllowedOrigins: []string{"https://ops.example.com"}})
	for _, origin := range []string{"http://evil.example", "https://ops.example.com.evil.example", "null"} {
		w := preflightRequest(s, origin)
		if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight from %s: HTTP %d, Access-Control-Allow-Origin %q; want 403 and no grant", origin, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
		w = post(t, s, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}`, "Origin", origin)
		if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" || w.Header().Get(sessionHeader) != "" {
			t.Errorf("POST from %s: HTTP %d, grant %q, session %q", origin, w.Code, w.Header().Get("Access-Control-Allow-Origin"), w.Header().Get(sessionHeader))
		}
	}
	// Clients outside browsers send no Origin: served, and no CORS headers are needed.
	w := post(t, s, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}`)
	if w.Code != http.StatusOK || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("POST without Origin: HTTP %d, grant %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
}
