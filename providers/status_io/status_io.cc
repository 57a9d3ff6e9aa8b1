#include "providers/status_io/status_io.h"

#include <gumbo.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kHomePageRole[] = "home-page";  // for the page id its links carry
constexpr char kStatusRole[] = "status";       // the API's /1.0/status/<page id>

using statusphere::v1::Incident;

bool IsHexId(absl::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The id that follows one of status.io's path markers in a link.
std::optional<std::string> IdInLink(absl::string_view link) {
  for (absl::string_view marker : {"/pages/history/", "/pages/incident/", "/pages/maintenance/", "/1.0/status/"}) {
    const size_t at = link.find(marker);
    if (at == absl::string_view::npos) continue;
    absl::string_view id = link.substr(at + marker.size(), 24);
    if (IsHexId(id)) return std::string(id);
  }
  return std::nullopt;
}

void FindId(const GumboNode* node, std::optional<std::string>& id, int depth) {
  if (id || node->type != GUMBO_NODE_ELEMENT || depth > 200) return;
  for (const char* attribute : {"href", "src", "action"}) {
    if (const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, attribute)) {
      if ((id = IdInLink(a->value))) return;
    }
  }
  for (unsigned i = 0; i < node->v.element.children.length; ++i) {
    FindId(static_cast<const GumboNode*>(node->v.element.children.data[i]), id, depth + 1);
  }
}

std::string Impact(int code) {
  if (code >= 500) return vocabulary::kImpactCritical;  // service disruption, security event
  if (code >= 400) return vocabulary::kImpactMajor;     // partial service disruption
  if (code >= 300) return vocabulary::kImpactMinor;     // degraded performance
  if (code == 200) return vocabulary::kImpactMaintenance;
  return vocabulary::kImpactNone;
}

std::string ComponentStatus(int code) {
  switch (code) {
    case 100:
      return vocabulary::kComponentOperational;
    case 200:
      return vocabulary::kComponentUnderMaintenance;
    case 300:
      return vocabulary::kComponentDegradedPerformance;
    case 400:
      return vocabulary::kComponentPartialOutage;
    case 500:
    case 600:
      return vocabulary::kComponentMajorOutage;
    default:
      return "unknown";
  }
}

std::string State(int state) {
  if (state == 100) return vocabulary::kLifecycleInvestigating;
  if (state == 200) return vocabulary::kLifecycleIdentified;
  if (state == 300) return vocabulary::kLifecycleMonitoring;
  return vocabulary::kLifecycleUpdate;
}

int Code(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : 0;
}

absl::StatusOr<Incident> ParseEntry(absl::string_view page_url, const std::string& page_id, const Json& j,
                                    bool maintenance) {
  Incident i;
  i.set_id(StringField(j, "_id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no _id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  i.set_title(StringField(j, "name"));
  i.set_deep_link(
      absl::StrCat(page_url, maintenance ? "/pages/maintenance/" : "/pages/incident/", page_id, "/", i.id()));
  for (const Json& c : ArrayField(j, "components_affected")) {
    if (std::string name = StringField(c, "name"); !name.empty()) i.add_components(name);
  }
  absl::StatusOr<std::optional<absl::Time>> open = TimeField(j, "datetime_open");
  absl::StatusOr<std::optional<absl::Time>> planned_start = TimeField(j, "datetime_planned_start");
  absl::StatusOr<std::optional<absl::Time>> planned_end = TimeField(j, "datetime_planned_end");
  for (const auto* t : {&open, &planned_start, &planned_end}) {
    if (!t->ok()) return error(t->status());
  }
  const std::optional<absl::Time> start = open->has_value() ? *open : *planned_start;
  if (!start) return error(absl::InvalidArgumentError("no datetime_open"));
  *i.mutable_start_time() = ToProto(*start);
  if (planned_start->has_value()) *i.mutable_scheduled_start_time() = ToProto(**planned_start);
  if (planned_end->has_value()) *i.mutable_scheduled_end_time() = ToProto(**planned_end);
  int worst = 0, latest_state = 100;
  absl::Time latest = *start;
  for (const Json& m : ArrayField(j, "messages")) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(m, "datetime");
    if (!at.ok()) return error(at.status());
    if (!at->has_value()) continue;
    auto* e = i.add_events();
    e->set_status(maintenance ? vocabulary::kLifecycleInProgress : State(Code(m, "state")));
    e->set_title(HeadingOf(e->status()));
    e->set_description(TextOf(StringField(m, "details")));
    *e->mutable_time() = ToProto(**at);
    worst = std::max(worst, Code(m, "status"));
    if (**at >= latest) {
      latest = **at;
      latest_state = Code(m, "state");
    }
  }
  i.set_impact(maintenance ? vocabulary::kImpactMaintenance : Impact(worst));
  // The API lists only open incidents and active or upcoming maintenance.
  i.set_status(maintenance ? vocabulary::kLifecycleScheduled : State(latest_state));
  return i;
}

}  // namespace

std::optional<std::string> StatusIoPageId(absl::string_view html) {
  std::optional<std::string> id;
  FindId(HtmlDocument(html).output().root, id, 0);
  return id;
}

FetchPlan StatusIo::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan;
  plan.documents = {{kHomePageRole, std::string(page_url)}};
  // The API document is named by the page id the home page links to.
  plan.follow_ups = [](const Documents& first) -> std::vector<DocumentToFetch> {
    const Document* home = first.Find(kHomePageRole);
    if (home == nullptr) return {};
    std::optional<std::string> id = StatusIoPageId(home->body);
    if (!id) return {};
    return {{kStatusRole, absl::StrCat("https://api.status.io/1.0/status/", *id)}};
  };
  return plan;
}

Detection StatusIo::detection() const {
  Detection d;
  d.probe_url = [](absl::string_view page_url) { return std::string(page_url); };
  d.probe_matches = [](const Document& probe) {
    return probe.http_status == 200 && StatusIoPageId(probe.body).has_value();
  };
  return d;
}

absl::StatusOr<ParsedPage> StatusIo::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* home, documents.Require(kHomePageRole));
  std::optional<std::string> page_id = StatusIoPageId(home->body);
  if (!page_id) {
    if (absl::Status refused = HtmlParseRefusal(home->body); !refused.ok()) {
      return absl::Status(refused.code(), absl::StrCat(home->url, ": ", refused.message()));
    }
    return absl::InvalidArgumentError(absl::StrCat(home->url, ": no status.io page id linked from the home page"));
  }
  // A home page saved alone holds its page id and nothing else yet.
  if (documents.Find(kStatusRole) == nullptr) return ParsedPage{};
  ASSIGN_OR_RETURN(const Document* status, documents.RequireOk(kStatusRole));
  const Document& api = *status;
  absl::StatusOr<Json> json = ParseJsonObject(api.url, api.body);
  if (!json.ok()) return json.status();
  if (!json->contains("result") || !(*json)["result"].is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(api.url, ": no 'result' object: not the status.io API"));
  }
  const Json& result = (*json)["result"];
  ParsedPage page;
  page.lists_every_open_incident = true;  // resolved incidents and ended maintenance drop off
  if (auto overall = result.find("status_overall"); overall != result.end()) {
    page.platform_indicator = StringField(*overall, "status");  // "Operational", "Partial Service Disruption", ...
  }
  for (const Json& c : ArrayField(result, "status")) {
    statusphere::v1::Component component;
    component.set_id(StringField(c, "id"));
    component.set_name(StringField(c, "name"));
    component.set_status(ComponentStatus(Code(c, "status_code")));
    page.components.push_back(std::move(component));
  }
  auto add = [&](const Json& entries, bool maintenance) -> absl::Status {
    if (!entries.is_array()) return absl::OkStatus();
    for (const Json& j : entries) {
      absl::StatusOr<Incident> incident = ParseEntry(page_url, *page_id, j, maintenance);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(api.url, ": ", incident.status().message()));
      page.incidents.push_back(std::move(*incident));
    }
    return absl::OkStatus();
  };
  if (absl::Status s = add(ArrayField(result, "incidents"), false); !s.ok()) return s;
  const Json& maintenance = result.contains("maintenance") ? result["maintenance"] : Json::object();
  for (const char* key : {"active", "upcoming"}) {
    if (absl::Status s = add(ArrayField(maintenance, key), true); !s.ok()) return s;
  }
  return RequireUniqueIncidentIds(api.url, std::move(page));
}

}  // namespace statusphere::providers
