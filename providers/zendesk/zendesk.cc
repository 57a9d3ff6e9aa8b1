#include "providers/zendesk/zendesk.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;

constexpr char kServicesRole[] = "services";
constexpr char kIncidentsRole[] = "incidents";

// Zendesk's two flags, worst first, in our impact and component words. Neither set means
// Zendesk reports an incident without saying how bad: minor, and a service it names is
// partly out.
struct Severity {
  const char* flag;
  const char* impact;
  const char* component_status;
};
constexpr Severity kSeverities[] = {
    {"outage", vocabulary::kImpactMajor, vocabulary::kComponentMajorOutage},
    {"degradation", vocabulary::kImpactMinor, vocabulary::kComponentDegradedPerformance},
    {nullptr, vocabulary::kImpactMinor, vocabulary::kComponentPartialOutage},
};

const Severity& SeverityOf(const Json& attributes) {
  for (const Severity& s : kSeverities) {
    if (s.flag == nullptr || BoolField(attributes, s.flag)) return s;
  }
  return kSeverities[std::size(kSeverities) - 1];
}

// JSON:API ids are strings; Zendesk's may be numbers.
std::string IdOf(const Json& j, const char* key = "id") {
  if (!j.is_object() || !j.contains(key)) return "";
  const Json& id = j[key];
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<int64_t>());
  return "";
}

const Json& Attributes(const Json& j) {
  static const Json* empty = new Json(Json::object());
  if (!j.is_object() || !j.contains("attributes") || !j["attributes"].is_object()) return *empty;
  return j["attributes"];
}

}  // namespace

Detection Zendesk::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.zendesk.com"});
  return d;
}

FetchPlan Zendesk::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kServicesRole, absl::StrCat(page_url, "/api/ssp/services.json")},
           {kIncidentsRole, absl::StrCat(page_url, "/api/ssp/incidents.json")}}};
}

absl::StatusOr<ParsedPage> Zendesk::Parse(absl::string_view page_url, const Documents& documents) const {
  ParsedPage page;
  // incidentService id -> the entry; an open one marks its service.
  std::map<std::string, const Json*> incident_services;
  std::map<std::string, const Severity*> service_severity;  // service id -> worst open
  std::map<std::string, std::string> service_names;         // service id -> name
  Json incidents_json;
  if (const Document* doc = documents.Find(kIncidentsRole)) {
    ASSIGN_OR_RETURN(const Document* incidents, documents.RequireOk(kIncidentsRole));
    ASSIGN_OR_RETURN(incidents_json, ParseJsonObject(incidents->url, incidents->body));
    if (!incidents_json.contains("data") || !incidents_json["data"].is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'data' array: not Zendesk's incidents"));
    }
    for (const Json& entry : ArrayField(incidents_json, "included")) {
      if (StringField(entry, "type") != "incidentService") continue;
      incident_services[IdOf(entry)] = &entry;
      const Json& a = Attributes(entry);
      if (!StringField(a, "resolvedAt").empty()) continue;
      const std::string service = IdOf(a, "serviceId");
      const Severity* s = &SeverityOf(a);
      auto [it, added] = service_severity.emplace(service, s);
      if (!added && s < it->second) it->second = s;  // kSeverities is worst first
    }
    page.lists_every_open_incident = true;  // the list Zendesk's page shows, open ones included
    for (const Json& j : ArrayField(incidents_json, "data")) {
      Incident i;
      i.set_id(IdOf(j));
      if (i.id().empty()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": an incident has no id"));
      auto error = [&](const absl::Status& s) {
        return absl::InvalidArgumentError(absl::StrCat(doc->url, ": incident ", i.id(), ": ", s.message()));
      };
      const Json& a = Attributes(j);
      i.set_title(TextOf(StringField(a, "name")));
      i.set_deep_link(absl::StrCat(page_url, "/incidents/", i.id()));
      i.set_impact(SeverityOf(a).impact);
      absl::StatusOr<std::optional<absl::Time>> started = TimeField(a, "startedAt");
      absl::StatusOr<std::optional<absl::Time>> resolved = TimeField(a, "resolvedAt");
      if (!started.ok()) return error(started.status());
      if (!resolved.ok()) return error(resolved.status());
      if (!started->has_value()) return error(absl::InvalidArgumentError("no startedAt"));
      *i.mutable_start_time() = ToProto(**started);
      std::string status = StringField(a, "status");
      if (resolved->has_value()) {
        *i.mutable_end_time() = ToProto(**resolved);
        status = vocabulary::kLifecycleResolved;
      }
      i.set_status(status.empty() ? vocabulary::kLifecycleInvestigating : status);
      if (j.contains("relationships") && j["relationships"].is_object() &&
          j["relationships"].contains("incidentServices") && j["relationships"]["incidentServices"].is_object()) {
        std::set<std::string> named;
        for (const Json& ref : ArrayField(j["relationships"]["incidentServices"], "data")) {
          auto entry = incident_services.find(IdOf(ref));
          if (entry == incident_services.end()) continue;
          const std::string name = StringField(Attributes(*entry->second), "serviceName");
          if (!name.empty() && named.insert(name).second) i.add_components(name);
        }
      }
      page.incidents.push_back(std::move(i));
    }
  }
  if (const Document* doc = documents.Find(kServicesRole)) {
    ASSIGN_OR_RETURN(const Document* services, documents.RequireOk(kServicesRole));
    ASSIGN_OR_RETURN(Json json, ParseJsonObject(services->url, services->body));
    if (!json.contains("data") || !json["data"].is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'data' array: not Zendesk's services"));
    }
    for (const Json& s : ArrayField(json, "data")) {
      const Json& a = Attributes(s);
      if (BoolField(a, "deprecated")) continue;  // retired services the page no longer shows
      statusphere::v1::Component c;
      c.set_id(IdOf(s));
      c.set_name(StringField(a, "name"));
      if (c.id().empty() || c.name().empty()) continue;
      auto worst = service_severity.find(c.id());
      c.set_status(worst == service_severity.end() ? vocabulary::kComponentOperational
                                                   : worst->second->component_status);
      page.components.push_back(std::move(c));
    }
  }
  if (documents.Find(kServicesRole) == nullptr && documents.Find(kIncidentsRole) == nullptr) {
    return absl::InvalidArgumentError("neither 'services' nor 'incidents' was fetched");
  }
  return RequireUniqueIncidentIds(page_url, std::move(page));
}

}  // namespace statusphere::providers
