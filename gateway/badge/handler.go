package badge

// /api/v1/badge.svg and /api/v1/shields: a page's (or one component's) status as an SVG
// badge, a wall of several pages in one SVG, and Shields.io's endpoint JSON. Badges are
// fetched by READMEs through image proxies and by wall screens from one address, so they
// are outside the per-client rate limit; the gateway's cache answers repeats (ETag, 304,
// one backend call per key), and a global bucket bounds the backend calls of the misses.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"statusphere/gateway/cache"
	"statusphere/gateway/httperror"
	"statusphere/gateway/ratelimit"
	statusphere "statusphere/v1"
)

// Backend is what badges read of StatusPageService (its generated client is one).
type Backend interface {
	GetStatusPage(ctx context.Context, in *statusphere.GetStatusPageRequest, opts ...grpc.CallOption) (*statusphere.GetStatusPageResponse, error)
	GetCurrentStatus(ctx context.Context, in *statusphere.GetCurrentStatusRequest, opts ...grpc.CallOption) (*statusphere.GetCurrentStatusResponse, error)
	ListIncidents(ctx context.Context, in *statusphere.ListIncidentsRequest, opts ...grpc.CallOption) (*statusphere.ListIncidentsResponse, error)
}

const (
	// MaxWall is the most pages one wall shows.
	MaxWall = 12
	// MaxLabelRunes bounds ?label=.
	MaxLabelRunes = maxTextRunes
	// The backend calls of cache misses, for all clients together: a badge is up to three
	// calls, so about 100 badges a second after a burst of about 300.
	missesPerSecond = 100
	missesBurst     = 300
	// The server names the page an answer is about in this header (see api/handlers.go).
	pageHeader = "statusphere-page-url"
)

// Handlers serves the badge routes.
type Handlers struct {
	backend Backend
	misses  *ratelimit.Limiter
	now     func() time.Time
}

// New serves badges from backend.
func New(backend Backend) *Handlers {
	return &Handlers{
		backend: backend,
		misses:  ratelimit.New(ratelimit.Options{RequestsPerSecond: missesPerSecond, Burst: missesBurst, MaxClients: 1}),
		now:     time.Now,
	}
}

// requestError is an answer other than 200: its HTTP status and what is wrong.
type requestError struct {
	status     int
	message    string
	retryAfter int // seconds; 0 when not said
}

func invalid(format string, args ...interface{}) *requestError {
	return &requestError{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
}

// fromBackend maps a backend error as the rest of the REST API does (httperror).
func fromBackend(url string, err error) *requestError {
	s := status.Convert(err)
	message := s.Message()
	if s.Code() == codes.Unavailable {
		message = httperror.UnavailableMessage
	} else if s.Code() == codes.NotFound || s.Code() == codes.InvalidArgument {
		message = fmt.Sprintf("statusPageUrl %s: %s", url, message)
	}
	return &requestError{status: runtime.HTTPStatusFromCode(s.Code()), message: message}
}

// query is a badge request's parameters, checked.
type query struct {
	pages     []string
	component string
	label     string
	style     Style
}

func parse(r *http.Request) (query, *requestError) {
	values := r.URL.Query()
	q := query{pages: values["statusPageUrl"], component: values.Get("component"), label: values.Get("label"), style: Flat}
	switch {
	case len(q.pages) == 0 || q.pages[0] == "":
		return q, invalid("statusPageUrl is required")
	case len(q.pages) > MaxWall:
		return q, invalid("a wall shows at most %d pages: %d statusPageUrl given", MaxWall, len(q.pages))
	case q.component != "" && len(q.pages) > 1:
		return q, invalid("component names a component of one page: %d statusPageUrl given", len(q.pages))
	case utf8.RuneCountInString(q.component) > 200:
		return q, invalid("component is longer than 200 characters")
	case utf8.RuneCountInString(q.label) > MaxLabelRunes:
		return q, invalid("label is %d characters long: at most %d", utf8.RuneCountInString(q.label), MaxLabelRunes)
	}
	for _, page := range q.pages {
		if page == "" {
			return q, invalid("statusPageUrl is empty")
		}
	}
	if style := values.Get("style"); style != "" {
		if style != string(Flat) && style != string(FlatSquare) {
			return q, invalid("style must be flat or flat-square, not %q", style)
		}
		q.style = Style(style)
	}
	return q, nil
}

// verdict is what a badge says about one page or component.
type verdict struct {
	name  string // the page's name, or the component's
	level Level
	page  string // the server's URL of the page
}

// admit spends the misses' global budget.
func (h *Handlers) admit() *requestError {
	if wait := h.misses.Take("badges"); wait > 0 {
		retry := int(wait/time.Second) + 1
		return &requestError{status: http.StatusServiceUnavailable, retryAfter: retry,
			message: fmt.Sprintf("too many badges asked at once; retry in %d s", retry)}
	}
	return nil
}

// lookup reads one page (and component) from the backend.
func (h *Handlers) lookup(ctx context.Context, url, componentQuery string) (verdict, *requestError) {
	var header metadata.MD
	page, err := h.backend.GetStatusPage(ctx, &statusphere.GetStatusPageRequest{StatusPageUrl: url}, grpc.Header(&header))
	if err != nil {
		return verdict{}, fromBackend(url, err)
	}
	current, err := h.backend.GetCurrentStatus(ctx, &statusphere.GetCurrentStatusRequest{StatusPageUrl: url})
	if err != nil {
		return verdict{}, fromBackend(url, err)
	}
	v := verdict{name: page.GetStatusPage().GetName(), page: page.GetStatusPage().GetUrl()}
	if names := header.Get(pageHeader); len(names) > 0 {
		v.page = names[0]
	}
	if componentQuery != "" {
		component := findComponent(page.GetStatusPage().GetComponents(), componentQuery)
		if component == nil {
			return verdict{}, &requestError{status: http.StatusNotFound,
				message: fmt.Sprintf("statusPageUrl %s has no component %q", url, componentQuery)}
		}
		v.name, v.level = component.GetName(), componentLevel(current, component)
		return v, nil
	}
	v.level = pageLevel(current, page.GetStatusPage().GetComponents(), func() bool {
		windows, err := h.backend.ListIncidents(ctx, &statusphere.ListIncidentsRequest{StatusPageUrl: url, Impact: "maintenance", Limit: "20"})
		return err == nil && inProgress(windows.GetIncidents(), h.now())
	})
	return v, nil
}

// lookupAll reads every page of q, in parallel; the first error (in q's order) wins.
func (h *Handlers) lookupAll(ctx context.Context, q query) ([]verdict, *requestError) {
	if e := h.admit(); e != nil {
		return nil, e
	}
	verdicts := make([]verdict, len(q.pages))
	errs := make([]*requestError, len(q.pages))
	var wg sync.WaitGroup
	for i, url := range q.pages {
		wg.Add(1)
		go func(i int, url string) {
			defer wg.Done()
			verdicts[i], errs[i] = h.lookup(ctx, url, q.component)
		}(i, url)
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	if len(verdicts) == 1 {
		// One page: the cache drops this answer when that page changes (a wall's answer
		// names no page, so that any change drops it).
		cache.SetAnswerPage(ctx, verdicts[0].page)
	}
	return verdicts, nil
}

// Badge serves /api/v1/badge.svg. Errors are badges too (an <img> shows no JSON), with
// the status of the REST API's error and its message in the title and aria-label.
func (h *Handlers) Badge(w http.ResponseWriter, r *http.Request) {
	q, e := parse(r)
	var verdicts []verdict
	if e == nil {
		verdicts, e = h.lookupAll(r.Context(), q)
	}
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	if e != nil {
		if e.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
		}
		w.WriteHeader(e.status)
		row := Row{Label: "statusphere", Value: shorten(clean(e.message)), Fill: Unknown.fill()}
		w.Write([]byte(renderRows([]Row{row}, q.style, "statusphere error: "+clean(e.message))))
		return
	}
	rows := make([]Row, len(verdicts))
	for i, v := range verdicts {
		rows[i] = Row{Label: shorten(clean(v.name)), Value: v.level.Message(), Fill: v.level.fill()}
	}
	label := clean(q.label)
	if len(rows) == 1 {
		if label != "" {
			rows[0].Label = label
		}
		w.Write([]byte(Render(rows[0], q.style)))
		return
	}
	if label == "" {
		label = "vendor status"
	}
	w.Write([]byte(RenderWall(rows, q.style, label)))
}

// shieldsAnswer is Shields.io's endpoint schema (https://shields.io/badges/endpoint-badge);
// Error is the REST API's error field, set with isError.
type shieldsAnswer struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
	IsError       bool   `json:"isError,omitempty"`
	Error         string `json:"error,omitempty"`
}

// Shields serves /api/v1/shields: one page (or component) for Shields.io's endpoint badge.
func (h *Handlers) Shields(w http.ResponseWriter, r *http.Request) {
	q, e := parse(r)
	if e == nil && len(q.pages) > 1 {
		e = invalid("the shields endpoint shows one page: %d statusPageUrl given", len(q.pages))
	}
	var verdicts []verdict
	if e == nil {
		verdicts, e = h.lookupAll(r.Context(), q)
	}
	answer := shieldsAnswer{SchemaVersion: 1}
	status := http.StatusOK
	if e != nil {
		status = e.status
		if e.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
		}
		answer.Label, answer.Message, answer.Color, answer.IsError, answer.Error = "statusphere", e.message, Unknown.ShieldsColor(), true, e.message
	} else {
		v := verdicts[0]
		answer.Label, answer.Message, answer.Color = shorten(clean(v.name)), v.level.Message(), v.level.ShieldsColor()
		if label := clean(q.label); label != "" {
			answer.Label = label
		}
	}
	body, _ := json.Marshal(answer)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}
