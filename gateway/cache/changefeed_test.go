package cache

import (
	"context"
	"net/http"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// fakeChangeLog is the server's WatchIncidents: it keeps the request and streams what the
// test sends on changes.
type fakeChangeLog struct {
	statusphere.StatusPageServiceClient // the other methods are not called
	requests                            chan *statusphere.WatchIncidentsRequest
	changes                             chan *statusphere.IncidentChange
}

type fakeChangeStream struct {
	grpc.ClientStream
	ctx     context.Context
	changes chan *statusphere.IncidentChange
}

func (f *fakeChangeLog) WatchIncidents(ctx context.Context, in *statusphere.WatchIncidentsRequest, _ ...grpc.CallOption) (statusphere.StatusPageService_WatchIncidentsClient, error) {
	f.requests <- in
	return &fakeChangeStream{ctx: ctx, changes: f.changes}, nil
}

func (s *fakeChangeStream) Recv() (*statusphere.IncidentChange, error) {
	select {
	case change := <-s.changes:
		return change, nil
	case <-s.ctx.Done():
		return nil, status.Error(codes.Canceled, "done")
	}
}

// awaitCalls asks for target until the fake server has been called `calls` times in all
// (the change is applied by FollowChanges's goroutine), or fails after a second.
func awaitCalls(t *testing.T, h http.Handler, server *fakeServer, target string, calls int32) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for get(t, h, target); server.calls.Load() != calls; get(t, h, target) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d backend calls, want %d", target, server.calls.Load(), calls)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestComponentChangesAndResetsFromTheChangeLogDropAnswers(t *testing.T) {
	c, server, h := newTestCache(t, time.Hour)
	log := &fakeChangeLog{requests: make(chan *statusphere.WatchIncidentsRequest, 4), changes: make(chan *statusphere.IncidentChange)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.FollowChanges(ctx, log)
	if request := <-log.requests; !request.GetIncludeComponentChanges() {
		t.Fatalf("the cache's stream does not ask for component changes: %v", request)
	}

	const a, b = "/api/v1/currentStatus?statusPageUrl=https://a.example", "/api/v1/currentStatus?statusPageUrl=https://b.example"
	get(t, h, a)
	get(t, h, b)
	if get(t, h, a); server.calls.Load() != 2 {
		t.Fatalf("%d backend calls, want the two first answers cached", server.calls.Load())
	}

	// A component of page a changed, no incident: a's answer goes, b's stays.
	log.changes <- &statusphere.IncidentChange{Kind: statusphere.IncidentChange_COMPONENTS_CHANGED, StatusPageUrl: "https://a.example", Cursor: "7"}
	awaitCalls(t, h, server, a, 3)
	if get(t, h, b); server.calls.Load() != 3 {
		t.Fatalf("a component change of page a dropped page b's answer")
	}

	// An incident change of page b, as before.
	log.changes <- &statusphere.IncidentChange{Kind: statusphere.IncidentChange_UPDATED, Incident: &statusphere.Incident{StatusPageUrl: "https://b.example"}, Cursor: "8"}
	awaitCalls(t, h, server, b, 4)

	// A RESET: the stream skipped changes, so every answer goes.
	log.changes <- &statusphere.IncidentChange{Kind: statusphere.IncidentChange_RESET, Cursor: "20"}
	awaitCalls(t, h, server, a, 5)
	if get(t, h, b); server.calls.Load() != 6 {
		t.Fatalf("a RESET left page b's answer cached")
	}
}
