// Package compat serves every page statusphere reads as an Atlassian Statuspage page:
// /compat/<slug>/api/v2/summary.json and the other public v2 documents, built from the
// server's answers (GetStatusPage by slug, GetCurrentStatus, ListIncidents), so that a
// tool that reads Statuspage pages reads every vendor, whatever its platform.
package compat

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"statusphere/gateway/cache"
	"statusphere/gateway/httperror"
	statusphere "statusphere/v1"
)

// Prefix is where the compat API lives (the route table's line).
const Prefix = "/compat/"

// Statuspage's incidents.json and scheduled-maintenances.json hold the 50 most recent.
const recentLimit = "50"

// What a document needs from the server.
type needs struct {
	current      bool // GetCurrentStatus: the open incidents
	incidents    bool // ListIncidents of the incidents (maintenance aside), the 50 newest
	maintenances bool // ListIncidents of the maintenance windows, the 50 newest
}

type answers struct {
	page         *statusphere.StatusPage
	open         []*statusphere.Incident
	incidents    []*statusphere.Incident
	maintenances []*statusphere.Incident
}

type document struct {
	needs needs
	build func(t *translation, a *answers) any
}

func upcoming(status string) bool { return status == "scheduled" }
func active(status string) bool   { return status == "in_progress" || status == "verifying" }
func notDone(status string) bool  { return status != "completed" }
func every(string) bool           { return true }

// documents are the paths under /compat/<slug>/api/v2/.
var documents = map[string]document{
	"summary.json": {needs{current: true, maintenances: true}, func(t *translation, a *answers) any {
		return summaryDocument{
			Page: t.info(), Components: t.components, Incidents: t.incidents(a.open),
			ScheduledMaintenances: t.maintenances(a.maintenances, notDone),
			Status:                t.status(a.open, a.maintenances),
		}
	}},
	"status.json": {needs{current: true, maintenances: true}, func(t *translation, a *answers) any {
		return statusDocument{Page: t.info(), Status: t.status(a.open, a.maintenances)}
	}},
	"components.json": {needs{}, func(t *translation, a *answers) any {
		return componentsDocument{Page: t.info(), Components: t.components}
	}},
	"incidents.json": {needs{incidents: true}, func(t *translation, a *answers) any {
		return incidentsDocument{Page: t.info(), Incidents: t.incidents(a.incidents)}
	}},
	"incidents/unresolved.json": {needs{current: true}, func(t *translation, a *answers) any {
		return incidentsDocument{Page: t.info(), Incidents: t.incidents(a.open)}
	}},
	"scheduled-maintenances.json": {needs{maintenances: true}, func(t *translation, a *answers) any {
		return maintenancesDocument{Page: t.info(), ScheduledMaintenances: t.maintenances(a.maintenances, every)}
	}},
	"scheduled-maintenances/upcoming.json": {needs{maintenances: true}, func(t *translation, a *answers) any {
		return maintenancesDocument{Page: t.info(), ScheduledMaintenances: t.maintenances(a.maintenances, upcoming)}
	}},
	"scheduled-maintenances/active.json": {needs{maintenances: true}, func(t *translation, a *answers) any {
		return maintenancesDocument{Page: t.info(), ScheduledMaintenances: t.maintenances(a.maintenances, active)}
	}},
}

// Handler answers GET /compat/<slug>/api/v2/<document>.
func Handler(client statusphere.StatusPageServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		slug, name, problem := splitPath(r.URL.Path)
		if problem != "" {
			code := http.StatusNotFound
			if slug == "" {
				code = http.StatusBadRequest
			}
			httperror.WriteJSON(w, code, problem)
			return
		}
		doc := documents[name]
		a, err := fetch(r, client, slug, doc.needs)
		if err != nil {
			httperror.WriteGRPC(w, r, err)
			return
		}
		var body bytes.Buffer
		encoder := json.NewEncoder(&body)
		encoder.SetEscapeHTML(false) // bodies are text: "&" stays "&", as Statuspage writes it
		if err := encoder.Encode(doc.build(newTranslation(a.page, time.Now()), a)); err != nil {
			httperror.WriteJSON(w, http.StatusInternalServerError, err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body.Bytes())
	}
}

// splitPath reads /compat/<slug>/api/v2/<document>; problem says what is wrong with it
// (with an empty slug when the slug is what is missing).
func splitPath(path string) (slug, name, problem string) {
	rest := strings.TrimPrefix(path, Prefix)
	slug, name, _ = strings.Cut(rest, "/")
	if slug == "" {
		return "", "", "the page's slug is missing: /compat/<slug>/api/v2/summary.json, with the slug that /api/v1/statusPages lists"
	}
	const api = "api/v2/"
	name = strings.TrimPrefix(name, api)
	if _, known := documents[name]; !known || !strings.HasPrefix(rest, slug+"/"+api) {
		return slug, "", "no such document: " + path + " (the compat API serves /compat/<slug>/api/v2/ summary.json, status.json, " +
			"components.json, incidents.json, incidents/unresolved.json, scheduled-maintenances.json, " +
			"scheduled-maintenances/upcoming.json and scheduled-maintenances/active.json)"
	}
	return slug, name, ""
}

// fetch asks the server for the page by its slug (the server checks the slug: 400 for one
// that cannot be a slug, 404 for one no page has), then for what the document needs.
func fetch(r *http.Request, client statusphere.StatusPageServiceClient, slug string, n needs) (*answers, error) {
	ctx := r.Context()
	got, err := client.GetStatusPage(ctx, &statusphere.GetStatusPageRequest{StatusPageSlug: slug})
	if err != nil {
		return nil, err
	}
	a := &answers{page: got.GetStatusPage()}
	url := a.page.GetUrl()
	// The answer is about this page: the cache drops it when the page's incidents change.
	cache.SetAnswerPage(ctx, url)
	if n.current {
		current, err := client.GetCurrentStatus(ctx, &statusphere.GetCurrentStatusRequest{StatusPageUrl: url})
		if err != nil {
			return nil, err
		}
		a.open = current.GetUnresolvedIncidents()
	}
	list := func(impact string) ([]*statusphere.Incident, error) {
		got, err := client.ListIncidents(ctx, &statusphere.ListIncidentsRequest{StatusPageUrl: url, Impact: impact, Limit: recentLimit})
		return got.GetIncidents(), err
	}
	if n.incidents {
		if a.incidents, err = list("critical,major,minor,none"); err != nil {
			return nil, err
		}
	}
	if n.maintenances {
		if a.maintenances, err = list(impactMaintenance); err != nil {
			return nil, err
		}
	}
	return a, nil
}
