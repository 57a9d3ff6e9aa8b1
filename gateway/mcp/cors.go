package mcp

// CORS of /mcp, for assistants that run in a browser on another origin. The rest of the
// gateway lets any origin read it (middleware.CORS); /mcp answers its own preflights
// instead, because it takes POST and DELETE with the session headers and must grant them
// only to origins it trusts: the spec's Streamable HTTP transport asks servers to validate
// Origin (against DNS rebinding), and a browser client must read Mcp-Session-Id from the
// initialize answer to go on, which it can only when the header is exposed.

import (
	"net/http"
	"strings"
)

const (
	// GET too, though it is answered 405: a client probing for the server's stream must
	// get that answer, not a CORS failure it cannot tell from a network error.
	corsMethods = "POST, GET, DELETE, OPTIONS"
	// What a client sends when the preflight does not list its headers.
	corsHeaders = "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID"
	// What a browser client must read from answers.
	corsExposed = sessionHeader + ", " + versionHeader
)

// allowOrigin grants a trusted origin (originAllowed said so) the answer and its session
// headers. A request without an Origin is no cross-origin browser request: nothing to grant.
func allowOrigin(w http.ResponseWriter, origin string) {
	if origin == "" {
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin") // the grant names the origin: caches must not share it
	h.Set("Access-Control-Expose-Headers", corsExposed)
}

// preflight answers OPTIONS from a trusted origin: the methods /mcp takes and the headers
// the client asked for (the session headers among them), remembered for a day.
func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", corsMethods)
	headers := corsHeaders
	if requested := strings.TrimSpace(r.Header.Get("Access-Control-Request-Headers")); requested != "" {
		headers = requested
	}
	h.Set("Access-Control-Allow-Headers", headers)
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "POST, DELETE, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
