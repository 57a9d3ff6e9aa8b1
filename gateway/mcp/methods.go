package mcp

// The JSON-RPC methods: the lifecycle (initialize, ping) and the tools.

import (
	"context"
	"encoding/json"
	"net/http"
)

const instructions = "statusphere reads the public status pages of many vendors (cloud providers, SaaS, APIs) " +
	"and answers from what it stored. Use check_stack to answer \"is it us or them?\" for a list of vendors, " +
	"get_status for details of some pages (components, open incidents), list_active_incidents for what is " +
	"broken now, get_incident for one incident's updates, get_uptime for outage minutes per day, and " +
	"search_vendors to find a vendor's page. Vendors are named by name (\"GitHub\") or status page URL."

type initializeParams struct {
	ProtocolVersion string `json:"protocolVersion"`
}

// initialize agrees on a revision and starts a session, whose id the answer's header carries.
func (s *Server) initialize(w http.ResponseWriter, m *message) {
	if err := m.validate(); err != nil {
		writeJSON(w, http.StatusBadRequest, errorResponse(m.ID, err.Code, err.Message))
		return
	}
	var params initializeParams
	if len(m.Params) == 0 || json.Unmarshal(m.Params, &params) != nil || params.ProtocolVersion == "" {
		writeJSON(w, http.StatusOK, errorResponse(m.ID, codeInvalidParams, "initialize needs params.protocolVersion (a string such as \""+supportedVersions[0]+"\")"))
		return
	}
	version := supportedVersions[0]
	if isSupported(params.ProtocolVersion) {
		version = params.ProtocolVersion
	}
	w.Header().Set(sessionHeader, s.sessions.start(version))
	writeJSON(w, http.StatusOK, response{JSONRPC: "2.0", ID: m.ID, Result: map[string]interface{}{
		"protocolVersion": version,
		"capabilities": map[string]interface{}{
			"tools":     map[string]interface{}{"listChanged": false},
			"resources": map[string]interface{}{"listChanged": false, "subscribe": false},
		},
		"serverInfo":   map[string]interface{}{"name": "statusphere", "title": "statusphere", "version": s.options.ServerVersion},
		"instructions": instructions,
	}})
}

// call answers one request of a session.
func (s *Server) call(ctx context.Context, m *message) (interface{}, *rpcError) {
	switch m.Method {
	case "ping":
		return struct{}{}, nil
	case "tools/list":
		return map[string]interface{}{"tools": s.tools.list()}, nil
	case "tools/call":
		var params struct {
			Name      string          `json:"name"`
			Arguments json.RawMessage `json:"arguments"`
		}
		if len(m.Params) == 0 || json.Unmarshal(m.Params, &params) != nil || params.Name == "" {
			return nil, &rpcError{codeInvalidParams, "tools/call needs params.name (a tool of tools/list) and params.arguments (an object)"}
		}
		result, err := s.tools.call(ctx, params.Name, params.Arguments)
		if err != nil {
			return nil, err
		}
		return result, nil
	case "resources/list":
		return resourceList(), nil
	case "resources/templates/list":
		return resourceTemplateList(), nil
	case "resources/read":
		return s.tools.readResource(ctx, m.Params)
	default:
		return nil, &rpcError{codeMethodNotFound, "method not found: " + m.Method}
	}
}
