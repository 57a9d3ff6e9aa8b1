package watch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// fakeStream is one upstream call; the test sends its changes.
type fakeStream struct {
	cursor  string
	changes chan *statusphere.IncidentChange
	ctx     context.Context
}

func (s *fakeStream) Recv() (*statusphere.IncidentChange, error) {
	select {
	case change, ok := <-s.changes:
		if !ok {
			return nil, io.EOF
		}
		return change, nil
	case <-s.ctx.Done():
		return nil, s.ctx.Err()
	}
}

func (s *fakeStream) send(cursors ...int) {
	for _, n := range cursors {
		s.changes <- &statusphere.IncidentChange{
			Kind:     statusphere.IncidentChange_UPDATED,
			Cursor:   strconv.Itoa(n),
			Incident: &statusphere.Incident{Title: "incident " + strconv.Itoa(n)},
		}
	}
}

// closed tells whether the call was ended by the gateway.
func (s *fakeStream) closed() bool { return s.ctx.Err() != nil }

// fakeSource hands each stream the hub opens to the test.
type fakeSource struct {
	opened chan *fakeStream
	refuse error
}

func (s *fakeSource) Open(ctx context.Context, filter Filter, cursor string) (Stream, error) {
	if s.refuse != nil {
		return nil, s.refuse
	}
	stream := &fakeStream{cursor: cursor, changes: make(chan *statusphere.IncidentChange, 100), ctx: ctx}
	s.opened <- stream
	return stream, nil
}

// next waits for the hub to open n streams, and returns them by cursor ("" is the feed).
func (s *fakeSource) next(t *testing.T, n int) map[string]*fakeStream {
	t.Helper()
	streams := map[string]*fakeStream{}
	for len(streams) < n {
		select {
		case stream := <-s.opened:
			streams[stream.cursor] = stream
		case <-time.After(5 * time.Second):
			t.Fatalf("the hub opened %d of %d upstream streams", len(streams), n)
		}
	}
	return streams
}

// sseRecorder is the client's connection; holding `hold` makes the client's writes block,
// as a slow client's would.
type sseRecorder struct {
	hold   sync.Mutex
	mu     sync.Mutex
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *sseRecorder) Header() http.Header { return r.header }
func (r *sseRecorder) WriteHeader(code int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.code == 0 {
		r.code = code
	}
}
func (r *sseRecorder) Write(p []byte) (int, error) {
	r.hold.Lock()
	r.hold.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(p)
}
func (r *sseRecorder) Flush() {}

func (r *sseRecorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.body.String()
}

var idLine = regexp.MustCompile(`(?m)^id: (\d+)$`)

// ids are the event ids the client was sent, in order.
func (r *sseRecorder) ids() []int {
	var ids []int
	for _, m := range idLine.FindAllStringSubmatch(r.text(), -1) {
		n, _ := strconv.Atoi(m[1])
		ids = append(ids, n)
	}
	return ids
}

func (r *sseRecorder) waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s; the client was sent:\n%s", what, r.text())
		}
		time.Sleep(time.Millisecond)
	}
}

func (r *sseRecorder) waitForIDs(t *testing.T, want ...int) {
	t.Helper()
	r.waitFor(t, fmt.Sprint("ids ", want), func() bool { return len(r.ids()) >= len(want) })
	if got := r.ids(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("the client was sent ids %v, want %v (each once, in order)", got, want)
	}
}

// watching starts one client on the hub; the returned channel closes when its handler returns.
func watching(t *testing.T, buffer int, lastEventID string) (*Hub, *fakeSource, *sseRecorder, <-chan struct{}) {
	t.Helper()
	stopping, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	source := &fakeSource{opened: make(chan *fakeStream, 10)}
	hub := NewHub(stopping, source, buffer)
	r := httptest.NewRequest(http.MethodGet, "/api/v1/watch?statusPageUrl=https://a.example", nil)
	if lastEventID != "" {
		r.Header.Set("Last-Event-ID", lastEventID)
	}
	ctx, leave := context.WithCancel(context.Background())
	t.Cleanup(leave)
	rec := &sseRecorder{header: http.Header{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		hub.ServeHTTP(rec, r.WithContext(ctx))
	}()
	return hub, source, rec, done
}

// taken tells whether the clients have taken every change from their buffers.
func taken(hub *Hub) func() bool {
	return func() bool {
		hub.mu.Lock()
		defer hub.mu.Unlock()
		for _, f := range hub.feeds {
			f.mu.Lock()
			for sub := range f.subs {
				if len(sub.events) > 0 {
					f.mu.Unlock()
					return false
				}
			}
			f.mu.Unlock()
		}
		return true
	}
}

// overflowed tells whether the hub's feeds have taken their clients off (a full buffer).
func overflowed(hub *Hub) func() bool {
	return func() bool {
		hub.mu.Lock()
		defer hub.mu.Unlock()
		for _, f := range hub.feeds {
			f.mu.Lock()
			n := len(f.subs)
			f.mu.Unlock()
			if n > 0 {
				return false
			}
		}
		return true
	}
}

func TestAResumingClientIsHandedOverFromItsReplayToTheFeed(t *testing.T) {
	hub, source, rec, _ := watching(t, 16, "2")
	streams := source.next(t, 2)
	feed, replay := streams[""], streams["2"]
	if feed == nil || replay == nil {
		t.Fatalf("opened %v: want the shared feed and a replay from the client's Last-Event-ID", streams)
	}
	rec.waitFor(t, "the stream's first comment", func() bool { return strings.HasPrefix(rec.text(), ": statusphere incident changes\n\n") })
	if rec.header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("Content-Type %q", rec.header.Get("Content-Type"))
	}

	feed.send(5, 6) // live changes, while the replay is still behind them
	rec.waitFor(t, "the client to take the live changes", taken(hub))
	replay.send(3, 4, 5) // the replay reaches what the feed gave: hand-over
	rec.waitForIDs(t, 3, 4, 5, 6)
	rec.waitFor(t, "the replay call to be closed", replay.closed)
	feed.send(7)
	rec.waitForIDs(t, 3, 4, 5, 6, 7)
	if !strings.Contains(rec.text(), "id: 3\nevent: updated\ndata: {") {
		t.Fatalf("frames are not SSE events of the change kind:\n%s", rec.text())
	}
}

func TestAFeedChangeTheReplayAlreadySentHandsOver(t *testing.T) {
	_, source, rec, _ := watching(t, 16, "2")
	streams := source.next(t, 2)
	feed, replay := streams[""], streams["2"]
	replay.send(3, 4)
	rec.waitForIDs(t, 3, 4)
	feed.send(4) // the feed has caught the replay up: it carries on alone
	rec.waitFor(t, "the replay call to be closed", replay.closed)
	feed.send(5)
	rec.waitForIDs(t, 3, 4, 5)
}

func TestASlowClientCatchesUpOnceThenOverflows(t *testing.T) {
	const buffer = 2
	hub, source, rec, done := watching(t, buffer, "")
	feed := source.next(t, 1)[""]
	feed.send(1)
	rec.waitForIDs(t, 1)

	// The client stops reading: one change waits in its write, two in its buffer, the
	// next overflows it.
	rec.hold.Lock()
	feed.send(2)
	rec.waitFor(t, "the client to take change 2", taken(hub))
	feed.send(3, 4, 5, 6)
	rec.waitFor(t, "the client to be taken off the feed", overflowed(hub))
	rec.hold.Unlock()
	// What the buffer held is sent; then the client catches up on a replay of its own
	// from the last change it got, and takes a new feed.
	streams := source.next(t, 2)
	replay, again := streams["4"], streams[""]
	if replay == nil || again == nil {
		t.Fatalf("opened %v after the overflow: want a replay from 4 (the last change sent) and a new feed", streams)
	}
	rec.waitForIDs(t, 1, 2, 3, 4)
	again.send(7)
	replay.send(5, 6, 7)
	rec.waitForIDs(t, 1, 2, 3, 4, 5, 6, 7)
	rec.waitFor(t, "the replay call to be closed", replay.closed)

	// Overflowing again within a minute: the client is dropped, told to resume.
	rec.hold.Lock()
	again.send(8)
	rec.waitFor(t, "the client to take change 8", taken(hub))
	again.send(9, 10, 11, 12)
	rec.waitFor(t, "the client to be taken off the feed", overflowed(hub))
	rec.hold.Unlock()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("the twice-overflowed client was not dropped:\n%s", rec.text())
	}
	if !strings.HasSuffix(rec.text(), "event: overflow\ndata: {\"error\":\"this client fell behind; reconnect with Last-Event-ID\"}\n\n") {
		t.Fatalf("the stream does not end with the overflow event:\n%s", rec.text())
	}
	// 8 was in its write, 9 and 10 in its buffer; 11 overflowed it.
	rec.waitForIDs(t, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
}

func TestARefusedStreamIsAJSONErrorBeforeAnyEvent(t *testing.T) {
	stopping, stop := context.WithCancel(context.Background())
	defer stop()
	hub := NewHub(stopping, &fakeSource{refuse: status.Error(codes.NotFound, "status page not found: https://a.example")}, 4)
	w := httptest.NewRecorder()
	hub.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/watch?statusPageUrl=https://a.example", nil))
	if w.Code != http.StatusNotFound || w.Header().Get("Content-Type") != "application/json" ||
		w.Body.String() != `{"error":"status page not found: https://a.example"}` {
		t.Fatalf("refused: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
}

func TestClientsWithOneFilterShareOneFeed(t *testing.T) {
	stopping, stop := context.WithCancel(context.Background())
	defer stop()
	source := &fakeSource{opened: make(chan *fakeStream, 10)}
	hub := NewHub(stopping, source, 4)
	a := hub.Subscribe(Filter{Page: "https://a.example"}, "")
	b := hub.Subscribe(Filter{Page: "https://a.example"}, "")
	other := hub.Subscribe(Filter{Page: "https://b.example"}, "")
	source.next(t, 1)
	feeds := map[*feed]bool{a.feed: true, b.feed: true, other.feed: true}
	if len(feeds) != 2 {
		t.Fatalf("%d feeds for two filters", len(feeds))
	}
	done := func(f *feed) bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.done
	}
	a.Close()
	if done(a.feed) {
		t.Fatalf("the feed closed while a client was still on it")
	}
	b.Close()
	if !done(b.feed) {
		t.Fatalf("the feed stayed open after its last client left")
	}
}
