#include "tests/gateway/statuspage_format.h"

#include <cctype>
#include <map>
#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

const std::set<std::string> kComponentStatuses = {"operational", "degraded_performance", "partial_outage",
                                                  "major_outage", "under_maintenance"};
const std::set<std::string> kIncidentStatuses = {"investigating", "identified", "monitoring", "resolved", "postmortem"};
const std::set<std::string> kMaintenanceStatuses = {"scheduled", "in_progress", "verifying", "completed"};
const std::set<std::string> kImpacts = {"none", "minor", "major", "critical", "maintenance"};
const std::set<std::string> kIndicators = {"none", "minor", "major", "critical", "maintenance"};

class Checker {
 public:
  std::vector<std::string> problems;

  void Problem(const std::string& where, const std::string& what) {
    problems.push_back(absl::StrCat(where, ": ", what));
  }

  // The object has exactly these keys.
  bool Keys(const std::string& where, const json& j, std::set<std::string> keys) {
    if (!j.is_object()) {
      Problem(where, "not an object");
      return false;
    }
    std::set<std::string> got;
    for (auto it = j.begin(); it != j.end(); ++it) got.insert(it.key());
    if (got != keys) {
      Problem(where, absl::StrCat("keys {", absl::StrJoin(got, ","), "}, want {", absl::StrJoin(keys, ","), "}"));
      return false;
    }
    return true;
  }

  void String(const std::string& where, const json& j, bool nullable = false) {
    if (!(j.is_string() || (nullable && j.is_null()))) Problem(where, absl::StrCat("not a string: ", j.dump()));
  }

  void Word(const std::string& where, const json& j, const std::set<std::string>& words) {
    if (!j.is_string() || !words.count(j.get<std::string>()))
      Problem(where, absl::StrCat("not one of the words: ", j.dump()));
  }

  // An id as Statuspage's: letters, digits, '-' and '_'.
  void Id(const std::string& where, const json& j) {
    bool ok = j.is_string() && !j.get<std::string>().empty();
    if (ok) {
      for (char c : j.get<std::string>()) ok = ok && (isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    }
    if (!ok) Problem(where, absl::StrCat("not an id: ", j.dump()));
  }

  // An ISO 8601 time with its offset, as Statuspage writes them (2026-03-04T09:00:00.000Z).
  absl::Time Time(const std::string& where, const json& j, bool nullable = false) {
    if (nullable && j.is_null()) return absl::InfinitePast();
    absl::Time t;
    std::string error;
    if (!j.is_string() || !absl::ParseTime(absl::RFC3339_full, j.get<std::string>(), &t, &error)) {
      Problem(where, absl::StrCat("not a time: ", j.dump()));
      return absl::InfinitePast();
    }
    return t;
  }

  void Page(const json& page) {
    if (!Keys("page", page, {"id", "name", "url", "time_zone", "updated_at"})) return;
    Id("page.id", page["id"]);
    String("page.name", page["name"]);
    String("page.url", page["url"]);
    if (page["url"].is_string() && !absl::StartsWith(page["url"].get<std::string>(), "http"))
      Problem("page.url", "not a url");
    String("page.time_zone", page["time_zone"]);
    Time("page.updated_at", page["updated_at"], /*nullable=*/true);
  }

  void Status(const json& status) {
    if (!Keys("status", status, {"indicator", "description"})) return;
    Word("status.indicator", status["indicator"], kIndicators);
    String("status.description", status["description"]);
  }

  void Component(const std::string& where, const json& c, const std::string& page_id) {
    std::set<std::string> keys = {"id",
                                  "name",
                                  "status",
                                  "created_at",
                                  "updated_at",
                                  "position",
                                  "description",
                                  "showcase",
                                  "start_date",
                                  "group_id",
                                  "page_id",
                                  "group",
                                  "only_show_if_degraded"};
    if (c.is_object() && c.value("group", false)) keys.insert("components");  // a group lists its members
    if (!Keys(where, c, keys)) return;
    Id(where + ".id", c["id"]);
    String(where + ".name", c["name"]);
    Word(where + ".status", c["status"], kComponentStatuses);
    Time(where + ".created_at", c["created_at"], true);
    Time(where + ".updated_at", c["updated_at"], true);
    if (!c["position"].is_number_integer()) Problem(where + ".position", "not an integer");
    String(where + ".description", c["description"], true);
    if (!c["showcase"].is_boolean() || !c["group"].is_boolean() || !c["only_show_if_degraded"].is_boolean()) {
      Problem(where, "showcase, group or only_show_if_degraded is not a boolean");
    }
    Time(where + ".start_date", c["start_date"], true);
    if (!c["group_id"].is_null()) Id(where + ".group_id", c["group_id"]);
    if (c["page_id"] != page_id)
      Problem(where + ".page_id", absl::StrCat(c["page_id"].dump(), " is not the page's id"));
  }

  // A components list: positions rising, group_id naming a group of the list that lists the member.
  void Components(const json& list, const std::string& page_id) {
    if (!list.is_array()) return Problem("components", "not an array");
    std::map<std::string, json> groups;
    int position = 0;
    for (size_t n = 0; n < list.size(); ++n) {
      const std::string where = absl::StrCat("components[", n, "]");
      Component(where, list[n], page_id);
      if (!list[n].is_object()) continue;
      if (list[n].value("position", 0) <= position) Problem(where + ".position", "does not rise");
      position = list[n].value("position", 0);
      if (list[n].value("group", false)) groups[list[n].value("id", "")] = list[n];
    }
    for (size_t n = 0; n < list.size(); ++n) {
      if (!list[n].is_object() || list[n]["group_id"].is_null()) continue;
      auto group = groups.find(list[n]["group_id"].get<std::string>());
      if (group == groups.end()) {
        Problem(absl::StrCat("components[", n, "].group_id"), "names no group of the list");
      } else if (!absl::c_linear_search(group->second["components"], list[n]["id"])) {
        Problem(absl::StrCat("components[", n, "]"), "its group does not list it");
      }
    }
  }

  void Incident(const std::string& where, const json& i, const std::string& page_id, bool maintenance) {
    std::set<std::string> keys = {"id",          "name",   "status",    "created_at", "updated_at", "monitoring_at",
                                  "resolved_at", "impact", "shortlink", "started_at", "page_id",    "incident_updates",
                                  "components"};
    if (maintenance) keys.insert({"scheduled_for", "scheduled_until"});
    if (!Keys(where, i, keys)) return;
    Id(where + ".id", i["id"]);
    String(where + ".name", i["name"]);
    const auto& statuses = maintenance ? kMaintenanceStatuses : kIncidentStatuses;
    Word(where + ".status", i["status"], statuses);
    Word(where + ".impact", i["impact"], kImpacts);
    if (maintenance != (i["impact"] == "maintenance")) Problem(where + ".impact", "maintenance only for maintenances");
    Time(where + ".created_at", i["created_at"]);
    Time(where + ".updated_at", i["updated_at"]);
    Time(where + ".started_at", i["started_at"]);
    Time(where + ".monitoring_at", i["monitoring_at"], true);
    Time(where + ".resolved_at", i["resolved_at"], true);
    const bool closed = i["status"] == "resolved" || i["status"] == "postmortem" || i["status"] == "completed";
    if (closed == i["resolved_at"].is_null()) Problem(where + ".resolved_at", "set exactly when resolved or completed");
    String(where + ".shortlink", i["shortlink"]);
    if (i["page_id"] != page_id) Problem(where + ".page_id", "not the page's id");
    if (maintenance) {
      Time(where + ".scheduled_for", i["scheduled_for"], true);
      Time(where + ".scheduled_until", i["scheduled_until"], true);
    }
    if (!i["incident_updates"].is_array()) return Problem(where + ".incident_updates", "not an array");
    absl::Time previous = absl::InfiniteFuture();
    for (size_t n = 0; n < i["incident_updates"].size(); ++n) {
      const json& u = i["incident_updates"][n];
      const std::string at = absl::StrCat(where, ".incident_updates[", n, "]");
      if (!Keys(at, u,
                {"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components",
                 "deliver_notifications", "custom_tweet", "tweet_id"})) {
        continue;
      }
      Id(at + ".id", u["id"]);
      Word(at + ".status", u["status"], statuses);
      String(at + ".body", u["body"]);
      if (u["incident_id"] != i["id"]) Problem(at + ".incident_id", "not its incident's id");
      Time(at + ".created_at", u["created_at"]);
      Time(at + ".updated_at", u["updated_at"]);
      const absl::Time display = Time(at + ".display_at", u["display_at"]);
      if (display > previous) Problem(at, "updates are not newest first");
      previous = display;
      if (!u["affected_components"].is_null() && !u["affected_components"].is_array()) {
        Problem(at + ".affected_components", "neither null nor an array");
      }
      if (!u["deliver_notifications"].is_boolean()) Problem(at + ".deliver_notifications", "not a boolean");
      String(at + ".custom_tweet", u["custom_tweet"], true);
      String(at + ".tweet_id", u["tweet_id"], true);
    }
    if (!i["components"].is_array()) return Problem(where + ".components", "not an array");
    for (size_t n = 0; n < i["components"].size(); ++n) {
      Component(absl::StrCat(where, ".components[", n, "]"), i["components"][n], page_id);
    }
  }

  void Incidents(const std::string& key, const json& list, const std::string& page_id, bool maintenance) {
    if (!list.is_array()) return Problem(key, "not an array");
    for (size_t n = 0; n < list.size(); ++n) Incident(absl::StrCat(key, "[", n, "]"), list[n], page_id, maintenance);
  }
};

}  // namespace

std::vector<std::string> StatuspageFormatProblems(const std::string& name, const json& document) {
  Checker check;
  const std::string page_id = document.is_object() ? document.value("page", json::object()).value("id", "") : "";
  auto body = [&](std::set<std::string> keys) {
    keys.insert("page");
    if (!check.Keys(name, document, keys)) return false;
    check.Page(document["page"]);
    return true;
  };
  if (name == "summary.json") {
    if (body({"components", "incidents", "scheduled_maintenances", "status"})) {
      check.Components(document["components"], page_id);
      check.Incidents("incidents", document["incidents"], page_id, false);
      check.Incidents("scheduled_maintenances", document["scheduled_maintenances"], page_id, true);
      check.Status(document["status"]);
    }
  } else if (name == "status.json") {
    if (body({"status"})) check.Status(document["status"]);
  } else if (name == "components.json") {
    if (body({"components"})) check.Components(document["components"], page_id);
  } else if (name == "incidents.json" || name == "incidents/unresolved.json") {
    if (body({"incidents"})) check.Incidents("incidents", document["incidents"], page_id, false);
  } else if (absl::StartsWith(name, "scheduled-maintenances")) {
    if (body({"scheduled_maintenances"})) {
      check.Incidents("scheduled_maintenances", document["scheduled_maintenances"], page_id, true);
    }
  } else {
    check.Problem(name, "not a Statuspage document");
  }
  return check.problems;
}

}  // namespace statusphere::testing
