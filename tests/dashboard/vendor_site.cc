#include "tests/dashboard/vendor_site.h"

#include <map>

namespace statusphere::testing {

using nlohmann::json;

void VendorSite::SetComponents(std::vector<VendorComponent> components) {
  components_ = std::move(components);
  Publish();
}

void VendorSite::AddIncident(VendorIncident incident) {
  incidents_.push_back(std::move(incident));
  Publish();
}

void VendorSite::Publish() {
  json components = json::array();
  std::map<std::string, std::string> group_ids;
  for (const auto& c : components_) {
    if (c.group.empty() || group_ids.count(c.group)) continue;
    group_ids[c.group] = "g" + std::to_string(group_ids.size() + 1);
    components.push_back({{"id", group_ids[c.group]}, {"name", c.group}, {"status", "operational"}, {"group", true}});
  }
  for (size_t i = 0; i < components_.size(); ++i) {
    const auto& c = components_[i];
    json component = {{"id", "c" + std::to_string(i + 1)}, {"name", c.name}, {"status", c.status}, {"group", false}};
    component["group_id"] = c.group.empty() ? json(nullptr) : json(group_ids[c.group]);
    components.push_back(component);
  }
  json all = json::array(), open = json::array();
  for (const auto& incident : incidents_) {
    json updates = json::array();
    for (size_t u = 0; u < incident.updates.size(); ++u) {
      const auto& update = incident.updates[u];
      updates.insert(updates.begin(), json{{"id", incident.id + "-u" + std::to_string(u)},
                                           {"status", update.status},
                                           {"body", update.body},
                                           {"created_at", update.at},
                                           {"display_at", update.at}});  // newest first
    }
    json affected = json::array();
    for (const auto& name : incident.components) affected.push_back({{"name", name}});
    const VendorUpdate& last = incident.updates.back();
    const bool resolved = last.status == "resolved";
    json item = {{"id", incident.id},
                 {"name", incident.title},
                 {"status", last.status},
                 {"impact", incident.impact},
                 {"created_at", incident.updates.front().at},
                 {"started_at", incident.updates.front().at},
                 {"resolved_at", resolved ? json(last.at) : json(nullptr)},
                 {"shortlink", "https://stspg.io/" + incident.id},
                 {"components", affected},
                 {"incident_updates", updates}};
    all.push_back(item);
    if (!resolved) open.push_back(item);
  }
  json page = {{"id", slug_}, {"name", slug_}};
  json summary = {{"page", page},
                  {"status", {{"indicator", open.empty() ? "none" : "major"}}},
                  {"components", components},
                  {"incidents", open},
                  {"scheduled_maintenances", json::array()}};
  const std::string base = "/" + slug_ + "/api/v2";
  server_.Set(base + "/summary.json", JsonResponse(summary.dump()));
  server_.Set(base + "/incidents.json", JsonResponse(json{{"page", page}, {"incidents", all}}.dump()));
  server_.Set(base + "/scheduled-maintenances.json",
              JsonResponse(json{{"page", page}, {"scheduled_maintenances", json::array()}}.dump()));
}

}  // namespace statusphere::testing
