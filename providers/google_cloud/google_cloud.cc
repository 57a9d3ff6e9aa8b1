#include "providers/google_cloud/google_cloud.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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

constexpr char kIncidentsRole[] = "incidents";

using statusphere::v1::Incident;

std::string Impact(const std::string& status_impact) {
  if (status_impact == "SERVICE_OUTAGE") return vocabulary::kImpactCritical;
  if (status_impact == "SERVICE_DISRUPTION") return vocabulary::kImpactMajor;
  if (status_impact == "SERVICE_INFORMATION") return vocabulary::kImpactMinor;
  return vocabulary::kImpactNone;
}

absl::StatusOr<Incident> ParseIncident(absl::string_view page_url, const Json& j) {
  if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  i.set_title(StringField(j, "external_desc"));
  i.set_impact(Impact(StringField(j, "status_impact")));
  const std::string uri = StringField(j, "uri");
  i.set_deep_link(absl::StrCat(page_url, "/", uri.empty() ? absl::StrCat("incidents/", i.id()) : uri));
  // Products are keyed by id (titles get renamed); the title is what people read.
  for (const Json& p : ArrayField(j, "affected_products")) {
    if (std::string title = StringField(p, "title"); !title.empty()) i.add_components(title);
  }
  absl::StatusOr<std::optional<absl::Time>> begin = TimeField(j, "begin");
  absl::StatusOr<std::optional<absl::Time>> end = TimeField(j, "end");
  if (!begin.ok()) return error(begin.status());
  if (!end.ok()) return error(end.status());
  if (!begin->has_value()) return error(absl::InvalidArgumentError("no begin time"));
  *i.mutable_start_time() = ToProto(**begin);
  if (end->has_value()) *i.mutable_end_time() = ToProto(**end);
  i.set_status(end->has_value() ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleInvestigating);
  for (const Json& u : ArrayField(j, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> when = TimeField(u, "when");
    if (!when.ok()) return error(when.status());
    if (!when->has_value()) continue;
    auto* e = i.add_events();
    const std::string status = StringField(u, "status");
    e->set_title(status == "AVAILABLE" ? "Resolved" : HeadingOf(status));  // "Service disruption"
    e->set_status(status == "AVAILABLE" ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleUpdate);
    e->set_description(TextOf(StringField(u, "text")));
    *e->mutable_time() = ToProto(**when);
  }
  return i;
}

}  // namespace

Detection GoogleCloud::detection() const {
  Detection d;
  d.known_host = HostIsOneOf({"status.cloud.google.com"});
  return d;
}

FetchPlan GoogleCloud::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kIncidentsRole, absl::StrCat(page_url, "/incidents.json")}}};  // the whole history, every time
}

absl::StatusOr<ParsedPage> GoogleCloud::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* incidents, documents.RequireOk(kIncidentsRole));
  const Document& doc = *incidents;
  if (!absl::StartsWith(absl::StripLeadingAsciiWhitespace(doc.body), "[")) {
    return absl::InvalidArgumentError(absl::StrCat(doc.url, ": expected a JSON array of incidents"));
  }
  absl::StatusOr<Json> json = ParseJsonObject(doc.url, absl::StrCat("{\"incidents\":", doc.body, "}"));
  if (!json.ok()) return json.status();
  ParsedPage page;
  page.lists_every_open_incident = true;  // the whole history, open ones with a null end
  for (const Json& j : ArrayField(*json, "incidents")) {
    absl::StatusOr<Incident> incident = ParseIncident(page_url, j);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", incident.status().message()));
    page.incidents.push_back(std::move(*incident));
  }
  return RequireUniqueIncidentIds(doc.url, std::move(page));
}

}  // namespace statusphere::providers
