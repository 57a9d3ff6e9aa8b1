package cache

// The response cache of the idempotent GET endpoints (those the route table in
// api/routes.go marks cached). The profile of the uncached
// gateway put about half of a request's time in grpc-gateway's jsonpb marshaller
// (reflection on every field, every request) and another tenth in the gRPC round trip: a
// cached answer pays for both once, and for its gzip form once, instead of per request.
//
// Freshness comes first: an entry is served for at most --cache_max_age (500 ms by
// default), and the change log (one WatchIncidents stream with component changes, see
// changefeed.go) drops a page's entries, and every answer about all pages, as soon as a
// change of its incidents or of its components' statuses is stored.
// Which page an answer is about, the server says (SetAnswerPage): the gateway does not
// normalise URLs again.
// Only 200 answers are kept; errors go to the client that asked and are not reused.
//
// Memory is bounded by an entry count and a byte budget (least recently used out first).
// Concurrent misses of one key make one backend call: the others wait for its answer.

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"statusphere/gateway/middleware"
)

// Options are the cache's flags (--cache_*).
type Options struct {
	MaxAge     time.Duration // 0 turns the cache off
	MaxEntries int
	MaxBytes   int
	// Cache-Control max-age sent to clients (whole seconds; 0 sends no-cache).
	ClientMaxAge time.Duration
	// How long a backend call may take: invalidations older than this cannot race a fill.
	FillTimeout time.Duration
}

// Keying says whether a route's answers are cached, and what they depend on.
type Keying int

const (
	NotCached Keying = iota
	// ByQuery: the answer depends only on the path and the query.
	ByQuery
	// ByHostAndQuery: the host too (the Atom feed's self link names the URL it was fetched at).
	ByHostAndQuery
)

// Observer is told what the cache does (the gateway's metrics); it may be nil.
type Observer interface {
	CacheLookup(result string) // hit, shared or miss
	CacheSize(entries, bytes int)
	ChangeLogConnected(connected bool)
}

// cachedAnswer is one 200 answer, in both encodings, with its validators.
type cachedAnswer struct {
	key         string
	page        string // the page the server said the answer is about; "" for all pages (or not said)
	contentType []string
	body        []byte
	gzipBody    []byte
	etag        []string // strong: a hash of body
	gzipETag    []string // the gzip form is another representation, so another tag
	stored      time.Time
	size        int
	element     *list.Element
}

// flight is one backend call that concurrent misses of the same key wait for.
type flight struct {
	done   chan struct{}
	answer *cachedAnswer // nil when the answer was not cacheable (an error)
}

// Cache holds the answers; a nil *Cache caches nothing.
type Cache struct {
	options      Options
	cacheControl []string
	observer     Observer
	keyingOf     func(path string) Keying

	mu      sync.Mutex
	entries map[string]*cachedAnswer
	lru     *list.List // front: most recently used
	bytes   int
	flights map[string]*flight
	// When each page last changed, and when anything did: a fill that started before an
	// invalidation of its page must not store what it read.
	pageChanged map[string]time.Time
	anyChanged  time.Time
	allDropped  time.Time
}

var (
	varyAcceptEncoding = []string{"Accept-Encoding"}
	gzipEncoding       = []string{"gzip"}
)

// New makes a cache of the routes that keyingOf says are cached (the route table's column).
func New(options Options, keyingOf func(path string) Keying, observer Observer) *Cache {
	cacheControl := "no-cache"
	if seconds := int(options.ClientMaxAge / time.Second); seconds > 0 {
		cacheControl = "public, max-age=" + strconv.Itoa(seconds)
	}
	return &Cache{
		options:      options,
		cacheControl: []string{cacheControl},
		observer:     observer,
		keyingOf:     keyingOf,
		entries:      map[string]*cachedAnswer{},
		lru:          list.New(),
		flights:      map[string]*flight{},
		pageChanged:  map[string]time.Time{},
	}
}

func (c *Cache) enabled() bool { return c != nil && c.options.MaxAge > 0 }

// cacheKey is the path and the query with its parameters sorted (the order of one
// parameter's values is kept: it can matter), after the scheme and host if the answer names them.
func cacheKey(r *http.Request, keying Keying) string {
	key := r.URL.Path + "?" + r.URL.Query().Encode()
	if keying == ByHostAndQuery {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		key = scheme + "://" + r.Host + key
	}
	return key
}

// The page an answer is about comes from the server (it normalises what clients spell in
// many ways, and its change log names pages the same way): the handler that makes the
// backend call passes it on with SetAnswerPage, into the fill's context.
type answerPageKey struct{}

// SetAnswerPage tells the cache which page (the server's URL of it) the answer being
// filled on ctx is about; outside a fill it does nothing.
func SetAnswerPage(ctx context.Context, page string) {
	if holder, ok := ctx.Value(answerPageKey{}).(*string); ok {
		*holder = page
	}
}

// Handler serves cacheable requests from the cache, filling it through `backend` (the
// uncompressed handler chain); `uncached` (with gzip) answers those that cannot share.
func (c *Cache) Handler(backend, uncached http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.enabled() || r.Method != http.MethodGet {
			uncached.ServeHTTP(w, r)
			return
		}
		keying := c.keyingOf(r.URL.Path)
		if keying == NotCached {
			uncached.ServeHTTP(w, r)
			return
		}
		key := cacheKey(r, keying)
		now := time.Now()
		c.mu.Lock()
		if answer, ok := c.entries[key]; ok && now.Sub(answer.stored) < c.options.MaxAge {
			c.lru.MoveToFront(answer.element)
			c.mu.Unlock()
			c.lookup("hit")
			c.serve(w, r, answer)
			return
		}
		if f, ok := c.flights[key]; ok {
			c.mu.Unlock()
			c.lookup("shared")
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.answer != nil {
				c.serve(w, r, f.answer)
			} else {
				uncached.ServeHTTP(w, r) // the leader's error was its own; ask again
			}
			return
		}
		f := &flight{done: make(chan struct{})}
		c.flights[key] = f
		c.mu.Unlock()
		c.lookup("miss")

		recorded, page := c.fill(backend, r)
		answer, current := c.store(key, page, recorded, now)
		if current {
			f.answer = answer
		}
		c.mu.Lock()
		delete(c.flights, key)
		c.mu.Unlock()
		close(f.done)
		if answer != nil {
			c.serve(w, r, answer)
		} else {
			// Errors are gzipped as everywhere else (compressed per answer: they are small and not reused).
			middleware.Gzip(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { recorded.replay(w) })).ServeHTTP(w, r)
		}
	})
}

// fill asks the backend on behalf of every waiter: detached from the asking client's
// context (its leaving must not fail the others), still bounded by --request_timeout.
// page is the one the server said the answer is about (SetAnswerPage), "" if none.
func (c *Cache) fill(backend http.Handler, r *http.Request) (recorded *recordedResponse, page string) {
	recorded = &recordedResponse{header: http.Header{}}
	backend.ServeHTTP(recorded, r.Clone(context.WithValue(context.Background(), answerPageKey{}, &page)))
	if recorded.status == 0 {
		recorded.status = http.StatusOK
	}
	return recorded, page
}

// store turns a 200 answer into a cached one (hashed and compressed once), and keeps it
// unless its page changed since the fill began. Returns nil for answers not cached (errors,
// huge bodies); current is false when the page changed meanwhile: the answer is then good
// for the client that asked before the change, not for waiters who may have come after it.
func (c *Cache) store(key, page string, recorded *recordedResponse, started time.Time) (answer *cachedAnswer, current bool) {
	body := recorded.body.Bytes()
	if recorded.status != http.StatusOK || len(body) > c.options.MaxBytes/4 {
		return nil, false
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	var compressed bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&compressed, gzip.DefaultCompression)
	gz.Write(body)
	gz.Close()
	contentType := recorded.header.Get("Content-Type")
	if contentType == "" {
		contentType = "application/json"
	}
	answer = &cachedAnswer{
		key:         key,
		page:        page,
		contentType: []string{contentType},
		body:        body,
		gzipBody:    compressed.Bytes(),
		etag:        []string{`"` + tag + `"`},
		gzipETag:    []string{`"` + tag + `-gzip"`},
		stored:      time.Now(),
	}
	answer.size = len(key) + len(answer.body) + len(answer.gzipBody) + 200

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.changedSince(answer.page, started) {
		return answer, false
	}
	if old, ok := c.entries[key]; ok {
		c.removeLocked(old)
	}
	answer.element = c.lru.PushFront(answer)
	c.entries[key] = answer
	c.bytes += answer.size
	for c.lru.Len() > c.options.MaxEntries || c.bytes > c.options.MaxBytes {
		c.removeLocked(c.lru.Back().Value.(*cachedAnswer))
	}
	c.size(len(c.entries), c.bytes)
	return answer, true
}

func (c *Cache) changedSince(page string, started time.Time) bool {
	if !c.allDropped.Before(started) {
		return true
	}
	if page == "" {
		return !c.anyChanged.Before(started)
	}
	changed, ok := c.pageChanged[page]
	return ok && !changed.Before(started)
}

func (c *Cache) removeLocked(answer *cachedAnswer) {
	c.lru.Remove(answer.element)
	delete(c.entries, answer.key)
	c.bytes -= answer.size
}

// pageChangedNow drops the page's answers (page as the change log names it, the server's
// URL) and every answer about all pages (lists, counts, search, sitemap, and statusPage by
// name, whose page the server does not say).
func (c *Cache) pageChangedNow(page string) {
	if c == nil {
		return
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.anyChanged = now
	c.pageChanged[page] = now
	if len(c.pageChanged) > 4096 {
		// Older changes cannot race a fill any more: every fill that began before them has ended.
		for p, at := range c.pageChanged {
			if now.Sub(at) > c.options.FillTimeout+time.Second {
				delete(c.pageChanged, p)
			}
		}
	}
	for _, answer := range c.entries {
		if answer.page == "" || answer.page == page {
			c.removeLocked(answer)
		}
	}
	c.size(len(c.entries), c.bytes)
}

// dropAll forgets everything, for when the change log may have missed changes.
func (c *Cache) dropAll() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.allDropped = time.Now()
	c.entries = map[string]*cachedAnswer{}
	c.lru.Init()
	c.bytes = 0
	c.size(0, 0)
}

// serve writes a cached answer: 304 when the client's If-None-Match has it, else the
// encoding the client accepts.
func (c *Cache) serve(w http.ResponseWriter, r *http.Request, answer *cachedAnswer) {
	h := w.Header()
	h["Cache-Control"] = c.cacheControl
	h["Vary"] = varyAcceptEncoding
	body, etag := answer.body, answer.etag
	compressed := middleware.AcceptsGzip(r)
	if compressed {
		body, etag = answer.gzipBody, answer.gzipETag
	}
	h["Etag"] = etag
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagListMatches(inm, answer) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = answer.contentType
	if compressed {
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// etagListMatches reads If-None-Match ("*", or a list of tags, weak ones compared weakly as
// RFC 9110 asks for GET); either encoding's tag matches, since both carry the same content.
func etagListMatches(header string, answer *cachedAnswer) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == answer.etag[0] || tag == answer.gzipETag[0] {
			return true
		}
	}
	return false
}

func (c *Cache) lookup(result string) {
	if c.observer != nil {
		c.observer.CacheLookup(result)
	}
}

func (c *Cache) size(entries, bytes int) {
	if c.observer != nil {
		c.observer.CacheSize(entries, bytes)
	}
}

// recordedResponse captures what the handler chain answered, for caching or replay.
type recordedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recordedResponse) Header() http.Header { return r.header }

func (r *recordedResponse) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recordedResponse) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

// replay sends a recorded (uncached) answer, such as an error, as it was.
func (r *recordedResponse) replay(w http.ResponseWriter) {
	h := w.Header()
	for name, values := range r.header {
		h[name] = values
	}
	h.Del("Content-Length")
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
