package cache

// The cache's invalidation: one WatchIncidents stream for all pages, for as long as the
// gateway runs. Each stored change, of an incident or of a page's component statuses
// (include_component_changes), drops the changed page's cached answers (and those about
// all pages) the moment the server streams it. The stream resumes after the last cursor it
// saw when it reconnects, and the cache is emptied then as well, since changes may have been
// missed while it was down. What the log does not carry (another server's writes before
// this server polls them, a server too old to send component changes) is covered by the
// cache's max age.

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"statusphere/gateway/logging"
	statusphere "statusphere/v1"
)

// FollowChanges keeps the change log's stream open until ctx ends, dropping the answers of
// each changed page. Run it in its own goroutine.
func (c *Cache) FollowChanges(ctx context.Context, client statusphere.StatusPageServiceClient) {
	cursor := ""
	delay := 100 * time.Millisecond
	for ctx.Err() == nil {
		stream, err := client.WatchIncidents(ctx, &statusphere.WatchIncidentsRequest{Cursor: cursor, IncludeComponentChanges: true})
		if err == nil {
			c.dropAll()
			c.changeLogConnected(true)
			for {
				change, recvErr := stream.Recv()
				if recvErr != nil {
					err = recvErr
					break
				}
				delay = 100 * time.Millisecond
				c.changed(change)
				if change.GetCursor() != "" {
					cursor = change.GetCursor()
				}
			}
		}
		c.changeLogConnected(false)
		if ctx.Err() != nil {
			return
		}
		if code := status.Code(err); code != codes.Unavailable && code != codes.Canceled {
			logging.Warn("cache.change_log_failed", logging.Fields{"code": code.String(), "error": status.Convert(err).Message()})
		}
		if status.Code(err) == codes.InvalidArgument || status.Code(err) == codes.OutOfRange {
			cursor = "" // a cursor the server no longer knows: start over live (the cache is emptied anyway)
		}
		c.dropAll()
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return
		}
		if delay *= 2; delay > time.Second {
			delay = time.Second
		}
	}
}

// changed drops the answers one streamed change makes stale.
func (c *Cache) changed(change *statusphere.IncidentChange) {
	switch change.GetKind() {
	case statusphere.IncidentChange_RESET:
		c.dropAll() // changes were skipped: any answer may be stale
	case statusphere.IncidentChange_COMPONENTS_CHANGED:
		c.pageChangedNow(change.GetStatusPageUrl())
	default:
		c.pageChangedNow(change.GetIncident().GetStatusPageUrl())
	}
}

func (c *Cache) changeLogConnected(connected bool) {
	if c.observer != nil {
		c.observer.ChangeLogConnected(connected)
	}
}
