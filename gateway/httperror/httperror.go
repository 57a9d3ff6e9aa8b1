package httperror

// Every error leaves the gateway as {"error":"<message>"} and nothing else: that is the one
// field the original Statusphere clients read, and grpc-gateway 1.6.4's default body
// (error, message, code, details) or its plain-text 404/405 would break them.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"statusphere/gateway/logging"
)

// UnavailableMessage replaces grpc-go's transport details ("dial tcp 10.0.0.5:50051:
// connection refused"), which say nothing useful to a REST client and leak the topology.
const UnavailableMessage = "the statusphere backend is unavailable, try again shortly"

// WriteJSON answers {"error": message} with httpStatus.
func WriteJSON(w http.ResponseWriter, httpStatus int, message string) {
	body, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{message})
	h := w.Header()
	h.Del("Trailer")
	h.Del("Content-Length")
	h.Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	w.Write(body)
}

// WriteGRPC maps a gRPC status to HTTP with grpc-gateway's table (INVALID_ARGUMENT
// 400, NOT_FOUND 404, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, ...).
func WriteGRPC(w http.ResponseWriter, r *http.Request, err error) {
	s, ok := status.FromError(err)
	if !ok {
		s = status.New(codes.Unknown, err.Error())
	}
	message := s.Message()
	switch s.Code() {
	case codes.InvalidArgument:
		message = clearerNumberError(r, message)
	case codes.Unavailable:
		logging.Warn("backend.unavailable", logging.Fields{"path": r.URL.Path, "error": s.Message()})
		message = UnavailableMessage
	case codes.Unknown, codes.Internal, codes.DataLoss, codes.DeadlineExceeded:
		logging.Warn("backend.error", logging.Fields{"path": r.URL.Path, "code": s.Code().String(), "error": s.Message()})
	}
	WriteJSON(w, runtime.HTTPStatusFromCode(s.Code()), message)
}

// grpc-gateway 1.6.4 reports a query parameter that is not a number with strconv's own
// words ("strconv.ParseInt: parsing \"abc\": invalid syntax"), which name neither the
// parameter nor what was wrong: ?pageSize=abc becomes `pageSize: "abc" is not an integer`.
func clearerNumberError(r *http.Request, message string) string {
	if !strings.HasPrefix(message, "strconv.Parse") {
		return message
	}
	what := "is not an integer"
	if strings.HasSuffix(message, strconv.ErrRange.Error()) {
		what = "is out of range"
	}
	for name, values := range r.URL.Query() {
		for _, v := range values {
			if strings.Contains(message, strconv.Quote(v)) {
				return fmt.Sprintf("%s: %q %s", name, v, what)
			}
		}
	}
	return "a query parameter " + what + ": " + message
}

// Install makes grpc-gateway's own errors (and its 404/405) answer in this shape.
func Install() {
	runtime.HTTPError = func(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler,
		w http.ResponseWriter, r *http.Request, err error) {
		// The server's rate limiter says when to come back in a "retry-after" trailer.
		if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
			if retry := md.TrailerMD.Get("retry-after"); len(retry) > 0 {
				w.Header().Set("Retry-After", retry[0])
			}
		}
		WriteGRPC(w, r, err)
	}
	// Unknown paths (404), wrong methods (405) and malformed requests (400).
	runtime.OtherErrorHandler = func(w http.ResponseWriter, r *http.Request, msg string, code int) {
		switch code {
		case http.StatusNotFound:
			msg = fmt.Sprintf("no such path: %s", r.URL.Path)
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			msg = fmt.Sprintf("method %s not allowed: the API is read-only (GET)", r.Method)
		}
		WriteJSON(w, code, msg)
	}
}
