package main

// /api/v1/watch: WatchIncidents as Server-Sent Events, so that browsers (EventSource) and
// curl follow incident changes live. Each change is one event whose id is its cursor: an
// EventSource that reconnects sends it back as Last-Event-ID and resumes without a gap.
// The stream is exempt from the request timeout and from gzip (which would hold events
// back in its buffer); a comment line every 15 s keeps idle proxies from closing it.

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"

	statusphere "statusphere/v1"
)

const watchPath = "/api/v1/watch"

var watchHeartbeat = 15 * time.Second

// `stopping` ends every stream when the gateway shuts down, so that open streams do not
// hold the graceful shutdown for its whole deadline; clients reconnect elsewhere.
func watchHandler(stopping context.Context, client statusphere.StatusPageServiceClient) http.HandlerFunc {
	marshaler := &runtime.JSONPb{OrigName: false, EmitDefaults: true}
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
		stream, err := client.WatchIncidents(r.Context(), &statusphere.WatchIncidentsRequest{
			StatusPageUrl: query.Get("statusPageUrl"),
			Cursor:        cursor,
			Impact:        strings.Join(query["impact"], ","),
		})
		if err != nil {
			writeGRPCError(w, r, err)
			return
		}
		// The first message tells whether the request was valid: errors still get the JSON
		// error body and status code, not a half-open event stream.
		changes := make(chan *statusphere.IncidentChange)
		failed := make(chan error, 1)
		go func() {
			for {
				change, err := stream.Recv()
				if err != nil {
					failed <- err
					return
				}
				select {
				case changes <- change:
				case <-r.Context().Done():
					return
				}
			}
		}()
		started := false
		start := func() {
			if started {
				return
			}
			started = true
			h := w.Header()
			h.Set("Content-Type", "text/event-stream; charset=utf-8")
			h.Set("Cache-Control", "no-cache")
			h.Set("X-Accel-Buffering", "no") // nginx in front must not buffer the stream
			w.WriteHeader(http.StatusOK)
			w.Write([]byte(": statusphere incident changes\n\n"))
			flusher.Flush()
		}
		// A valid request with nothing to replay sends nothing at first: open the stream
		// once the server had a moment to refuse a bad one.
		opening := time.NewTimer(300 * time.Millisecond)
		defer opening.Stop()
		heartbeat := time.NewTicker(watchHeartbeat)
		defer heartbeat.Stop()
		for {
			select {
			case change := <-changes:
				start()
				data, err := marshaler.Marshal(change)
				if err != nil {
					logWarn("watch.marshal_failed", fields{"error": err.Error()})
					return
				}
				kind := strings.ToLower(change.GetKind().String())
				w.Write([]byte("id: " + change.GetCursor() + "\nevent: " + kind + "\ndata: " + string(data) + "\n\n"))
				flusher.Flush()
			case err := <-failed:
				if !started {
					writeGRPCError(w, r, err)
				}
				return // the client reconnects with Last-Event-ID
			case <-opening.C:
				start()
			case <-heartbeat.C:
				start()
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
