package main

import (
	"reflect"
	"testing"
)

func TestMCPAllowedOriginsAreOrigins(t *testing.T) {
	c, err := parseConfig([]string{"--mcp_allowed_origins= https://assistant.example.com, http://10.0.0.5:8080/ ,"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://assistant.example.com", "http://10.0.0.5:8080"}; !reflect.DeepEqual(c.mcpAllowedOrigins, want) {
		t.Errorf("origins %q, want %q", c.mcpAllowedOrigins, want)
	}
	for _, bad := range []string{"*", "assistant.example.com", "https://assistant.example.com/app", "ftp://assistant.example.com", "https://"} {
		if _, err := parseConfig([]string{"--mcp_allowed_origins=" + bad}); err == nil {
			t.Errorf("--mcp_allowed_origins=%s was accepted", bad)
		}
	}
}
