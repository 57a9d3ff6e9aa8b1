#include "providers/betterstack/betterstack.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/betterstack/home_page.h"
#include "providers/betterstack/hosts.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kIndexRole[] = "index";  // index.json: the page, its resources and reports
constexpr char kHomeRole[] = "home";    // the home page: a stand-in when index.json fails

using statusphere::v1::Incident;

// JSON:API ids may be numbers or strings.
std::string IdOf(const Json& j) {
  if (!j.is_object()) return "";
  auto it = j.find("id");
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

const Json& Attributes(const Json& j) {
  static const Json* empty = new Json(Json::object());
  return j.is_object() && j.contains("attributes") && j["attributes"].is_object() ? j["attributes"] : *empty;
}

std::string ComponentStatus(const std::string& s) {
  if (s == "operational") return vocabulary::kComponentOperational;
  if (s == "degraded") return vocabulary::kComponentDegradedPerformance;
  if (s == "downtime") return vocabulary::kComponentMajorOutage;
  if (s == "maintenance") return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

int Severity(const std::string& s) { return s == "downtime" ? 2 : s == "degraded" ? 1 : 0; }

}  // namespace

namespace {

std::string IndexUrl(absl::string_view page_url) { return absl::StrCat(page_url, "/index.json"); }

bool IsStatusPageDocument(const Json& json) {
  const auto data = json.find("data");
  return data != json.end() && StringField(*data, "type") == "status_page" && json.contains("included");
}

}  // namespace

FetchPlan BetterStack::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan{{{kIndexRole, IndexUrl(page_url)}}};
  // The home page shows the headline, sections and resources when index.json does not answer.
  plan.fallbacks = {{kHomeRole, std::string(page_url)}};
  return plan;
}

Detection BetterStack::detection() const {
  Detection d;
  d.probe_url = IndexUrl;
  d.probe_matches = JsonProbeOfShape(IsStatusPageDocument);
  d.known_host = IsBetterStackHost;
  d.home_page_matches = [](const Document& home) { return ParseBetterStackHomePage(home.url, home.body).ok(); };
  return d;
}

namespace {
// index.json, without the home page.
absl::StatusOr<ParsedPage> ParseIndex(absl::string_view page_url, const Documents& documents);
}  // namespace

absl::StatusOr<ParsedPage> BetterStack::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* home = documents.Find(kHomeRole);
  if (documents.Find(kIndexRole) == nullptr && home != nullptr) {
    return home->http_status == 200 ? ParseBetterStackHomePage(home->url, home->body)
                                    : absl::UnavailableError(absl::StrCat(home->url, ": ", OutcomeOf(*home)));
  }
  absl::StatusOr<ParsedPage> page = ParseIndex(page_url, documents);
  if (page.ok() || home == nullptr) return page;
  // index.json refused or broken: the home page is the page, or both failures are said.
  absl::StatusOr<ParsedPage> from_home = home->http_status == 200
                                             ? ParseBetterStackHomePage(home->url, home->body)
                                             : absl::UnavailableError(absl::StrCat(home->url, ": ", OutcomeOf(*home)));
  if (from_home.ok()) return from_home;
  return absl::Status(page.status().code(),
                      absl::StrCat(page.status().message(), "; the home page instead: ", from_home.status().message()));
}

namespace {

absl::StatusOr<ParsedPage> ParseIndex(absl::string_view page_url, const Documents& documents) {
  ASSIGN_OR_RETURN(const Document* index, documents.RequireOk(kIndexRole));
  const Document& doc = *index;
  absl::StatusOr<Json> json = ParseJsonObject(doc.url, doc.body);
  if (!json.ok()) return json.status();
  if (!IsStatusPageDocument(*json)) {
    return absl::InvalidArgumentError(absl::StrCat(doc.url, ": not a Better Stack status page document"));
  }

  std::map<std::string, const Json*> sections, updates;
  for (const Json& item : ArrayField(*json, "included")) {
    const std::string type = StringField(item, "type");
    if (type == "status_page_section") sections[IdOf(item)] = &item;
    if (type == "status_update") updates[IdOf(item)] = &item;
  }
  ParsedPage page;
  // operational, degraded, downtime, maintenance
  page.platform_indicator = StringField(Attributes(*json->find("data")), "aggregate_state");
  for (const Json& item : ArrayField(*json, "included")) {
    const std::string type = StringField(item, "type");
    const Json& a = Attributes(item);
    if (type == "status_page_resource") {
      statusphere::v1::Component c;
      c.set_id(IdOf(item));
      c.set_name(StringField(a, "public_name"));
      c.set_status(ComponentStatus(StringField(a, "status")));
      const Json section_id = a.value("status_page_section_id", Json());
      const std::string key = section_id.is_number_integer() ? std::to_string(section_id.get<int64_t>())
                              : section_id.is_string()       ? section_id.get<std::string>()
                                                             : "";
      if (auto it = sections.find(key); it != sections.end()) {
        std::string name = StringField(Attributes(*it->second), "name");
        while (!name.empty() && name.back() == ' ') name.pop_back();
        c.set_group(name);
      }
      page.components.push_back(std::move(c));
      continue;
    }
    if (type != "status_report") continue;
    Incident i;
    i.set_id(IdOf(item));
    if (i.id().empty()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": a status report has no id"));
    auto error = [&](const absl::Status& s) {
      return absl::InvalidArgumentError(absl::StrCat(doc.url, ": report ", i.id(), ": ", s.message()));
    };
    i.set_title(StringField(a, "title"));
    i.set_deep_link(absl::StrCat(page_url, "/incident/", i.id()));
    const bool maintenance = StringField(a, "report_type") == "maintenance";
    int worst = 0;
    for (const Json& r : ArrayField(a, "affected_resources"))
      worst = std::max(worst, Severity(StringField(r, "status")));
    i.set_impact(maintenance  ? vocabulary::kImpactMaintenance
                 : worst == 2 ? vocabulary::kImpactMajor
                              : vocabulary::kImpactMinor);
    absl::StatusOr<std::optional<absl::Time>> starts = TimeField(a, "starts_at");
    absl::StatusOr<std::optional<absl::Time>> ends = TimeField(a, "ends_at");
    if (!starts.ok()) return error(starts.status());
    if (!ends.ok()) return error(ends.status());
    if (!starts->has_value()) return error(absl::InvalidArgumentError("no starts_at"));
    *i.mutable_start_time() = ToProto(**starts);
    if (maintenance) {
      *i.mutable_scheduled_start_time() = ToProto(**starts);
      if (ends->has_value()) *i.mutable_scheduled_end_time() = ToProto(**ends);
    }
    absl::Time last = **starts;
    const Json& related = item.contains("relationships") ? item["relationships"] : Json::object();
    const Json& links =
        related.is_object() && related.contains("status_updates") ? related["status_updates"] : Json::object();
    for (const Json& link : ArrayField(links, "data")) {
      auto it = updates.find(IdOf(link));
      if (it == updates.end()) continue;
      const Json& u = Attributes(*it->second);
      absl::StatusOr<std::optional<absl::Time>> at = TimeField(u, "published_at");
      if (!at.ok()) return error(at.status());
      if (!at->has_value()) continue;
      auto* e = i.add_events();
      e->set_id(it->first);
      e->set_title("Update");
      e->set_status(vocabulary::kLifecycleUpdate);
      e->set_description(StringField(u, "message"));  // markdown, already text
      *e->mutable_time() = ToProto(**at);
      last = std::max(last, **at);
    }
    // Closure is by state: ends_at is often null even once resolved.
    const bool resolved = StringField(a, "aggregate_state") == "resolved";
    i.set_status(resolved ? (maintenance ? vocabulary::kLifecycleCompleted : vocabulary::kLifecycleResolved)
                          : (maintenance ? vocabulary::kLifecycleScheduled : vocabulary::kLifecycleInvestigating));
    if (resolved) *i.mutable_end_time() = ToProto(ends->has_value() ? **ends : last);
    page.incidents.push_back(std::move(i));
  }
  return RequireUniqueIncidentIds(doc.url, std::move(page));
}

}  // namespace

}  // namespace statusphere::providers
