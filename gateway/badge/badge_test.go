package badge

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang/protobuf/ptypes/timestamp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// fakePage is what the fake backend knows of one page.
type fakePage struct {
	name        string
	status      string // UP, DEGRADED, UNKNOWN
	scraped     bool   // read successfully once (UNKNOWN then means stale)
	components  []*statusphere.Component
	unresolved  []*statusphere.Incident
	maintenance []*statusphere.Incident
}

type fakeBackend struct {
	pages map[string]*fakePage
	calls int
}

func (f *fakeBackend) page(url string) (*fakePage, error) {
	f.calls++
	if url == "down" {
		return nil, status.Error(codes.Unavailable, "dial tcp 10.0.0.5:50051: connection refused")
	}
	page, ok := f.pages[url]
	if !ok {
		return nil, status.Error(codes.NotFound, "status page not found")
	}
	return page, nil
}

func (f *fakeBackend) GetStatusPage(_ context.Context, in *statusphere.GetStatusPageRequest, _ ...grpc.CallOption) (*statusphere.GetStatusPageResponse, error) {
	page, err := f.page(in.GetStatusPageUrl())
	if err != nil {
		return nil, err
	}
	return &statusphere.GetStatusPageResponse{StatusPage: &statusphere.StatusPage{
		Name: page.name, Url: in.GetStatusPageUrl(), Status: page.status, Components: page.components}}, nil
}

func (f *fakeBackend) GetCurrentStatus(_ context.Context, in *statusphere.GetCurrentStatusRequest, _ ...grpc.CallOption) (*statusphere.GetCurrentStatusResponse, error) {
	page, err := f.page(in.GetStatusPageUrl())
	if err != nil {
		return nil, err
	}
	answer := &statusphere.GetCurrentStatusResponse{Status: page.status, UnresolvedIncidents: page.unresolved}
	if page.scraped {
		answer.LastCurrentlyScraped = &timestamp.Timestamp{Seconds: 1_700_000_000}
	}
	return answer, nil
}

func (f *fakeBackend) ListIncidents(_ context.Context, in *statusphere.ListIncidentsRequest, _ ...grpc.CallOption) (*statusphere.ListIncidentsResponse, error) {
	page, err := f.page(in.GetStatusPageUrl())
	if err != nil {
		return nil, err
	}
	if in.GetImpact() != "maintenance" {
		return nil, status.Error(codes.InvalidArgument, "the badge asks only for maintenance")
	}
	return &statusphere.ListIncidentsResponse{Incidents: page.maintenance}, nil
}

var now = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func at(t time.Time) *timestamp.Timestamp { return &timestamp.Timestamp{Seconds: t.Unix()} }

func component(name, status string) *statusphere.Component {
	return &statusphere.Component{Id: strings.ToLower(name) + "-id", Name: name, Status: status}
}

func incident(impact string) *statusphere.Incident {
	return &statusphere.Incident{Title: impact + " trouble", Impact: impact, StartTime: at(now.Add(-time.Hour))}
}

func newFake() *fakeBackend {
	return &fakeBackend{pages: map[string]*fakePage{
		"https://up.example": {name: "Up & Co", status: "UP", scraped: true,
			components: []*statusphere.Component{component("API", "operational"), component("Web", "operational")}},
		"https://minor.example": {name: "Minor", status: "DEGRADED", scraped: true,
			components: []*statusphere.Component{component("API", "operational")}, unresolved: []*statusphere.Incident{incident("minor")}},
		"https://partial.example": {name: "Partial", status: "DEGRADED", scraped: true,
			components: []*statusphere.Component{component("API", "partial_outage"), component("Web", "operational")},
			unresolved: []*statusphere.Incident{incident("minor")}},
		"https://critical.example": {name: "Critical", status: "DEGRADED", scraped: true,
			components: []*statusphere.Component{component("API", "degraded_performance")},
			unresolved: []*statusphere.Incident{incident("critical"), incident("minor")}},
		"https://maintenance.example": {name: "Maintained", status: "DEGRADED", scraped: true,
			components: []*statusphere.Component{component("DB", "operational")},
			maintenance: []*statusphere.Incident{
				{Impact: "maintenance", StartTime: at(now.Add(-2 * time.Hour)), ScheduledStartTime: at(now.Add(24 * time.Hour))},
				{Impact: "maintenance", StartTime: at(now.Add(-2 * time.Hour)), ScheduledStartTime: at(now.Add(-time.Minute))}}},
		"https://later.example": {name: "Later", status: "DEGRADED", scraped: true,
			maintenance: []*statusphere.Incident{
				{Impact: "maintenance", StartTime: at(now.Add(-2 * time.Hour)), ScheduledStartTime: at(now.Add(time.Hour))}}},
		"https://new.example":   {name: "New", status: "UNKNOWN"},
		"https://stale.example": {name: "Stale", status: "UNKNOWN", scraped: true, components: []*statusphere.Component{component("API", "operational")}},
	}}
}

func newTestHandlers(backend Backend) *Handlers {
	h := New(backend)
	h.now = func() time.Time { return now }
	return h
}

func get(t *testing.T, handler http.HandlerFunc, target string) (*http.Response, string) {
	t.Helper()
	w := httptest.NewRecorder()
	handler(w, httptest.NewRequest(http.MethodGet, target, nil))
	body, _ := io.ReadAll(w.Result().Body)
	return w.Result(), string(body)
}

func badgeURL(params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		q.Add(params[i], params[i+1])
	}
	return "/api/v1/badge.svg?" + q.Encode()
}

// svgDoc is what the tests read back of an SVG: it must parse as XML.
type svgDoc struct {
	XMLName   xml.Name `xml:"svg"`
	Role      string   `xml:"role,attr"`
	AriaLabel string   `xml:"aria-label,attr"`
	Width     int      `xml:"width,attr"`
	Height    int      `xml:"height,attr"`
	Title     string   `xml:"title"`
	Rows      []struct {
		Rects []struct {
			Class string `xml:"class,attr"`
			Fill  string `xml:"fill,attr"`
			Width int    `xml:"width,attr"`
		} `xml:"g>rect"`
		Texts []struct {
			Class string `xml:"class,attr"`
			Value string `xml:",chardata"`
		} `xml:"g>text"`
	} `xml:"g"`
}

func parseSVG(t *testing.T, body string) svgDoc {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, body)
	}
	return doc
}

// texts is a row's label and value, as drawn (the shadows aside).
func (d svgDoc) texts(row int) (label, value string) {
	for _, text := range d.Rows[row].Texts {
		switch text.Class {
		case "label":
			label = text.Value
		case "value":
			value = text.Value
		}
	}
	return
}

func (d svgDoc) valueFill(row int) string {
	for _, rect := range d.Rows[row].Rects {
		if rect.Class == "value" {
			return rect.Fill
		}
	}
	return ""
}

func TestAPageBadgeSaysHowBadInWordsAndColour(t *testing.T) {
	h := newTestHandlers(newFake())
	for page, want := range map[string]Level{
		"https://up.example":          Operational,
		"https://minor.example":       Degraded,
		"https://partial.example":     PartialOutage, // a component's partial outage outweighs a minor incident
		"https://critical.example":    MajorOutage,
		"https://maintenance.example": Maintenance, // DEGRADED by a window in progress
		"https://later.example":       Degraded,    // DEGRADED, no window open: never operational
		"https://new.example":         Unknown,
		"https://stale.example":       Stale,
	} {
		resp, body := get(t, h.Badge, badgeURL("statusPageUrl", page))
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" {
			t.Fatalf("%s: %d %s", page, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		doc := parseSVG(t, body)
		label, value := doc.texts(0)
		if value != want.Message() || doc.valueFill(0) != want.fill() {
			t.Errorf("%s: %q in %s, want %q in %s", page, value, doc.valueFill(0), want.Message(), want.fill())
		}
		name := newFake().pages[page].name
		if label != name || doc.Role != "img" || doc.AriaLabel != name+": "+want.Message() || doc.Title != doc.AriaLabel {
			t.Errorf("%s: label %q role %q aria-label %q title %q", page, label, doc.Role, doc.AriaLabel, doc.Title)
		}
	}
}

func TestAComponentBadgeSaysTheComponentsStatus(t *testing.T) {
	h := newTestHandlers(newFake())
	for _, c := range []struct{ page, component, name string }{
		{"https://partial.example", "api", "API"},    // by name, any case
		{"https://partial.example", "web-id", "Web"}, // by the platform's id
	} {
		_, body := get(t, h.Badge, badgeURL("statusPageUrl", c.page, "component", c.component))
		label, value := parseSVG(t, body).texts(0)
		want := map[string]string{"API": "partial outage", "Web": "operational"}[c.name]
		if label != c.name || value != want {
			t.Errorf("%s %s: %q %q, want %q %q", c.page, c.component, label, value, c.name, want)
		}
	}
	// A stale page's components are stale too, whatever they said last.
	_, body := get(t, h.Badge, badgeURL("statusPageUrl", "https://stale.example", "component", "API"))
	if _, value := parseSVG(t, body).texts(0); value != "stale" {
		t.Errorf("a stale page's component says %q", value)
	}
	resp, body := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "component", "Billing"))
	if resp.StatusCode != 404 || !strings.Contains(parseSVG(t, body).AriaLabel, `has no component "Billing"`) {
		t.Errorf("an unknown component: %d %s", resp.StatusCode, body)
	}
}

func TestLabelsAreEscapedMeasuredAndBounded(t *testing.T) {
	h := newTestHandlers(newFake())
	hostile := `<script>alert("x")</script>&`
	_, body := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "label", hostile))
	if strings.Contains(body, "<script") {
		t.Fatalf("the label is not escaped: %s", body)
	}
	doc := parseSVG(t, body)
	if label, _ := doc.texts(0); label != hostile {
		t.Errorf("the label reads back as %q", label)
	}
	// The page's own name is escaped too ("Up & Co").
	_, body = get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example"))
	if !strings.Contains(body, "Up &amp; Co") {
		t.Errorf("the name is not escaped: %s", body)
	}
	// Widths follow the text: "WWW" is wider than "iii", and each box holds its text and padding.
	_, wide := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "label", "WWWWWW"))
	_, narrow := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "label", "iiiiii"))
	w, n := parseSVG(t, wide), parseSVG(t, narrow)
	if w.Rows[0].Rects[0].Width-n.Rows[0].Rects[0].Width < 40 || w.Width != w.Rows[0].Rects[0].Width+w.Rows[0].Rects[1].Width {
		t.Errorf("label boxes: WWWWWW %d, iiiiii %d (badge %d)", w.Rows[0].Rects[0].Width, n.Rows[0].Rects[0].Width, w.Width)
	}
	if got := textWidth("operational"); got < 60 || got > 70 {
		t.Errorf("\"operational\" measures %.1f px, want about 65 (DejaVu Sans 11px)", got)
	}
	// Control characters cannot be written in XML 1.0: they become spaces.
	_, body = get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "label", "a\x01b\x1bc"))
	if label, _ := parseSVG(t, body).texts(0); label != "a b c" {
		t.Errorf("control characters: %q", label)
	}
	// A long label is refused; a long page name is cut.
	resp, body := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "label", strings.Repeat("x", MaxLabelRunes+1)))
	if resp.StatusCode != 400 || !strings.Contains(body, "label is 41 characters long: at most 40") {
		t.Errorf("a long label: %d %s", resp.StatusCode, body)
	}
	if got := shorten(strings.Repeat("é", 50)); got != strings.Repeat("é", 39)+"…" {
		t.Errorf("shorten: %q", got)
	}
}

func TestStylesAndAWall(t *testing.T) {
	h := newTestHandlers(newFake())
	_, flat := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example"))
	_, square := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "style", "flat-square"))
	if !strings.Contains(flat, `rx="3"`) || !strings.Contains(flat, "linearGradient") ||
		!strings.Contains(square, `rx="0"`) || strings.Contains(square, "linearGradient") {
		t.Errorf("flat:\n%s\nflat-square:\n%s", flat, square)
	}
	resp, body := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "statusPageUrl", "https://critical.example",
		"statusPageUrl", "https://stale.example"))
	doc := parseSVG(t, body)
	if resp.StatusCode != 200 || len(doc.Rows) != 3 || doc.Height != 3*20+2*4 {
		t.Fatalf("a wall of 3: %d, %d rows, height %d", resp.StatusCode, len(doc.Rows), doc.Height)
	}
	for i, want := range [][2]string{{"Up & Co", "operational"}, {"Critical", "major outage"}, {"Stale", "stale"}} {
		if label, value := doc.texts(i); label != want[0] || value != want[1] {
			t.Errorf("row %d: %q %q, want %q", i, label, value, want)
		}
	}
	if doc.AriaLabel != "vendor status: Up & Co: operational; Critical: major outage; Stale: stale" {
		t.Errorf("the wall's accessible name: %q", doc.AriaLabel)
	}
}

func TestBadInputIsA400BadgeWithTheMessage(t *testing.T) {
	h := newTestHandlers(newFake())
	many := []string{}
	for i := 0; i <= MaxWall; i++ {
		many = append(many, "statusPageUrl", "https://up.example")
	}
	for target, want := range map[string]struct {
		status  int
		message string
	}{
		badgeURL():                    {400, "statusPageUrl is required"},
		badgeURL("statusPageUrl", ""): {400, "statusPageUrl is required"},
		badgeURL("statusPageUrl", "https://up.example", "style", "plastic"): {400, `style must be flat or flat-square, not "plastic"`},
		badgeURL(many...): {400, "a wall shows at most 12 pages: 13 statusPageUrl given"},
		badgeURL("statusPageUrl", "https://up.example", "statusPageUrl", "https://new.example", "component", "API"): {400,
			"component names a component of one page: 2 statusPageUrl given"},
		badgeURL("statusPageUrl", "https://nowhere.example"): {404, "statusPageUrl https://nowhere.example: status page not found"},
		badgeURL("statusPageUrl", "down"):                    {503, "the statusphere backend is unavailable, try again shortly"},
	} {
		resp, body := get(t, h.Badge, target)
		doc := parseSVG(t, body)
		if resp.StatusCode != want.status || doc.AriaLabel != "statusphere error: "+want.message {
			t.Errorf("%s: %d %q, want %d %q", target, resp.StatusCode, doc.AriaLabel, want.status, want.message)
		}
	}
}

func TestTheShieldsEndpoint(t *testing.T) {
	h := newTestHandlers(newFake())
	resp, body := get(t, h.Shields, "/api/v1/shields?statusPageUrl=https://partial.example")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" ||
		body != `{"schemaVersion":1,"label":"Partial","message":"partial outage","color":"orange"}` {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	_, body = get(t, h.Shields, "/api/v1/shields?statusPageUrl=https://up.example&component=web&label=website")
	if body != `{"schemaVersion":1,"label":"website","message":"operational","color":"brightgreen"}` {
		t.Errorf("component with a label: %s", body)
	}
	resp, body = get(t, h.Shields, "/api/v1/shields?statusPageUrl=https://up.example&statusPageUrl=https://new.example")
	var answer map[string]interface{}
	if err := json.Unmarshal([]byte(body), &answer); err != nil || resp.StatusCode != 400 || answer["isError"] != true ||
		answer["error"] != "the shields endpoint shows one page: 2 statusPageUrl given" || answer["schemaVersion"] != 1.0 {
		t.Errorf("two pages: %d %s", resp.StatusCode, body)
	}
}

func TestMissesShareOneGlobalBudget(t *testing.T) {
	backend := newFake()
	h := newTestHandlers(backend)
	served := 0
	var last *http.Response
	for i := 0; i < missesBurst+50; i++ {
		resp, _ := get(t, h.Badge, badgeURL("statusPageUrl", "https://up.example", "label", "x"+string(rune('a'+i%26))))
		if resp.StatusCode == 200 {
			served++
		}
		last = resp
	}
	// The refill during the loop may admit a few more than the burst.
	if served < missesBurst || served > missesBurst+40 || last.StatusCode != 503 || last.Header.Get("Retry-After") == "" {
		t.Errorf("%d of %d served, the last %d (Retry-After %q)", served, missesBurst+50, last.StatusCode, last.Header.Get("Retry-After"))
	}
	if backend.calls > 2*(served+1) {
		t.Errorf("%d backend calls for %d badges: refused ones must not call", backend.calls, served)
	}
}

// WCAG 2's contrast ratio of white text on each fill (the label's grey too): at least 4.5:1.
func TestEveryFillHasContrastWithWhiteText(t *testing.T) {
	luminance := func(hex string) float64 {
		var rgb [3]float64
		for i := range rgb {
			v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			if err != nil {
				t.Fatalf("%s: %v", hex, err)
			}
			c := float64(v) / 255
			if c <= 0.03928 {
				rgb[i] = c / 12.92
			} else {
				rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	}
	fills := []string{"#555555"} // labelFill, written out
	for level := Operational; level <= Stale; level++ {
		fills = append(fills, level.fill())
	}
	for _, fill := range fills {
		if ratio := 1.05 / (luminance(fill) + 0.05); ratio < 4.5 {
			t.Errorf("white on %s: contrast %.2f, under 4.5", fill, ratio)
		}
	}
	if labelFill != "#555" {
		t.Errorf("labelFill is %s: update the test's copy", labelFill)
	}
}
