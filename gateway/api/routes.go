package main

// The HTTP routes: the generated grpc-gateway mux serves the annotated StatusPageService
// paths as JSON; a few plain handlers serve what it cannot (sitemap.xml is XML, and
// google.api.HttpBody is not supported by grpc-gateway 1.6.4), the OpenAPI document and
// the health check.

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// getOnly answers 405 (as JSON) for methods other than GET; HEAD arrives here as GET.
func getOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			runtime.OtherErrorHandler(w, r, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	}
}

func sitemapHandler(client statusphere.StatusPageServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := client.GetSitemap(r.Context(), &statusphere.GetSitemapRequest{})
		if err != nil {
			writeGRPCError(w, r, err)
			return
		}
		contentType := resp.GetContentType()
		if contentType == "" {
			contentType = "application/xml"
		}
		w.Header().Set("Content-Type", contentType)
		w.Write([]byte(resp.GetBody()))
	}
}

// atomFeedHandler serves GetAtomFeed's document as application/atom+xml, passing the query
// parameters through and telling the server the URL the feed was fetched at (its self link).
func atomFeedHandler(client statusphere.StatusPageServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		resp, err := client.GetAtomFeed(r.Context(), &statusphere.GetAtomFeedRequest{
			StatusPageUrl: query.Get("statusPageUrl"),
			Impact:        strings.Join(query["impact"], ","),
			Limit:         query.Get("limit"),
			SelfUrl:       scheme + "://" + r.Host + r.URL.RequestURI(),
		})
		if err != nil {
			writeGRPCError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", resp.GetContentType())
		w.Write([]byte(resp.GetBody()))
	}
}

// healthHandler is 200 exactly when the backend's grpc.health.v1 says SERVING, so that a
// load balancer or compose health check takes the pair (gateway, server) out together.
func healthHandler(conn *grpc.ClientConn) http.HandlerFunc {
	health := grpc_health_v1.NewHealthClient(conn)
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		resp, err := health.Check(ctx, &grpc_health_v1.HealthCheckRequest{})
		if err != nil {
			message := status.Convert(err).Message()
			if status.Code(err) == codes.Unavailable {
				message = unavailableMessage
			}
			writeJSONError(w, http.StatusServiceUnavailable, message)
			return
		}
		if resp.GetStatus() != grpc_health_v1.HealthCheckResponse_SERVING {
			writeJSONError(w, http.StatusServiceUnavailable, "the statusphere backend is "+resp.GetStatus().String())
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"SERVING"}`))
	}
}

// withTimeout bounds every backend call, so a hung server costs clients a 504, not a hang.
func withTimeout(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func newHandler(ctx context.Context, conn *grpc.ClientConn, openAPI []byte, cfg config, metrics *gatewayMetrics) (http.Handler, error) {
	gateway := runtime.NewServeMux(
		// lowerCamelCase names; zero values, empty lists ([] never null) and unset
		// timestamps (null) all present, as the original API's clients expect.
		runtime.WithMarshalerOption(runtime.MIMEWildcard, unpagedListMarshaler{&runtime.JSONPb{OrigName: false, EmitDefaults: true}}),
		// The server's response metadata (content-type, grpc-accept-encoding) means nothing
		// to REST clients: no Grpc-Metadata-* headers.
		runtime.WithOutgoingHeaderMatcher(func(string) (string, bool) { return "", false }),
	)
	client := statusphere.NewStatusPageServiceClient(conn)
	if err := statusphere.RegisterStatusPageServiceHandlerClient(ctx, gateway, client); err != nil {
		return nil, err
	}

	// Exact paths, not http.ServeMux: its redirects for unclean paths are HTML, not JSON.
	plain := map[string]http.HandlerFunc{
		"/api/v1/sitemap.xml":  getOnly(sitemapHandler(client)),
		"/api/v1/feed.atom":    getOnly(atomFeedHandler(client)),
		"/api/v1/openapi.json": getOnly(openAPIHandler(openAPI)),
		"/healthz":             getOnly(healthHandler(conn)),
		"/metrics":             getOnly(metrics.handler().ServeHTTP),
	}
	ui, err := newDashboard() // "/" and "/ui/...": the browser dashboard (dashboard.go)
	if err != nil {
		return nil, err
	}
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if handler, ok := plain[r.URL.Path]; ok {
			handler(w, r)
			return
		}
		if ui.owns(r.URL.Path) {
			ui.ServeHTTP(w, r)
			return
		}
		gateway.ServeHTTP(w, r) // every annotated RPC, and JSON 404/405 for the rest
	})
	h = withTimeout(cfg.requestTimeout, h)
	// Cached answers carry their own gzip form, compressed once.
	var cache *responseCache
	if cfg.cache.maxAge > 0 {
		cache = newResponseCache(cfg.cache, metrics)
		go followChanges(ctx, client, cache)
	}
	h = cache.handler(h, withGzip(h))
	// The watch stream runs for as long as the client stays: outside timeout and gzip.
	watch := getOnly(watchHandler(ctx, client))
	bounded := h
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == watchPath {
			watch(w, r)
			return
		}
		bounded.ServeHTTP(w, r)
	})
	h = newRateLimiter(cfg.rateLimit).wrap(h)
	h = withHeadAsGet(h)
	h = withCORS(h)
	h = metrics.wrap(h)
	h = withAccessLog(h)
	return h, nil
}
