#include "providers/salesforce/salesforce.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"
#include "providers/salesforce/localizations.h"
#include "providers/salesforce/trust_records.h"

namespace statusphere::providers {
namespace {

constexpr char kInstancesRole[] = "instances";  // every instance's status, incidents and maintenances
constexpr char kLocalizationsRole[] = "localizations";

using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr absl::string_view kApi = "https://api.status.salesforce.com/v1";

// Instance statuses are OK or a kind and a scope: MINOR_INCIDENT_CORE, MAJOR_INCIDENT_...,
// MAINTENANCE_.... Trust calls minor "performance degradation" and major "service
// disruption". The scope (core or not) has no counterpart in our vocabulary.
std::string ComponentStatus(absl::string_view status) {
  if (status == "OK") return vocabulary::kComponentOperational;
  if (absl::StartsWith(status, "MINOR_INCIDENT")) return vocabulary::kComponentDegradedPerformance;
  if (absl::StartsWith(status, "MAJOR_INCIDENT")) return vocabulary::kComponentMajorOutage;
  if (absl::StartsWith(status, "MAINTENANCE")) return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

// Retired instances stay in the API with isActive false (their release versions stopped
// years ago); the Trust site no longer lists them, so neither do we. Missing means active.
bool IsActive(const Json& instance) {
  auto it = instance.find("isActive");
  return it == instance.end() || !it->is_boolean() || it->get<bool>();
}

Component ComponentOf(const Json& instance, const std::string& key, const salesforce::Localizations& texts) {
  Component c;
  c.set_id(key);
  c.set_name(key);  // incidents name their instances by key
  c.set_status(ComponentStatus(StringField(instance, "status")));
  const std::string location = StringField(instance, "location");  // NA, EMEA, APAC, ...
  const std::string label = texts.Text("InstanceLocation", location, "label");
  c.set_group(label.empty() ? location : label);
  return c;
}

// Builds the page from the instances, one incident per record id however many instances
// list it: copies after the first only add their instance to the components.
class PageBuilder {
 public:
  PageBuilder(absl::string_view url, const salesforce::Localizations& texts) : url_(url), texts_(texts) {}

  absl::Status AddInstance(const Json& instance) {
    if (!instance.is_object()) return Error("an instance is not an object");
    const std::string key = StringField(instance, "key");
    if (key.empty()) return Error("an instance has no key");
    if (!keys_.insert(key).second) return Error(absl::StrCat("instance '", key, "' is listed twice"));
    if (IsActive(instance)) page_.components.push_back(ComponentOf(instance, key, texts_));
    if (absl::Status s =
            AddRecords(instance, key, "Incidents", salesforce::IncidentIdOf, salesforce::ParseIncidentRecord);
        !s.ok()) {
      return s;
    }
    return AddRecords(instance, key, "Maintenances", salesforce::MaintenanceIdOf, salesforce::ParseMaintenanceRecord);
  }

  ParsedPage Take() { return std::move(page_); }

 private:
  using IdOf = absl::StatusOr<std::string> (*)(const Json&);
  using ParseRecord = absl::StatusOr<Incident> (*)(const Json&, const salesforce::Localizations&);

  absl::Status AddRecords(const Json& instance, const std::string& key, const char* list, IdOf id_of,
                          ParseRecord parse) {
    absl::StatusOr<const Json*> records = salesforce::ListField(instance, list);
    if (!records.ok()) return Error(absl::StrCat("instance ", key, ": ", records.status().message()));
    for (const Json& record : **records) {
      absl::StatusOr<std::string> id = id_of(record);
      if (!id.ok()) return Error(absl::StrCat("instance ", key, ": ", id.status().message()));
      auto [it, first] = index_.try_emplace(*id, page_.incidents.size());
      if (first) {
        absl::StatusOr<Incident> incident = parse(record, texts_);
        if (!incident.ok()) return Error(incident.status().message());
        page_.incidents.push_back(std::move(*incident));
      }
      salesforce::AddComponent(page_.incidents[it->second], key);
    }
    return absl::OkStatus();
  }

  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(url_, ": ", what));
  }

  const std::string url_;
  const salesforce::Localizations& texts_;
  ParsedPage page_;
  absl::flat_hash_set<std::string> keys_;
  absl::flat_hash_map<std::string, size_t> index_;  // our incident id -> its place in page_
};

}  // namespace

Detection SalesforceTrust::detection() const {
  Detection d;
  d.known_host = HostIsOneOf({"status.salesforce.com", "api.status.salesforce.com"});
  return d;
}

FetchPlan SalesforceTrust::Fetches(absl::string_view, statusphere::v1::ScrapeKind) const {
  // Both kinds read the same documents. /v1/incidents and /v1/maintenances would reach
  // further back, but there is no capture of their shape to build a parser on.
  return {{{kInstancesRole, absl::StrCat(kApi, "/instances/status/preview")},
           {kLocalizationsRole, absl::StrCat(kApi, "/localizations")}}};
}

absl::StatusOr<ParsedPage> SalesforceTrust::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* instances, documents.RequireOk(kInstancesRole));
  const Document& preview = *instances;
  ASSIGN_OR_RETURN(const Document* localizations, documents.Require(kLocalizationsRole));
  // The texts only dress the page: without them (not answering) titles fall back to the
  // type keys. A text document that is there but broken is still an error, like any other
  // bad input.
  salesforce::Localizations texts;
  if (localizations->http_status == 200) {
    absl::StatusOr<salesforce::Localizations> parsed =
        salesforce::Localizations::Parse(localizations->url, localizations->body);
    if (!parsed.ok()) return parsed.status();
    texts = std::move(*parsed);
  }
  if (!absl::StartsWith(absl::StripLeadingAsciiWhitespace(preview.body), "[")) {
    return absl::InvalidArgumentError(absl::StrCat(preview.url, ": expected a JSON array of instances"));
  }
  absl::StatusOr<Json> json = ParseJsonObject(preview.url, absl::StrCat("{\"instances\":", preview.body, "}"));
  if (!json.ok()) return json.status();
  PageBuilder builder(preview.url, texts);
  for (const Json& instance : ArrayField(*json, "instances")) {
    if (absl::Status s = builder.AddInstance(instance); !s.ok()) return s;
  }
  ParsedPage page = builder.Take();
  page.lists_every_open_incident = true;  // each instance's current incidents and maintenances
  return page;
}

}  // namespace statusphere::providers
