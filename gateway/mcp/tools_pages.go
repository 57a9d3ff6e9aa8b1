package mcp

// search_vendors and get_status: finding pages, and each page's state now.

import (
	"context"
	"encoding/json"

	statusphere "statusphere/v1"
)

type schema = map[string]interface{}

func object(properties schema, required ...string) schema {
	s := schema{"type": "object", "properties": properties, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func stringProperty(description string) schema {
	return schema{"type": "string", "description": description}
}

func vendorList(description string) schema {
	return schema{"type": "array", "items": schema{"type": "string", "minLength": 1}, "minItems": 1, "maxItems": maxVendors, "description": description}
}

const vendorWords = "Each vendor is a page's name (\"GitHub\"), its status page URL (\"https://www.githubstatus.com\", " +
	"the scheme may be left out) or words the page search matches (\"git hub\")."

func searchVendorsTool(b backend) tool {
	return tool{
		Name:  "search_vendors",
		Title: "Search vendors",
		Description: "Find the status pages statusphere follows whose name or URL matches some words (the REST API's " +
			"/api/v1/statusPages/search). Answers each page's name, URL, platform, overall status (UP, DEGRADED or " +
			"UNKNOWN) and when it was last read. Use it when unsure of a vendor's exact name.",
		InputSchema:  object(schema{"query": stringProperty("Free text, e.g. \"github\" or \"aws\"; at most 200 characters.")}, "query"),
		OutputSchema: searchVendorsOutput,
		run: func(ctx context.Context, arguments json.RawMessage) (interface{}, error) {
			var args struct {
				Query string `json:"query"`
			}
			if err := decodeArguments(arguments, &args); err != nil {
				return nil, err
			}
			// The server words an empty or long query as REST does.
			hits, err := b.client.SearchStatusPages(ctx, &statusphere.SearchStatusPagesRequest{Query: args.Query})
			if err != nil {
				return nil, err
			}
			pages := make([]pageSummary, 0, len(hits.GetStatusPages()))
			for _, p := range hits.GetStatusPages() {
				pages = append(pages, summarizePage(p))
			}
			return map[string]interface{}{"query": args.Query, "statusPages": pages}, nil
		},
	}
}

type pageStatus struct {
	Vendor string `json:"vendor"` // as asked
	pageSummary
	MatchedBy           string             `json:"matchedBy"`
	StatusReason        string             `json:"statusReason"`
	PlatformIndicator   string             `json:"platformIndicator"`
	LastError           string             `json:"lastError"`
	Components          []componentSummary `json:"components"`
	UnresolvedIncidents []incidentSummary  `json:"unresolvedIncidents"`
}

// pageStatus is one vendor's page with its components and unresolved incidents.
func (b backend) pageStatus(ctx context.Context, vendor string) (pageStatus, error) {
	f, err := b.findPage(ctx, vendor)
	if err != nil {
		return pageStatus{}, err
	}
	current, err := b.client.GetCurrentStatus(ctx, &statusphere.GetCurrentStatusRequest{StatusPageUrl: f.page.GetUrl()})
	if err != nil {
		return pageStatus{}, err
	}
	s := pageStatus{
		Vendor: vendor, pageSummary: summarizePage(f.page), MatchedBy: f.matchedBy,
		StatusReason: current.GetStatusReason(), PlatformIndicator: current.GetPlatformIndicator(),
		LastError:  f.page.GetLastError(),
		Components: summarizeComponents(f.page.GetComponents()),
	}
	// The current status is read after the page: it is the newer of the two.
	s.Status = current.GetStatus()
	s.UnresolvedIncidents = make([]incidentSummary, 0, len(current.GetUnresolvedIncidents()))
	for _, i := range current.GetUnresolvedIncidents() {
		s.UnresolvedIncidents = append(s.UnresolvedIncidents, summarizeIncident(i))
	}
	return s, nil
}

// vendorsArgument reads the "vendors" list that get_status and check_stack take.
func vendorsArgument(arguments json.RawMessage) ([]string, error) {
	var args struct {
		Vendors []string `json:"vendors"`
	}
	if err := decodeArguments(arguments, &args); err != nil {
		return nil, err
	}
	if err := checkVendorList("vendors", args.Vendors, true); err != nil {
		return nil, err
	}
	return args.Vendors, nil
}

func getStatusTool(b backend) tool {
	return tool{
		Name:  "get_status",
		Title: "Get vendor status",
		Description: "The current state of one or several vendors' status pages: overall status (UP; DEGRADED while an " +
			"incident is unresolved, a maintenance is in progress or a component is degraded; UNKNOWN when never or not " +
			"recently read, with statusReason), every component with its status (operational, degraded_performance, " +
			"partial_outage, major_outage, under_maintenance), and the unresolved incidents with their impact and latest " +
			"update. " + vendorWords,
		InputSchema:  object(schema{"vendors": vendorList("The vendors, e.g. [\"GitHub\", \"https://status.openai.com\"].")}, "vendors"),
		OutputSchema: getStatusOutput,
		run: func(ctx context.Context, arguments json.RawMessage) (interface{}, error) {
			vendors, err := vendorsArgument(arguments)
			if err != nil {
				return nil, err
			}
			pages := make([]pageStatus, 0, len(vendors))
			for _, vendor := range vendors {
				s, err := b.pageStatus(ctx, vendor)
				if err != nil {
					return nil, err
				}
				pages = append(pages, s)
			}
			return map[string]interface{}{"statusPages": pages}, nil
		},
	}
}
