package api

// The gateway's handler: the route table's paths behind the layers every request passes
// (access log, metrics, CORS, HEAD as GET, rate limit), then the cache and the request
// timeout for the bounded ones.

import (
	"context"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"

	"statusphere/gateway/badge"
	"statusphere/gateway/cache"
	"statusphere/gateway/mcp"
	"statusphere/gateway/metrics"
	"statusphere/gateway/middleware"
	"statusphere/gateway/ratelimit"
	"statusphere/gateway/watch"
	"statusphere/gateway/web"
	statusphere "statusphere/v1"
)

// Options are the flags the handler is built from.
type Options struct {
	RequestTimeout time.Duration // deadline of each backend call
	Cache          cache.Options
	RateLimit      ratelimit.Options
	WatchBuffer    int    // changes a watch client may have unsent
	OpenAPI        []byte // the document served at /api/v1/openapi.json
	MCP            mcp.Options
}

// gateway holds what the table's handlers need.
type gateway struct {
	client       statusphere.StatusPageServiceClient
	healthClient grpc_health_v1.HealthClient
	metrics      *metrics.Metrics
	watch        *watch.Hub
	openAPIDoc   []byte
	badges       *badge.Handlers
	mcpOptions   mcp.Options
}

// New builds the handler; ctx ends the change log and the watch streams (at shutdown).
func New(ctx context.Context, conn *grpc.ClientConn, m *metrics.Metrics, options Options) (http.Handler, error) {
	client := statusphere.NewStatusPageServiceClient(conn)
	g := &gateway{
		client:       client,
		healthClient: grpc_health_v1.NewHealthClient(conn),
		metrics:      m,
		watch:        watch.NewHub(ctx, watch.NewGRPCSource(client), options.WatchBuffer),
		openAPIDoc:   options.OpenAPI,
		badges:       badge.New(client),
		mcpOptions:   options.MCP,
	}
	generated := runtime.NewServeMux(
		// lowerCamelCase names; zero values, empty lists ([] never null) and unset
		// timestamps (null) all present, as the original API's clients expect.
		runtime.WithMarshalerOption(runtime.MIMEWildcard, unpagedListMarshaler{&runtime.JSONPb{OrigName: false, EmitDefaults: true}}),
		// The server's response metadata (content-type, grpc-accept-encoding, the page
		// header) means nothing to REST clients: no Grpc-Metadata-* headers.
		runtime.WithOutgoingHeaderMatcher(func(string) (string, bool) { return "", false }),
		runtime.WithForwardResponseOption(tellCacheThePage),
	)
	if err := statusphere.RegisterStatusPageServiceHandlerClient(ctx, generated, client); err != nil {
		return nil, err
	}
	dashboard, err := web.NewDashboard()
	if err != nil {
		return nil, err
	}
	routes := g.table()
	table := newRouteTable(routes)

	// Exact paths, not http.ServeMux: its redirects for unclean paths are HTML, not JSON.
	bounded := map[string]http.Handler{}
	streams := map[string]http.Handler{}
	for _, route := range routes {
		switch {
		case route.Stream:
			streams[route.Path] = route.Handler
		case route.Handler != nil:
			bounded[route.Path] = route.Handler
		}
	}
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if handler, ok := bounded[r.URL.Path]; ok {
			handler.ServeHTTP(w, r)
			return
		}
		if route, ok := table.route(r.URL.Path); ok && route.Handler != nil && !route.Stream {
			route.Handler.ServeHTTP(w, r) // a subtree's path
			return
		}
		if dashboard.Owns(r.URL.Path) {
			dashboard.ServeHTTP(w, r)
			return
		}
		generated.ServeHTTP(w, withoutGRPCOnlyParameters(r)) // every annotated RPC, and JSON 404/405 for the rest
	})
	h = withTimeout(options.RequestTimeout, h)
	var answers *cache.Cache
	if options.Cache.MaxAge > 0 {
		answers = cache.New(options.Cache, table.keying, m)
		go answers.FollowChanges(ctx, client)
	}
	// Cached answers carry their own gzip form, compressed once.
	h = answers.Handler(h, middleware.Gzip(h))
	// Streams run for as long as the client stays: outside the timeout, the cache and gzip.
	withStreams := h
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if stream, ok := streams[r.URL.Path]; ok {
			stream.ServeHTTP(w, r)
			return
		}
		withStreams.ServeHTTP(w, r)
	})
	h = ratelimit.New(options.RateLimit).Wrap(h, table.rateLimited)
	h = middleware.HeadAsGet(h)
	h = middleware.CORS(h, table.ownCORS)
	h = m.Wrap(h, table.metric)
	h = middleware.AccessLog(h)
	return h, nil
}

// withTimeout bounds every backend call, so a hung server costs clients a 504, not a hang.
func withTimeout(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
