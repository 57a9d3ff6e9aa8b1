#include "providers/statuspal/statuspal.h"

#include <optional>
#include <utility>

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
#include "providers/statuspal/services.h"

namespace statusphere::providers {
namespace {

constexpr char kSummaryRole[] = "summary";

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// Where an entry is listed says what it is; its type alone does not (an upcoming window
// may be typed "scheduled" or "emergency-maintenance").
enum class Listing { kIncident, kInfoNotice, kMaintenanceInProgress, kUpcomingMaintenance };

// "<sub>" of <sub>.statuspal.io / .eu, and which of the two; nullopt for other hosts.
std::optional<std::pair<std::string, std::string>> HostedSubdomain(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  for (absl::string_view domain : {".statuspal.io", ".statuspal.eu"}) {
    if (absl::EndsWith(host, domain) && host.size() > domain.size()) {
      return std::make_pair(std::string(host.substr(0, host.size() - domain.size())), std::string(domain.substr(1)));
    }
  }
  return std::nullopt;
}

bool HasSummaryShape(const Json& json) {
  return json.contains("status_page") && json["status_page"].is_object() && json.contains("services") &&
         json["services"].is_array();
}

std::string Impact(Listing listing, absl::string_view type) {
  if (listing == Listing::kMaintenanceInProgress || listing == Listing::kUpcomingMaintenance) {
    return vocabulary::kImpactMaintenance;
  }
  if (listing == Listing::kInfoNotice || type == "info") return vocabulary::kImpactNone;
  if (type == "major") return vocabulary::kImpactMajor;
  if (type == "scheduled" || type == "emergency-maintenance") return vocabulary::kImpactMaintenance;
  return vocabulary::kImpactMinor;  // minor, performance, and types Statuspal may add
}

// An update's type as the contract's lifecycle word.
std::string UpdateStatus(absl::string_view type) {
  if (type == "issue") return vocabulary::kLifecycleInvestigating;
  // "update", "essential", and what Statuspal may add are notes.
  return vocabulary::IsLifecycleStatus(type) ? std::string(type) : vocabulary::kLifecycleUpdate;
}

// Statuspal's times are UTC without an offset; one with an offset is read as written.
absl::StatusOr<std::optional<absl::Time>> TimeOf(const Json& entry, const char* key) {
  const std::string text = StringField(entry, key);
  if (text.empty()) return std::nullopt;
  std::optional<absl::Time> t = ParseRfc3339(text);
  if (!t) t = ParseRfc3339(absl::StrCat(text, "Z"));
  if (!t) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: '", text, "'"));
  if (!IsPlausibleTime(*t))
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is an absurd time: '", text, "'"));
  return t;
}

// The first of `keys` that holds a time.
absl::StatusOr<std::optional<absl::Time>> FirstTimeOf(const Json& entry, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    ASSIGN_OR_RETURN(std::optional<absl::Time> t, TimeOf(entry, key));
    if (t) return t;
  }
  return std::nullopt;
}

absl::StatusOr<Incident> ReadEntry(absl::string_view page_url, const Json& entry, Listing listing,
                                   const statuspal::Services& services) {
  const auto id = entry.is_object() ? entry.find("id") : entry.end();
  if (!entry.is_object() || id == entry.end() || !id->is_number_integer()) {
    return absl::InvalidArgumentError("an entry has no numeric id");
  }
  Incident i;
  i.set_id(std::to_string(id->get<long long>()));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("entry ", i.id(), ": ", s.message()));
  };
  const std::string type = StringField(entry, "type");
  i.set_title(StringField(entry, "title"));
  i.set_impact(Impact(listing, type));
  i.set_deep_link(StringField(entry, "url").empty() ? absl::StrCat(page_url, "/incidents/", i.id())
                                                    : StringField(entry, "url"));
  for (const Json& service_id : ArrayField(entry, "service_ids")) {
    if (!service_id.is_number_integer()) continue;
    auto it = services.names.find(service_id.get<long long>());
    if (it != services.names.end()) i.add_components(it->second);
  }
  absl::StatusOr<std::optional<absl::Time>> start = FirstTimeOf(entry, {"starts_at", "inserted_at"});
  absl::StatusOr<std::optional<absl::Time>> end = TimeOf(entry, "ends_at");
  if (!start.ok()) return error(start.status());
  if (!end.ok()) return error(end.status());
  if (!start->has_value()) return error(absl::InvalidArgumentError("no starts_at or inserted_at"));
  *i.mutable_start_time() = ToProto(**start);

  absl::Time latest_time = absl::InfinitePast();
  std::string latest_status;
  for (const Json& u : ArrayField(entry, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = FirstTimeOf(u, {"posted_at", "inserted_at", "updated_at"});
    if (!at.ok()) return error(at.status());
    auto* e = i.add_events();
    const auto update_id = u.is_object() ? u.find("id") : u.end();
    if (update_id != u.end() && update_id->is_number_integer()) e->set_id(std::to_string(update_id->get<long long>()));
    e->set_status(UpdateStatus(StringField(u, "type")));
    e->set_title(HeadingOf(e->status()));
    const std::string text = StringField(u, "description");
    e->set_description(text.empty() ? TextOf(StringField(u, "description_html")) : TidyText(text));
    // An update without a time happened no earlier than the entry it belongs to.
    const absl::Time time = at->value_or(**start);
    *e->mutable_time() = ToProto(time);
    if (time >= latest_time) {
      latest_time = time;
      latest_status = e->status();
    }
  }

  switch (listing) {
    case Listing::kMaintenanceInProgress:
    case Listing::kUpcomingMaintenance:
      // A window's ends_at is its announced end (null: open-ended); it is listed until done.
      *i.mutable_scheduled_start_time() = ToProto(**start);
      if (end->has_value()) *i.mutable_scheduled_end_time() = ToProto(**end);
      i.set_status(listing == Listing::kUpcomingMaintenance ? vocabulary::kLifecycleScheduled
                                                            : vocabulary::kLifecycleInProgress);
      break;
    case Listing::kIncident:
    case Listing::kInfoNotice:
      if (end->has_value()) {
        *i.mutable_end_time() = ToProto(**end);
        i.set_status(vocabulary::kLifecycleResolved);
      } else if (latest_status == vocabulary::kLifecycleResolved) {
        *i.mutable_end_time() = ToProto(latest_time);  // resolved by its latest update
        i.set_status(vocabulary::kLifecycleResolved);
      } else if (!latest_status.empty()) {
        i.set_status(latest_status);
      } else {
        i.set_status(listing == Listing::kInfoNotice ? vocabulary::kLifecycleUpdate
                                                     : vocabulary::kLifecycleInvestigating);
      }
      break;
  }
  if (i.events_size() == 0) {
    auto* e = i.add_events();  // an entry without updates is still one posting
    e->set_status(i.status());
    e->set_title(HeadingOf(i.status()));
    *e->mutable_time() = i.start_time();
  }
  return i;
}

}  // namespace

std::string Statuspal::SummaryUrl(absl::string_view page_url) {
  if (auto hosted = HostedSubdomain(page_url)) {
    return absl::StrCat("https://", hosted->second, "/api/v2/status_pages/", hosted->first, "/summary");
  }
  const absl::string_view host = HostOf(page_url);
  return absl::StrCat(page_url, "/api/v2/status_pages/", host.substr(0, host.find('.')), "/summary");
}

FetchPlan Statuspal::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kSummaryRole, SummaryUrl(page_url)}}};
}

Detection Statuspal::detection() const {
  Detection d;
  d.known_host = [](absl::string_view page_url) { return HostedSubdomain(page_url).has_value(); };
  d.probe_url = [](absl::string_view page_url) { return SummaryUrl(page_url); };
  d.probe_matches = JsonProbeOfShape(HasSummaryShape);
  return d;
}

absl::StatusOr<ParsedPage> Statuspal::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kSummaryRole));
  ASSIGN_OR_RETURN(const Json summary, ParseJsonObject(doc->url, doc->body));
  if (!HasSummaryShape(summary)) {
    return absl::InvalidArgumentError(
        absl::StrCat(doc->url, ": no 'status_page' object and 'services' array: not a Statuspal summary"));
  }
  statuspal::Services services = statuspal::ReadServices(summary["services"]);
  ParsedPage page;
  page.components = std::move(services.components);
  // The summary lists what is open now (incidents, notices, windows in progress and to
  // come): one it stops listing has ended.
  page.lists_every_open_incident = true;
  for (const auto& [key, listing] :
       {std::pair{"incidents", Listing::kIncident}, std::pair{"info_notices", Listing::kInfoNotice},
        std::pair{"maintenances", Listing::kMaintenanceInProgress},
        std::pair{"upcoming_maintenances", Listing::kUpcomingMaintenance}}) {
    for (const Json& entry : ArrayField(summary, key)) {
      absl::StatusOr<Incident> incident = ReadEntry(page_url, entry, listing, services);
      if (!incident.ok())
        return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", key, ": ", incident.status().message()));
      page.incidents.push_back(*std::move(incident));
    }
  }
  return RequireUniqueIncidentIds(doc->url, std::move(page));
}

}  // namespace statusphere::providers
