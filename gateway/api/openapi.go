package api

// The OpenAPI (swagger 2.0) document of the REST surface. protoc-gen-swagger writes it
// from the same annotated protos at build time (gateway/build.sh); it is embedded so that
// the binary needs no data files. Never committed: the build regenerates it.

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:embed openapi.json
var generatedOpenAPI []byte

// OpenAPIDocument is the embedded document with what protoc-gen-swagger 1.6.4 gets wrong
// for this API fixed: it names
// query parameters by their proto names (status_page_url) even with json_names_for_fields,
// while the documented (and original Statusphere) names are the JSON ones (statusPageUrl).
// The gateway accepts both; the document lists the documented one.
func OpenAPIDocument() ([]byte, error) {
	var doc map[string]interface{}
	if err := json.Unmarshal(generatedOpenAPI, &doc); err != nil {
		return nil, fmt.Errorf("embedded openapi.json: %v", err)
	}
	doc["info"] = map[string]interface{}{
		"title":       "statusphere REST API",
		"version":     "v1",
		"description": "Public, read-only status page data. Errors are {\"error\": \"<message>\"}.",
	}
	paths, _ := doc["paths"].(map[string]interface{})
	for _, item := range paths {
		operations, _ := item.(map[string]interface{})
		for _, op := range operations {
			operation, _ := op.(map[string]interface{})
			params, _ := operation["parameters"].([]interface{})
			kept := params[:0]
			for _, p := range params {
				if param, ok := p.(map[string]interface{}); ok && param["in"] == "query" {
					if name, ok := param["name"].(string); ok {
						if grpcOnlyParameters[name] {
							continue // typed_numbers.go: not part of REST
						}
						param["name"] = lowerCamel(name)
					}
				}
				kept = append(kept, p)
			}
			if params != nil {
				operation["parameters"] = kept
			}
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

// lowerCamel is protoc's json_name rule: status_page_url -> statusPageUrl.
func lowerCamel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
