package watch

// Where the changes come from: the server's WatchIncidents, behind a small interface so
// that the fan-out can be tested without a server.

import (
	"context"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// Filter is what a client watches: one page ("" for every page) and the impacts (a comma
// list, "" for all). Clients with the same filter share one upstream stream.
type Filter struct{ Page, Impact string }

// Stream is one upstream WatchIncidents call that the server accepted.
type Stream interface {
	Recv() (*statusphere.IncidentChange, error)
}

// Source opens upstream streams after `cursor` ("" for live changes only). Open returns
// once the server accepted the stream, or with the status the server refused it with;
// cancelling ctx ends the stream.
type Source interface {
	Open(ctx context.Context, filter Filter, cursor string) (Stream, error)
}

// ForwardedFor names the HTTP client to the server, which bounds watch streams per client
// (and refuses more with RESOURCE_EXHAUSTED: HTTP 429 with its message). The server
// believes it because the gateway's calls carry the gateway token.
func ForwardedFor(ctx context.Context, client string) context.Context {
	if client == "" {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, "x-forwarded-for", client)
}

// NewGRPCSource is the server's WatchIncidents.
func NewGRPCSource(client statusphere.StatusPageServiceClient) Source {
	return grpcSource{client}
}

type grpcSource struct {
	client statusphere.StatusPageServiceClient
}

func (s grpcSource) Open(ctx context.Context, filter Filter, cursor string) (Stream, error) {
	stream, err := s.client.WatchIncidents(ctx, &statusphere.WatchIncidentsRequest{
		StatusPageUrl: filter.Page, Cursor: cursor, Impact: filter.Impact,
	})
	if err == nil {
		err = opened(stream)
	}
	if err != nil {
		return nil, err
	}
	return stream, nil
}

// The server marks the headers of a stream it accepted; a refusal comes as trailers only,
// which Header() returns without an error.
const acceptedHeader = "statusphere-watch-accepted"

// opened waits for the stream's headers: nil once the server accepted the request, else
// the status it was refused with.
func opened(stream statusphere.StatusPageService_WatchIncidentsClient) error {
	md, err := stream.Header()
	if err != nil {
		return err
	}
	if len(md.Get(acceptedHeader)) > 0 {
		return nil
	}
	_, err = stream.Recv() // trailers only: the refusal
	if err == nil {
		err = status.Error(codes.Internal, "the watch stream was not marked accepted")
	}
	return err
}

// event is one change as it goes to every client: the rendered frame and its cursor as a
// number (the server's cursors are increasing integers; an unparsable one counts as -1).
type event struct {
	seq   int64
	frame []byte
}

func render(marshaler *runtime.JSONPb, change *statusphere.IncidentChange) (event, error) {
	data, err := marshaler.Marshal(change)
	if err != nil {
		return event{}, err
	}
	seq, perr := strconv.ParseInt(change.GetCursor(), 10, 64)
	if perr != nil {
		seq = -1
	}
	kind := strings.ToLower(change.GetKind().String())
	return event{seq: seq, frame: []byte("id: " + change.GetCursor() + "\nevent: " + kind + "\ndata: " + string(data) + "\n\n")}, nil
}
