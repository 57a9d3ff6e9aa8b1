package middleware

// One "http.request" event per request (method, path, status, duration), the gateway's
// access log in the same JSON-lines stream as everything else.

import (
	"net/http"
	"time"

	"statusphere/gateway/logging"
)

// StatusRecorder remembers the status code a handler wrote, for the access log.
type StatusRecorder struct {
	http.ResponseWriter
	Status int // 0 until the handler writes
}

func (r *StatusRecorder) WriteHeader(code int) {
	if r.Status == 0 {
		r.Status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *StatusRecorder) Write(p []byte) (int, error) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	return r.ResponseWriter.Write(p)
}

// Flush passes through, so that streams (the watch endpoint) reach the client at once.
func (r *StatusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// AccessLog logs one "http.request" event per request.
func AccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &StatusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.Status == 0 {
			rec.Status = http.StatusOK
		}
		logging.Info("http.request", logging.Fields{
			"method":      r.Method,
			"path":        r.URL.Path,
			"status":      rec.Status,
			"duration_ms": float64(time.Since(start).Microseconds()) / 1000,
			"remote":      r.RemoteAddr,
		})
	})
}
