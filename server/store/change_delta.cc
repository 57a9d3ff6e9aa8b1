#include "server/store/change_delta.h"

#include <map>
#include <string>

#include "server/store/incident_merge.h"

namespace statusphere::store {

using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

namespace {

std::map<std::string, const IncidentEvent*> ByKey(const Incident& incident) {
  std::map<std::string, const IncidentEvent*> out;
  for (const IncidentEvent& e : incident.events()) out[UpdateKey(e)] = &e;
  return out;
}

bool Same(const IncidentEvent& a, const IncidentEvent& b) { return a.SerializeAsString() == b.SerializeAsString(); }

}  // namespace

IncidentDelta DiffIncident(const std::optional<Incident>& before, const Incident& after) {
  IncidentDelta delta;
  delta.after = after;
  delta.after.clear_events();
  const std::map<std::string, const IncidentEvent*> previous =
      before.has_value() ? ByKey(*before) : std::map<std::string, const IncidentEvent*>{};
  const std::map<std::string, const IncidentEvent*> now = ByKey(after);
  for (const IncidentEvent& e : after.events()) {
    auto it = previous.find(UpdateKey(e));
    if (it == previous.end() || !Same(*it->second, e)) *delta.after.add_events() = e;
  }
  for (const auto& [key, e] : previous) {
    auto it = now.find(key);
    if (it == now.end() || !Same(*it->second, *e)) *delta.removed.add_events() = *e;
  }
  return delta;
}

void UndoChange(Incident& events, const Incident& added, const Incident& removed) {
  std::map<std::string, IncidentEvent> by_key;
  for (const IncidentEvent& e : events.events()) by_key[UpdateKey(e)] = e;
  for (const IncidentEvent& e : added.events()) by_key.erase(UpdateKey(e));
  for (const IncidentEvent& e : removed.events()) by_key[UpdateKey(e)] = e;
  events.clear_events();
  for (auto& [key, e] : by_key) *events.add_events() = std::move(e);
  NormalizeEvents(events);  // newest first, as stored
}

Incident WithEvents(Incident after, const Incident& events) {
  *after.mutable_events() = events.events();
  return after;
}

}  // namespace statusphere::store
