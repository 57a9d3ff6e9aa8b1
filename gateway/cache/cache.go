package main

// The response cache of the idempotent GET endpoints (currentStatus, incidents, statusPage,
// statusPages, count, search, uptime, sitemap.xml, feed.atom). The profile of the uncached
// gateway put about half of a request's time in grpc-gateway's jsonpb marshaller
// (reflection on every field, every request) and another tenth in the gRPC round trip: a
// cached answer pays for both once, and for its gzip form once, instead of per request.
//
// Freshness comes first: an entry is served for at most --cache_max_age (500 ms by
// default), and the incident change log (one WatchIncidents stream, see changefeed.go)
// drops a page's entries, and every answer about all pages, as soon as a change is stored.
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
)

type cacheOptions struct {
	maxAge     time.Duration // 0 turns the cache off
	maxEntries int
	maxBytes   int
	// Cache-Control max-age sent to clients (whole seconds; 0 sends no-cache).
	clientMaxAge time.Duration
	// How long a backend call may take: invalidations older than this cannot race a fill.
	fillTimeout time.Duration
}

// cachedAnswer is one 200 answer, in both encodings, with its validators.
type cachedAnswer struct {
	key         string
	page        string // normalized statusPageUrl; "" for answers about all pages
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

type responseCache struct {
	options      cacheOptions
	cacheControl []string
	metrics      *gatewayMetrics

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

// cacheableRoutes are the GET endpoints whose answer depends only on the path and query
// (and, for the Atom feed's self link, the host).
var cacheableRoutes = map[string]bool{
	"/api/v1/currentStatus": true, "/api/v1/incidents": true, "/api/v1/statusPage": true,
	"/api/v1/statusPages": true, "/api/v1/statusPages/count": true, "/api/v1/statusPages/search": true,
	"/api/v1/uptime": true, "/api/v1/sitemap.xml": true, "/api/v1/feed.atom": true,
}

var (
	varyAcceptEncoding = []string{"Accept-Encoding"}
	gzipEncoding       = []string{"gzip"}
)

func newResponseCache(options cacheOptions, metrics *gatewayMetrics) *responseCache {
	cacheControl := "no-cache"
	if seconds := int(options.clientMaxAge / time.Second); seconds > 0 {
		cacheControl = "public, max-age=" + strconv.Itoa(seconds)
	}
	return &responseCache{
		options:      options,
		cacheControl: []string{cacheControl},
		metrics:      metrics,
		entries:      map[string]*cachedAnswer{},
		lru:          list.New(),
		flights:      map[string]*flight{},
		pageChanged:  map[string]time.Time{},
	}
}

func (c *responseCache) enabled() bool { return c != nil && c.options.maxAge > 0 }

// cacheKey is the path and the query with its parameters sorted (the order of one
// parameter's values is kept: it can matter); the Atom feed's self link names the host.
func cacheKey(r *http.Request) string {
	key := r.URL.Path + "?" + r.URL.Query().Encode()
	if r.URL.Path == "/api/v1/feed.atom" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		key = scheme + "://" + r.Host + key
	}
	return key
}

// normalizePageURL makes the change log's page URL and a client's spelling of it meet
// (case, scheme, trailing slash); a spelling it misses is still bounded by max age.
func normalizePageURL(url string) string {
	url = strings.ToLower(strings.TrimSpace(url))
	url = strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://")
	return strings.TrimRight(url, "/")
}

// handler serves cacheable requests from the cache, filling it through `backend` (the
// uncompressed handler chain); `uncached` (with gzip) answers those that cannot share.
func (c *responseCache) handler(backend, uncached http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.enabled() || r.Method != http.MethodGet || !cacheableRoutes[r.URL.Path] {
			uncached.ServeHTTP(w, r)
			return
		}
		key := cacheKey(r)
		now := time.Now()
		c.mu.Lock()
		if answer, ok := c.entries[key]; ok && now.Sub(answer.stored) < c.options.maxAge {
			c.lru.MoveToFront(answer.element)
			c.mu.Unlock()
			c.metrics.cacheLookup("hit")
			c.serve(w, r, answer)
			return
		}
		if f, ok := c.flights[key]; ok {
			c.mu.Unlock()
			c.metrics.cacheLookup("shared")
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
		c.metrics.cacheLookup("miss")

		recorded := c.fill(backend, r)
		answer, current := c.store(key, r, recorded, now)
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
			withGzip(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { recorded.replay(w) })).ServeHTTP(w, r)
		}
	})
}

// fill asks the backend on behalf of every waiter: detached from the asking client's
// context (its leaving must not fail the others), still bounded by --request_timeout.
func (c *responseCache) fill(backend http.Handler, r *http.Request) *recordedResponse {
	recorded := &recordedResponse{header: http.Header{}}
	backend.ServeHTTP(recorded, r.Clone(context.Background()))
	if recorded.status == 0 {
		recorded.status = http.StatusOK
	}
	return recorded
}

// store turns a 200 answer into a cached one (hashed and compressed once), and keeps it
// unless its page changed since the fill began. Returns nil for answers not cached (errors,
// huge bodies); current is false when the page changed meanwhile: the answer is then good
// for the client that asked before the change, not for waiters who may have come after it.
func (c *responseCache) store(key string, r *http.Request, recorded *recordedResponse, started time.Time) (answer *cachedAnswer, current bool) {
	body := recorded.body.Bytes()
	if recorded.status != http.StatusOK || len(body) > c.options.maxBytes/4 {
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
		page:        normalizePageURL(r.URL.Query().Get("statusPageUrl")),
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
	for c.lru.Len() > c.options.maxEntries || c.bytes > c.options.maxBytes {
		c.removeLocked(c.lru.Back().Value.(*cachedAnswer))
	}
	c.metrics.cacheSize(len(c.entries), c.bytes)
	return answer, true
}

func (c *responseCache) changedSince(page string, started time.Time) bool {
	if !c.allDropped.Before(started) {
		return true
	}
	if page == "" {
		return !c.anyChanged.Before(started)
	}
	changed, ok := c.pageChanged[page]
	return ok && !changed.Before(started)
}

func (c *responseCache) removeLocked(answer *cachedAnswer) {
	c.lru.Remove(answer.element)
	delete(c.entries, answer.key)
	c.bytes -= answer.size
}

// pageChangedNow drops the page's answers and every answer about all pages (lists,
// counts, search, sitemap, and statusPage by name, whose page the key does not say).
func (c *responseCache) pageChangedNow(pageURL string) {
	if c == nil {
		return
	}
	page := normalizePageURL(pageURL)
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.anyChanged = now
	c.pageChanged[page] = now
	if len(c.pageChanged) > 4096 {
		// Older changes cannot race a fill any more: every fill that began before them has ended.
		for p, at := range c.pageChanged {
			if now.Sub(at) > c.options.fillTimeout+time.Second {
				delete(c.pageChanged, p)
			}
		}
	}
	for _, answer := range c.entries {
		if answer.page == "" || answer.page == page {
			c.removeLocked(answer)
		}
	}
	c.metrics.cacheSize(len(c.entries), c.bytes)
}

// dropAll forgets everything, for when the change log may have missed changes.
func (c *responseCache) dropAll() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.allDropped = time.Now()
	c.entries = map[string]*cachedAnswer{}
	c.lru.Init()
	c.bytes = 0
	c.metrics.cacheSize(0, 0)
}

// serve writes a cached answer: 304 when the client's If-None-Match has it, else the
// encoding the client accepts.
func (c *responseCache) serve(w http.ResponseWriter, r *http.Request, answer *cachedAnswer) {
	h := w.Header()
	h["Cache-Control"] = c.cacheControl
	h["Vary"] = varyAcceptEncoding
	body, etag := answer.body, answer.etag
	compressed := acceptsGzip(r)
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
