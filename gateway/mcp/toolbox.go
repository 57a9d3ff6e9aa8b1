package mcp

// The toolbox: each tool's name, description and input schema, and the rules every call
// follows: arguments decoded strictly, answers as structuredContent plus the same JSON as
// text, and failures as tool errors (isError) with the REST API's wording.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"statusphere/gateway/httperror"
	statusphere "statusphere/v1"
)

type tool struct {
	Name        string                 `json:"name"`
	Title       string                 `json:"title"`
	Description string                 `json:"description"`
	InputSchema map[string]interface{} `json:"inputSchema"`
	// Set for the answers of statusphere's own shapes (output_schemas.go).
	OutputSchema map[string]interface{} `json:"outputSchema,omitempty"`
	Annotations  map[string]interface{} `json:"annotations"`
	run          func(ctx context.Context, arguments json.RawMessage) (interface{}, error)
}

type toolbox struct {
	backend backend
	tools   []tool
	byName  map[string]*tool
}

func newToolbox(client statusphere.StatusPageServiceClient) toolbox {
	b := backend{client}
	tools := []tool{
		searchVendorsTool(b),
		getStatusTool(b),
		checkStackTool(b),
		listActiveIncidentsTool(b),
		getIncidentTool(b),
		getUptimeTool(b),
	}
	box := toolbox{backend: b, tools: tools, byName: map[string]*tool{}}
	for i := range box.tools {
		t := &box.tools[i]
		// Every tool only reads what statusphere stored: calling one twice is harmless.
		t.Annotations = map[string]interface{}{
			"title": t.Title, "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false,
		}
		box.byName[t.Name] = t
	}
	return box
}

func (b toolbox) list() []tool { return b.tools }

// call runs a tool. An unknown tool is a protocol error (-32602, as the spec's example);
// everything the tool itself refuses or fails at is a result with isError.
func (b toolbox) call(ctx context.Context, name string, arguments json.RawMessage) (interface{}, *rpcError) {
	t, ok := b.byName[name]
	if !ok {
		names := make([]string, 0, len(b.byName))
		for n := range b.byName {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, &rpcError{codeInvalidParams, "unknown tool: " + name + " (tools: " + strings.Join(names, ", ") + ")"}
	}
	answer, err := t.run(ctx, arguments)
	if err != nil {
		return toolError(errorMessage(err)), nil
	}
	text, err := json.MarshalIndent(answer, "", "  ")
	if err != nil {
		return toolError("the answer could not be encoded: " + err.Error()), nil
	}
	return map[string]interface{}{
		"content":           []interface{}{map[string]interface{}{"type": "text", "text": string(text)}},
		"structuredContent": answer,
		"isError":           false,
	}, nil
}

func toolError(text string) map[string]interface{} {
	return map[string]interface{}{
		"content": []interface{}{map[string]interface{}{"type": "text", "text": text}},
		"isError": true,
	}
}

// errorMessage words a failure as REST does: the server's message for its refusals
// (INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED), the gateway's for an unreachable server.
func errorMessage(err error) string {
	s, ok := status.FromError(err)
	if !ok {
		return err.Error()
	}
	switch s.Code() {
	case codes.Unavailable:
		return httperror.UnavailableMessage
	case codes.DeadlineExceeded:
		return "the statusphere backend did not answer in time"
	}
	return s.Message()
}

// argumentError is a tool's refusal of its arguments.
func argumentError(format string, args ...interface{}) error {
	return status.Errorf(codes.InvalidArgument, format, args...)
}

// decodeArguments reads a call's arguments into dst strictly: an unknown argument or one
// of the wrong type is refused by name, so that a model can correct its call.
func decodeArguments(arguments json.RawMessage, dst interface{}) error {
	trimmed := bytes.TrimSpace(arguments)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		trimmed = []byte("{}")
	}
	if trimmed[0] != '{' {
		return argumentError("arguments must be a JSON object")
	}
	decoder := json.NewDecoder(bytes.NewReader(trimmed))
	decoder.DisallowUnknownFields()
	err := decoder.Decode(dst)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		return argumentError("argument %s must be %s, not %s", typeErr.Field, jsonTypeName(typeErr.Type.String()), typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return argumentError("unknown argument %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	default:
		return argumentError("arguments: %v", err)
	}
}

func jsonTypeName(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "[]"):
		return "an array of " + strings.TrimPrefix(jsonTypeName(strings.TrimPrefix(goType, "[]")), "a ") + "s"
	case strings.HasPrefix(goType, "int"):
		return "an integer"
	}
	return fmt.Sprintf("a %s", goType)
}
