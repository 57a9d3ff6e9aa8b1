#include "tests/support/fake_statuspage.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace statusphere::testing {

using nlohmann::json;

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone()); }

std::string Ago(absl::Duration d) { return Rfc3339(absl::Now() - d); }

FakeStatuspage::FakeStatuspage(HttpServer& site, std::string name, bool etag)
    : site_(site), name_(std::move(name)), etag_(etag) {}

std::string FakeStatuspage::url() const { return site_.Url("/" + name_); }

int FakeStatuspage::update_count(const std::string& id) const {
  return static_cast<int>(incidents_.at(id)["incident_updates"].size());
}

void FakeStatuspage::set_delay(absl::Duration delay) {
  delay_ = delay;
  Publish();
}

void FakeStatuspage::AddIncident(const std::string& id, const std::string& impact, const std::string& started) {
  incidents_[id] = json{{"id", id},
                        {"name", "Incident " + id},
                        {"status", "investigating"},
                        {"impact", impact},
                        {"created_at", started},
                        {"started_at", started},
                        {"resolved_at", nullptr},
                        {"shortlink", "https://stspg.io/" + id},
                        {"components", json::array({json{{"id", "c1"}, {"name", "API"}}})},
                        {"incident_updates", json::array()}};
  PostUpdate(id, "investigating", "We are looking into it.", started);
}

void FakeStatuspage::PostUpdate(const std::string& id, const std::string& status, const std::string& body,
                                const std::string& at) {
  json& incident = incidents_.at(id);
  json update = {{"id", id + "-u" + std::to_string(incident["incident_updates"].size())},
                 {"status", status},
                 {"body", body},
                 {"created_at", at},
                 {"display_at", at}};
  incident["incident_updates"].insert(incident["incident_updates"].begin(), update);  // newest first
  incident["status"] = status;
  if (status == "resolved") incident["resolved_at"] = at;
  Publish();
}

void FakeStatuspage::SetComponentStatus(const std::string& status) {
  component_status_ = status;
  Publish();
}

void FakeStatuspage::Publish() {
  json all = json::array(), open = json::array();
  for (const auto& [id, incident] : incidents_) {
    all.push_back(incident);
    if (incident["resolved_at"].is_null()) open.push_back(incident);
  }
  json page = {{"id", name_}, {"name", name_}};
  json summary = {{"page", page},
                  {"status", {{"indicator", open.empty() ? "none" : "minor"}}},
                  {"components", json::array({json{{"id", "c1"},
                                                   {"name", "API"},
                                                   {"status", !component_status_.empty() ? component_status_
                                                              : open.empty()             ? "operational"
                                                                                         : "partial_outage"}}})},
                  {"incidents", open},
                  {"scheduled_maintenances", json::array()}};
  ++version_;
  Serve("/api/v2/summary.json", summary.dump());
  Serve("/api/v2/incidents.json", json{{"page", page}, {"incidents", all}}.dump());
  Serve("/api/v2/scheduled-maintenances.json", json{{"page", page}, {"scheduled_maintenances", json::array()}}.dump());
}

void FakeStatuspage::Serve(const std::string& path, const std::string& body) {
  HttpResponse r;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = body;
  r.delay = delay_;
  if (etag_) r.etag = absl::StrCat("\"", name_, "-", version_, "\"");
  site_.Set("/" + name_ + path, r);
}

}  // namespace statusphere::testing
