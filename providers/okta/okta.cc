#include "providers/okta/okta.h"

#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;

constexpr char kHomeRole[] = "home";

// Category__c, Okta's words for how bad an incident is, in our impact words (the category
// names as inket/stts and other readers of the page list them).
constexpr std::pair<absl::string_view, absl::string_view> kImpact[] = {
    {"major service disruption", vocabulary::kImpactCritical}, {"service disruption", vocabulary::kImpactMajor},
    {"minor service disruption", vocabulary::kImpactMajor},    {"feature disruption", vocabulary::kImpactMinor},
    {"service degradation", vocabulary::kImpactMinor},         {"performance issue", vocabulary::kImpactMinor},
};

// Status__c, lower-cased, in our status words. Anything else is kept, spaces as underscores.
constexpr std::pair<absl::string_view, absl::string_view> kStatus[] = {
    {"resolved", vocabulary::kLifecycleResolved},     {"closed", vocabulary::kLifecycleResolved},
    {"complete", vocabulary::kLifecycleCompleted},    {"completed", vocabulary::kLifecycleCompleted},
    {"postmortem", vocabulary::kLifecyclePostmortem}, {"in progress", vocabulary::kLifecycleInProgress},
};

// Our impact as a component status, for the cells an open incident names.
constexpr std::pair<absl::string_view, absl::string_view> kCellStatus[] = {
    {vocabulary::kImpactCritical, vocabulary::kComponentMajorOutage},
    {vocabulary::kImpactMajor, vocabulary::kComponentPartialOutage},
    {vocabulary::kImpactMinor, vocabulary::kComponentDegradedPerformance},
    {vocabulary::kImpactMaintenance, vocabulary::kComponentUnderMaintenance},
};

template <size_t N>
std::optional<absl::string_view> Lookup(const std::pair<absl::string_view, absl::string_view> (&table)[N],
                                        absl::string_view key) {
  for (const auto& [theirs, ours] : table) {
    if (theirs == key) return ours;
  }
  return std::nullopt;
}

// Salesforce prints datetimes as "2026-05-04T17:03:00.000+0000" (no colon in the offset) and
// dates as "2026-05-04"; RFC 3339 is read as well.
absl::StatusOr<std::optional<absl::Time>> SalesforceTime(const Json& record, const char* key) {
  std::string text = StringField(record, key);
  if (text.empty()) return std::nullopt;
  if (text.size() == 10) text += "T00:00:00Z";
  if (text.size() > 5 && (text[text.size() - 5] == '+' || text[text.size() - 5] == '-') &&
      text.find(':', text.size() - 5) == std::string::npos) {
    text.insert(text.size() - 2, ":");
  }
  std::optional<absl::Time> t = ParseRfc3339(text);
  if (!t || !IsPlausibleTime(*t)) {
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: ", StringField(record, key)));
  }
  return t;
}

// The first of these fields that holds a time.
absl::StatusOr<std::optional<absl::Time>> FirstTime(const Json& record, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    ASSIGN_OR_RETURN(std::optional<absl::Time> t, SalesforceTime(record, key));
    if (t) return t;
  }
  return std::nullopt;
}

std::vector<std::string> Cells(absl::string_view list) {
  std::vector<std::string> cells;
  for (absl::string_view cell : absl::StrSplit(list, absl::ByAnyChar(",;"), absl::SkipWhitespace())) {
    cells.emplace_back(absl::StripAsciiWhitespace(cell));
  }
  return cells;
}

// The text of each element carrying one of Okta's data-ids, by data-id.
std::map<std::string, std::string> DataElements(const HtmlDocument& document) {
  std::map<std::string, std::string> found;
  ForEachElement(document, [&](const GumboNode* node) {
    const GumboAttribute* id = gumbo_get_attribute(&node->v.element.attributes, "data-id");
    if (id != nullptr && !found.count(id->value)) found[id->value] = NodeText(node);
    return true;
  });
  return found;
}

absl::StatusOr<Incident> ParseRecord(const Json& record, bool planned, absl::string_view page_url) {
  Incident i;
  i.set_id(StringField(record, "Id"));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("record ", i.id(), ": ", s.message()));
  };
  std::string title = StringField(record, "Incident_Title__c");
  if (title.empty()) title = StringField(record, "Title__c");
  if (title.empty()) title = StringField(record, "Name");
  i.set_title(TextOf(title));
  i.set_deep_link(std::string(page_url));
  const std::string category = StringField(record, "Category__c");
  if (planned) {
    i.set_impact(vocabulary::kImpactMaintenance);
  } else {
    i.set_impact(std::string(Lookup(kImpact, absl::AsciiStrToLower(category)).value_or(vocabulary::kImpactMinor)));
  }
  std::string status = absl::AsciiStrToLower(absl::StripAsciiWhitespace(StringField(record, "Status__c")));
  if (std::optional<absl::string_view> ours = Lookup(kStatus, status)) {
    status = std::string(*ours);
  } else {
    for (char& c : status) c = c == ' ' ? '_' : c;
    if (status.empty()) status = planned ? vocabulary::kLifecycleScheduled : vocabulary::kLifecycleInvestigating;
  }
  if (planned && status == vocabulary::kLifecycleResolved) status = vocabulary::kLifecycleCompleted;
  i.set_status(status);
  absl::StatusOr<std::optional<absl::Time>> start =
      FirstTime(record, {"Start_Time__c", "Start_Date__c", "CreatedDate"});
  absl::StatusOr<std::optional<absl::Time>> end = FirstTime(record, {"End_Time__c", "End_Date__c"});
  absl::StatusOr<std::optional<absl::Time>> updated = FirstTime(record, {"Last_Updated__c"});
  for (const auto* t : {&start, &end, &updated}) {
    if (!t->ok()) return error(t->status());
  }
  if (!start->has_value()) return error(absl::InvalidArgumentError("no start time"));
  *i.mutable_start_time() = ToProto(**start);
  if (planned) {
    *i.mutable_scheduled_start_time() = ToProto(**start);
    if (end->has_value()) *i.mutable_scheduled_end_time() = ToProto(**end);
  }
  if (vocabulary::IsClosedStatus(status)) *i.mutable_end_time() = ToProto(end->value_or(updated->value_or(**start)));
  for (const std::string& cell : Cells(StringField(record, "Impacted_Cells__c"))) i.add_components(cell);
  // The record carries its latest word only (Log__c): one update, as of its last change.
  auto* e = i.add_events();
  const absl::Time at = updated->value_or(**start);
  e->set_id(absl::StrCat(i.id(), "@", absl::ToUnixSeconds(at)));
  e->set_status(status);
  e->set_title(HeadingOf(status));
  e->set_description(TextOf(StringField(record, "Log__c")));
  *e->mutable_time() = ToProto(at);
  std::string about = StringField(record, "Okta_Sub_Service__c");
  if (about.empty()) about = StringField(record, "Service_Feature__c");
  if (!about.empty()) i.set_description(absl::StrCat(category.empty() ? "" : category + ": ", about));
  return i;
}

}  // namespace

Detection Okta::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.okta.com"});
  return d;
}

FetchPlan Okta::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kHomeRole, std::string(page_url)}}};
}

absl::StatusOr<ParsedPage> Okta::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* home, documents.RequireOk(kHomeRole));
  HtmlDocument document(home->body);
  if (!document.status().ok())
    return absl::Status(document.status().code(), absl::StrCat(home->url, ": ", document.status().message()));
  const std::map<std::string, std::string> data = DataElements(document);
  auto incidents_text = data.find("incidents");
  if (incidents_text == data.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(home->url, ": no data-id=\"incidents\" element: not Okta's status page"));
  }
  ParsedPage page;
  page.lists_every_open_incident = true;  // the page prints every open record
  std::vector<std::string> cells;
  if (auto list = data.find("cellList"); list != data.end()) cells = Cells(list->second);
  std::map<std::string, int> worst;  // cell -> index into kCellStatus, smaller is worse
  for (const auto& [role, planned] : {std::pair<const char*, bool>{"incidents", false}, {"planned-outages", true}}) {
    auto text = data.find(role);
    if (text == data.end() || absl::StripAsciiWhitespace(text->second).empty()) continue;
    ASSIGN_OR_RETURN(Json records, ParseJsonArray(absl::StrCat(home->url, " (", role, ")"), text->second));
    for (const Json& record : records) {
      if (!record.is_object() || StringField(record, "Id").empty()) {
        return absl::InvalidArgumentError(absl::StrCat(home->url, ": a record of '", role, "' has no Id"));
      }
      absl::StatusOr<Incident> incident = ParseRecord(record, planned, page_url);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(home->url, ": ", incident.status().message()));
      for (const std::string& cell : incident->components()) {
        if (std::find(cells.begin(), cells.end(), cell) == cells.end()) cells.push_back(cell);
        if (IsSet(incident->end_time()) || (planned && incident->status() == vocabulary::kLifecycleScheduled)) continue;
        for (int k = 0; k < static_cast<int>(std::size(kCellStatus)); ++k) {
          if (kCellStatus[k].first == incident->impact()) {
            auto [it, added] = worst.emplace(cell, k);
            if (!added) it->second = std::min(it->second, k);
          }
        }
      }
      page.incidents.push_back(std::move(*incident));
    }
  }
  for (const std::string& cell : cells) {
    statusphere::v1::Component c;
    c.set_id(cell);
    c.set_name(cell);
    auto w = worst.find(cell);
    c.set_status(w == worst.end() ? vocabulary::kComponentOperational : std::string(kCellStatus[w->second].second));
    page.components.push_back(std::move(c));
  }
  return RequireUniqueIncidentIds(home->url, std::move(page));
}

}  // namespace statusphere::providers
