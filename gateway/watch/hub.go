package watch

// The fan-out: clients with the same filter share one upstream stream (a feed). A change is
// received and rendered once, then handed to every client's bounded buffer; a client whose
// buffer is full is taken off the feed (overflow) and told so, without holding up the others.

import (
	"context"
	"sync"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"

	"statusphere/gateway/logging"
	statusphere "statusphere/v1"
)

// Hub holds the feeds, one per filter, for as long as they have clients.
type Hub struct {
	stopping  context.Context // ends every feed and client when the gateway stops
	source    Source
	buffer    int           // changes a client may have unsent before it overflows
	heartbeat time.Duration // a comment line this often keeps idle proxies from closing a stream
	marshaler *runtime.JSONPb

	mu    sync.Mutex
	feeds map[Filter]*feed
}

// NewHub fans out `source`'s streams; `stopping` ends them all (graceful shutdown must not
// wait for streams that never end), `buffer` bounds each client's unsent changes.
func NewHub(stopping context.Context, source Source, buffer int) *Hub {
	return &Hub{
		stopping:  stopping,
		source:    source,
		buffer:    buffer,
		heartbeat: 15 * time.Second,
		marshaler: &runtime.JSONPb{OrigName: false, EmitDefaults: true},
		feeds:     map[Filter]*feed{},
	}
}

// feed is one upstream stream and the subscriptions it feeds.
type feed struct {
	hub    *Hub
	filter Filter
	client string // who started it: the server counts the upstream stream against this client
	cancel context.CancelFunc
	ready  chan struct{} // closed once the upstream accepted the request (err nil) or failed
	err    error

	mu   sync.Mutex
	subs map[*Subscription]struct{}
	done bool
}

// Subscription is one client on a feed.
type Subscription struct {
	feed    *feed
	events  chan event
	ended   chan struct{} // closed when the feed ends or takes this client off
	dropped bool          // set before `ended` closes: the client's buffer was full
}

// Subscribe puts a new client (its address, as the server limits it) on the feed of
// `filter`, starting the upstream if needed.
func (h *Hub) Subscribe(filter Filter, client string) *Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := h.feeds[filter]
	if f == nil {
		ctx, cancel := context.WithCancel(h.stopping)
		f = &feed{hub: h, filter: filter, client: client, cancel: cancel, ready: make(chan struct{}), subs: map[*Subscription]struct{}{}}
		h.feeds[filter] = f
		go f.run(ctx)
	}
	sub := &Subscription{feed: f, events: make(chan event, h.buffer), ended: make(chan struct{})}
	f.mu.Lock()
	f.subs[sub] = struct{}{}
	f.mu.Unlock()
	return sub
}

// Ready waits until the feed's upstream was accepted: nil, or the status it was refused
// with, or ctx's error.
func (s *Subscription) Ready(ctx context.Context) error {
	select {
	case <-s.feed.ready:
		return s.feed.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close takes the client off its feed (again is harmless); the last one out closes the upstream.
func (s *Subscription) Close() {
	f, h := s.feed, s.feed.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.subs, s)
	if len(f.subs) == 0 && !f.done {
		f.done = true
		f.cancel()
		if h.feeds[f.filter] == f {
			delete(h.feeds, f.filter)
		}
	}
}

func (f *feed) run(ctx context.Context) {
	defer f.cancel()
	stream, err := f.hub.source.Open(ForwardedFor(ctx, f.client), f.filter, "")
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
		e, err := render(f.hub.marshaler, change)
		if err != nil {
			logging.Warn("watch.marshal_failed", logging.Fields{"error": err.Error()})
			continue
		}
		f.publish(e)
	}
}

// publish hands the event to every subscription; one whose buffer is full is too slow for
// the live changes and is taken off (overflow).
func (f *feed) publish(e event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for sub := range f.subs {
		select {
		case sub.events <- e:
		default:
			delete(f.subs, sub)
			sub.dropped = true
			close(sub.ended)
		}
	}
}

// end closes the feed: no new client joins it, and every client on it is ended.
func (f *feed) end() {
	f.hub.mu.Lock()
	if f.hub.feeds[f.filter] == f {
		delete(f.hub.feeds, f.filter)
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

// replay is a resuming client's own upstream call, read by its own goroutine.
type replay struct {
	changes chan *statusphere.IncidentChange
	failed  chan error
	cancel  context.CancelFunc
}

func (h *Hub) startReplay(ctx context.Context, filter Filter, cursor string) (*replay, error) {
	ctx, cancel := context.WithCancel(ctx)
	stream, err := h.source.Open(ctx, filter, cursor)
	if err != nil {
		cancel()
		return nil, err
	}
	call := &replay{changes: make(chan *statusphere.IncidentChange), failed: make(chan error, 1), cancel: cancel}
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
