package mcp

// Resources: what an assistant's user can attach as context rather than have a model call
// for: every page with its status, and one vendor's status (a template), as JSON documents.

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

const (
	pagesResource      = "statusphere://status-pages"
	vendorStatusPrefix = "statusphere://status/"
)

func resourceList() map[string]interface{} {
	return map[string]interface{}{"resources": []interface{}{map[string]interface{}{
		"uri": pagesResource, "name": "status-pages", "title": "Every status page",
		"description": "Every vendor status page statusphere follows, with its overall status (UP, DEGRADED, UNKNOWN), platform and when it was last read.",
		"mimeType":    "application/json",
	}}}
}

func resourceTemplateList() map[string]interface{} {
	return map[string]interface{}{"resourceTemplates": []interface{}{map[string]interface{}{
		"uriTemplate": vendorStatusPrefix + "{vendor}", "name": "vendor-status", "title": "A vendor's status",
		"description": "One vendor's page (by name or status page URL, URL-encoded) as get_status answers it: components and unresolved incidents.",
		"mimeType":    "application/json",
	}}}
}

// readResource answers resources/read; an unknown URI or vendor is the spec's -32002.
func (b toolbox) readResource(ctx context.Context, params json.RawMessage) (interface{}, *rpcError) {
	var p struct {
		URI string `json:"uri"`
	}
	if len(params) == 0 || json.Unmarshal(params, &p) != nil || p.URI == "" {
		return nil, &rpcError{codeInvalidParams, "resources/read needs params.uri"}
	}
	var document interface{}
	switch {
	case p.URI == pagesResource:
		all, err := b.backend.client.ListStatusPages(ctx, &statusphere.ListStatusPagesRequest{})
		if err != nil {
			return nil, &rpcError{codeInternalError, errorMessage(err)}
		}
		pages := make([]pageSummary, 0, len(all.GetStatusPages()))
		for _, page := range all.GetStatusPages() {
			pages = append(pages, summarizePage(page))
		}
		document = map[string]interface{}{"statusPages": pages}
	case strings.HasPrefix(p.URI, vendorStatusPrefix):
		vendor, err := url.PathUnescape(strings.TrimPrefix(p.URI, vendorStatusPrefix))
		if err != nil || strings.TrimSpace(vendor) == "" {
			return nil, &rpcError{codeInvalidParams, "resource " + p.URI + ": the vendor is empty or not URL-encoded"}
		}
		page, err := b.backend.pageStatus(ctx, vendor)
		if status.Code(err) == codes.NotFound {
			return nil, &rpcError{codeResourceNotFound, "resource not found: " + p.URI + ": " + errorMessage(err)}
		}
		if err != nil {
			return nil, &rpcError{codeInternalError, errorMessage(err)}
		}
		document = page
	default:
		return nil, &rpcError{codeResourceNotFound, "resource not found: " + p.URI}
	}
	text, err := json.MarshalIndent(document, "", "  ")
	if err != nil {
		return nil, &rpcError{codeInternalError, "the resource could not be encoded: " + err.Error()}
	}
	return map[string]interface{}{"contents": []interface{}{map[string]interface{}{
		"uri": p.URI, "mimeType": "application/json", "text": string(text),
	}}}, nil
}
