package api

// The route table: every path the gateway serves, written once, as Prometheus's
// web/api/v1 API.Register writes each route once. The mux, the cache's cached set, the
// metrics' route labels and the rate limit's rule all come from here: a new REST route is
// one line below plus its handler (or its google.api.http annotation).

import (
	"net/http"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"

	"statusphere/gateway/cache"
	"statusphere/gateway/compat"
	"statusphere/gateway/mcp"
)

// Route is one path of the gateway.
type Route struct {
	// A path ending in "/" is a subtree: it serves every path under it (as http.ServeMux reads it).
	Path string
	// nil: grpc-gateway's handler of the RPC annotated with this path (JSON).
	Handler http.Handler
	// Whether answers are cached, and what they depend on (cache.NotCached when unset).
	Cache cache.Keying
	// Counted by the per-client rate limit: the public API.
	RateLimited bool
	// The metrics' route label.
	Label string
	// A long-lived stream: exempt from the request timeout and from gzip, counted as an
	// open stream instead of by its latency.
	Stream bool
	// Answers its own CORS, preflights included (middleware.CORS leaves it alone): for a
	// route that grants only the origins it trusts.
	OwnCORS bool
}

const apiPrefix = "/api/v1/"

func (g *gateway) table() []Route {
	return []Route{
		{Path: "/api/v1/statusPages", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/statusPages"},
		{Path: "/api/v1/statusPages/count", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/statusPages/count"},
		{Path: "/api/v1/statusPages/search", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/statusPages/search"},
		{Path: "/api/v1/statusPage", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/statusPage"},
		{Path: "/api/v1/currentStatus", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/currentStatus"},
		{Path: "/api/v1/incidents", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/incidents"},
		{Path: "/api/v1/uptime", Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/uptime"},
		{Path: "/api/v1/sitemap.xml", Handler: getOnly(g.sitemap), Cache: cache.ByQuery, RateLimited: true, Label: "/api/v1/sitemap.xml"},
		// The feed's self link names the URL it was fetched at: the host is part of the answer.
		{Path: "/api/v1/feed.atom", Handler: getOnly(g.atomFeed), Cache: cache.ByHostAndQuery, RateLimited: true, Label: "/api/v1/feed.atom"},
		{Path: "/api/v1/watch", Handler: getOnly(g.watch.ServeHTTP), RateLimited: true, Label: "/api/v1/watch", Stream: true},
		// Static: exempt from the rate limit.
		{Path: "/api/v1/openapi.json", Handler: getOnly(g.openAPI), Label: "/api/v1/openapi.json"},
		// Not the public API: health checks and scrapes are not rate limited.
		{Path: "/healthz", Handler: getOnly(g.health), Label: "/healthz"},
		{Path: "/metrics", Handler: getOnly(g.metrics.Handler().ServeHTTP), Label: "/metrics"},
		// Badges: fetched by image proxies and wall screens from one address, so outside the
		// per-client limit; the cache and the badges' global budget bound them instead.
		{Path: "/api/v1/badge.svg", Handler: getOnly(g.badges.Badge), Cache: cache.ByQuery, Label: "/api/v1/badge.svg"},
		{Path: "/api/v1/shields", Handler: getOnly(g.badges.Shields), Cache: cache.ByQuery, Label: "/api/v1/shields"},
		// The Model Context Protocol for AI assistants: POST only, never cached, rate limited as the API.
		{Path: "/mcp", Handler: mcp.New(g.client, g.mcpOptions), RateLimited: true, Label: "/mcp", OwnCORS: true},
		// Every page as a Statuspage page: /compat/<slug>/api/v2/summary.json and the rest.
		{Path: compat.Prefix, Handler: getOnly(compat.Handler(g.client)), Cache: cache.ByQuery, RateLimited: true, Label: "/compat"},
	}
}

// routeTable is the table by path, with the rules the layers read from it.
type routeTable map[string]Route

func newRouteTable(routes []Route) routeTable {
	t := routeTable{}
	for _, route := range routes {
		t[route.Path] = route
	}
	return t
}

// route is the path's route: its own, else the subtree route the path is under.
func (t routeTable) route(path string) (Route, bool) {
	if route, ok := t[path]; ok {
		return route, true
	}
	for prefix, route := range t {
		if strings.HasSuffix(prefix, "/") && strings.HasPrefix(path, prefix) {
			return route, true
		}
	}
	return Route{}, false
}

// keying is the cache's column.
func (t routeTable) keying(path string) cache.Keying {
	route, _ := t.route(path)
	return route.Cache
}

// rateLimited is the limiter's rule: the table's column, and any other path under
// /api/v1/ (a client probing unknown API paths is still a client of the API).
func (t routeTable) rateLimited(path string) bool {
	if route, ok := t.route(path); ok {
		return route.RateLimited
	}
	return strings.HasPrefix(path, apiPrefix)
}

// ownCORS is the CORS middleware's column.
func (t routeTable) ownCORS(path string) bool {
	route, _ := t.route(path)
	return route.OwnCORS
}

// metric is the metrics' label (and whether it is a stream); "other" for paths not in the
// table, so that a client probing random paths cannot add series.
func (t routeTable) metric(path string) (label string, stream bool) {
	if route, ok := t.route(path); ok {
		return route.Label, route.Stream
	}
	return "other", false
}

// getOnly answers 405 (as JSON) for methods other than GET; HEAD arrives here as GET.
func getOnly(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			runtime.OtherErrorHandler(w, r, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	})
}
