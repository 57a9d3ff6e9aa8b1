#include "server/notify/alert_request_shapes.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

class Problems {
 public:
  void Add(std::string problem) { list_.push_back(std::move(problem)); }
  // A string field: present when `required`, and within `max` bytes.
  void Text(const json& object, const std::string& field, bool required, size_t max) {
    if (!object.contains(field)) {
      if (required) Add(absl::StrCat(field, " is missing"));
      return;
    }
    if (!object[field].is_string()) return Add(absl::StrCat(field, " is not a string"));
    const std::string& value = object[field].get_ref<const std::string&>();
    if (required && value.empty()) Add(absl::StrCat(field, " is empty"));
    if (value.size() > max) Add(absl::StrCat(field, " is longer than ", max));
  }
  void OneOf(const json& object, const std::string& field, const std::set<std::string>& words) {
    if (!object.contains(field) || !object[field].is_string() || words.count(object[field]) == 0) {
      Add(absl::StrCat(field, " is not one of the allowed words: ", object.value(field, json()).dump()));
    }
  }
  void OnlyKnown(const json& object, const std::set<std::string>& known, absl::string_view where) {
    for (const auto& [key, value] : object.items()) {
      if (known.count(key) == 0) Add(absl::StrCat(where, " has an unknown field '", key, "'"));
    }
  }
  std::vector<std::string> list() && { return std::move(list_); }

 private:
  std::vector<std::string> list_;
};

}  // namespace

std::vector<std::string> PagerDutyEventProblems(const json& body) {
  Problems p;
  if (!body.is_object()) return {"the body is not a JSON object"};
  p.OnlyKnown(body, {"routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url"},
              "the event");
  p.Text(body, "routing_key", true, 32);
  p.OneOf(body, "event_action", {"trigger", "acknowledge", "resolve"});
  const bool trigger = body.value("event_action", "") == "trigger";
  p.Text(body, "dedup_key", !trigger, 255);
  if (trigger) {
    if (!body.contains("payload") || !body["payload"].is_object()) {
      p.Add("a trigger has no payload object");
    } else {
      const json& payload = body["payload"];
      p.OnlyKnown(payload,
                  {"summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details"},
                  "payload");
      p.Text(payload, "summary", true, 1024);
      p.Text(payload, "source", true, 1 << 20);
      p.OneOf(payload, "severity", {"critical", "error", "warning", "info"});
      for (const char* field : {"timestamp", "component", "group", "class"}) p.Text(payload, field, false, 1 << 20);
      if (payload.contains("custom_details") && !payload["custom_details"].is_object()) {
        p.Add("payload.custom_details is not an object");
      }
    }
  }
  if (body.contains("links")) {
    if (!body["links"].is_array()) p.Add("links is not an array");
    for (const json& link : body.value("links", json::array())) {
      if (!link.is_object() || !link.contains("href") || !link["href"].is_string()) p.Add("a link has no href");
    }
  }
  for (const char* field : {"client", "client_url"}) p.Text(body, field, false, 1 << 20);
  if (body.dump().size() > 512 * 1024) p.Add("the event is over 512 KB");
  return std::move(p).list();
}

std::vector<std::string> OpsgenieRequestProblems(absl::string_view path_and_query, absl::string_view authorization,
                                                 const json& body) {
  Problems p;
  if (!absl::StartsWith(authorization, "GenieKey ") || authorization.size() <= 9) {
    p.Add(absl::StrCat("Authorization is not 'GenieKey <key>': '", authorization, "'"));
  }
  if (!body.is_object()) {
    p.Add("the body is not a JSON object");
    return std::move(p).list();
  }
  const size_t alerts = path_and_query.find("/v2/alerts");
  const absl::string_view action = alerts == absl::string_view::npos ? "" : path_and_query.substr(alerts + 10);
  if (action.empty()) {  // create
    p.OnlyKnown(body,
                {"message", "alias", "description", "responders", "visibleTo", "actions", "tags", "details", "entity",
                 "source", "priority", "user", "note"},
                "a create request");
    p.Text(body, "message", true, 130);
    p.Text(body, "alias", false, 512);
    p.Text(body, "description", false, 15000);
    p.Text(body, "entity", false, 512);
    p.Text(body, "source", false, 100);
    p.Text(body, "user", false, 100);
    p.Text(body, "note", false, 25000);
    if (body.contains("priority")) p.OneOf(body, "priority", {"P1", "P2", "P3", "P4", "P5"});
    if (body.contains("tags")) {
      if (!body["tags"].is_array() || body["tags"].size() > 20) p.Add("tags is not an array of at most 20");
      for (const json& tag : body.value("tags", json::array())) {
        if (!tag.is_string() || tag.get_ref<const std::string&>().size() > 50)
          p.Add("a tag is not a string of at most 50");
      }
    }
    if (body.contains("details")) {
      if (!body["details"].is_object()) p.Add("details is not an object");
      const json details = body.value("details", json::object());
      for (const auto& [key, value] : details.items()) {
        if (!value.is_string()) p.Add(absl::StrCat("details.", key, " is not a string"));
      }
    }
    return std::move(p).list();
  }
  // "/<alias>/close?identifierType=alias" or "/<alias>/notes?identifierType=alias"
  const bool close = absl::EndsWith(action, "/close?identifierType=alias");
  const bool notes = absl::EndsWith(action, "/notes?identifierType=alias");
  if (!close && !notes) p.Add(absl::StrCat("unknown action path '", action, "'"));
  if (action.size() < 2 || action[0] != '/' || action.find('/', 1) == absl::string_view::npos)
    p.Add("no alias in the path");
  p.OnlyKnown(body, {"user", "source", "note"}, "an action request");
  p.Text(body, "note", notes, 25000);
  p.Text(body, "user", false, 100);
  p.Text(body, "source", false, 100);
  return std::move(p).list();
}

}  // namespace statusphere::notify
