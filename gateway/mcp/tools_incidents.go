package mcp

// list_active_incidents, get_incident and get_uptime: what is broken now, one incident's
// whole timeline, and outage minutes per day.

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

// The impacts, sorted as the server lists them in its refusal (server/api_request.cc).
var knownImpacts = []string{"critical", "maintenance", "major", "minor", "none"}

// parseImpacts reads the impact filter with the REST API's rule and wording: each item may
// itself be a comma-separated list, as REST's ?impact=critical,major is.
func parseImpacts(items []string) (map[string]bool, error) {
	impacts := map[string]bool{}
	for _, item := range items {
		for _, word := range strings.Split(item, ",") {
			if strings.TrimSpace(word) == "" {
				continue
			}
			impact := strings.ToLower(strings.TrimSpace(word))
			known := false
			for _, k := range knownImpacts {
				known = known || k == impact
			}
			if !known {
				return nil, argumentError("impact: unknown value '%s'; expected a comma-separated list of %s", word, strings.Join(knownImpacts, ", "))
			}
			impacts[impact] = true
		}
	}
	return impacts, nil
}

func listActiveIncidentsTool(b backend) tool {
	return tool{
		Name:  "list_active_incidents",
		Title: "List active incidents",
		Description: "The incidents not yet resolved, newest first, across every page statusphere follows or only some " +
			"vendors' pages, optionally only those of some impacts (critical, major, minor, none; maintenance windows " +
			"are not incidents and are left out). Each comes with its page, components, impact, status and latest " +
			"update; get_incident gives its whole timeline. " + vendorWords,
		InputSchema: object(schema{
			"impact": schema{"type": "array", "items": schema{"type": "string", "enum": knownImpacts},
				"description": "Keep only these impacts, e.g. [\"critical\", \"major\"]. Empty or absent keeps all."},
			"vendors": schema{"type": "array", "items": schema{"type": "string", "minLength": 1}, "maxItems": maxVendors,
				"description": "Only these vendors' pages. Absent: every page."},
		}),
		OutputSchema: listActiveIncidentsOutput,
		run: func(ctx context.Context, arguments json.RawMessage) (interface{}, error) {
			var args struct {
				Impact  []string `json:"impact"`
				Vendors []string `json:"vendors"`
			}
			if err := decodeArguments(arguments, &args); err != nil {
				return nil, err
			}
			impacts, err := parseImpacts(args.Impact)
			if err != nil {
				return nil, err
			}
			if err := checkVendorList("vendors", args.Vendors, false); err != nil {
				return nil, err
			}
			urls, err := b.pagesToCheck(ctx, args.Vendors)
			if err != nil {
				return nil, err
			}
			incidents := []incidentSummary{}
			for _, url := range urls {
				current, err := b.client.GetCurrentStatus(ctx, &statusphere.GetCurrentStatusRequest{StatusPageUrl: url})
				if err != nil {
					return nil, err
				}
				for _, i := range current.GetUnresolvedIncidents() {
					if len(impacts) == 0 || impacts[i.GetImpact()] {
						incidents = append(incidents, summarizeIncident(i))
					}
				}
			}
			sort.SliceStable(incidents, func(i, j int) bool {
				return startOf(incidents[i]) > startOf(incidents[j])
			})
			return map[string]interface{}{"incidents": incidents, "pagesChecked": len(urls)}, nil
		},
	}
}

func startOf(i incidentSummary) string {
	if i.StartTime == nil {
		return ""
	}
	return *i.StartTime
}

// pagesToCheck: the vendors' pages, or every page with an unresolved incident (a DEGRADED
// one: an UP page has none), which spares a call per quiet page.
func (b backend) pagesToCheck(ctx context.Context, vendors []string) ([]string, error) {
	var urls []string
	if len(vendors) > 0 {
		for _, vendor := range vendors {
			f, err := b.findPage(ctx, vendor)
			if err != nil {
				return nil, err
			}
			urls = append(urls, f.page.GetUrl())
		}
		return urls, nil
	}
	all, err := b.client.ListStatusPages(ctx, &statusphere.ListStatusPagesRequest{})
	if err != nil {
		return nil, err
	}
	for _, p := range all.GetStatusPages() {
		if p.GetStatus() == "DEGRADED" {
			urls = append(urls, p.GetUrl())
		}
	}
	return urls, nil
}

func getIncidentTool(b backend) tool {
	return tool{
		Name:  "get_incident",
		Title: "Get an incident",
		Description: "One incident of a vendor's page with its whole timeline: every update posted (title, status, text, " +
			"time; newest first), its impact, affected components, start and end time (null while ongoing) and the " +
			"link to it on the vendor's page. The incident id comes from get_status, check_stack or " +
			"list_active_incidents. " + vendorWords,
		InputSchema: object(schema{
			"vendor":     stringProperty("The vendor whose page the incident is on."),
			"incidentId": stringProperty("The incident's id (the id field of an incident)."),
		}, "vendor", "incidentId"),
		run: func(ctx context.Context, arguments json.RawMessage) (interface{}, error) {
			var args struct {
				Vendor     string `json:"vendor"`
				IncidentID string `json:"incidentId"`
			}
			if err := decodeArguments(arguments, &args); err != nil {
				return nil, err
			}
			if strings.TrimSpace(args.IncidentID) == "" {
				return nil, argumentError("incidentId is required")
			}
			f, err := b.findPage(ctx, args.Vendor)
			if err != nil {
				return nil, err
			}
			list, err := b.client.ListIncidents(ctx, &statusphere.ListIncidentsRequest{StatusPageUrl: f.page.GetUrl()})
			if err != nil {
				return nil, err
			}
			for _, i := range list.GetIncidents() {
				if i.GetId() == args.IncidentID {
					incident, err := restJSON(i)
					if err != nil {
						return nil, err
					}
					return map[string]interface{}{"statusPage": summarizePage(f.page), "incident": incident}, nil
				}
			}
			return nil, status.Errorf(codes.NotFound, "no incident with id %q on %s", args.IncidentID, f.page.GetUrl())
		},
	}
}

func getUptimeTool(b backend) tool {
	return tool{
		Name:  "get_uptime",
		Title: "Get uptime",
		Description: "A vendor's uptime over the last days (the REST API's /api/v1/uptime): for the page and each " +
			"component (or only one component), minutes of major outage, partial outage and maintenance per UTC day, " +
			"the uptime percentage, and per impact the number of incidents and their mean time to resolve. " + vendorWords,
		InputSchema: object(schema{
			"vendor":    stringProperty("The vendor."),
			"component": stringProperty("Only this component, by name (case-insensitive). Absent: the page and every component."),
			"days":      schema{"type": "integer", "minimum": 1, "maximum": 365, "description": "How many days back, 1 to 365; default 90."},
		}, "vendor"),
		run: func(ctx context.Context, arguments json.RawMessage) (interface{}, error) {
			var args struct {
				Vendor    string          `json:"vendor"`
				Component string          `json:"component"`
				Days      json.RawMessage `json:"days"`
			}
			if err := decodeArguments(arguments, &args); err != nil {
				return nil, err
			}
			f, err := b.findPage(ctx, args.Vendor)
			if err != nil {
				return nil, err
			}
			// The server checks days and words a refusal as REST does ("days: '0' is not ...").
			uptime, err := b.client.GetUptime(ctx, &statusphere.GetUptimeRequest{StatusPageUrl: f.page.GetUrl(), Days: daysText(args.Days)})
			if err != nil {
				return nil, err
			}
			if args.Component != "" {
				var names []string
				var kept []*statusphere.ComponentUptime
				for _, c := range uptime.GetComponents() {
					names = append(names, c.GetName())
					if strings.EqualFold(c.GetName(), strings.TrimSpace(args.Component)) {
						kept = append(kept, c)
					}
				}
				if len(kept) == 0 {
					return nil, status.Errorf(codes.NotFound, "no component named %q on %s; its components: %s",
						args.Component, f.page.GetUrl(), strings.Join(names, ", "))
				}
				uptime.Components = kept
			}
			return restJSON(uptime)
		},
	}
}

// daysText is days as the REST query parameter would carry it: a JSON number's digits or
// a string as given; "" when absent (the server's default).
func daysText(raw json.RawMessage) string {
	text := strings.TrimSpace(string(raw))
	if text == "" || text == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return text
}
