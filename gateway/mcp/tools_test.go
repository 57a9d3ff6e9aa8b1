package mcp

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/golang/protobuf/ptypes/timestamp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// fakeBackend answers StatusPageService from a few pages, with the server's refusals.
type fakeBackend struct {
	statusphere.StatusPageServiceClient // the RPCs not below panic
	pages                               []*statusphere.StatusPage
	incidents                           map[string][]*statusphere.Incident // by page URL
	unavailable                         bool

	mu        sync.Mutex
	forwarded []string // each call's x-forwarded-for
}

func (f *fakeBackend) seen(ctx context.Context) error {
	md, _ := metadata.FromOutgoingContext(ctx)
	f.mu.Lock()
	f.forwarded = append(f.forwarded, strings.Join(md.Get("x-forwarded-for"), ","))
	f.mu.Unlock()
	if f.unavailable {
		return status.Error(codes.Unavailable, "dial tcp 10.0.0.5:50051: connection refused")
	}
	return nil
}

func (f *fakeBackend) page(url, name string) (*statusphere.StatusPage, error) {
	for _, p := range f.pages {
		if (url != "" && p.Url == strings.TrimSuffix(url, "/")) || (name != "" && strings.EqualFold(p.Name, name)) {
			return p, nil
		}
	}
	return nil, status.Error(codes.NotFound, "status page not found")
}

func (f *fakeBackend) GetStatusPage(ctx context.Context, r *statusphere.GetStatusPageRequest, _ ...grpc.CallOption) (*statusphere.GetStatusPageResponse, error) {
	if err := f.seen(ctx); err != nil {
		return nil, err
	}
	p, err := f.page(r.StatusPageUrl, r.StatusPageName)
	if err != nil {
		return nil, err
	}
	return &statusphere.GetStatusPageResponse{StatusPage: p}, nil
}

func (f *fakeBackend) SearchStatusPages(ctx context.Context, r *statusphere.SearchStatusPagesRequest, _ ...grpc.CallOption) (*statusphere.SearchStatusPagesResponse, error) {
	if err := f.seen(ctx); err != nil {
		return nil, err
	}
	if strings.TrimSpace(r.Query) == "" {
		return nil, status.Error(codes.InvalidArgument, "query is required")
	}
	out := &statusphere.SearchStatusPagesResponse{}
	for _, p := range f.pages {
		if strings.Contains(strings.ToLower(p.Name+" "+p.Url), strings.ToLower(strings.ReplaceAll(r.Query, " ", ""))) {
			out.StatusPages = append(out.StatusPages, p)
		}
	}
	return out, nil
}

func (f *fakeBackend) ListStatusPages(ctx context.Context, _ *statusphere.ListStatusPagesRequest, _ ...grpc.CallOption) (*statusphere.ListStatusPagesResponse, error) {
	if err := f.seen(ctx); err != nil {
		return nil, err
	}
	return &statusphere.ListStatusPagesResponse{StatusPages: f.pages}, nil
}

func (f *fakeBackend) GetCurrentStatus(ctx context.Context, r *statusphere.GetCurrentStatusRequest, _ ...grpc.CallOption) (*statusphere.GetCurrentStatusResponse, error) {
	if err := f.seen(ctx); err != nil {
		return nil, err
	}
	p, err := f.page(r.StatusPageUrl, "")
	if err != nil {
		return nil, err
	}
	out := &statusphere.GetCurrentStatusResponse{Status: p.Status, IsIndexed: p.IsIndexed, StatusReason: p.StatusReason}
	for _, i := range f.incidents[p.Url] {
		if i.EndTime == nil && i.Impact != "maintenance" {
			out.UnresolvedIncidents = append(out.UnresolvedIncidents, i)
		}
	}
	return out, nil
}

func (f *fakeBackend) ListIncidents(ctx context.Context, r *statusphere.ListIncidentsRequest, _ ...grpc.CallOption) (*statusphere.ListIncidentsResponse, error) {
	if err := f.seen(ctx); err != nil {
		return nil, err
	}
	return &statusphere.ListIncidentsResponse{Incidents: f.incidents[r.StatusPageUrl], IsIndexed: true}, nil
}

func (f *fakeBackend) GetUptime(ctx context.Context, r *statusphere.GetUptimeRequest, _ ...grpc.CallOption) (*statusphere.GetUptimeResponse, error) {
	if err := f.seen(ctx); err != nil {
		return nil, err
	}
	if r.Days != "" && r.Days != "7" {
		return nil, status.Errorf(codes.InvalidArgument, "days: '%s' is not a whole number of days from 1 to 365", r.Days)
	}
	return &statusphere.GetUptimeResponse{StatusPageUrl: r.StatusPageUrl, Days: 7, Components: []*statusphere.ComponentUptime{
		{Name: "API", UptimePercent: 99.5}, {Name: "Webhooks", UptimePercent: 100},
	}}, nil
}

// A stack of three vendors: one with a critical incident, one quiet, one never read.
func newStack() *fakeBackend {
	at := &timestamp.Timestamp{Seconds: 1_800_000_000}
	return &fakeBackend{
		pages: []*statusphere.StatusPage{
			{Name: "Acme", Url: "https://status.acme.test", Status: "DEGRADED", IsIndexed: true, Provider: "atlassian-statuspage",
				Components: []*statusphere.Component{{Name: "API", Status: "major_outage"}, {Name: "Webhooks", Status: "operational"}}},
			{Name: "Quiet", Url: "https://quiet.test", Status: "UP", IsIndexed: true,
				Components: []*statusphere.Component{{Name: "Web", Status: "operational"}}},
			{Name: "Fresh", Url: "https://fresh.test", Status: "UNKNOWN", StatusReason: "not indexed yet"},
		},
		incidents: map[string][]*statusphere.Incident{"https://status.acme.test": {
			{Id: "inc1", Title: "API down", Impact: "critical", Status: "investigating", StatusPageUrl: "https://status.acme.test",
				StartTime: at, Components: []string{"API"}, Events: []*statusphere.IncidentEvent{
					{Title: "Identified", Status: "identified", Description: "A bad deploy.", Time: &timestamp.Timestamp{Seconds: 1_800_000_600}},
					{Title: "Investigating", Status: "investigating", Description: "Looking.", Time: at}}},
			{Id: "old", Title: "Slow", Impact: "minor", Status: "resolved", StatusPageUrl: "https://status.acme.test",
				StartTime: &timestamp.Timestamp{Seconds: 1_700_000_000}, EndTime: &timestamp.Timestamp{Seconds: 1_700_003_600}},
		}},
	}
}

// callTool runs a tool through the whole endpoint; the result's isError, text and structured content.
func callTool(t *testing.T, h http.Handler, session, name, arguments string) (bool, string, map[string]interface{}) {
	t.Helper()
	w := post(t, h, session, `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"`+name+`","arguments":`+arguments+`}}`)
	var answer struct {
		Result struct {
			IsError bool `json:"isError"`
			Content []struct {
				Type, Text string
			} `json:"content"`
			Structured map[string]interface{} `json:"structuredContent"`
		} `json:"result"`
		Error *rpcError `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.Error != nil || len(answer.Result.Content) != 1 {
		t.Fatalf("%s(%s): HTTP %d %s", name, arguments, w.Code, w.Body)
	}
	if !answer.Result.IsError {
		// The text is the structured content as JSON, for clients that only show text.
		var fromText map[string]interface{}
		if err := json.Unmarshal([]byte(answer.Result.Content[0].Text), &fromText); err != nil {
			t.Errorf("%s: the text is not the JSON answer: %v", name, err)
		}
	}
	return answer.Result.IsError, answer.Result.Content[0].Text, answer.Result.Structured
}

func TestToolsListHasEveryToolWithAnObjectSchema(t *testing.T) {
	s := New(newStack(), Options{})
	session, _ := initialize(t, s, "2025-06-18")
	var answer struct {
		Result struct {
			Tools []struct {
				Name, Description string
				InputSchema       map[string]interface{}
				Annotations       map[string]interface{}
			}
		}
	}
	json.Unmarshal(post(t, s, session, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`).Body.Bytes(), &answer)
	var names []string
	for _, tool := range answer.Result.Tools {
		names = append(names, tool.Name)
		if tool.InputSchema["type"] != "object" || len(tool.Description) < 80 || tool.Annotations["readOnlyHint"] != true {
			t.Errorf("%s: schema %v, description %q, annotations %v", tool.Name, tool.InputSchema, tool.Description, tool.Annotations)
		}
	}
	if got := strings.Join(names, " "); got != "search_vendors get_status check_stack list_active_incidents get_incident get_uptime" {
		t.Errorf("tools: %s", got)
	}
}

func TestCheckStackGivesOneVerdictPerVendorAndOverall(t *testing.T) {
	backend := newStack()
	s := New(backend, Options{})
	session, _ := initialize(t, s, "2025-06-18")

	isError, _, answer := callTool(t, s, session, "check_stack", `{"vendors":["acme","quiet.test","Nobody Inc"]}`)
	if isError {
		t.Fatal("check_stack failed")
	}
	vendors := answer["vendors"].([]interface{})
	want := []string{"major_outage", "operational", "unknown"}
	for i, v := range vendors {
		if verdict := v.(map[string]interface{})["verdict"]; verdict != want[i] {
			t.Errorf("vendor %d: verdict %v, want %s (%v)", i, verdict, want[i], v)
		}
	}
	if answer["overall"] != "major_outage" || answer["ok"] != false {
		t.Errorf("overall %v ok %v", answer["overall"], answer["ok"])
	}
	if reason := vendors[2].(map[string]interface{})["reason"].(string); !strings.Contains(reason, `"Nobody Inc"`) {
		t.Errorf("an unknown vendor's reason: %q", reason)
	}

	_, _, answer = callTool(t, s, session, "check_stack", `{"vendors":["Quiet","Fresh"]}`)
	if answer["overall"] != "unknown" || answer["ok"] != false {
		t.Errorf("a quiet and a never-read vendor: overall %v ok %v (unknown is never fine)", answer["overall"], answer["ok"])
	}
	_, _, answer = callTool(t, s, session, "check_stack", `{"vendors":["https://quiet.test/"]}`)
	if answer["overall"] != "operational" || answer["ok"] != true {
		t.Errorf("one quiet vendor: overall %v ok %v", answer["overall"], answer["ok"])
	}
	// The server sees the HTTP client, so that its own rate limit counts the right one.
	for _, f := range backend.forwarded {
		if f != "192.0.2.7" {
			t.Fatalf("a backend call forwarded for %q, want 192.0.2.7", f)
		}
	}
}

func TestStatusIncidentsAndUptimeTools(t *testing.T) {
	s := New(newStack(), Options{})
	session, _ := initialize(t, s, "2025-11-25")

	_, _, answer := callTool(t, s, session, "get_status", `{"vendors":["Acme"]}`)
	page := answer["statusPages"].([]interface{})[0].(map[string]interface{})
	open := page["unresolvedIncidents"].([]interface{})
	if page["status"] != "DEGRADED" || len(page["components"].([]interface{})) != 2 || len(open) != 1 ||
		open[0].(map[string]interface{})["latestUpdate"].(map[string]interface{})["title"] != "Identified" {
		t.Errorf("get_status: %v", page)
	}

	// Not a URL of a page nor a name: the page search's first hit.
	_, _, answer = callTool(t, s, session, "get_status", `{"vendors":["status.acme"]}`)
	if page := answer["statusPages"].([]interface{})[0].(map[string]interface{}); page["name"] != "Acme" || page["matchedBy"] != "search" {
		t.Errorf("get_status by search words: %v", page)
	}

	_, _, answer = callTool(t, s, session, "list_active_incidents", `{"impact":["critical","major"]}`)
	if incidents := answer["incidents"].([]interface{}); len(incidents) != 1 || answer["pagesChecked"].(float64) != 1 {
		t.Errorf("list_active_incidents over every page: %v", answer)
	}
	_, _, answer = callTool(t, s, session, "list_active_incidents", `{"impact":["minor"],"vendors":["Acme"]}`)
	if incidents := answer["incidents"].([]interface{}); len(incidents) != 0 {
		t.Errorf("no open minor incident: %v", answer)
	}

	_, _, answer = callTool(t, s, session, "get_incident", `{"vendor":"Acme","incidentId":"inc1"}`)
	incident := answer["incident"].(map[string]interface{})
	if len(incident["events"].([]interface{})) != 2 || incident["endTime"] != nil || incident["startTime"] != "2027-01-15T08:00:00Z" {
		t.Errorf("get_incident (REST's shape, the whole timeline): %v", incident)
	}

	_, _, answer = callTool(t, s, session, "get_uptime", `{"vendor":"Acme","component":"api","days":7}`)
	if components := answer["components"].([]interface{}); len(components) != 1 || components[0].(map[string]interface{})["uptimePercent"] != 99.5 {
		t.Errorf("get_uptime of one component: %v", answer)
	}
}

func TestToolErrorsSayWhatIsWrongAsRESTDoes(t *testing.T) {
	s := New(newStack(), Options{})
	session, _ := initialize(t, s, "2025-06-18")
	for _, c := range []struct{ tool, arguments, message string }{
		// The server's own words (REST's 400s), passed through.
		{"search_vendors", `{"query":" "}`, "query is required"},
		{"get_uptime", `{"vendor":"Acme","days":0}`, "days: '0' is not a whole number of days from 1 to 365"},
		{"get_uptime", `{"vendor":"Acme","days":"abc"}`, "days: 'abc' is not a whole number of days from 1 to 365"},
		// The same wording as the server's for the filter checked here.
		{"list_active_incidents", `{"impact":["critical","severe"]}`, "impact: unknown value 'severe'; expected a comma-separated list of critical, maintenance, major, minor, none"},
		{"get_status", `{"vendors":[]}`, "vendors is required: a list of at least one vendor name or status page URL"},
		{"get_status", `{"vendors":"Acme"}`, "argument vendors must be an array of strings, not string"},
		{"get_status", `{"vendor":["Acme"]}`, `unknown argument "vendor"`},
		{"get_status", `["Acme"]`, "arguments must be a JSON object"},
		{"get_status", `{"vendors":["https://nowhere.test"]}`, "status page not found"},
		{"get_incident", `{"vendor":"Acme","incidentId":"nope"}`, `no incident with id "nope" on https://status.acme.test`},
		{"get_uptime", `{"vendor":"Acme","component":"DNS"}`, `no component named "DNS" on https://status.acme.test; its components: API, Webhooks`},
		{"check_stack", `{"vendors":["` + strings.Repeat(`a","`, 50) + `a"]}`, "vendors has 51 vendors; at most 50 at once"},
	} {
		isError, text, _ := callTool(t, s, session, c.tool, c.arguments)
		if !isError || text != c.message {
			t.Errorf("%s(%s): isError %v, %q; want %q", c.tool, c.arguments, isError, text, c.message)
		}
	}

	down := newStack()
	down.unavailable = true
	s = New(down, Options{})
	session, _ = initialize(t, s, "2025-06-18")
	if isError, text, _ := callTool(t, s, session, "check_stack", `{"vendors":["Acme"]}`); !isError || text != "the statusphere backend is unavailable, try again shortly" {
		t.Errorf("server down: %v %q (the gateway's words, not grpc-go's)", isError, text)
	}
}

func TestOverallVerdict(t *testing.T) {
	v := func(verdicts ...string) []vendorVerdict {
		var out []vendorVerdict
		for _, verdict := range verdicts {
			out = append(out, vendorVerdict{Verdict: verdict})
		}
		return out
	}
	for _, c := range []struct {
		verdicts []vendorVerdict
		want     string
	}{
		{v(), "operational"},
		{v("operational", "maintenance"), "maintenance"},
		{v("operational", "unknown"), "unknown"},
		{v("maintenance", "unknown"), "unknown"},
		{v("degraded", "unknown"), "degraded"},
		{v("partial_outage", "major_outage", "degraded"), "major_outage"},
	} {
		if got := overallVerdict(c.verdicts); got != c.want {
			t.Errorf("%v: %s, want %s", c.verdicts, got, c.want)
		}
	}
	if verdict, _ := verdictOf(pageStatus{pageSummary: pageSummary{Status: "DEGRADED"}}); verdict != "maintenance" {
		t.Errorf("DEGRADED without incident or component: %s, want maintenance", verdict)
	}
}
