package mcp

// JSON-RPC 2.0 as MCP uses it: requests (with an id), notifications (without) and the
// client's own responses, each answered by at most one response object.

import (
	"bytes"
	"encoding/json"
)

// JSON-RPC's error codes (and MCP's use of -32602 for an unknown tool).
const (
	codeParseError     = -32700
	codeInvalidRequest = -32600
	codeMethodNotFound = -32601
	codeInvalidParams  = -32602
	codeInternalError  = -32603
	// MCP's "resource not found".
	codeResourceNotFound = -32002
)

// message is any JSON-RPC object a client may send.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	// Set when the client answers a server request (this server sends none).
	Result json.RawMessage `json:"result,omitempty"`
	Error  json.RawMessage `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return e.Message }

type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  interface{}     `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

var nullID = json.RawMessage("null")

func errorResponse(id json.RawMessage, code int, text string) response {
	if id == nil {
		id = nullID
	}
	return response{JSONRPC: "2.0", ID: id, Error: &rpcError{Code: code, Message: text}}
}

// isRequest: a method and an id (a notification has no id).
func (m *message) isRequest() bool { return m.Method != "" && m.ID != nil }

// isNotification: a method without an id.
func (m *message) isNotification() bool { return m.Method != "" && m.ID == nil }

// isClientResponse: the client answering a request of ours.
func (m *message) isClientResponse() bool {
	return m.Method == "" && m.ID != nil && (m.Result != nil || m.Error != nil)
}

// validate is JSON-RPC's Invalid Request rule: version "2.0", and an id that is a string
// or a number (MCP forbids null ids).
func (m *message) validate() *rpcError {
	if m.JSONRPC != "2.0" {
		return &rpcError{codeInvalidRequest, `jsonrpc must be "2.0"`}
	}
	if !m.isRequest() && !m.isNotification() && !m.isClientResponse() {
		return &rpcError{codeInvalidRequest, "not a JSON-RPC request, notification or response"}
	}
	if m.ID != nil {
		first := bytes.TrimSpace(m.ID)
		if len(first) == 0 || !(first[0] == '"' || first[0] == '-' || (first[0] >= '0' && first[0] <= '9')) {
			return &rpcError{codeInvalidRequest, "id must be a string or a number"}
		}
	}
	return nil
}
