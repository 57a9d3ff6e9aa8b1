package mcp

import (
	"encoding/json"
	"fmt"
	"testing"
)

// conforms checks a decoded JSON value against the parts of JSON Schema the output schemas
// use (type, enum, required, properties, items); "" when it conforms, else where not.
func conforms(value interface{}, s map[string]interface{}, at string) string {
	if types, ok := s["type"]; ok {
		var allowed []string
		switch t := types.(type) {
		case string:
			allowed = []string{t}
		case []string:
			allowed = t
		}
		var kind string
		switch v := value.(type) {
		case nil:
			kind = "null"
		case bool:
			kind = "boolean"
		case string:
			kind = "string"
		case float64:
			kind = "number"
			if v == float64(int64(v)) {
				kind = "integer"
			}
		case []interface{}:
			kind = "array"
		case map[string]interface{}:
			kind = "object"
		}
		match := false
		for _, a := range allowed {
			match = match || a == kind || (a == "number" && kind == "integer")
		}
		if !match {
			return fmt.Sprintf("%s: %s, want %v", at, kind, allowed)
		}
	}
	if enum, ok := s["enum"].([]string); ok {
		found := false
		for _, e := range enum {
			found = found || e == value
		}
		if !found {
			return fmt.Sprintf("%s: %v is not one of %v", at, value, enum)
		}
	}
	if object, ok := value.(map[string]interface{}); ok {
		required, _ := s["required"].([]string)
		for _, r := range required {
			if _, ok := object[r]; !ok {
				return fmt.Sprintf("%s: %s is missing", at, r)
			}
		}
		properties, _ := s["properties"].(schema)
		for name, v := range object {
			if p, ok := properties[name].(schema); ok {
				if problem := conforms(v, p, at+"."+name); problem != "" {
					return problem
				}
			}
		}
	}
	if array, ok := value.([]interface{}); ok {
		if items, ok := s["items"].(schema); ok {
			for i, v := range array {
				if problem := conforms(v, items, fmt.Sprintf("%s[%d]", at, i)); problem != "" {
					return problem
				}
			}
		}
	}
	return ""
}

func TestAnswersConformToTheirOutputSchemas(t *testing.T) {
	s := New(newStack(), Options{})
	session, _ := initialize(t, s, "2025-06-18")
	for _, c := range []struct{ tool, arguments string }{
		{"search_vendors", `{"query":"test"}`},
		{"get_status", `{"vendors":["Acme","Quiet","Fresh"]}`},
		{"check_stack", `{"vendors":["Acme","Quiet","Fresh","Nobody"]}`},
		{"list_active_incidents", `{}`},
	} {
		isError, _, answer := callTool(t, s, session, c.tool, c.arguments)
		if isError {
			t.Fatalf("%s failed", c.tool)
		}
		// Through JSON, as a client sees both.
		var raw interface{}
		text, _ := json.Marshal(answer)
		json.Unmarshal(text, &raw)
		if problem := conforms(raw, s.tools.byName[c.tool].OutputSchema, c.tool); problem != "" {
			t.Errorf("%s's answer does not conform to its output schema: %s", c.tool, problem)
		}
	}
	// A conformance check that cannot fail would prove nothing.
	if conforms(map[string]interface{}{"overall": "fine"}, checkStackOutput, "x") == "" {
		t.Error("the checker accepts an answer without ok and vendors")
	}
}
