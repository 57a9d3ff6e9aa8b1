#include "providers/apple/apple.h"

#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

constexpr char kStatusRole[] = "status";

// statusType, worst first, in our impact and component words.
struct StatusType {
  absl::string_view theirs;
  absl::string_view impact;
  absl::string_view component_status;
};
constexpr StatusType kStatusTypes[] = {
    {"Outage", vocabulary::kImpactMajor, vocabulary::kComponentMajorOutage},
    {"Issue", vocabulary::kImpactMinor, vocabulary::kComponentPartialOutage},
    {"Performance", vocabulary::kImpactMinor, vocabulary::kComponentDegradedPerformance},
    {"Maintenance", vocabulary::kImpactMaintenance, vocabulary::kComponentUnderMaintenance},
};
constexpr size_t kUnknownType = std::size(kStatusTypes);

// eventStatus in our status words, per kind (incident or maintenance), and whether it has ended.
struct EventStatus {
  absl::string_view theirs;
  absl::string_view incident;
  absl::string_view maintenance;
  bool ended;
};
constexpr EventStatus kEventStatuses[] = {
    {"ongoing", vocabulary::kLifecycleInvestigating, vocabulary::kLifecycleInProgress, false},
    {"upcoming", vocabulary::kLifecycleScheduled, vocabulary::kLifecycleScheduled, false},
    {"resolved", vocabulary::kLifecycleResolved, vocabulary::kLifecycleCompleted, true},
    {"completed", vocabulary::kLifecycleResolved, vocabulary::kLifecycleCompleted, true},
};

size_t TypeRank(absl::string_view type) {
  for (size_t i = 0; i < std::size(kStatusTypes); ++i) {
    if (absl::EqualsIgnoreCase(kStatusTypes[i].theirs, type)) return i;
  }
  return kUnknownType;
}

const EventStatus* EventStatusOf(absl::string_view status) {
  for (const EventStatus& s : kEventStatuses) {
    if (absl::EqualsIgnoreCase(s.theirs, status)) return &s;
  }
  return nullptr;
}

// epochStartDate / epochEndDate: milliseconds since the epoch (seconds are read too).
absl::StatusOr<std::optional<absl::Time>> EpochField(const Json& event, const char* key) {
  if (!event.contains(key) || event[key].is_null()) return std::nullopt;
  if (!event[key].is_number()) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a number"));
  const double n = event[key].get<double>();
  if (!(n > 0 && n < 1e15)) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time"));
  const absl::Time t =
      n > 1e11 ? absl::FromUnixMillis(static_cast<int64_t>(n)) : absl::FromUnixSeconds(static_cast<int64_t>(n));
  if (!IsPlausibleTime(t)) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time"));
  return t;
}

// The JSON inside the script's call ("jsonCallback({...});"), or the document itself.
absl::string_view CallArgument(absl::string_view body) {
  const size_t open = body.find('{'), close = body.rfind('}');
  if (open == absl::string_view::npos || close == absl::string_view::npos || close < open) return body;
  return body.substr(open, close - open + 1);
}

absl::Status AddEvent(const Json& e, const std::string& service, absl::string_view page_url,
                      std::map<std::string, Incident>& incidents, std::vector<std::string>& order) {
  const std::string id = StringField(e, "messageId");
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat("an event of '", service, "' has no messageId"));
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("event ", id, ": ", what));
  };
  auto [it, added] = incidents.try_emplace(id);
  Incident& i = it->second;
  if (!added) {  // the same event listed under another service
    i.add_components(service);
    return absl::OkStatus();
  }
  order.push_back(id);
  i.set_id(id);
  i.add_components(service);
  i.set_deep_link(std::string(page_url));
  const std::string type = StringField(e, "statusType");
  const size_t rank = TypeRank(type);
  const bool maintenance = rank < kUnknownType && kStatusTypes[rank].impact == vocabulary::kImpactMaintenance;
  i.set_impact(rank == kUnknownType ? vocabulary::kImpactMinor : std::string(kStatusTypes[rank].impact));
  const EventStatus* status = EventStatusOf(StringField(e, "eventStatus"));
  if (status == nullptr) return error(absl::StrCat("eventStatus '", StringField(e, "eventStatus"), "' is not known"));
  i.set_status(std::string(maintenance ? status->maintenance : status->incident));
  absl::StatusOr<std::optional<absl::Time>> start = EpochField(e, "epochStartDate");
  absl::StatusOr<std::optional<absl::Time>> end = EpochField(e, "epochEndDate");
  if (!start.ok()) return error(start.status().message());
  if (!end.ok()) return error(end.status().message());
  if (!start->has_value()) return error("no epochStartDate");
  *i.mutable_start_time() = ToProto(**start);
  if (maintenance) {
    *i.mutable_scheduled_start_time() = ToProto(**start);
    if (end->has_value()) *i.mutable_scheduled_end_time() = ToProto(**end);
  }
  if (status->ended) *i.mutable_end_time() = ToProto(end->value_or(**start));
  const std::string message = TextOf(StringField(e, "message"));
  i.set_title(message.empty() ? absl::StrCat(service, ": ", type) : message);
  std::vector<std::string> affected;
  for (const Json& a : ArrayField(e, "affectedServices")) {
    if (a.is_string()) affected.push_back(a.get<std::string>());
  }
  if (!affected.empty()) i.set_description(absl::StrCat("Affected: ", absl::StrJoin(affected, ", ")));
  auto* update = i.add_events();
  const absl::Time at = status->ended ? FromProto(i.end_time()) : **start;
  update->set_id(absl::StrCat(id, "/", absl::AsciiStrToLower(StringField(e, "eventStatus"))));
  update->set_status(i.status());
  update->set_title(HeadingOf(StringField(e, "eventStatus")));
  const std::string users = StringField(e, "usersAffected");
  update->set_description(users.empty() ? message : absl::StrCat(message, "\n", users));
  *update->mutable_time() = ToProto(at);
  return absl::OkStatus();
}

}  // namespace

Detection Apple::detection() const {
  Detection d;
  d.known_host = [](absl::string_view page_url) {
    const absl::string_view host = HostOf(page_url);
    return (host == "www.apple.com" && absl::StrContains(page_url, "/support/systemstatus")) ||
           (host == "developer.apple.com" && absl::StrContains(page_url, "/system-status"));
  };
  return d;
}

FetchPlan Apple::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  // The developer page reads its data from www.apple.com.
  if (HostOf(page_url) == "developer.apple.com") {
    return {{{kStatusRole, "https://www.apple.com/support/systemstatus/data/developer/system_status_en_US.js"}}};
  }
  return {{{kStatusRole, absl::StrCat(page_url, "/data/system_status_en_US.js")}}};
}

absl::StatusOr<ParsedPage> Apple::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kStatusRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(doc->url, CallArgument(doc->body)));
  if (!json.contains("services") || !json["services"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'services' array: not Apple's system status"));
  }
  ParsedPage page;
  page.lists_every_open_incident = true;  // every current event is listed under its services
  std::map<std::string, Incident> incidents;
  std::vector<std::string> order;
  for (const Json& s : ArrayField(json, "services")) {
    statusphere::v1::Component c;
    c.set_name(StringField(s, "serviceName"));
    if (c.name().empty()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": a service has no serviceName"));
    c.set_id(c.name());
    size_t worst = kUnknownType + 1;  // none ongoing
    for (const Json& e : ArrayField(s, "events")) {
      if (absl::Status added = AddEvent(e, c.name(), page_url, incidents, order); !added.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", added.message()));
      }
      if (absl::EqualsIgnoreCase(StringField(e, "eventStatus"), "ongoing")) {
        worst = std::min(worst, TypeRank(StringField(e, "statusType")));
      }
    }
    c.set_status(worst == kUnknownType + 1 ? vocabulary::kComponentOperational
                 : worst == kUnknownType   ? "unknown"
                                           : std::string(kStatusTypes[worst].component_status));
    page.components.push_back(std::move(c));
  }
  for (const std::string& id : order) page.incidents.push_back(std::move(incidents[id]));
  return RequireUniqueIncidentIds(doc->url, std::move(page));
}

}  // namespace statusphere::providers
