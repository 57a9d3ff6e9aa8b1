package watch

// One SSE client's place in the change log. A resuming client (cursor or Last-Event-ID)
// replays from its own upstream call while it also takes the shared feed; once its replay
// reaches a change the feed has given it, the two carry the same changes and the replay
// call is closed (the hand-over). A client whose buffer fills catches up the same way, on a
// replay call of its own; one that fills it again within a minute is dropped with a final
// `overflow` event and resumes with Last-Event-ID.

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"statusphere/gateway/logging"
	statusphere "statusphere/v1"
)

const overflowFrame = "event: overflow\ndata: {\"error\":\"this client fell behind; reconnect with Last-Event-ID\"}\n\n"

type client struct {
	hub     *Hub
	filter  Filter
	ctx     context.Context // the request's, naming the client to the server (ForwardedFor)
	address string          // the client's, as the server limits it
	out     io.Writer
	flush   http.Flusher

	sub     *Subscription
	replay  *replay // nil when the client takes the feed alone
	pending []event // feed events that arrived while the replay had not reached them
	last    int64   // the cursor of the last change written; -1 before any
	// When the client last caught up after an overflow: twice within a minute and it is dropped.
	caughtUpAt time.Time
}

// start subscribes to the feed first, then opens the replay from cursor (so that nothing
// falls between the two), and waits for the feed to be accepted. An error is the server's
// refusal, to be answered as JSON before any event.
func (c *client) start(cursor string) error {
	c.last = -1
	c.sub = c.hub.Subscribe(c.filter, c.address)
	if cursor != "" {
		var err error
		if c.replay, err = c.hub.startReplay(c.ctx, c.filter, cursor); err != nil {
			return err
		}
		if n, err := strconv.ParseInt(cursor, 10, 64); err == nil {
			c.last = n
		}
	}
	return c.sub.Ready(c.ctx)
}

// close ends the client's calls.
func (c *client) close() {
	c.sub.Close()
	if c.replay != nil {
		c.replay.cancel()
	}
}

// serve writes changes until the client leaves, the upstream ends, the client overflows
// for good or the gateway stops.
func (c *client) serve() {
	heartbeat := time.NewTicker(c.hub.heartbeat)
	defer heartbeat.Stop()
	for {
		var replayChanges <-chan *statusphere.IncidentChange
		var replayFailed <-chan error
		if c.replay != nil {
			replayChanges, replayFailed = c.replay.changes, c.replay.failed
		}
		select {
		case change := <-replayChanges:
			if !c.fromReplay(change) {
				return
			}
		case <-replayFailed:
			return // the client reconnects with Last-Event-ID
		case e := <-c.sub.events:
			c.fromFeed(e)
		case <-c.sub.ended:
			if !c.feedEnded() {
				return
			}
		case <-heartbeat.C:
			c.out.Write([]byte(": keep-alive\n\n"))
			c.flush.Flush()
		case <-c.ctx.Done():
			return
		case <-c.hub.stopping.Done():
			return
		}
	}
}

// write sends a change the client has not had yet.
func (c *client) write(e event) {
	c.out.Write(e.frame)
	c.last = e.seq
}

func (c *client) fromReplay(change *statusphere.IncidentChange) bool {
	e, err := render(c.hub.marshaler, change)
	if err != nil {
		logging.Warn("watch.marshal_failed", logging.Fields{"error": err.Error()})
		return false
	}
	c.write(e)
	if len(c.pending) > 0 && c.pending[0].seq <= c.last {
		c.handOver()
	}
	c.flush.Flush()
	return true
}

func (c *client) fromFeed(e event) {
	switch {
	case c.replay == nil:
		if e.seq > c.last || e.seq < 0 {
			c.write(e)
		}
	case e.seq <= c.last:
		c.handOver() // the replay already gave this one: the feed carries on
	case len(c.pending) >= c.hub.buffer:
		// The replay is behind the feed by more than the buffer: the hand-over moves later,
		// to what a fresh subscription takes first (the replay brings everything before it,
		// this one included).
		c.resubscribe()
		return
	default:
		c.pending = append(c.pending, e)
		return
	}
	c.flush.Flush()
}

// handOver closes the replay call and writes what the feed gave beyond it.
func (c *client) handOver() {
	c.replay.cancel()
	c.replay = nil
	for _, e := range c.pending {
		if e.seq > c.last {
			c.write(e)
		}
	}
	c.pending = nil
}

func (c *client) resubscribe() {
	c.sub.Close()
	c.pending = nil
	c.sub = c.hub.Subscribe(c.filter, c.address)
}

// feedEnded handles the end of the client's subscription: false when the client is done.
func (c *client) feedEnded() bool {
	if !c.sub.dropped {
		return false // the upstream ended: the client reconnects with Last-Event-ID
	}
	if c.replay == nil {
		// What the feed gave before it dropped this client is contiguous: write it, then
		// resume after it.
		for drained := false; !drained; {
			select {
			case e := <-c.sub.events:
				if e.seq > c.last {
					c.write(e)
				}
			default:
				drained = true
			}
		}
		c.flush.Flush()
	}
	if c.catchUp() {
		return true
	}
	c.out.Write([]byte(overflowFrame))
	c.flush.Flush()
	return false
}

// catchUp puts an overflowed client on a replay call of its own from its last change, and
// on the feed again after it. A burst (a page's first scrape brings its whole history)
// fills the buffers of clients merely slower than the feed; one that overflows again within
// a minute is too slow, and is dropped.
func (c *client) catchUp() bool {
	if !c.caughtUpAt.IsZero() && time.Since(c.caughtUpAt) < time.Minute {
		return false
	}
	if c.replay == nil && c.last < 0 {
		return false // no change written yet to resume after
	}
	c.caughtUpAt = time.Now()
	c.sub.Close()
	if c.replay == nil {
		call, err := c.hub.startReplay(c.ctx, c.filter, strconv.FormatInt(c.last, 10))
		if err != nil {
			return false
		}
		c.replay = call
	}
	c.pending = nil
	c.sub = c.hub.Subscribe(c.filter, c.address) // the replay covers everything the new buffer does not
	return true
}
