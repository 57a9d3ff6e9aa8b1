package ratelimit

// The per-client rate limit of the public API, in the gateway. The server limits each
// client by the address the gateway forwards (server/rate_limiter.cc), but a cached answer
// never reaches the server: the gateway counts every request itself, with the same token
// bucket, the same defaults and the same 429 answer (JSON error, Retry-After). Misses are
// then counted twice, once here and once by the server, which never refuses first since it
// sees fewer requests than the gateway admitted.

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"statusphere/gateway/httperror"
)

// Options are the limit's flags (--rate_limit_*).
type Options struct {
	RequestsPerSecond float64 // 0 turns limiting off
	Burst             float64
	MaxClients        int
}

type tokenBucket struct {
	tokens  float64
	updated time.Time
}

// Limiter is one token bucket per client address.
type Limiter struct {
	options Options
	mu      sync.Mutex
	buckets map[string]*tokenBucket
}

// New makes a limiter; options.RequestsPerSecond 0 admits everything.
func New(options Options) *Limiter {
	return &Limiter{options: options, buckets: map[string]*tokenBucket{}}
}

// take spends one token of client's bucket: zero when admitted, else how long until a
// request would be.
func (l *Limiter) take(client string, now time.Time) time.Duration {
	rate := l.options.RequestsPerSecond
	if rate <= 0 {
		return 0
	}
	burst := math.Max(1, l.options.Burst)
	l.mu.Lock()
	defer l.mu.Unlock()
	bucket, ok := l.buckets[client]
	if !ok {
		if len(l.buckets) >= l.options.MaxClients {
			l.evictIdle(now)
		}
		bucket = &tokenBucket{tokens: burst, updated: now}
		l.buckets[client] = bucket
	}
	bucket.tokens = math.Min(burst, bucket.tokens+now.Sub(bucket.updated).Seconds()*rate)
	bucket.updated = now
	if bucket.tokens >= 1 {
		bucket.tokens--
		return 0
	}
	return time.Duration((1 - bucket.tokens) / rate * float64(time.Second))
}

// Take spends one token of key's bucket (a client, or any other name): zero when admitted,
// else how long until a request would be. The badges' global budget is one such bucket.
func (l *Limiter) Take(key string) time.Duration { return l.take(key, time.Now()) }

// evictIdle keeps memory bounded however many addresses call: refilled buckets are the
// same as new ones; if too many clients are still active, the least recently seen half goes.
func (l *Limiter) evictIdle(now time.Time) {
	rate, burst := l.options.RequestsPerSecond, math.Max(1, l.options.Burst)
	for client, bucket := range l.buckets {
		if bucket.tokens+now.Sub(bucket.updated).Seconds()*rate >= burst {
			delete(l.buckets, client)
		}
	}
	if len(l.buckets) < l.options.MaxClients {
		return
	}
	seen := make([]time.Time, 0, len(l.buckets))
	for _, bucket := range l.buckets {
		seen = append(seen, bucket.updated)
	}
	sort.Slice(seen, func(i, j int) bool { return seen[i].Before(seen[j]) })
	cutoff := seen[len(seen)/2]
	for client, bucket := range l.buckets {
		if !bucket.updated.After(cutoff) {
			delete(l.buckets, client)
		}
	}
}

// ClientAddress is the address the server would limit this request under: the HTTP
// peer (the gateway forwards it as the last x-forwarded-for entry, which the server uses).
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return host
}

// Wrap applies the limit to the requests whose path `limited` names (the public API; see
// the route table in api/routes.go).
func (l *Limiter) Wrap(next http.Handler, limited func(path string) bool) http.Handler {
	if l.options.RequestsPerSecond <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !limited(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		client := ClientAddress(r)
		wait := l.take(client, time.Now())
		if wait == 0 {
			next.ServeHTTP(w, r)
			return
		}
		retry := int64(math.Max(1, math.Ceil(wait.Seconds())))
		w.Header().Set("Retry-After", strconv.FormatInt(retry, 10))
		// The server's wording, so that clients see one message whoever refused.
		httperror.WriteJSON(w, http.StatusTooManyRequests, fmt.Sprintf(
			"rate limit exceeded for %s: at most %g requests per second (bursts of %g); retry in %d s",
			client, l.options.RequestsPerSecond, l.options.Burst, retry))
	})
}
