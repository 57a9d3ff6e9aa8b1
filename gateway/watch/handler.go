package watch

// /api/v1/watch: WatchIncidents as Server-Sent Events, so that browsers (EventSource) and
// curl follow incident changes live. Each change is one event whose id is its cursor: an
// EventSource that reconnects sends it back as Last-Event-ID and resumes without a gap.
// The stream is exempt from the request timeout and from gzip (which would hold events
// back in its buffer); a comment line every 15 s keeps idle proxies from closing it.

import (
	"net/http"
	"strings"

	"statusphere/gateway/httperror"
	"statusphere/gateway/ratelimit"
)

// ServeHTTP serves one watch client for as long as it stays.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		httperror.WriteJSON(w, http.StatusInternalServerError, "streaming is not supported by this connection")
		return
	}
	query := r.URL.Query()
	cursor := query.Get("cursor")
	if last := r.Header.Get("Last-Event-ID"); last != "" {
		cursor = last // a reconnecting EventSource resumes where it stopped
	}
	address := ratelimit.ClientAddress(r)
	c := &client{
		hub:     h,
		filter:  Filter{Page: query.Get("statusPageUrl"), Impact: strings.Join(query["impact"], ",")},
		ctx:     ForwardedFor(r.Context(), address),
		address: address,
		out:     w,
		flush:   flusher,
	}
	defer c.close()
	// Errors still get the JSON error body and status code, not a half-open stream: the
	// replay call, or the feed, must have been accepted first.
	if err := c.start(cursor); err != nil {
		if r.Context().Err() == nil {
			httperror.WriteGRPC(w, r, err)
		}
		return
	}
	header := w.Header()
	header.Set("Content-Type", "text/event-stream; charset=utf-8")
	header.Set("Cache-Control", "no-cache")
	header.Set("X-Accel-Buffering", "no") // nginx in front must not buffer the stream
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(": statusphere incident changes\n\n"))
	flusher.Flush()
	c.serve()
}
