package compat

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/golang/protobuf/ptypes/timestamp"

	statusphere "statusphere/v1"
)

func at(t time.Time) *timestamp.Timestamp { return &timestamp.Timestamp{Seconds: t.Unix()} }

var now = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

func testPage() *statusphere.StatusPage {
	return &statusphere.StatusPage{
		Name: "Acme", Url: "https://status.acme.test", Status: "DEGRADED", LastCurrentlyScraped: at(now),
		Components: []*statusphere.Component{
			{Id: "api1", Name: "API", Status: "operational", Group: "Core"},
			{Id: "", Name: "Web", Status: "partial_outage", Group: "Core"},
			{Id: "https://acme.test/c/1", Name: "Mail", Status: "unknown"},
		},
	}
}

func keys(t *testing.T, v any) []string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func TestComponentsAreStatuspagesWithGroupsAndStableIds(t *testing.T) {
	tr := newTranslation(testPage(), now)
	if len(tr.components) != 4 {
		t.Fatalf("want the group and three components, got %+v", tr.components)
	}
	group, api, web, mail := tr.components[0], tr.components[1], tr.components[2], tr.components[3]
	if !group.Group || group.Name != "Core" || group.Status != "partial_outage" || !reflect.DeepEqual(group.Components, []string{"api1", web.ID}) {
		t.Errorf("group: %+v", group)
	}
	if api.ID != "api1" || *api.GroupID != group.ID || api.Position != 2 || api.Group {
		t.Errorf("a stored id is kept, the member names its group: %+v", api)
	}
	if len(web.ID) != 12 || web.ID != newTranslation(testPage(), now.Add(time.Hour)).components[2].ID {
		t.Errorf("a component without an id gets one derived, the same on every answer: %q", web.ID)
	}
	if mail.Status != "operational" || mail.GroupID != nil || len(mail.ID) != 12 {
		t.Errorf("unknown reads operational, a url id is hashed, no group: %+v", mail)
	}
	want := []string{"created_at", "description", "group", "group_id", "id", "name", "only_show_if_degraded", "page_id", "position", "showcase", "start_date", "status", "updated_at"}
	if got := keys(t, api); !reflect.DeepEqual(got, want) {
		t.Errorf("component fields %v, want %v", got, want)
	}
}

func TestIndicatorIsThePlatformsOwnElseTheWorstOfIncidentsAndComponents(t *testing.T) {
	page := testPage()
	open := []*statusphere.Incident{{Impact: "minor"}}
	if got := newTranslation(page, now).status(open, nil); got != (overallStatus{"major", "Partial System Outage"}) {
		t.Errorf("a partial outage of a component is major: %+v", got)
	}
	page.PlatformIndicator = "critical"
	if got := newTranslation(page, now).status(nil, nil); got.Indicator != "critical" {
		t.Errorf("the platform's own indicator wins: %+v", got)
	}
	page.PlatformIndicator = "HASISSUES" // Instatus's word: not Statuspage's
	page.Components = nil
	maintenance := []*statusphere.Incident{{Impact: "maintenance", Status: "in_progress", StartTime: at(now.Add(-time.Hour))}}
	if got := newTranslation(page, now).status(nil, maintenance); got != (overallStatus{"maintenance", "Service Under Maintenance"}) {
		t.Errorf("a window in progress: %+v", got)
	}
	page.Status, page.StatusReason = "UNKNOWN", "not indexed yet"
	if got := newTranslation(page, now).status(nil, nil); got != (overallStatus{"none", "Status unknown: not indexed yet"}) {
		t.Errorf("a page statusphere cannot vouch for says so: %+v", got)
	}
}

func TestIncidentsKeepTheirTimelineInStatuspagesWords(t *testing.T) {
	start := now.Add(-3 * time.Hour)
	inc := &statusphere.Incident{
		Id: "tag:acme.test,2005:Incident/42", Title: "Slow API", Impact: "major", Status: "resolved",
		StartTime: at(start), EndTime: at(now.Add(-time.Hour)), DeepLink: "https://status.acme.test/incidents/42",
		Components: []string{"API", "Gone"},
		Events: []*statusphere.IncidentEvent{
			{Title: "Resolved", Description: "Fixed & done.", Time: at(now.Add(-time.Hour)), Status: "resolved", Id: "u3"},
			{Title: "Update", Description: "Still watching.", Time: at(now.Add(-90 * time.Minute)), Status: "update"},
			{Title: "Monitoring", Description: "A fix is out.", Time: at(now.Add(-2 * time.Hour)), Status: "monitoring", Id: "u1"},
			{Title: "Investigating", Description: "Looking.", Time: at(start), Status: "investigating", Id: "u0"},
		},
	}
	got := newTranslation(testPage(), now).incident(inc)
	if len(got.ID) != 12 || got.ID != newTranslation(testPage(), now).incident(inc).ID {
		t.Errorf("a url-like id is derived, stably: %q", got.ID)
	}
	var statuses []string
	for _, u := range got.IncidentUpdates {
		statuses = append(statuses, u.Status)
		if u.IncidentID != got.ID || u.DisplayAt != u.CreatedAt {
			t.Errorf("update %+v", u)
		}
	}
	if !reflect.DeepEqual(statuses, []string{"resolved", "monitoring", "monitoring", "investigating"}) {
		t.Errorf("a note carries the status in force: %v", statuses)
	}
	if got.Status != "resolved" || *got.ResolvedAt != "2026-03-04T11:00:00.000Z" || *got.MonitoringAt != "2026-03-04T10:00:00.000Z" ||
		got.CreatedAt != "2026-03-04T09:00:00.000Z" || got.StartedAt != got.CreatedAt || got.UpdatedAt != "2026-03-04T11:00:00.000Z" {
		t.Errorf("times: %+v", got)
	}
	if got.IncidentUpdates[0].Body != "Fixed & done." || got.Shortlink != inc.DeepLink {
		t.Errorf("body and link kept: %+v", got)
	}
	if len(got.Components) != 2 || got.Components[0].ID != "api1" || got.Components[1].Name != "Gone" {
		t.Errorf("components by name, a name no longer on the page kept: %+v", got.Components)
	}
	want := []string{"components", "created_at", "id", "impact", "incident_updates", "monitoring_at", "name", "page_id", "resolved_at", "shortlink", "started_at", "status", "updated_at"}
	if k := keys(t, got); !reflect.DeepEqual(k, want) {
		t.Errorf("incident fields %v, want %v", k, want)
	}
	wantUpdate := []string{"affected_components", "body", "created_at", "custom_tweet", "deliver_notifications", "display_at", "id", "incident_id", "status", "tweet_id", "updated_at"}
	if k := keys(t, got.IncidentUpdates[0]); !reflect.DeepEqual(k, wantUpdate) {
		t.Errorf("update fields %v, want %v", k, wantUpdate)
	}
}

func TestMaintenanceStatusesFollowTheServersRule(t *testing.T) {
	tr := newTranslation(testPage(), now)
	window := func(status string, from, to time.Duration) *statusphere.Incident {
		return &statusphere.Incident{Impact: "maintenance", Status: status, StartTime: at(now.Add(-48 * time.Hour)),
			ScheduledStartTime: at(now.Add(from)), ScheduledEndTime: at(now.Add(to))}
	}
	for _, c := range []struct {
		m    *statusphere.Incident
		want string
	}{
		{window("scheduled", time.Hour, 2*time.Hour), "scheduled"},
		{window("scheduled", -time.Hour, time.Hour), "in_progress"}, // begun on time, left "scheduled"
		{window("verifying", -time.Hour, time.Hour), "verifying"},
		{window("completed", -2*time.Hour, -time.Hour), "completed"},
	} {
		if got := tr.maintenanceStatus(c.m); got != c.want {
			t.Errorf("%s %v..%v: %s, want %s", c.m.Status, c.m.ScheduledStartTime, c.m.ScheduledEndTime, got, c.want)
		}
	}
	m := tr.incident(window("scheduled", time.Hour, 2*time.Hour))
	if m.schedule == nil || *m.ScheduledFor != "2026-03-04T13:00:00.000Z" || *m.ScheduledUntil != "2026-03-04T14:00:00.000Z" {
		t.Errorf("a window has scheduled_for and scheduled_until: %+v", m.schedule)
	}
}

func TestPathsSayWhatIsWrong(t *testing.T) {
	for path, want := range map[string][3]string{
		"/compat/acme.test/api/v2/summary.json":              {"acme.test", "summary.json", ""},
		"/compat/acme.test/api/v2/incidents/unresolved.json": {"acme.test", "incidents/unresolved.json", ""},
	} {
		slug, name, problem := splitPath(path)
		if [3]string{slug, name, problem} != want {
			t.Errorf("%s: %q %q %q", path, slug, name, problem)
		}
	}
	for _, path := range []string{"/compat/", "/compat//api/v2/summary.json"} {
		if slug, _, problem := splitPath(path); slug != "" || problem == "" {
			t.Errorf("%s: the slug is missing, and that is said", path)
		}
	}
	for _, path := range []string{"/compat/acme.test", "/compat/acme.test/api/v2/nope.json", "/compat/acme.test/summary.json", "/compat/acme.test/api/v1/summary.json"} {
		if slug, _, problem := splitPath(path); slug != "acme.test" || problem == "" {
			t.Errorf("%s: an unknown document is said to be one (%q)", path, problem)
		}
	}
}
