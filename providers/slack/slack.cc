#include "providers/slack/slack.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

// /current (the active incidents) or /history.
constexpr char kIncidentsRole[] = "incidents";

bool IsSlackHost(absl::string_view page_url) { return HostOf(page_url) == "slack-status.com"; }

using statusphere::v1::Incident;

std::string Impact(const std::string& type, const std::string& title) {
  if (absl::StrContains(absl::AsciiStrToLower(title), "maintenance")) return vocabulary::kImpactMaintenance;
  if (type == "outage") return vocabulary::kImpactMajor;
  if (type == "incident") return vocabulary::kImpactMinor;
  return vocabulary::kImpactNone;  // notices
}

absl::StatusOr<Incident> ParseIncident(const Json& j) {
  if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
  Incident i;
  const auto id = j.find("id");
  if (id == j.end() || !(id->is_number_integer() || id->is_string())) {
    return absl::InvalidArgumentError("an incident has no id");
  }
  i.set_id(id->is_string() ? id->get<std::string>() : std::to_string(id->get<int64_t>()));
  i.set_title(StringField(j, "title"));
  i.set_impact(Impact(StringField(j, "type"), i.title()));
  i.set_deep_link(StringField(j, "url"));
  for (const Json& s : ArrayField(j, "services")) {
    if (s.is_string()) i.add_components(s.get<std::string>());
  }
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  absl::StatusOr<std::optional<absl::Time>> created = TimeField(j, "date_created");
  if (!created.ok()) return error(created.status());
  if (!created->has_value()) return error(absl::InvalidArgumentError("no date_created"));
  *i.mutable_start_time() = ToProto(**created);
  const bool resolved = StringField(j, "status") == "resolved";
  i.set_status(resolved ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleInvestigating);
  absl::Time last = **created;
  const Json& notes = ArrayField(j, "notes");
  for (size_t n = 0; n < notes.size(); ++n) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(notes[n], "date_created");
    if (!at.ok()) return error(at.status());
    if (!at->has_value()) continue;
    auto* e = i.add_events();
    const bool closing = resolved && n + 1 == notes.size();
    e->set_title(closing ? "Resolved" : "Update");
    e->set_status(closing ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleUpdate);
    e->set_description(TextOf(StringField(notes[n], "body")));
    *e->mutable_time() = ToProto(**at);
    last = std::max(last, **at);
  }
  if (resolved) *i.mutable_end_time() = ToProto(last);
  return i;
}

}  // namespace

Detection Slack::detection() const {
  Detection d;
  d.known_host = IsSlackHost;
  return d;
}

FetchPlan Slack::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const {
  const std::string base = absl::StrCat("https://", HostOf(page_url), "/api/v2.0.0/");
  if (!IsSlackHost(page_url))
    return {{{kIncidentsRole, absl::StrCat(page_url, "/api/v2.0.0/current")}}};  // self-hosted copies
  return {{{kIncidentsRole, kind == statusphere::v1::SCRAPE_KIND_HISTORICAL ? base + "history" : base + "current"}}};
}

absl::StatusOr<ParsedPage> Slack::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* incidents, documents.RequireOk(kIncidentsRole));
  const Document& doc = *incidents;
  // /current is an object with active_incidents; /history is a bare array.
  const bool is_array = absl::StartsWith(absl::StripLeadingAsciiWhitespace(doc.body), "[");
  Json json;
  if (is_array) {
    absl::StatusOr<Json> wrapped = ParseJsonObject(doc.url, absl::StrCat("{\"history\":", doc.body, "}"));
    if (!wrapped.ok()) return wrapped.status();
    json = std::move(*wrapped);
  } else {
    absl::StatusOr<Json> parsed = ParseJsonObject(doc.url, doc.body);
    if (!parsed.ok()) return parsed.status();
    if (!parsed->contains("active_incidents") || !(*parsed)["active_incidents"].is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(doc.url, ": no 'active_incidents' array: not Slack's status API"));
    }
    json = std::move(*parsed);
  }
  ParsedPage page;
  page.lists_every_open_incident = !is_array;                            // /current lists every active incident
  if (!is_array) page.platform_indicator = StringField(json, "status");  // ok, active
  for (const Json& j : ArrayField(json, is_array ? "history" : "active_incidents")) {
    absl::StatusOr<Incident> incident = ParseIncident(j);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", incident.status().message()));
    page.incidents.push_back(std::move(*incident));
  }
  return RequireUniqueIncidentIds(doc.url, std::move(page));
}

}  // namespace statusphere::providers
