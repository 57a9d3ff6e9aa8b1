#include "server/store/component_changes.h"

#include <map>
#include <string>
#include <utility>

namespace statusphere::store {
namespace {

// Ids and names live in separate key spaces: an id that happens to equal a name must not
// match it.
std::pair<bool, std::string> IdKey(const v1::Component& c) { return {true, c.id()}; }
std::pair<bool, std::string> NameKey(const v1::Component& c) { return {false, c.group() + '\n' + c.name()}; }

}  // namespace

std::vector<v1::ComponentStatusChange> ComponentStatusChanges(const std::vector<v1::Component>& stored,
                                                              const std::vector<v1::Component>& reported) {
  std::map<std::pair<bool, std::string>, const v1::Component*> before;
  for (const v1::Component& c : stored) {
    if (!c.id().empty()) before.emplace(IdKey(c), &c);
    before.emplace(NameKey(c), &c);
  }
  std::vector<v1::ComponentStatusChange> changes;
  for (const v1::Component& now : reported) {
    auto it = now.id().empty() ? before.end() : before.find(IdKey(now));
    // A stored component with an id is matched by id only: a name match would pair it
    // with another component that took its name.
    if (it == before.end()) {
      it = before.find(NameKey(now));
      if (it != before.end() && !it->second->id().empty() && !now.id().empty()) it = before.end();
    }
    if (it == before.end() || it->second->status() == now.status()) continue;
    v1::ComponentStatusChange& change = changes.emplace_back();
    change.set_id(now.id());
    change.set_name(now.name());
    change.set_group(now.group());
    change.set_old_status(it->second->status());
    change.set_new_status(now.status());
  }
  return changes;
}

}  // namespace statusphere::store
