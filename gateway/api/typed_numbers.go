package api

// The typed numbers of the gRPC contract (ListIncidentsRequest.max_incidents,
// GetAtomFeedRequest.max_entries, GetUptimeRequest.window_days) are for gRPC clients:
// REST spells them `limit` and `days`, as the original Statusphere API does. grpc-gateway
// would map any request field from the query string, so these are taken out of REST
// requests (ignored, as every unknown parameter was before they existed) and out of the
// OpenAPI document: REST's parameters and its 400 messages stay exactly as they were.

import (
	"net/http"
	"net/url"
)

// grpcOnlyParameters are the typed fields by both names grpc-gateway accepts.
var grpcOnlyParameters = map[string]bool{
	"max_incidents": true, "maxIncidents": true,
	"max_entries": true, "maxEntries": true,
	"window_days": true, "windowDays": true,
}

// withoutGRPCOnlyParameters is r without the typed fields in its query; r itself when it
// names none (the common case: nothing is copied or re-encoded).
func withoutGRPCOnlyParameters(r *http.Request) *http.Request {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return r // grpc-gateway answers a malformed query as before
	}
	found := false
	for name := range query {
		if grpcOnlyParameters[name] {
			delete(query, name)
			found = true
		}
	}
	if !found {
		return r
	}
	stripped := r.Clone(r.Context())
	stripped.URL.RawQuery = query.Encode()
	return stripped
}
