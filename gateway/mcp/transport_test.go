package mcp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// post sends one body to the endpoint as an MCP client does; session "" sends no header.
func post(t *testing.T, h http.Handler, session, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(body))
	r.RemoteAddr = "192.0.2.7:4711"
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json, text/event-stream")
	if session != "" {
		r.Header.Set(sessionHeader, session)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func initialize(t *testing.T, h http.Handler, version string) (string, map[string]interface{}) {
	t.Helper()
	w := post(t, h, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+version+`","capabilities":{},"clientInfo":{"name":"test","version":"0"}}}`)
	if w.Code != http.StatusOK {
		t.Fatalf("initialize: HTTP %d %s", w.Code, w.Body)
	}
	var answer struct {
		Result map[string]interface{} `json:"result"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	return w.Header().Get(sessionHeader), answer.Result
}

// rpcErrorOf is the JSON-RPC error of an answer (code 0 when there is none).
func rpcErrorOf(t *testing.T, w *httptest.ResponseRecorder) rpcError {
	t.Helper()
	var answer struct {
		Error *rpcError `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
		t.Fatalf("not JSON: %v: %s", err, w.Body)
	}
	if answer.Error == nil {
		return rpcError{}
	}
	return *answer.Error
}

func TestInitializeAgreesOnARevisionAndStartsASession(t *testing.T) {
	s := New(&fakeBackend{}, Options{})
	for asked, agreed := range map[string]string{
		"2025-06-18": "2025-06-18",
		"2025-11-25": "2025-11-25",
		"2025-03-26": "2025-03-26",
		"2099-01-01": "2025-11-25", // unknown: the newest we speak, the client decides
	} {
		session, result := initialize(t, s, asked)
		if result["protocolVersion"] != agreed {
			t.Errorf("asked %s: agreed on %v, want %s", asked, result["protocolVersion"], agreed)
		}
		if parts := strings.Split(session, "."); len(parts) != 3 || len(parts[0]) != 32 || parts[1] != agreed ||
			strings.Trim(session, "0123456789abcdef.-") != "" {
			t.Errorf("session id %q: want <32 hex>.<revision>.<signature>", session)
		}
		if tools, _ := result["capabilities"].(map[string]interface{})["tools"]; tools == nil {
			t.Errorf("capabilities without tools: %v", result["capabilities"])
		}
	}
	if w := post(t, s, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`); rpcErrorOf(t, w).Code != codeInvalidParams {
		t.Errorf("initialize without protocolVersion: %s", w.Body)
	}
}

func TestRequestsAfterInitializeNeedALiveSession(t *testing.T) {
	s := New(&fakeBackend{}, Options{})
	session, _ := initialize(t, s, "2025-06-18")
	ping := `{"jsonrpc":"2.0","id":7,"method":"ping"}`
	if w := post(t, s, "", ping); w.Code != http.StatusBadRequest {
		t.Errorf("without a session: HTTP %d, want 400", w.Code)
	}
	if w := post(t, s, "00000000000000000000000000000000", ping); w.Code != http.StatusNotFound {
		t.Errorf("an unknown session: HTTP %d, want 404", w.Code)
	}
	w := post(t, s, session, ping)
	if w.Code != http.StatusOK || w.Body.String() != `{"jsonrpc":"2.0","id":7,"result":{}}` {
		t.Errorf("ping: HTTP %d %s", w.Code, w.Body)
	}

	del := httptest.NewRequest(http.MethodDelete, "/mcp", nil)
	del.Header.Set(sessionHeader, session)
	dw := httptest.NewRecorder()
	s.ServeHTTP(dw, del)
	if dw.Code != http.StatusNoContent {
		t.Errorf("DELETE: HTTP %d", dw.Code)
	}
	if w := post(t, s, session, ping); w.Code != http.StatusNotFound {
		t.Errorf("after DELETE: HTTP %d, want 404 (the client initializes again)", w.Code)
	}
}

func TestSessionIdsAreSignedSoThatReplicasShareThem(t *testing.T) {
	key := SessionKey("the-gateway-token-0123456789")
	one, other := New(&fakeBackend{}, Options{SessionKey: key}), New(&fakeBackend{}, Options{SessionKey: key})
	stranger := New(&fakeBackend{}, Options{SessionKey: SessionKey("another-token-0123456789")})
	session, _ := initialize(t, one, "2025-06-18")
	ping := `{"jsonrpc":"2.0","id":1,"method":"ping"}`
	if w := post(t, other, session, ping); w.Code != http.StatusOK {
		t.Errorf("a replica with the same key: HTTP %d %s", w.Code, w.Body)
	}
	if w := post(t, stranger, session, ping); w.Code != http.StatusNotFound {
		t.Errorf("a gateway with another key: HTTP %d, want 404", w.Code)
	}
	// The revision is signed: a client cannot switch it (e.g. to get batches).
	forged := strings.Replace(session, ".2025-06-18.", ".2025-03-26.", 1)
	if w := post(t, one, forged, ping); w.Code != http.StatusNotFound {
		t.Errorf("an id with its revision changed: HTTP %d, want 404", w.Code)
	}
	if New(&fakeBackend{}, Options{}).sessions.sign("x", "y") == New(&fakeBackend{}, Options{}).sessions.sign("x", "y") {
		t.Error("without a shared secret, two gateways sign alike")
	}
}

func TestEndedSessionsAreRememberedBounded(t *testing.T) {
	store := newSessions(SessionKey("k-0123456789abcdef"), 8)
	var last string
	for i := 0; i < 100; i++ {
		last = store.start("2025-06-18")
		if !store.end(last) {
			t.Fatal("a live session could not be ended")
		}
	}
	if n := store.endedCount(); n > 8 {
		t.Errorf("%d ended sessions remembered, at most 8", n)
	}
	if _, ok := store.find(last); ok {
		t.Error("the session ended last is still found")
	}
	if store.end(last) {
		t.Error("a session ended twice")
	}
}

func TestProtocolVersionHeaderMustBeTheSessionsRevision(t *testing.T) {
	s := New(&fakeBackend{}, Options{})
	session, _ := initialize(t, s, "2025-06-18")
	ping := `{"jsonrpc":"2.0","id":1,"method":"ping"}`
	for header, want := range map[string]int{"2025-06-18": 200, "1.0": 400, "2025-03-26": 400} {
		if w := post(t, s, session, ping, versionHeader, header); w.Code != want {
			t.Errorf("MCP-Protocol-Version %s: HTTP %d, want %d (%s)", header, w.Code, want, w.Body)
		}
	}
}

func TestOriginGuardAgainstDNSRebinding(t *testing.T) {
	options := Options{}
	options.AllowedOrigins = []string{"https://ops.example.com"}
	s := New(&fakeBackend{}, options)
	for origin, allowed := range map[string]bool{
		"":                          true, // not a browser
		"http://localhost:6274":     true,
		"http://127.0.0.1:3000":     true,
		"http://[::1]:8080":         true,
		"https://ops.example.com":   true,
		"http://evil.example":       false, // a page whose name was rebound to 127.0.0.1
		"http://localhost.evil.com": false,
		"null":                      false,
		"file://":                   false,
	} {
		w := post(t, s, "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}`, "Origin", origin)
		if got := w.Code != http.StatusForbidden; got != allowed {
			t.Errorf("Origin %q: HTTP %d, allowed %v", origin, w.Code, allowed)
		}
	}
}

func TestTransportRefusals(t *testing.T) {
	options := Options{}
	options.MaxBodyBytes = 1024
	s := New(&fakeBackend{}, options)
	session, _ := initialize(t, s, "2025-06-18")

	get := httptest.NewRecorder()
	s.ServeHTTP(get, httptest.NewRequest(http.MethodGet, "/mcp", nil))
	if get.Code != http.StatusMethodNotAllowed || get.Header().Get("Allow") != "POST, DELETE" {
		t.Errorf("GET: HTTP %d Allow %q", get.Code, get.Header().Get("Allow"))
	}
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 2048) + `"}}`
	if w := post(t, s, session, big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the bound: HTTP %d", w.Code)
	}
	if w := post(t, s, session, `{"jsonrpc":`); w.Code != http.StatusBadRequest || rpcErrorOf(t, w).Code != codeParseError {
		t.Errorf("broken JSON: HTTP %d %s", w.Code, w.Body)
	}
	if w := post(t, s, session, `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "Content-Type", "text/plain"); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: HTTP %d", w.Code)
	}
	if w := post(t, s, session, `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "Accept", "text/event-stream"); w.Code != http.StatusNotAcceptable {
		t.Errorf("Accept without JSON: HTTP %d", w.Code)
	}
	for body, code := range map[string]int{
		`{"jsonrpc":"1.0","id":1,"method":"ping"}`:                                 codeInvalidRequest,
		`{"jsonrpc":"2.0","id":null,"method":"ping"}`:                              codeInvalidRequest,
		`{"jsonrpc":"2.0","id":{},"method":"ping"}`:                                codeInvalidRequest,
		`{"jsonrpc":"2.0","id":1,"method":"resources/subscribe"}`:                  codeMethodNotFound,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}`:               codeInvalidParams,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rm_rf"}}`: codeInvalidParams,
	} {
		w := post(t, s, session, body)
		if got := rpcErrorOf(t, w).Code; got != code {
			t.Errorf("%s: error code %d, want %d", body, got, code)
		}
		// A message that is not a valid request is refused at the HTTP level as well.
		if wantHTTP := map[bool]int{true: 400, false: 200}[code == codeInvalidRequest]; w.Code != wantHTTP {
			t.Errorf("%s: HTTP %d, want %d", body, w.Code, wantHTTP)
		}
	}
	for _, body := range []string{
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}`,
		`{"jsonrpc":"2.0","id":99,"result":{}}`,
	} {
		if w := post(t, s, session, body); w.Code != http.StatusAccepted || w.Body.Len() != 0 {
			t.Errorf("%s: HTTP %d %q, want 202 without a body", body, w.Code, w.Body)
		}
	}
}

func TestBatchesOnlyInTheRevisionThatHasThem(t *testing.T) {
	s := New(&fakeBackend{}, Options{})
	batch := `[{"jsonrpc":"2.0","id":"a","method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"b","method":"nope"}]`

	newer, _ := initialize(t, s, "2025-06-18")
	if w := post(t, s, newer, batch); w.Code != http.StatusBadRequest || rpcErrorOf(t, w).Code != codeInvalidRequest {
		t.Errorf("a batch in 2025-06-18: HTTP %d %s", w.Code, w.Body)
	}

	older, _ := initialize(t, s, "2025-03-26")
	w := post(t, s, older, batch)
	var answers []response
	if err := json.Unmarshal(w.Body.Bytes(), &answers); err != nil || w.Code != http.StatusOK {
		t.Fatalf("a batch in 2025-03-26: HTTP %d %s", w.Code, w.Body)
	}
	if len(answers) != 2 || string(answers[0].ID) != `"a"` || answers[0].Error != nil ||
		string(answers[1].ID) != `"b"` || answers[1].Error == nil || answers[1].Error.Code != codeMethodNotFound {
		t.Errorf("batch answers: %s", w.Body)
	}
	if w := post(t, s, older, `[{"jsonrpc":"2.0","method":"notifications/initialized"}]`); w.Code != http.StatusAccepted {
		t.Errorf("a batch of notifications: HTTP %d", w.Code)
	}
	if w := post(t, s, older, `[]`); w.Code != http.StatusBadRequest {
		t.Errorf("an empty batch: HTTP %d", w.Code)
	}
	initInBatch := `[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}]`
	if w := post(t, s, older, initInBatch); !strings.Contains(w.Body.String(), `"code":-32600`) {
		t.Errorf("initialize inside a batch: %s", w.Body)
	}
}
