package mcp

// The shapes of the tools' answers. Field names are the REST API's (lowerCamelCase,
// the same words), so that what a model reads matches the API's documentation.

import (
	"encoding/json"
	"time"

	"github.com/golang/protobuf/jsonpb"
	"github.com/golang/protobuf/proto"
	"github.com/golang/protobuf/ptypes"
	"github.com/golang/protobuf/ptypes/timestamp"

	statusphere "statusphere/v1"
)

type pageSummary struct {
	Name                 string  `json:"name"`
	URL                  string  `json:"url"`
	Provider             string  `json:"provider"`
	Status               string  `json:"status"`
	IsIndexed            bool    `json:"isIndexed"`
	LastCurrentlyScraped *string `json:"lastCurrentlyScraped"`
}

type componentSummary struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Group  string `json:"group,omitempty"`
}

type updateSummary struct {
	Title       string  `json:"title"`
	Status      string  `json:"status"`
	Description string  `json:"description"`
	Time        *string `json:"time"`
}

type incidentSummary struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Impact        string         `json:"impact"`
	Status        string         `json:"status"`
	StatusPageURL string         `json:"statusPageUrl"`
	Components    []string       `json:"components"`
	StartTime     *string        `json:"startTime"`
	DeepLink      string         `json:"deepLink"`
	LatestUpdate  *updateSummary `json:"latestUpdate"`
	Updates       int            `json:"updateCount"`
}

func summarizePage(p *statusphere.StatusPage) pageSummary {
	return pageSummary{
		Name: p.GetName(), URL: p.GetUrl(), Provider: p.GetProvider(), Status: p.GetStatus(),
		IsIndexed: p.GetIsIndexed(), LastCurrentlyScraped: stamp(p.GetLastCurrentlyScraped()),
	}
}

func summarizeComponents(components []*statusphere.Component) []componentSummary {
	out := make([]componentSummary, 0, len(components))
	for _, c := range components {
		out = append(out, componentSummary{Name: c.GetName(), Status: c.GetStatus(), Group: c.GetGroup()})
	}
	return out
}

// summarizeIncident: the incident without its whole timeline (get_incident has it), with
// its latest update, which says where things stand.
func summarizeIncident(i *statusphere.Incident) incidentSummary {
	s := incidentSummary{
		ID: i.GetId(), Title: i.GetTitle(), Impact: i.GetImpact(), Status: i.GetStatus(),
		StatusPageURL: i.GetStatusPageUrl(), Components: i.GetComponents(), StartTime: stamp(i.GetStartTime()),
		DeepLink: i.GetDeepLink(), Updates: len(i.GetEvents()),
	}
	if s.Components == nil {
		s.Components = []string{}
	}
	if events := i.GetEvents(); len(events) > 0 { // newest first
		latest := events[0]
		s.LatestUpdate = &updateSummary{Title: latest.GetTitle(), Status: latest.GetStatus(), Description: latest.GetDescription(), Time: stamp(latest.GetTime())}
	}
	return s
}

// stamp is a timestamp as REST writes it (RFC 3339, UTC), or null when unset.
func stamp(ts *timestamp.Timestamp) *string {
	if ts == nil {
		return nil
	}
	t, err := ptypes.Timestamp(ts)
	if err != nil {
		return nil
	}
	text := t.UTC().Format(time.RFC3339Nano)
	return &text
}

// restJSON is a message exactly as the REST API renders it (the gateway's marshaller
// options: lowerCamelCase, defaults emitted).
func restJSON(m proto.Message) (json.RawMessage, error) {
	text, err := (&jsonpb.Marshaler{OrigName: false, EmitDefaults: true}).MarshalToString(m)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(text), nil
}
