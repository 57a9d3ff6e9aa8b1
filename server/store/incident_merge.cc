#include "server/store/incident_merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"

namespace statusphere::store {
namespace {

using statusphere::v1::Incident;
using statusphere::v1::IncidentChange;
using statusphere::v1::IncidentEvent;

// The (time, title) part of a content key: what updates were keyed by before bodies were.
std::string TimeAndTitle(const IncidentEvent& e) { return absl::StrCat("t:", ToMicros(e.time()), "|", e.title()); }

// Newest first; ties broken by key so that the order is deterministic.
bool NewerFirst(const IncidentEvent& a, const IncidentEvent& b) {
  const int64_t ta = ToMicros(a.time()), tb = ToMicros(b.time());
  if (ta != tb) return ta > tb;
  return UpdateKey(a) < UpdateKey(b);
}

void SetEvents(Incident& incident, std::map<std::string, IncidentEvent> by_key) {
  // An update without id and without body says less than one with the same time and
  // title that has a body (a source that left the body out, or a parser that did not
  // find it then): it is the same update, and only the one with the body is kept.
  std::set<std::string> with_body;
  for (const auto& [key, event] : by_key) {
    if (event.id().empty() && !absl::StripAsciiWhitespace(event.description()).empty()) {
      with_body.insert(TimeAndTitle(event));
    }
  }
  std::vector<IncidentEvent> events;
  events.reserve(by_key.size());
  for (auto& [key, event] : by_key) {
    const bool superseded = event.id().empty() && absl::StripAsciiWhitespace(event.description()).empty() &&
                            with_body.count(TimeAndTitle(event)) > 0;
    if (!superseded) events.push_back(std::move(event));
  }
  std::sort(events.begin(), events.end(), NewerFirst);
  incident.clear_events();
  for (auto& e : events) *incident.add_events() = std::move(e);
}

void TakeIfSet(const std::string& reported, std::string* stored) {
  if (!reported.empty()) *stored = reported;
}

int64_t NewestEventMicros(const Incident& incident) {
  int64_t newest = 0;
  for (const auto& e : incident.events()) newest = std::max(newest, ToMicros(e.time()));
  return newest;
}

// An empty Timestamp that is marked present means the same as an absent one; clearing it
// keeps serialized incidents canonical so that comparisons see real changes only.
void ClearEmptyTimes(Incident& incident) {
  if (incident.has_start_time() && !IsSet(incident.start_time())) incident.clear_start_time();
  if (incident.has_end_time() && !IsSet(incident.end_time())) incident.clear_end_time();
  if (incident.has_scheduled_start_time() && !IsSet(incident.scheduled_start_time())) {
    incident.clear_scheduled_start_time();
  }
  if (incident.has_scheduled_end_time() && !IsSet(incident.scheduled_end_time())) {
    incident.clear_scheduled_end_time();
  }
}

bool HasNoLongerListedEvent(const Incident& incident) {
  for (const auto& e : incident.events()) {
    if (e.id() == kNoLongerListedEventId) return true;
  }
  return false;
}

// Equal serializations stand in for MessageDifferencer::Equals, at a tenth of its cost (it
// walks both messages by reflection, and ran for every incident of every report). They are
// the same test for Incident: it has no map or floating-point fields, so its encoding is
// canonical (fields in number order, presence of the times included, unknown fields too).
bool SameIncident(const Incident& a, const Incident& b) { return a.SerializeAsString() == b.SerializeAsString(); }

}  // namespace

std::string UpdateKey(const IncidentEvent& e) {
  if (!e.id().empty()) return absl::StrCat("id:", e.id());
  // '\0' sorts before any character of a title, so that updates that differed by
  // (time, title) keep the order they were stored in under the older key.
  std::string key = TimeAndTitle(e);
  key += '\0';
  // Whitespace runs count as one space: a body re-extracted with other line breaks is
  // the same body.
  bool space = false;
  for (char c : absl::StripAsciiWhitespace(e.description())) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += c;
  }
  return key;
}

std::vector<Incident> CloseNoLongerListed(const std::vector<Incident>& open_stored,
                                          const std::vector<Incident>& reported, absl::Time now) {
  std::set<std::string> listed;
  for (const Incident& i : reported) listed.insert(i.id());
  std::vector<Incident> closed;
  for (const Incident& stored : open_stored) {
    if (listed.count(stored.id()) || IsSet(stored.end_time())) continue;
    Incident incident = stored;
    const bool maintenance = incident.impact() == vocabulary::kImpactMaintenance;
    const absl::Time end = std::max(now, FromProto(incident.start_time()));
    IncidentEvent* e = incident.add_events();
    e->set_id(kNoLongerListedEventId);
    e->set_status(maintenance ? vocabulary::kLifecycleCompleted : vocabulary::kLifecycleResolved);
    e->set_title(maintenance ? "Completed" : "Resolved");
    e->set_description(
        "No longer listed as open on the status page: statusphere closed it at the first scrape that did not list it.");
    *e->mutable_time() = ToProto(end);
    incident.set_status(e->status());
    *incident.mutable_end_time() = ToProto(end);
    closed.push_back(std::move(incident));
  }
  return closed;
}

void NormalizeEvents(Incident& incident) {
  std::map<std::string, IncidentEvent> by_key;
  for (const auto& e : incident.events()) by_key[UpdateKey(e)] = e;
  SetEvents(incident, std::move(by_key));
}

namespace {

// Keeps the newest `max_updates` of the (sorted, newest first) events. Returns how many of
// those it left out were stored (`stored`, absent: all count): a report that lists updates
// dropped before drops them again, and they are not counted twice.
int KeepNewest(Incident& incident, int max_updates, const Incident* stored) {
  if (max_updates <= 0 || incident.events_size() <= max_updates) return 0;
  std::set<std::string> known;
  if (stored != nullptr) {
    for (const auto& e : stored->events()) known.insert(UpdateKey(e));
  }
  int dropped = 0;
  for (int i = max_updates; i < incident.events_size(); ++i) {
    if (stored == nullptr || known.count(UpdateKey(incident.events(i))) > 0) ++dropped;
  }
  incident.mutable_events()->DeleteSubrange(max_updates, incident.events_size() - max_updates);
  return dropped;
}

}  // namespace

MergeResult MergeIncident(const std::optional<Incident>& stored, const Incident& reported, int max_updates) {
  MergeResult result;
  if (!stored.has_value()) {
    result.incident = reported;
    ClearEmptyTimes(result.incident);
    NormalizeEvents(result.incident);
    result.updates_dropped = KeepNewest(result.incident, max_updates, nullptr);
    result.change = IncidentChange::CREATED;
    return result;
  }

  Incident previous = *stored;
  ClearEmptyTimes(previous);
  Incident merged = previous;
  TakeIfSet(reported.title(), merged.mutable_title());
  TakeIfSet(reported.description(), merged.mutable_description());
  TakeIfSet(reported.deep_link(), merged.mutable_deep_link());
  TakeIfSet(reported.impact(), merged.mutable_impact());
  TakeIfSet(reported.status(), merged.mutable_status());
  // Only touch a time when it is set: calling mutable_*() would mark an empty one present.
  if (IsSet(reported.start_time())) *merged.mutable_start_time() = reported.start_time();
  if (IsSet(reported.scheduled_start_time())) {
    *merged.mutable_scheduled_start_time() = reported.scheduled_start_time();
  }
  if (IsSet(reported.scheduled_end_time())) {
    *merged.mutable_scheduled_end_time() = reported.scheduled_end_time();
  }

  std::set<std::string> seen(merged.components().begin(), merged.components().end());
  for (const auto& c : reported.components()) {
    if (seen.insert(c).second) merged.add_components(c);
  }

  // Closed by statusphere because the page stopped listing it, and listed open again.
  const bool relisted_open = !IsSet(reported.end_time()) && HasNoLongerListedEvent(previous);
  std::map<std::string, IncidentEvent> by_key;
  for (const auto& e : previous.events()) {
    if (!(relisted_open && e.id() == kNoLongerListedEventId)) by_key[UpdateKey(e)] = e;
  }
  for (const auto& e : reported.events()) by_key[UpdateKey(e)] = e;
  SetEvents(merged, std::move(by_key));
  const int dropped = KeepNewest(merged, max_updates, &previous);

  if (relisted_open) {
    merged.clear_end_time();
  } else if (IsSet(reported.end_time())) {
    *merged.mutable_end_time() = reported.end_time();
  } else if (IsSet(previous.end_time()) && NewestEventMicros(reported) > ToMicros(previous.end_time())) {
    merged.clear_end_time();  // reopened: the vendor posted after the resolution
  }

  if (!SameIncident(merged, previous)) {
    const bool resolved_now = IsSet(merged.end_time()) && !IsSet(previous.end_time());
    result.change = resolved_now ? IncidentChange::RESOLVED : IncidentChange::UPDATED;
    result.updates_dropped = dropped;
  }
  result.incident = std::move(merged);
  return result;
}

}  // namespace statusphere::store
