package badge

// What a badge says: one level per page or component, from the answers the REST API gives
// (GetStatusPage's components, GetCurrentStatus's unresolved incidents and freshness).
// statusphere's own status is UP / DEGRADED / UNKNOWN; a badge says how bad, in the words
// status pages use, so that a red badge means an outage and not a minor incident.

import (
	"strings"
	"time"

	statusphere "statusphere/v1"
)

// Level is a badge's status, ordered from fine to worst (Unknown and Stale apart: they say
// that statusphere does not know).
type Level int

const (
	Operational Level = iota
	Maintenance
	Degraded
	PartialOutage
	MajorOutage
	Unknown // never read successfully
	Stale   // not read successfully for longer than the server's --stale_after
)

// Message is the level in words, as the badge prints it.
func (l Level) Message() string {
	return [...]string{"operational", "maintenance", "degraded", "partial outage", "major outage", "unknown", "stale"}[l]
}

// fill is the value side's colour: each has a contrast of at least 4.5:1 with the white text.
func (l Level) fill() string {
	return [...]string{"#1a7f37", "#0969da", "#9a6700", "#bc4c00", "#cf222e", "#6e7781", "#6e7781"}[l]
}

// ShieldsColor is the Shields.io named colour closest to fill.
func (l Level) ShieldsColor() string {
	return [...]string{"brightgreen", "blue", "yellow", "orange", "red", "lightgrey", "lightgrey"}[l]
}

// worse keeps the worse of two known levels.
func worse(a, b Level) Level {
	if b > a {
		return b
	}
	return a
}

// ofComponent maps a component status (resources.proto's vocabulary) to a level.
func ofComponent(status string) Level {
	switch status {
	case "operational":
		return Operational
	case "under_maintenance":
		return Maintenance
	case "degraded_performance":
		return Degraded
	case "partial_outage":
		return PartialOutage
	case "major_outage":
		return MajorOutage
	}
	return Unknown
}

// ofImpact maps an unresolved incident's impact to a level: critical is an outage of the
// service, major a partial one, minor (or none) a degradation.
func ofImpact(impact string) Level {
	switch impact {
	case "critical":
		return MajorOutage
	case "major":
		return PartialOutage
	case "maintenance":
		return Maintenance
	}
	return Degraded
}

// freshness says Unknown or Stale for a page statusphere cannot vouch for, ok otherwise.
func freshness(current *statusphere.GetCurrentStatusResponse) (Level, bool) {
	if current.GetStatus() != "UNKNOWN" {
		return Operational, true
	}
	if current.GetLastCurrentlyScraped() != nil {
		return Stale, false // read once, not lately
	}
	return Unknown, false
}

// pageLevel is a page's level: the worst of its unresolved incidents and components.
// maintenanceNow says whether a maintenance window is in progress; it is asked only when
// the page is DEGRADED and nothing else says why (it costs another backend call).
func pageLevel(current *statusphere.GetCurrentStatusResponse, components []*statusphere.Component,
	maintenanceNow func() bool) Level {
	if level, fresh := freshness(current); !fresh {
		return level
	}
	level := Operational
	for _, incident := range current.GetUnresolvedIncidents() {
		level = worse(level, ofImpact(incident.GetImpact()))
	}
	for _, component := range components {
		if c := ofComponent(component.GetStatus()); c != Unknown {
			level = worse(level, c)
		}
	}
	if level == Operational && current.GetStatus() == "DEGRADED" {
		// DEGRADED with every component operational and no incident: a maintenance window in
		// progress, or a reason this rule does not know (then degraded, never operational).
		level = Degraded
		if maintenanceNow() {
			level = Maintenance
		}
	}
	return level
}

// componentLevel is one component's level, as its page publishes it; the page's freshness first.
func componentLevel(current *statusphere.GetCurrentStatusResponse, component *statusphere.Component) Level {
	if level, fresh := freshness(current); !fresh {
		return level
	}
	return ofComponent(component.GetStatus())
}

// inProgress says whether one of these maintenance windows is open at now: begun (its
// scheduled start, or its start when none was announced) and not completed.
func inProgress(windows []*statusphere.Incident, now time.Time) bool {
	for _, window := range windows {
		if window.GetEndTime() != nil {
			continue
		}
		start := window.GetScheduledStartTime()
		if start == nil {
			start = window.GetStartTime()
		}
		if start != nil && !time.Unix(start.GetSeconds(), int64(start.GetNanos())).After(now) {
			return true
		}
	}
	return false
}

// findComponent matches a component by name, case-insensitively, or by its platform id.
func findComponent(components []*statusphere.Component, query string) *statusphere.Component {
	for _, component := range components {
		if strings.EqualFold(component.GetName(), query) || component.GetId() == query {
			return component
		}
	}
	return nil
}
