// Package mcp serves the Model Context Protocol at /mcp: the streamable HTTP transport
// (POST answered with application/json, no server-sent streams), JSON-RPC 2.0, and
// read-only tools over StatusPageService, so that an AI assistant can ask "is it us or
// them?" of the same data the REST API serves.
package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/grpc/metadata"

	"statusphere/gateway/ratelimit"
	statusphere "statusphere/v1"
)

// The revisions this server speaks, newest first. initialize agrees on the client's when
// it is one of them, else on the newest (the client then decides whether to go on).
var supportedVersions = []string{"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}

// Without an MCP-Protocol-Version header a server assumes this revision (spec 2025-06-18,
// "Protocol Version Header").
const defaultVersion = "2025-03-26"

// batchVersion is the one revision of streamable HTTP with JSON-RPC batches (2025-06-18
// removed them).
const batchVersion = "2025-03-26"

const (
	sessionHeader = "Mcp-Session-Id"
	versionHeader = "MCP-Protocol-Version"
)

// Options bound the endpoint.
type Options struct {
	// Origins allowed besides loopback ones (e.g. "https://dashboard.example.com",
	// --mcp_allowed_origins); a request without an Origin header (any non-browser client)
	// is always allowed. Allowed origins get CORS grants (cors.go), others 403.
	AllowedOrigins []string
	MaxBodyBytes   int64  // a larger POST body is refused with 413 (0: 1 MiB)
	MaxEnded       int    // ended sessions remembered at most (0: 10,000)
	SessionKey     []byte // signs session ids (SessionKey); nil: random per process
	ServerVersion  string // serverInfo.version
}

// withDefaults fills what is unset: a request is a few hundred bytes; 1 MiB leaves room
// for long vendor lists.
func (o Options) withDefaults() Options {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.MaxEnded <= 0 {
		o.MaxEnded = 10000
	}
	if o.ServerVersion == "" {
		o.ServerVersion = "1"
	}
	return o
}

// Server is the /mcp endpoint.
type Server struct {
	options  Options
	sessions *sessions
	tools    toolbox
}

// New serves the tools over client (the gateway's backend connection).
func New(client statusphere.StatusPageServiceClient, options Options) *Server {
	options = options.withDefaults()
	return &Server{
		options:  options,
		sessions: newSessions(options.SessionKey, options.MaxEnded),
		tools:    newToolbox(client),
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if !s.originAllowed(origin) {
		// No CORS grant either: a preflight from it fails, and so does every request.
		writeHTTPError(w, http.StatusForbidden, codeInvalidRequest, "origin "+origin+" is not allowed to use /mcp")
		return
	}
	allowOrigin(w, origin)
	switch r.Method {
	case http.MethodOptions:
		preflight(w, r)
	case http.MethodPost:
		s.post(w, r)
	case http.MethodDelete:
		s.delete(w, r)
	default:
		// GET would open a server-to-client stream: this server sends no requests or
		// notifications of its own, so it offers none (the spec's 405).
		w.Header().Set("Allow", "POST, DELETE")
		writeHTTPError(w, http.StatusMethodNotAllowed, codeInvalidRequest, "/mcp takes POST (JSON-RPC messages) and DELETE (end a session)")
	}
}

// originAllowed is the spec's DNS-rebinding guard: a page on another site whose name was
// rebound to this address sends its own Origin, which is neither loopback nor listed.
func (s *Server) originAllowed(origin string) bool {
	if origin == "" {
		return true
	}
	for _, allowed := range s.options.AllowedOrigins {
		if strings.EqualFold(strings.TrimSuffix(allowed, "/"), origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mediaType != "application/json" {
		writeHTTPError(w, http.StatusUnsupportedMediaType, codeInvalidRequest, "Content-Type must be application/json")
		return
	}
	if !acceptsJSON(r.Header.Values("Accept")) {
		writeHTTPError(w, http.StatusNotAcceptable, codeInvalidRequest, "Accept must include application/json (this server answers with JSON, never an event stream)")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.options.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeHTTPError(w, http.StatusRequestEntityTooLarge, codeInvalidRequest, "the request body is larger than "+formatBytes(s.options.MaxBodyBytes))
			return
		}
		writeHTTPError(w, http.StatusBadRequest, codeParseError, "the request body could not be read")
		return
	}
	body = bytes.TrimSpace(body)
	batch := len(body) > 0 && body[0] == '['
	var messages []json.RawMessage
	if batch {
		if err := json.Unmarshal(body, &messages); err != nil {
			writeHTTPError(w, http.StatusBadRequest, codeParseError, "the body is not JSON: "+err.Error())
			return
		}
		if len(messages) == 0 {
			writeHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "an empty batch")
			return
		}
	} else {
		if !json.Valid(body) {
			writeHTTPError(w, http.StatusBadRequest, codeParseError, "the body is not a JSON object")
			return
		}
		messages = []json.RawMessage{body}
	}

	if !batch {
		var m message
		if json.Unmarshal(body, &m) == nil && m.Method == "initialize" && m.isRequest() {
			s.initialize(w, &m)
			return
		}
	}
	version, ok := s.sessionVersion(w, r)
	if !ok {
		return
	}
	if batch && version != batchVersion {
		writeHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "JSON-RPC batches are not part of protocol revision "+version+" (only "+batchVersion+")")
		return
	}

	ctx := forwardedFor(r)
	var responses []response
	for _, raw := range messages {
		if answer, ok := s.handle(ctx, raw, batch); ok {
			responses = append(responses, answer)
		}
	}
	switch {
	case len(responses) == 0:
		// Only notifications or responses: accepted, nothing to say.
		w.WriteHeader(http.StatusAccepted)
	case batch:
		writeJSON(w, http.StatusOK, responses)
	case responses[0].Error != nil && (responses[0].Error.Code == codeInvalidRequest || responses[0].Error.Code == codeParseError):
		// A message the server cannot accept at all is an HTTP error too (spec, "Sending
		// Messages to the Server"); errors of valid requests are answers like any other.
		writeJSON(w, http.StatusBadRequest, responses[0])
	default:
		writeJSON(w, http.StatusOK, responses[0])
	}
}

// sessionVersion checks the session and protocol headers of a request after initialize,
// answering the error itself when they are wrong.
func (s *Server) sessionVersion(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.Header.Get(sessionHeader)
	if id == "" {
		writeHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "the Mcp-Session-Id header is required (initialize first)")
		return "", false
	}
	version, ok := s.sessions.find(id)
	if !ok {
		writeHTTPError(w, http.StatusNotFound, codeInvalidRequest, "session not found (it ended, or is not one of this server's): initialize again")
		return "", false
	}
	if header := r.Header.Get(versionHeader); header != "" {
		if !isSupported(header) {
			writeHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "unsupported MCP-Protocol-Version "+header+"; supported: "+strings.Join(supportedVersions, ", "))
			return "", false
		}
		if header != version {
			writeHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "MCP-Protocol-Version "+header+" is not the session's revision "+version)
			return "", false
		}
	}
	return version, true
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get(sessionHeader)
	if id == "" {
		writeHTTPError(w, http.StatusBadRequest, codeInvalidRequest, "the Mcp-Session-Id header is required")
		return
	}
	if !s.sessions.end(id) {
		writeHTTPError(w, http.StatusNotFound, codeInvalidRequest, "session not found (it ended, or is not one of this server's)")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handle answers one message of a POST; false when it needs no answer.
func (s *Server) handle(ctx context.Context, raw json.RawMessage, inBatch bool) (response, bool) {
	var m message
	if err := json.Unmarshal(raw, &m); err != nil {
		return errorResponse(nil, codeInvalidRequest, "not a JSON-RPC message: "+err.Error()), true
	}
	if err := m.validate(); err != nil {
		return errorResponse(m.ID, err.Code, err.Message), true
	}
	if !m.isRequest() {
		return response{}, false // notifications/initialized, cancelled, ...; client responses
	}
	if m.Method == "initialize" {
		return errorResponse(m.ID, codeInvalidRequest, "initialize must be sent alone, without an Mcp-Session-Id"), true
	}
	result, err := s.call(ctx, &m)
	if err != nil {
		return errorResponse(m.ID, err.Code, err.Message), true
	}
	return response{JSONRPC: "2.0", ID: m.ID, Result: result}, true
}

// forwardedFor names the HTTP client to the server, as grpc-gateway's handlers do, so that
// the server's own per-client limit sees the same client the gateway's limiter counted.
func forwardedFor(r *http.Request) context.Context {
	return metadata.AppendToOutgoingContext(r.Context(), "x-forwarded-for", ratelimit.ClientAddress(r))
}

func isSupported(version string) bool {
	for _, v := range supportedVersions {
		if v == version {
			return true
		}
	}
	return false
}

// acceptsJSON: no Accept header, or one naming application/json (or a wildcard for it).
func acceptsJSON(values []string) bool {
	if len(values) == 0 {
		return true
	}
	for _, value := range values {
		for _, part := range strings.Split(value, ",") {
			mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err == nil && (mediaType == "application/json" || mediaType == "application/*" || mediaType == "*/*") {
				return true
			}
		}
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	body, err := json.Marshal(v)
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, codeInternalError, "the answer could not be encoded: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// writeHTTPError is a transport-level refusal: the HTTP status, and a JSON-RPC error
// without an id as the body, which MCP clients show.
func writeHTTPError(w http.ResponseWriter, status, code int, text string) {
	body, _ := json.Marshal(errorResponse(nil, code, text))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func formatBytes(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
