package compat

// Atlassian Statuspage's public v2 documents (/api/v2/summary.json and its parts), as
// Go types whose JSON is that format field by field: the names, their order, and null
// where Statuspage writes null. Tools that read a Statuspage page (exporters, menu-bar
// apps, monitors, statusphere's own Statuspage provider) read these.

// pageInfo is the "page" object every document starts with.
type pageInfo struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	URL       string  `json:"url"`
	TimeZone  string  `json:"time_zone"`
	UpdatedAt *string `json:"updated_at"`
}

// overallStatus is "status": the indicator and its words.
type overallStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type component struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          *string  `json:"created_at"`
	UpdatedAt          *string  `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components,omitempty"` // a group's members' ids
}

type incidentUpdate struct {
	ID                   string  `json:"id"`
	Status               string  `json:"status"`
	Body                 string  `json:"body"`
	IncidentID           string  `json:"incident_id"`
	CreatedAt            string  `json:"created_at"`
	UpdatedAt            string  `json:"updated_at"`
	DisplayAt            string  `json:"display_at"`
	AffectedComponents   *[]any  `json:"affected_components"`
	DeliverNotifications bool    `json:"deliver_notifications"`
	CustomTweet          *string `json:"custom_tweet"`
	TweetID              *string `json:"tweet_id"`
}

// incident is an incident, or a scheduled maintenance (with ScheduledFor and
// ScheduledUntil, which incidents leave out).
type incident struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Status          string           `json:"status"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	MonitoringAt    *string          `json:"monitoring_at"`
	ResolvedAt      *string          `json:"resolved_at"`
	Impact          string           `json:"impact"`
	Shortlink       string           `json:"shortlink"`
	StartedAt       string           `json:"started_at"`
	PageID          string           `json:"page_id"`
	IncidentUpdates []incidentUpdate `json:"incident_updates"`
	Components      []component      `json:"components"`
	*schedule
}

type schedule struct {
	ScheduledFor   *string `json:"scheduled_for"`
	ScheduledUntil *string `json:"scheduled_until"`
}

// The documents.
type summaryDocument struct {
	Page                  pageInfo      `json:"page"`
	Components            []component   `json:"components"`
	Incidents             []incident    `json:"incidents"`
	ScheduledMaintenances []incident    `json:"scheduled_maintenances"`
	Status                overallStatus `json:"status"`
}

type statusDocument struct {
	Page   pageInfo      `json:"page"`
	Status overallStatus `json:"status"`
}

type componentsDocument struct {
	Page       pageInfo    `json:"page"`
	Components []component `json:"components"`
}

type incidentsDocument struct {
	Page      pageInfo   `json:"page"`
	Incidents []incident `json:"incidents"`
}

type maintenancesDocument struct {
	Page                  pageInfo   `json:"page"`
	ScheduledMaintenances []incident `json:"scheduled_maintenances"`
}
