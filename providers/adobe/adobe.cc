#include "providers/adobe/adobe.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;

constexpr char kEventsRole[] = "events";

// An update's status: whether the incident is still open after it (as inket/stts reads them).
constexpr std::pair<absl::string_view, bool> kStatusIsOpen[] = {
    {"opened", true},    {"started", true}, {"updated", true},   {"reopened", true},   {"discovery", true},
    {"scheduled", true}, {"closed", false}, {"canceled", false}, {"completed", false}, {"dismissed", false},
};

// An update's severity, worst first, in our impact and component words.
struct Severity {
  absl::string_view theirs;
  absl::string_view impact;
  absl::string_view component_status;
};
constexpr Severity kSeverities[] = {
    {"major", vocabulary::kImpactMajor, vocabulary::kComponentMajorOutage},
    {"minor", vocabulary::kImpactMinor, vocabulary::kComponentPartialOutage},
    {"maintenance", vocabulary::kImpactMaintenance, vocabulary::kComponentUnderMaintenance},
    {"potential", vocabulary::kImpactNone, vocabulary::kComponentDegradedPerformance},
    {"trivial", vocabulary::kImpactNone, vocabulary::kComponentDegradedPerformance},
};
constexpr size_t kUnknownSeverity = std::size(kSeverities);

size_t SeverityRank(absl::string_view severity) {
  const std::string key = absl::AsciiStrToLower(severity);
  for (size_t i = 0; i < std::size(kSeverities); ++i) {
    if (kSeverities[i].theirs == key) return i;
  }
  return kUnknownSeverity;
}

bool IsOpen(absl::string_view status) {
  const std::string key = absl::AsciiStrToLower(status);
  for (const auto& [theirs, open] : kStatusIsOpen) {
    if (theirs == key) return open;
  }
  return true;  // a status nobody mapped is not taken as an end
}

// A history key: epoch milliseconds (or seconds), else an RFC 3339 time.
std::optional<absl::Time> KeyTime(const std::string& key) {
  int64_t n;
  if (absl::SimpleAtoi(key, &n)) {
    const absl::Time t = n > 100'000'000'000 ? absl::FromUnixMillis(n) : absl::FromUnixSeconds(n);
    return IsPlausibleTime(t) ? std::optional<absl::Time>(t) : std::nullopt;
  }
  std::optional<absl::Time> t = ParseRfc3339(key);
  return t && IsPlausibleTime(*t) ? t : std::nullopt;
}

// The objects of a JSON object keyed by id, in key order.
std::vector<const Json*> Members(const Json& parent, const char* key) {
  std::vector<const Json*> out;
  if (!parent.is_object() || !parent.contains(key) || !parent[key].is_object()) return out;
  for (const auto& [k, v] : parent[key].items()) {
    if (v.is_object()) out.push_back(&v);
  }
  return out;
}

const Json& Child(const Json& j, const char* key) {
  static const Json* empty = new Json(Json::object());
  return j.is_object() && j.contains(key) && j[key].is_object() ? j[key] : *empty;
}

class ComponentMarks {
 public:
  void Name(const Json& entry) {
    const std::string id = StringField(entry, "id"), name = StringField(entry, "name");
    if (id.empty() || name.empty() || names_.count(id)) return;
    names_[id] = name;
    order_.push_back(id);
  }
  void Mark(const std::string& id, size_t severity) {
    auto [it, added] = worst_.emplace(id, severity);
    if (!added) it->second = std::min(it->second, severity);
  }
  std::vector<statusphere::v1::Component> Components() const {
    std::vector<statusphere::v1::Component> out;
    for (const std::string& id : order_) {
      statusphere::v1::Component c;
      c.set_id(id);
      c.set_name(names_.at(id));
      auto w = worst_.find(id);
      c.set_status(w == worst_.end()               ? vocabulary::kComponentOperational
                   : w->second == kUnknownSeverity ? "unknown"
                                                   : std::string(kSeverities[w->second].component_status));
      out.push_back(std::move(c));
    }
    return out;
  }

 private:
  std::map<std::string, std::string> names_;
  std::vector<std::string> order_;
  std::map<std::string, size_t> worst_;
};

absl::StatusOr<Incident> ParseIncident(const Json& j, absl::string_view page_url, ComponentMarks& marks) {
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", what));
  };
  i.set_deep_link(std::string(page_url));
  std::vector<std::string> cloud_ids, product_names;
  for (const Json* cloud : Members(j, "clouds")) {
    marks.Name(*cloud);
    cloud_ids.push_back(StringField(*cloud, "id"));
    i.add_components(StringField(*cloud, "name"));
  }
  std::optional<absl::Time> first, last;
  size_t worst = kUnknownSeverity;  // over the products still open
  size_t worst_ever = kUnknownSeverity;
  bool open = false;
  for (const Json* product : Members(j, "products")) {
    marks.Name(*product);
    const std::string product_name = StringField(*product, "name");
    product_names.push_back(product_name);
    i.add_components(product_name);
    const Json* latest = nullptr;
    std::optional<absl::Time> latest_at;
    // The history's keys are its times; nlohmann keeps object keys sorted, and times are
    // compared as times, not as strings.
    for (const auto& [key, update] : Child(*product, "history").items()) {
      if (!update.is_object()) continue;
      const std::optional<absl::Time> at = KeyTime(key);
      if (!at) return error(absl::StrCat("an update's key is not a time: '", key, "'"));
      if (!first || *at < *first) first = at;
      if (!last || *at > *last) last = at;
      if (!latest_at || *at >= *latest_at) {
        latest = &update;
        latest_at = at;
      }
      const std::string status = StringField(update, "status");
      auto* e = i.add_events();
      e->set_id(absl::StrCat(StringField(*product, "id"), "/", StringField(update, "id"), "/", key));
      e->set_status(absl::AsciiStrToLower(status));
      e->set_title(HeadingOf(status));
      e->set_description(absl::StrCat(product_name, ": ", StringField(update, "severity"), " severity"));
      *e->mutable_time() = ToProto(*at);
      worst_ever = std::min(worst_ever, SeverityRank(StringField(update, "severity")));
    }
    if (latest != nullptr && IsOpen(StringField(*latest, "status"))) {
      open = true;
      const size_t severity = SeverityRank(StringField(*latest, "severity"));
      worst = std::min(worst, severity);
      marks.Mark(StringField(*product, "id"), severity);
      for (const std::string& cloud : cloud_ids) marks.Mark(cloud, severity);
    }
  }
  if (!first) return error("no update with a time");
  std::sort(i.mutable_events()->begin(), i.mutable_events()->end(),
            [](const auto& a, const auto& b) { return FromProto(a.time()) > FromProto(b.time()); });
  const size_t impact = open ? worst : worst_ever;
  i.set_impact(impact == kUnknownSeverity ? vocabulary::kImpactMinor : std::string(kSeverities[impact].impact));
  i.set_title(absl::StrCat("Adobe ", i.impact() == vocabulary::kImpactNone ? "potential" : i.impact(),
                           " issue: ", absl::StrJoin(product_names, ", ")));
  *i.mutable_start_time() = ToProto(*first);
  i.set_status(open ? (i.events_size() ? i.events(0).status() : "opened") : vocabulary::kLifecycleResolved);
  if (!open) *i.mutable_end_time() = ToProto(*last);
  return i;
}

}  // namespace

Detection Adobe::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.adobe.com"});
  return d;
}

FetchPlan Adobe::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  // The page's data lives on a host of its own; a page served elsewhere (a test, a mirror)
  // keeps it under its own URL.
  const std::string base =
      HostOf(page_url) == "status.adobe.com" ? "https://data.status.adobe.com" : std::string(page_url);
  return {{{kEventsRole, absl::StrCat(base, "/adobestatus/StatusEvents")}}};
}

absl::StatusOr<ParsedPage> Adobe::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kEventsRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(doc->url, doc->body));
  const Json& incidents = Child(json, "incidentEvent");
  const Json& maintenance = Child(json, "maintenanceEvent");
  if (!incidents.contains("incidents") && !maintenance.contains("maintenance")) {
    return absl::InvalidArgumentError(absl::StrCat(
        doc->url, ": no incidentEvent.incidents or maintenanceEvent.maintenance: not Adobe's status events"));
  }
  ParsedPage page;
  page.lists_every_open_incident = true;  // the events the page shows now
  ComponentMarks marks;
  for (const Json* j : Members(incidents, "incidents")) {
    absl::StatusOr<Incident> incident = ParseIncident(*j, page_url, marks);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", incident.status().message()));
    page.incidents.push_back(std::move(*incident));
  }
  for (const Json* m : Members(maintenance, "maintenance")) {
    const bool under_way = absl::AsciiStrToLower(StringField(*m, "status")) == "started";
    for (const char* kind : {"clouds", "products"}) {
      for (const Json* entry : Members(*m, kind)) {
        marks.Name(*entry);
        if (under_way) marks.Mark(StringField(*entry, "id"), SeverityRank("maintenance"));
      }
    }
  }
  page.components = marks.Components();
  return RequireUniqueIncidentIds(doc->url, std::move(page));
}

}  // namespace statusphere::providers
