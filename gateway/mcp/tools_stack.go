package mcp

// check_stack: "is it us or them?" for the vendors a service depends on, one verdict each
// and one overall, on a scale a deploy gate can act on.

import (
	"context"
	"encoding/json"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The verdicts, least to most severe; unknown stands apart (never "fine" by default).
const (
	verdictOperational   = "operational"
	verdictMaintenance   = "maintenance"
	verdictDegraded      = "degraded"
	verdictPartialOutage = "partial_outage"
	verdictMajorOutage   = "major_outage"
	verdictUnknown       = "unknown"
)

var severity = map[string]int{
	verdictOperational: 0, verdictMaintenance: 1, verdictDegraded: 2, verdictPartialOutage: 3, verdictMajorOutage: 4,
}

// An incident's impact, and a component's status, as a verdict.
var (
	impactVerdict = map[string]string{
		"critical": verdictMajorOutage, "major": verdictPartialOutage, "minor": verdictDegraded, "none": verdictDegraded,
		"maintenance": verdictMaintenance,
	}
	componentVerdict = map[string]string{
		"major_outage": verdictMajorOutage, "partial_outage": verdictPartialOutage,
		"degraded_performance": verdictDegraded, "under_maintenance": verdictMaintenance,
	}
)

type vendorVerdict struct {
	Vendor  string  `json:"vendor"`
	Verdict string  `json:"verdict"`
	Reason  string  `json:"reason"`
	Page    *string `json:"statusPageUrl"`
	Name    string  `json:"name,omitempty"`
	// The unresolved incidents and the components not operational behind the verdict.
	UnresolvedIncidents []incidentSummary  `json:"unresolvedIncidents"`
	AffectedComponents  []componentSummary `json:"affectedComponents"`
}

// verdictOf a page's state: its worst open incident or component; maintenance when only a
// maintenance in progress makes it DEGRADED.
func verdictOf(s pageStatus) (verdict, reason string) {
	if s.Status != "UP" && s.Status != "DEGRADED" {
		reason = s.StatusReason
		if reason == "" {
			reason = "status " + s.Status
		}
		return verdictUnknown, reason
	}
	verdict, reason = verdictOperational, "no unresolved incident and every component operational"
	worse := func(candidate, why string) {
		if severity[candidate] > severity[verdict] {
			verdict, reason = candidate, why
		}
	}
	for _, i := range s.UnresolvedIncidents {
		if v, ok := impactVerdict[i.Impact]; ok {
			worse(v, "unresolved "+i.Impact+" incident: "+i.Title)
		}
	}
	for _, c := range s.Components {
		if v, ok := componentVerdict[c.Status]; ok {
			worse(v, "component "+c.Name+" is "+c.Status)
		}
	}
	if s.Status == "DEGRADED" && verdict == verdictOperational {
		worse(verdictMaintenance, "a maintenance is in progress")
	}
	return verdict, reason
}

// overallVerdict: the worst verdict; unknown when some vendor is unknown and none is
// worse than maintenance, because an unknown vendor may be the one that is down.
func overallVerdict(verdicts []vendorVerdict) string {
	overall, unknown := verdictOperational, false
	for _, v := range verdicts {
		if v.Verdict == verdictUnknown {
			unknown = true
			continue
		}
		if severity[v.Verdict] > severity[overall] {
			overall = v.Verdict
		}
	}
	if unknown && severity[overall] < severity[verdictDegraded] {
		return verdictUnknown
	}
	return overall
}

func checkStackTool(b backend) tool {
	return tool{
		Name:  "check_stack",
		Title: "Check a stack of vendors",
		Description: "Is it us or them? Give the vendors a service depends on; answers one verdict per vendor and one " +
			"overall, from least to most severe: operational, maintenance, degraded, partial_outage, major_outage " +
			"(from the worst unresolved incident's impact, critical = major_outage, major = partial_outage, minor = degraded, " +
			"and the worst component status), or unknown (the vendor is not found, or its page was never or not " +
			"recently read). The overall verdict is the worst one, and unknown when a vendor is unknown and none is " +
			"degraded or worse. ok is true when the overall verdict is operational or maintenance. " + vendorWords,
		InputSchema:  object(schema{"vendors": vendorList("The vendors, e.g. [\"GitHub\", \"Stripe\", \"https://status.aws.amazon.com\"].")}, "vendors"),
		OutputSchema: checkStackOutput,
		run: func(ctx context.Context, arguments json.RawMessage) (interface{}, error) {
			vendors, err := vendorsArgument(arguments)
			if err != nil {
				return nil, err
			}
			verdicts := make([]vendorVerdict, 0, len(vendors))
			for _, vendor := range vendors {
				v := vendorVerdict{Vendor: vendor, UnresolvedIncidents: []incidentSummary{}, AffectedComponents: []componentSummary{}}
				s, err := b.pageStatus(ctx, vendor)
				switch {
				case status.Code(err) == codes.NotFound:
					v.Verdict, v.Reason = verdictUnknown, errorMessage(err)
				case err != nil:
					return nil, err // a bad argument or an unreachable server: no verdict at all
				default:
					url := s.URL
					v.Page, v.Name = &url, s.Name
					v.Verdict, v.Reason = verdictOf(s)
					v.UnresolvedIncidents = s.UnresolvedIncidents
					for _, c := range s.Components {
						if c.Status != "operational" {
							v.AffectedComponents = append(v.AffectedComponents, c)
						}
					}
				}
				verdicts = append(verdicts, v)
			}
			overall := overallVerdict(verdicts)
			return map[string]interface{}{
				"overall": overall,
				"ok":      overall == verdictOperational || overall == verdictMaintenance,
				"vendors": verdicts,
			}, nil
		},
	}
}
