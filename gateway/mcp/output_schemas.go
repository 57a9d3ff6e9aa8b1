package mcp

// Output schemas of the tools whose answers are statusphere's own shapes (answers.go,
// tools_stack.go), so that a client can rely on them (the TypeScript SDK checks every
// answer against them). get_incident and get_uptime answer the REST API's documents,
// which its OpenAPI document describes.

func nullable(t string) schema { return schema{"type": []string{t, "null"}} }

func enumOf(values ...string) schema { return schema{"type": "string", "enum": values} }

func arrayOf(items schema) schema { return schema{"type": "array", "items": items} }

func shape(properties schema, required ...string) schema {
	return schema{"type": "object", "properties": properties, "required": required}
}

var (
	componentOutput = shape(schema{
		"name": schema{"type": "string"}, "status": schema{"type": "string"}, "group": schema{"type": "string"},
	}, "name", "status")

	incidentOutput = shape(schema{
		"id": schema{"type": "string"}, "title": schema{"type": "string"},
		"impact":        enumOf(knownImpacts...),
		"status":        schema{"type": "string"},
		"statusPageUrl": schema{"type": "string"},
		"components":    arrayOf(schema{"type": "string"}),
		"startTime":     nullable("string"),
		"deepLink":      schema{"type": "string"},
		"latestUpdate": schema{"type": []string{"object", "null"}, "properties": schema{
			"title": schema{"type": "string"}, "status": schema{"type": "string"},
			"description": schema{"type": "string"}, "time": nullable("string"),
		}},
		"updateCount": schema{"type": "integer", "minimum": 0},
	}, "id", "title", "impact", "status", "statusPageUrl", "components", "startTime", "latestUpdate", "updateCount")

	pageStatuses = enumOf("UP", "DEGRADED", "UNKNOWN")

	pageOutput = shape(schema{
		"name": schema{"type": "string"}, "url": schema{"type": "string"}, "provider": schema{"type": "string"},
		"status": pageStatuses, "isIndexed": schema{"type": "boolean"}, "lastCurrentlyScraped": nullable("string"),
	}, "name", "url", "status", "isIndexed")

	pageStatusOutput = shape(schema{
		"vendor": schema{"type": "string"}, "name": schema{"type": "string"}, "url": schema{"type": "string"},
		"provider": schema{"type": "string"}, "status": pageStatuses, "isIndexed": schema{"type": "boolean"},
		"lastCurrentlyScraped": nullable("string"),
		"matchedBy":            enumOf("url", "name", "search"),
		"statusReason":         schema{"type": "string"}, "platformIndicator": schema{"type": "string"},
		"lastError":           schema{"type": "string"},
		"components":          arrayOf(componentOutput),
		"unresolvedIncidents": arrayOf(incidentOutput),
	}, "vendor", "name", "url", "status", "matchedBy", "components", "unresolvedIncidents")

	verdicts = enumOf(verdictOperational, verdictMaintenance, verdictDegraded, verdictPartialOutage, verdictMajorOutage, verdictUnknown)

	searchVendorsOutput = shape(schema{"query": schema{"type": "string"}, "statusPages": arrayOf(pageOutput)}, "statusPages")

	getStatusOutput = shape(schema{"statusPages": arrayOf(pageStatusOutput)}, "statusPages")

	checkStackOutput = shape(schema{
		"overall": verdicts,
		"ok":      schema{"type": "boolean"},
		"vendors": arrayOf(shape(schema{
			"vendor": schema{"type": "string"}, "verdict": verdicts, "reason": schema{"type": "string"},
			"statusPageUrl": nullable("string"), "name": schema{"type": "string"},
			"unresolvedIncidents": arrayOf(incidentOutput), "affectedComponents": arrayOf(componentOutput),
		}, "vendor", "verdict", "reason", "statusPageUrl", "unresolvedIncidents", "affectedComponents")),
	}, "overall", "ok", "vendors")

	listActiveIncidentsOutput = shape(schema{
		"incidents": arrayOf(incidentOutput), "pagesChecked": schema{"type": "integer", "minimum": 0},
	}, "incidents", "pagesChecked")
)
