package api

// The plain handlers of the table: what grpc-gateway's generated mux cannot serve
// (sitemap.xml is XML, and google.api.HttpBody is not supported by grpc-gateway 1.6.4),
// the OpenAPI document and the health check.

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/golang/protobuf/proto"
	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"statusphere/gateway/cache"
	"statusphere/gateway/httperror"
	statusphere "statusphere/v1"
)

// The server names the page an answer is about, as it normalised the request's
// statusPageUrl, in this response header (the cache's invalidation key; see cache.go).
const pageHeader = "statusphere-page-url"

// tellCacheThePage passes the server's page header of a generated handler's answer on to
// the cache (a grpc-gateway forward-response option: it runs before the answer is written).
func tellCacheThePage(ctx context.Context, _ http.ResponseWriter, _ proto.Message) error {
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		if page := md.HeaderMD.Get(pageHeader); len(page) > 0 {
			cache.SetAnswerPage(ctx, page[0])
		}
	}
	return nil
}

func (g *gateway) sitemap(w http.ResponseWriter, r *http.Request) {
	resp, err := g.client.GetSitemap(r.Context(), &statusphere.GetSitemapRequest{})
	if err != nil {
		httperror.WriteGRPC(w, r, err)
		return
	}
	contentType := resp.GetContentType()
	if contentType == "" {
		contentType = "application/xml"
	}
	w.Header().Set("Content-Type", contentType)
	w.Write([]byte(resp.GetBody()))
}

// atomFeed serves GetAtomFeed's document as application/atom+xml, passing the query
// parameters through and telling the server the URL the feed was fetched at (its self link).
func (g *gateway) atomFeed(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	var header metadata.MD
	resp, err := g.client.GetAtomFeed(r.Context(), &statusphere.GetAtomFeedRequest{
		StatusPageUrl: query.Get("statusPageUrl"),
		Impact:        strings.Join(query["impact"], ","),
		Limit:         query.Get("limit"),
		SelfUrl:       scheme + "://" + r.Host + r.URL.RequestURI(),
	}, grpc.Header(&header))
	if err != nil {
		httperror.WriteGRPC(w, r, err)
		return
	}
	if page := header.Get(pageHeader); len(page) > 0 {
		cache.SetAnswerPage(r.Context(), page[0])
	}
	w.Header().Set("Content-Type", resp.GetContentType())
	w.Write([]byte(resp.GetBody()))
}

func (g *gateway) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(g.openAPIDoc)
}

// health is 200 exactly when the backend's grpc.health.v1 says SERVING, so that a load
// balancer or compose health check takes the pair (gateway, server) out together.
func (g *gateway) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	resp, err := g.healthClient.Check(ctx, &grpc_health_v1.HealthCheckRequest{})
	if err != nil {
		message := status.Convert(err).Message()
		if status.Code(err) == codes.Unavailable {
			message = httperror.UnavailableMessage
		}
		httperror.WriteJSON(w, http.StatusServiceUnavailable, message)
		return
	}
	if resp.GetStatus() != grpc_health_v1.HealthCheckResponse_SERVING {
		httperror.WriteJSON(w, http.StatusServiceUnavailable, "the statusphere backend is "+resp.GetStatus().String())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"SERVING"}`))
}
