package compat

// From statusphere's answers (a page with its components, its incidents and maintenance
// windows) to Statuspage's documents. Statusphere already speaks Statuspage's words for
// component statuses, impacts and lifecycle statuses; what is left is the indicator, the
// statuses of updates that are notes ("update"), groups as components, and ids.

import (
	"time"

	statusphere "statusphere/v1"
)

const (
	impactMaintenance = "maintenance"
	timeLayout        = "2006-01-02T15:04:05.000Z07:00"
	// Statusphere stores every time in UTC.
	timeZone = "Etc/UTC"
)

type protoTime interface {
	GetSeconds() int64
	GetNanos() int32
}

// isSet mirrors the server's IsSet: an unset time is nil or the zero time.
func isSet(t protoTime) bool {
	return t != nil && (t.GetSeconds() != 0 || t.GetNanos() != 0)
}

func timeOf(t protoTime) time.Time { return time.Unix(t.GetSeconds(), int64(t.GetNanos())).UTC() }

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// optionalTime is null for an unset time.
func optionalTime(t protoTime) *string {
	if !isSet(t) {
		return nil
	}
	s := formatTime(timeOf(t))
	return &s
}

// translation holds what every object of one page's documents refers to.
type translation struct {
	page       *statusphere.StatusPage
	pageID     string
	now        time.Time
	components []component           // groups and components, in the page's order
	byName     map[string]*component // the first component of each name (incidents name them)
}

func newTranslation(page *statusphere.StatusPage, now time.Time) *translation {
	t := &translation{page: page, pageID: derivedID("page", page.GetUrl()), now: now, byName: map[string]*component{}}
	t.buildComponents()
	return t
}

func (t *translation) info() pageInfo {
	return pageInfo{
		ID:        t.pageID,
		Name:      t.page.GetName(),
		URL:       t.page.GetUrl(),
		TimeZone:  timeZone,
		UpdatedAt: optionalTime(t.page.GetLastCurrentlyScraped()),
	}
}

// componentStatusRank orders component statuses by how bad they are (a group shows its
// worst member, as Statuspage's groups do).
var componentStatusRank = map[string]int{
	"operational": 0, "under_maintenance": 1, "degraded_performance": 2, "partial_outage": 3, "major_outage": 4,
}

// componentStatus is the stored status in Statuspage's words; statusphere's "unknown"
// (a platform word it could not read) has none, and reads as operational.
func componentStatus(status string) string {
	if _, ok := componentStatusRank[status]; ok {
		return status
	}
	return "operational"
}

// buildComponents lists the page's components as Statuspage does: each group as a
// component of its own (group: true, its members' ids), before its first member, and each
// member naming its group_id. Positions follow that order.
func (t *translation) buildComponents() {
	updated := optionalTime(t.page.GetLastCurrentlyScraped())
	groups := map[string]int{} // group name -> index in t.components
	for _, c := range t.page.GetComponents() {
		status := componentStatus(c.GetStatus())
		var groupID *string
		if name := c.GetGroup(); name != "" {
			index, ok := groups[name]
			if !ok {
				index = len(t.components)
				groups[name] = index
				t.components = append(t.components, component{
					ID: derivedID("group", t.page.GetUrl(), name), Name: name, Status: "operational",
					CreatedAt: updated, UpdatedAt: updated, Position: index + 1,
					PageID: t.pageID, Group: true, Components: []string{},
				})
			}
			group := &t.components[index]
			id := group.ID
			groupID = &id
			if componentStatusRank[status] > componentStatusRank[group.Status] {
				group.Status = status
			}
		}
		member := component{
			ID:   storedOrDerived("component", c.GetId(), t.page.GetUrl(), c.GetGroup(), c.GetName()),
			Name: c.GetName(), Status: status, CreatedAt: updated, UpdatedAt: updated,
			Position: len(t.components) + 1, Showcase: true, GroupID: groupID, PageID: t.pageID,
		}
		if groupID != nil {
			group := &t.components[groups[c.GetGroup()]]
			group.Components = append(group.Components, member.ID)
		}
		t.components = append(t.components, member)
	}
	for i := range t.components {
		if !t.components[i].Group {
			if _, taken := t.byName[t.components[i].Name]; !taken {
				t.byName[t.components[i].Name] = &t.components[i]
			}
		}
	}
}

// The indicator's words, as Statuspage writes them.
var indicatorDescriptions = map[string]string{
	"none":        "All Systems Operational",
	"minor":       "Minor Service Outage",
	"major":       "Partial System Outage",
	"critical":    "Major Service Outage",
	"maintenance": "Service Under Maintenance",
}

var indicatorRank = map[string]int{"none": 0, "minor": 1, "major": 2, "critical": 3}

// status is the page's indicator: the platform's own when it publishes one in these words
// (Statuspage and incident.io pages), else the worst of the open incidents' impacts and of
// the components (degraded_performance minor, partial_outage major, major_outage critical),
// "maintenance" when nothing is worse and a window is in progress or a component is under
// maintenance. A page statusphere cannot vouch for (never read, or not read lately) says
// so in the description.
func (t *translation) status(open []*statusphere.Incident, maintenances []*statusphere.Incident) overallStatus {
	indicator := t.page.GetPlatformIndicator()
	if _, known := indicatorDescriptions[indicator]; !known {
		indicator = "none"
		worse := func(candidate string) {
			if indicatorRank[candidate] > indicatorRank[indicator] {
				indicator = candidate
			}
		}
		for _, i := range open {
			worse(i.GetImpact())
		}
		maintenance := false
		for _, c := range t.page.GetComponents() {
			switch c.GetStatus() {
			case "degraded_performance":
				worse("minor")
			case "partial_outage":
				worse("major")
			case "major_outage":
				worse("critical")
			case "under_maintenance":
				maintenance = true
			}
		}
		for _, m := range maintenances {
			maintenance = maintenance || t.maintenanceStatus(m) == "in_progress" || t.maintenanceStatus(m) == "verifying"
		}
		if indicator == "none" && maintenance {
			indicator = "maintenance"
		}
	}
	description := indicatorDescriptions[indicator]
	if t.page.GetStatus() == "UNKNOWN" {
		description = "Status unknown: " + t.page.GetStatusReason()
	}
	return overallStatus{Indicator: indicator, Description: description}
}

var (
	incidentStatuses    = map[string]bool{"investigating": true, "identified": true, "monitoring": true, "resolved": true, "postmortem": true}
	maintenanceStatuses = map[string]bool{"scheduled": true, "in_progress": true, "verifying": true, "completed": true}
)

func closed(status string) bool {
	return status == "resolved" || status == "postmortem" || status == "completed"
}

// incidentStatus is an incident's status in Statuspage's words: one that has ended is
// resolved (or postmortem), an open one keeps its word, or is investigating.
func incidentStatus(i *statusphere.Incident) string {
	s := i.GetStatus()
	if isSet(i.GetEndTime()) {
		if s == "postmortem" {
			return s
		}
		return "resolved"
	}
	if incidentStatuses[s] && !closed(s) {
		return s
	}
	return "investigating"
}

// maintenanceStatus follows the server's rule for a window in progress
// (store/page_status.h, MaintenanceInProgress): the page's word while it says in_progress
// or verifying, else begun by its announced start and not past its announced end.
func (t *translation) maintenanceStatus(m *statusphere.Incident) string {
	s := m.GetStatus()
	if isSet(m.GetEndTime()) || closed(s) {
		return "completed"
	}
	if s == "in_progress" || s == "verifying" {
		return s
	}
	begins := m.GetScheduledStartTime()
	if !isSet(begins) {
		if s == "scheduled" {
			return "scheduled"
		}
		begins = m.GetStartTime()
	}
	if !isSet(begins) || timeOf(begins).After(t.now) {
		return "scheduled"
	}
	if ends := m.GetScheduledEndTime(); isSet(ends) && !timeOf(ends).After(t.now) {
		return "completed"
	}
	return "in_progress"
}

// updateStatuses gives each update (newest first, as stored) its Statuspage status: its
// own lifecycle word, or for a note ("update", or a word of the other lifecycle) the
// status in force when it was posted.
func updateStatuses(events []*statusphere.IncidentEvent, maintenance bool) []string {
	words, first := incidentStatuses, "investigating"
	if maintenance {
		words, first = maintenanceStatuses, "scheduled"
	}
	statuses := make([]string, len(events))
	current := first
	for i := len(events) - 1; i >= 0; i-- {
		s := events[i].GetStatus()
		switch {
		case words[s]:
			current = s
		case maintenance && (s == "resolved" || s == "postmortem"):
			current = "completed"
		case !maintenance && s == "completed":
			current = "resolved"
		}
		statuses[i] = current
	}
	return statuses
}

// incident translates one incident or maintenance window.
func (t *translation) incident(i *statusphere.Incident) incident {
	maintenance := i.GetImpact() == impactMaintenance
	id := storedOrDerived("incident", i.GetId(), t.page.GetUrl(), i.GetTitle(), formatTime(timeOf(i.GetStartTime())))
	start := formatTime(timeOf(i.GetStartTime()))
	updated := timeOf(i.GetStartTime())
	if isSet(i.GetEndTime()) && timeOf(i.GetEndTime()).After(updated) {
		updated = timeOf(i.GetEndTime())
	}
	out := incident{
		ID: id, Name: i.GetTitle(), CreatedAt: start, Impact: i.GetImpact(), StartedAt: start, PageID: t.pageID,
		Shortlink: i.GetDeepLink(), IncidentUpdates: []incidentUpdate{}, Components: []component{},
	}
	if out.Shortlink == "" {
		out.Shortlink = t.page.GetUrl()
	}
	if maintenance {
		out.Status = t.maintenanceStatus(i)
		out.schedule = &schedule{ScheduledFor: optionalTime(i.GetScheduledStartTime()), ScheduledUntil: optionalTime(i.GetScheduledEndTime())}
	} else {
		out.Status = incidentStatus(i)
	}
	statuses := updateStatuses(i.GetEvents(), maintenance)
	for n, e := range i.GetEvents() {
		at := timeOf(e.GetTime())
		if at.After(updated) {
			updated = at
		}
		when := formatTime(at)
		if statuses[n] == "monitoring" {
			w := when
			out.MonitoringAt = &w // newest first: the earliest monitoring update wins
		}
		out.IncidentUpdates = append(out.IncidentUpdates, incidentUpdate{
			ID:     storedOrDerived("update", e.GetId(), id, when, e.GetTitle(), e.GetDescription()),
			Status: statuses[n], Body: e.GetDescription(), IncidentID: id,
			CreatedAt: when, UpdatedAt: when, DisplayAt: when, DeliverNotifications: true,
		})
	}
	out.UpdatedAt = formatTime(updated)
	if closed(out.Status) {
		resolved := formatTime(updated)
		if isSet(i.GetEndTime()) {
			resolved = formatTime(timeOf(i.GetEndTime()))
		}
		out.ResolvedAt = &resolved
	}
	for _, name := range i.GetComponents() {
		if c, ok := t.byName[name]; ok {
			out.Components = append(out.Components, *c)
			continue
		}
		// A name no longer on the page: shown as it was named, as of the incident's last change.
		at := out.UpdatedAt
		out.Components = append(out.Components, component{
			ID: derivedID("component", t.page.GetUrl(), "", name), Name: name, Status: "operational",
			CreatedAt: &at, UpdatedAt: &at, Showcase: true, PageID: t.pageID,
		})
	}
	return out
}

func (t *translation) incidents(list []*statusphere.Incident) []incident {
	out := []incident{}
	for _, i := range list {
		out = append(out, t.incident(i))
	}
	return out
}

// maintenances translates the windows whose status `keep` accepts.
func (t *translation) maintenances(list []*statusphere.Incident, keep func(status string) bool) []incident {
	out := []incident{}
	for _, m := range list {
		if keep(t.maintenanceStatus(m)) {
			out = append(out, t.incident(m))
		}
	}
	return out
}
