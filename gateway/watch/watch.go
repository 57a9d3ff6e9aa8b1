package main

// /api/v1/watch: WatchIncidents as Server-Sent Events, so that browsers (EventSource) and
// curl follow incident changes live. Each change is one event whose id is its cursor: an
// EventSource that reconnects sends it back as Last-Event-ID and resumes without a gap.
// The stream is exempt from the request timeout and from gzip (which would hold events
// back in its buffer); a comment line every 15 s keeps idle proxies from closing it.
//
// Clients with the same filter (statusPageUrl, impact) share one upstream WatchIncidents
// stream (a feed): a change is received and rendered once, then handed to every client's
// bounded buffer. A client whose buffer fills catches up on a replay call of its own (below);
// one that fills it again within a minute is dropped with a final `overflow` event and
// resumes with Last-Event-ID. A resuming client replays from its own upstream call while
// also taking the shared feed; once its replay reaches a change the feed has given it, the
// two carry the same changes and the replay call is closed.

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

const watchPath = "/api/v1/watch"

var watchHeartbeat = 15 * time.Second

// The server marks the headers of a stream it accepted; a refusal comes as trailers only,
// which Header() returns without an error.
const watchAcceptedHeader = "statusphere-watch-accepted"

// opened waits for the stream's headers: nil once the server accepted the request, else
// the status it was refused with.
func opened(stream statusphere.StatusPageService_WatchIncidentsClient) error {
	md, err := stream.Header()
	if err != nil {
		return err
	}
	if len(md.Get(watchAcceptedHeader)) > 0 {
		return nil
	}
	_, err = stream.Recv() // trailers only: the refusal
	if err == nil {
		err = status.Error(codes.Internal, "the watch stream was not marked accepted")
	}
	return err
}

// Changes a client may have unsent before it is dropped; each is a shared, rendered event.
var watchClientBuffer = 256

// One change as it goes to every client: the rendered frame and its cursor as a number
// (the server's cursors are increasing integers; an unparsable one counts as -1).
type sseEvent struct {
	seq   int64
	frame []byte
}

func renderChange(marshaler *runtime.JSONPb, change *statusphere.IncidentChange) (sseEvent, error) {
	data, err := marshaler.Marshal(change)
	if err != nil {
		return sseEvent{}, err
	}
	seq, perr := strconv.ParseInt(change.GetCursor(), 10, 64)
	if perr != nil {
		seq = -1
	}
	kind := strings.ToLower(change.GetKind().String())
	return sseEvent{seq: seq, frame: []byte("id: " + change.GetCursor() + "\nevent: " + kind + "\ndata: " + string(data) + "\n\n")}, nil
}

type watchKey struct{ page, impact string }

type watchHub struct {
	stopping  context.Context
	client    statusphere.StatusPageServiceClient
	marshaler *runtime.JSONPb
	mu        sync.Mutex
	feeds     map[watchKey]*watchFeed
}

// One upstream stream and the clients it feeds.
type watchFeed struct {
	hub    *watchHub
	key    watchKey
	cancel context.CancelFunc
	ready  chan struct{} // closed once the upstream accepted the request (err nil) or failed
	err    error
	mu     sync.Mutex
	subs   map[*watchSub]struct{}
	done   bool
}

type watchSub struct {
	events  chan sseEvent
	ended   chan struct{} // closed when the feed ends or drops this client
	dropped bool          // set before `ended` closes: the client was too slow
}

// join returns the feed for `key` with a new client on it, starting the upstream if needed.
func (h *watchHub) join(key watchKey) (*watchFeed, *watchSub) {
	sub := &watchSub{events: make(chan sseEvent, watchClientBuffer), ended: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	feed := h.feeds[key]
	if feed == nil {
		ctx, cancel := context.WithCancel(h.stopping)
		feed = &watchFeed{hub: h, key: key, cancel: cancel, ready: make(chan struct{}), subs: map[*watchSub]struct{}{}}
		h.feeds[key] = feed
		go feed.run(ctx)
	}
	feed.mu.Lock()
	feed.subs[sub] = struct{}{}
	feed.mu.Unlock()
	return feed, sub
}

// leave takes a client off; the last one out closes the upstream.
func (h *watchHub) leave(feed *watchFeed, sub *watchSub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	feed.mu.Lock()
	defer feed.mu.Unlock()
	delete(feed.subs, sub)
	if len(feed.subs) == 0 && !feed.done {
		feed.done = true
		feed.cancel()
		if h.feeds[feed.key] == feed {
			delete(h.feeds, feed.key)
		}
	}
}

func (f *watchFeed) run(ctx context.Context) {
	defer f.cancel()
	stream, err := f.hub.client.WatchIncidents(ctx, &statusphere.WatchIncidentsRequest{
		StatusPageUrl: f.key.page,
		Impact:        f.key.impact,
	})
	if err == nil {
		err = opened(stream)
	}
	if err != nil {
		f.err = err
		close(f.ready)
		f.end()
		return
	}
	close(f.ready)
	for {
		change, err := stream.Recv()
		if err != nil {
			f.end() // clients reconnect with Last-Event-ID
			return
		}
		event, err := renderChange(f.hub.marshaler, change)
		if err != nil {
			logWarn("watch.marshal_failed", fields{"error": err.Error()})
			continue
		}
		f.mu.Lock()
		for sub := range f.subs {
			select {
			case sub.events <- event:
			default: // a full buffer: this client is too slow for the live changes
				delete(f.subs, sub)
				sub.dropped = true
				close(sub.ended)
			}
		}
		f.mu.Unlock()
	}
}

// end closes the feed: no new client joins it, and every client on it is ended.
func (f *watchFeed) end() {
	f.hub.mu.Lock()
	if f.hub.feeds[f.key] == f {
		delete(f.hub.feeds, f.key)
	}
	f.hub.mu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done = true
	for sub := range f.subs {
		delete(f.subs, sub)
		close(sub.ended)
	}
}

// A resuming client's own upstream call, read by its own goroutine.
type replayCall struct {
	changes chan *statusphere.IncidentChange
	failed  chan error
	cancel  context.CancelFunc
}

func startReplay(ctx context.Context, client statusphere.StatusPageServiceClient, key watchKey, cursor string) (*replayCall, error) {
	ctx, cancel := context.WithCancel(ctx)
	stream, err := client.WatchIncidents(ctx, &statusphere.WatchIncidentsRequest{
		StatusPageUrl: key.page, Cursor: cursor, Impact: key.impact,
	})
	if err == nil {
		err = opened(stream)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	call := &replayCall{changes: make(chan *statusphere.IncidentChange), failed: make(chan error, 1), cancel: cancel}
	go func() {
		for {
			change, err := stream.Recv()
			if err != nil {
				call.failed <- err
				return
			}
			select {
			case call.changes <- change:
			case <-ctx.Done():
				return
			}
		}
	}()
	return call, nil
}

// `stopping` ends every stream when the gateway shuts down, so that open streams do not
// hold the graceful shutdown for its whole deadline; clients reconnect elsewhere.
func watchHandler(stopping context.Context, client statusphere.StatusPageServiceClient) http.HandlerFunc {
	hub := &watchHub{
		stopping:  stopping,
		client:    client,
		marshaler: &runtime.JSONPb{OrigName: false, EmitDefaults: true},
		feeds:     map[watchKey]*watchFeed{},
	}
	return func(w http.ResponseWriter, r *http.Request) {
		flusher, ok := w.(http.Flusher)
		if !ok {
			writeJSONError(w, http.StatusInternalServerError, "streaming is not supported by this connection")
			return
		}
		query := r.URL.Query()
		cursor := query.Get("cursor")
		if last := r.Header.Get("Last-Event-ID"); last != "" {
			cursor = last // a reconnecting EventSource resumes where it stopped
		}
		key := watchKey{page: query.Get("statusPageUrl"), impact: strings.Join(query["impact"], ",")}

		feed, sub := hub.join(key)
		defer func() { hub.leave(feed, sub) }() // the feed joined last
		// Errors still get the JSON error body and status code, not a half-open stream:
		// the replay call, or the feed, must have been accepted first.
		var replay *replayCall
		last := int64(-1)
		if cursor != "" {
			var err error
			if replay, err = startReplay(r.Context(), client, key, cursor); err != nil {
				writeGRPCError(w, r, err)
				return
			}
			if n, err := strconv.ParseInt(cursor, 10, 64); err == nil {
				last = n
			}
		}
		select {
		case <-feed.ready:
			if feed.err != nil {
				writeGRPCError(w, r, feed.err)
				return
			}
		case <-r.Context().Done():
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/event-stream; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Accel-Buffering", "no") // nginx in front must not buffer the stream
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(": statusphere incident changes\n\n"))
		flusher.Flush()

		heartbeat := time.NewTicker(watchHeartbeat)
		defer heartbeat.Stop()
		// Feed events that arrived while the replay had not reached them yet.
		var pending []sseEvent
		handOver := func() {
			replay.cancel()
			replay = nil
			for _, event := range pending {
				if event.seq > last {
					w.Write(event.frame)
					last = event.seq
				}
			}
			pending = nil
		}
		var replayChanges <-chan *statusphere.IncidentChange
		var replayFailed <-chan error
		if replay != nil {
			replayChanges, replayFailed = replay.changes, replay.failed
		}
		defer func() {
			if replay != nil {
				replay.cancel()
			}
		}()
		overflow := func() {
			w.Write([]byte("event: overflow\ndata: {\"error\":\"this client fell behind; reconnect with Last-Event-ID\"}\n\n"))
			flusher.Flush()
		}
		// A burst (a page's first scrape brings its whole history) fills the buffers of
		// clients that are merely slower than the feed: such a client catches up on a
		// replay call of its own from its last change, and takes the feed again after. One
		// that overflows again within a minute is too slow, and is dropped.
		var caughtUpAt time.Time
		catchUp := func() bool {
			if !caughtUpAt.IsZero() && time.Since(caughtUpAt) < time.Minute {
				return false
			}
			if replay == nil && last < 0 {
				return false // no change written yet to resume after
			}
			caughtUpAt = time.Now()
			hub.leave(feed, sub)
			if replay == nil {
				call, err := startReplay(r.Context(), client, key, strconv.FormatInt(last, 10))
				if err != nil {
					return false
				}
				replay = call
				replayChanges, replayFailed = replay.changes, replay.failed
			}
			pending = nil
			feed, sub = hub.join(key) // the replay covers everything the new buffer does not
			return true
		}
		for {
			select {
			case change := <-replayChanges:
				event, err := renderChange(hub.marshaler, change)
				if err != nil {
					logWarn("watch.marshal_failed", fields{"error": err.Error()})
					return
				}
				w.Write(event.frame)
				last = event.seq
				if len(pending) > 0 && pending[0].seq <= last {
					handOver()
					replayChanges, replayFailed = nil, nil
				}
				flusher.Flush()
			case <-replayFailed:
				return // the client reconnects with Last-Event-ID
			case event := <-sub.events:
				if replay != nil {
					if event.seq > last {
						if len(pending) >= watchClientBuffer {
							// The replay is behind the feed by more than the buffer: the
							// hand-over moves later, to what a fresh buffer takes first (the
							// replay brings everything before it, this one included).
							hub.leave(feed, sub)
							pending = nil
							feed, sub = hub.join(key)
							continue
						}
						pending = append(pending, event)
						continue
					}
					handOver() // the replay already gave this one: the feed carries on
					replayChanges, replayFailed = nil, nil
				} else if event.seq > last || event.seq < 0 {
					w.Write(event.frame)
					last = event.seq
				}
				flusher.Flush()
			case <-sub.ended:
				if sub.dropped && replay == nil {
					// What the feed gave before it dropped this client is contiguous: write
					// it, then resume after it.
					for drained := false; !drained; {
						select {
						case event := <-sub.events:
							if event.seq > last {
								w.Write(event.frame)
								last = event.seq
							}
						default:
							drained = true
						}
					}
					flusher.Flush()
				}
				if sub.dropped && catchUp() {
					continue
				}
				if sub.dropped {
					overflow()
				}
				return
			case <-heartbeat.C:
				w.Write([]byte(": keep-alive\n\n"))
				flusher.Flush()
			case <-r.Context().Done():
				return
			case <-stopping.Done():
				return
			}
		}
	}
}
