#include "providers/incident_io/native_api.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Component;
using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

// Component id -> display name, for incidents that name their components by id only.
using ComponentNames = absl::flat_hash_map<std::string, std::string>;

std::string ComponentStatusOf(absl::string_view native) {
  if (native == "operational" || native == "degraded_performance" || native == "partial_outage" ||
      native == "under_maintenance") {
    return std::string(native);
  }
  if (native == "full_outage" || native == "major_outage") return vocabulary::kComponentMajorOutage;
  return "unknown";
}

// How bad a component status is, to find an incident's worst impact.
int Severity(absl::string_view component_status) {
  if (component_status == vocabulary::kComponentDegradedPerformance) return 1;
  if (component_status == vocabulary::kComponentPartialOutage) return 2;
  if (component_status == vocabulary::kComponentMajorOutage) return 3;
  return 0;
}

std::string ImpactOfSeverity(int severity) {
  switch (severity) {
    case 1:
      return vocabulary::kImpactMinor;
    case 2:
      return vocabulary::kImpactMajor;
    case 3:
      return vocabulary::kImpactCritical;
    default:
      return vocabulary::kImpactNone;
  }
}

// incident.io's lifecycle words in our vocabulary; "" when it is not one.
std::string LifecycleOf(absl::string_view native) {
  const std::string s = absl::AsciiStrToLower(native);
  if (s == "investigating" || s == "identified" || s == "monitoring" || s == "resolved") return s;
  if (s == "maintenance_scheduled") return vocabulary::kLifecycleScheduled;
  if (s == "maintenance_in_progress") return vocabulary::kLifecycleInProgress;
  if (s == "maintenance_complete" || s == "maintenance_completed") return vocabulary::kLifecycleCompleted;
  return "";
}

bool IsBlockNode(absl::string_view type) {
  return type == "paragraph" || type == "heading" || type == "blockquote" || type == "code_block" ||
         type == "codeBlock" || type == "list_item" || type == "listItem" || type == "bullet_list" ||
         type == "bulletList" || type == "ordered_list" || type == "orderedList";
}

void AppendRichText(const Json& node, std::string& out) {
  if (node.is_string()) {
    out += node.get_ref<const std::string&>();
    return;
  }
  if (!node.is_object()) return;
  const std::string type = StringField(node, "type");
  if (type == "hard_break" || type == "hardBreak") {
    out += '\n';
    return;
  }
  out += StringField(node, "text");
  for (const Json& child : ArrayField(node, "content")) AppendRichText(child, out);
  if (IsBlockNode(type)) out += '\n';
}

// An update's message: a plain string, or a rich-text document (itself, or under
// "text_node"), depending on the endpoint.
std::string MessageText(const Json& update) {
  if (std::string plain = StringField(update, "message_string"); !plain.empty()) return TextOf(plain);
  const auto message = update.find("message");
  if (message == update.end()) return "";
  if (message->is_string()) return TextOf(message->get_ref<const std::string&>());
  if (message->is_object() && message->contains("text_node")) return RichTextToPlain((*message)["text_node"]);
  return RichTextToPlain(*message);
}

absl::StatusOr<IncidentEvent> ParseUpdate(const Json& u) {
  if (!u.is_object()) return absl::InvalidArgumentError("an update is not an object");
  IncidentEvent e;
  e.set_id(StringField(u, "id"));
  std::string lifecycle = LifecycleOf(StringField(u, "to_status"));
  if (lifecycle.empty()) lifecycle = LifecycleOf(StringField(u, "status"));
  e.set_status(lifecycle.empty() ? vocabulary::kLifecycleUpdate : lifecycle);
  e.set_title(HeadingOf(lifecycle));
  e.set_description(MessageText(u));
  absl::StatusOr<std::optional<absl::Time>> published = TimeField(u, "published_at");
  if (!published.ok()) return published.status();
  if (!published->has_value())
    return absl::InvalidArgumentError(absl::StrCat("update '", e.id(), "' has no published_at"));
  *e.mutable_time() = ToProto(**published);
  return e;
}

// The names of the components an incident lists, and the worst status among them.
void ReadAffectedComponents(const Json& j, const ComponentNames& names, Incident& incident, int& worst) {
  std::set<std::string> seen;
  auto add = [&](const Json& c) {
    if (!c.is_object()) return;
    std::string id = StringField(c, "component_id");
    if (id.empty()) id = StringField(c, "id");
    std::string name = StringField(c, "name");
    if (name.empty()) {
      if (auto it = names.find(id); it != names.end()) name = it->second;
    }
    std::string status = StringField(c, "status");
    if (status.empty()) status = StringField(c, "current_status");
    worst = std::max(worst, Severity(ComponentStatusOf(status)));
    if (!name.empty() && seen.insert(name).second) incident.add_components(name);
  };
  for (const Json& c : ArrayField(j, "affected_components")) add(c);
  for (const Json& c : ArrayField(j, "component_impacts")) add(c);
}

absl::StatusOr<Incident> ParseIncident(absl::string_view page_url, const Json& j, const ComponentNames& names,
                                       bool maintenance) {
  if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident '", i.id(), "': ", s.message()));
  };
  i.set_title(StringField(j, "name"));
  const std::string lifecycle = LifecycleOf(StringField(j, "status"));
  i.set_status(!lifecycle.empty() ? lifecycle
               : maintenance      ? vocabulary::kLifecycleScheduled
                                  : vocabulary::kLifecycleInvestigating);
  const std::string url = StringField(j, "url");
  i.set_deep_link(absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://")
                      ? url
                      : absl::StrCat(page_url, "/incidents/", i.id()));

  int worst = Severity(ComponentStatusOf(StringField(j, "current_worst_impact")));
  ReadAffectedComponents(j, names, i, worst);
  i.set_impact(maintenance ? vocabulary::kImpactMaintenance : ImpactOfSeverity(worst));

  for (const Json& u : ArrayField(j, "updates")) {
    absl::StatusOr<IncidentEvent> e = ParseUpdate(u);
    if (!e.ok()) return error(e.status());
    *i.add_events() = std::move(*e);
  }
  absl::StatusOr<std::optional<absl::Time>> published = TimeField(j, "published_at");
  absl::StatusOr<std::optional<absl::Time>> last_update = TimeField(j, "last_update_at");
  for (const auto* t : {&published, &last_update}) {
    if (!t->ok()) return error(t->status());
  }
  // The summary gives only the latest message of an ongoing incident: one event.
  if (i.events_size() == 0 && last_update->has_value()) {
    IncidentEvent* e = i.add_events();
    e->set_status(i.status());
    e->set_title(HeadingOf(i.status()));
    e->set_description(TextOf(StringField(j, "last_update_message")));
    *e->mutable_time() = ToProto(**last_update);
  }
  // Newest first, as every provider gives them.
  std::stable_sort(
      i.mutable_events()->begin(), i.mutable_events()->end(),
      [](const IncidentEvent& a, const IncidentEvent& b) { return FromProto(a.time()) > FromProto(b.time()); });

  std::optional<absl::Time> start = *published;
  std::optional<absl::Time> latest = *last_update;
  for (const IncidentEvent& e : i.events()) {
    const absl::Time t = FromProto(e.time());
    if (!start || t < *start) start = t;
    if (!latest || t > *latest) latest = t;
  }
  if (!start) start = latest;
  if (!start) return error(absl::InvalidArgumentError("no time (published_at, last_update_at or updates)"));
  *i.mutable_start_time() = ToProto(*start);
  if (vocabulary::IsClosedStatus(i.status())) *i.mutable_end_time() = ToProto(std::max(*start, *latest));
  return i;
}

absl::Status NameUrl(absl::string_view url, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(url, ": ", s.message()));
}

absl::Status AppendIncidents(absl::string_view page_url, const Json& summary, const char* key,
                             const ComponentNames& names, bool maintenance, std::vector<Incident>& out) {
  const auto it = summary.find(key);
  if (it == summary.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_array()) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not an array"));
  for (const Json& j : *it) {
    absl::StatusOr<Incident> incident = ParseIncident(page_url, j, names, maintenance);
    if (!incident.ok()) return incident.status();
    out.push_back(std::move(*incident));
  }
  return absl::OkStatus();
}

Component MakeComponent(const Json& c, absl::string_view group,
                        const absl::flat_hash_map<std::string, std::string>& affected) {
  Component component;
  component.set_id(StringField(c, "component_id"));
  if (component.id().empty()) component.set_id(StringField(c, "id"));
  component.set_name(StringField(c, "name"));
  component.set_group(std::string(group));
  const auto it = affected.find(component.id());
  component.set_status(it == affected.end() ? vocabulary::kComponentOperational : ComponentStatusOf(it->second));
  return component;
}

absl::StatusOr<std::vector<Component>> ParseComponents(const Json& summary) {
  absl::flat_hash_map<std::string, std::string> affected;  // component id -> status
  for (const Json& a : ArrayField(summary, "affected_components")) {
    std::string id = StringField(a, "component_id");
    if (id.empty()) id = StringField(a, "id");
    std::string status = StringField(a, "status");
    if (status.empty()) status = StringField(a, "current_status");
    if (!id.empty()) affected[id] = status;
  }
  std::vector<Component> components;
  std::set<std::string> seen;
  auto keep = [&](Component c) {
    if (!c.id().empty() && !c.name().empty() && seen.insert(c.id()).second) components.push_back(std::move(c));
  };
  // The structure is what the page shows, in its order and with its groups; hidden
  // entries are not on the page.
  if (const auto structure = summary.find("structure"); structure != summary.end() && structure->is_object()) {
    for (const Json& item : ArrayField(*structure, "items")) {
      if (!item.is_object()) return absl::InvalidArgumentError("a structure item is not an object");
      if (const auto g = item.find("group"); g != item.end() && g->is_object()) {
        if (BoolField(*g, "hidden")) continue;
        for (const Json& c : ArrayField(*g, "components")) {
          if (c.is_object() && !BoolField(c, "hidden")) keep(MakeComponent(c, StringField(*g, "name"), affected));
        }
      } else if (const auto c = item.find("component"); c != item.end() && c->is_object()) {
        if (!BoolField(*c, "hidden")) keep(MakeComponent(*c, "", affected));
      }
    }
    return components;
  }
  for (const Json& c : ArrayField(summary, "components")) {
    if (!c.is_object()) return absl::InvalidArgumentError("a component is not an object");
    keep(MakeComponent(c, "", affected));
  }
  return components;
}

}  // namespace

std::string RichTextToPlain(const Json& node) {
  std::string raw;
  AppendRichText(node, raw);
  return TidyText(raw);
}

absl::StatusOr<NativeSummary> ParseNativeSummary(absl::string_view page_url, absl::string_view url,
                                                 absl::string_view body) {
  absl::StatusOr<Json> json = ParseJsonObject(url, body);
  if (!json.ok()) return absl::NotFoundError(json.status().message());
  // The widget endpoint wraps everything in "summary"; be lenient about the wrapper.
  const Json& summary = json->contains("summary") ? (*json)["summary"] : *json;
  if (!summary.is_object() || !(summary.contains("ongoing_incidents") || summary.contains("structure") ||
                                summary.contains("affected_components"))) {
    return absl::NotFoundError(absl::StrCat(url, ": not incident.io's status-page API"));
  }
  NativeSummary out;
  absl::StatusOr<std::vector<Component>> components = ParseComponents(summary);
  if (!components.ok()) return NameUrl(url, components.status());
  out.components = std::move(*components);

  ComponentNames names;
  for (const Component& c : out.components) names[c.id()] = c.name();
  for (const Json& c : ArrayField(summary, "components")) {
    if (std::string id = StringField(c, "id"); !id.empty() && !names.contains(id)) names[id] = StringField(c, "name");
  }
  for (const auto& [key, maintenance] : {std::pair<const char*, bool>{"ongoing_incidents", false},
                                         {"in_progress_maintenances", true},
                                         {"scheduled_maintenances", true}}) {
    if (absl::Status s = AppendIncidents(page_url, summary, key, names, maintenance, out.incidents); !s.ok()) {
      return NameUrl(url, s);
    }
  }
  return out;
}

absl::StatusOr<std::vector<Incident>> ParseNativeIncidents(absl::string_view page_url, absl::string_view url,
                                                           absl::string_view body) {
  absl::StatusOr<Json> json = ParseJsonObject(url, body);
  if (!json.ok()) return absl::NotFoundError(json.status().message());
  if (!json->contains("incidents")) return absl::NotFoundError(absl::StrCat(url, ": no 'incidents'"));
  if (!(*json)["incidents"].is_array())
    return absl::InvalidArgumentError(absl::StrCat(url, ": 'incidents' is not an array"));
  std::vector<Incident> incidents;
  for (const Json& j : ArrayField(*json, "incidents")) {
    // Past maintenance windows are listed here too, told apart by their type.
    const bool maintenance = absl::StrContains(absl::AsciiStrToLower(StringField(j, "type")), "maintenance");
    absl::StatusOr<Incident> incident = ParseIncident(page_url, j, ComponentNames(), maintenance);
    if (!incident.ok()) return NameUrl(url, incident.status());
    incidents.push_back(std::move(*incident));
  }
  return incidents;
}

}  // namespace statusphere::providers
