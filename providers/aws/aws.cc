#include "providers/aws/aws.h"

#include <gumbo.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/common/utf8.h"

namespace statusphere::providers {
namespace {

// The current events (health.aws.amazon.com) or the legacy data.json.
constexpr char kEventsRole[] = "events";

using statusphere::v1::Incident;

std::string Impact(const std::string& status) {
  if (status == "3") return vocabulary::kImpactCritical;
  if (status == "2") return vocabulary::kImpactMajor;
  return vocabulary::kImpactMinor;
}

std::optional<absl::Time> EpochField(const Json& j, const char* key) {
  int64_t seconds = 0;
  const std::string text = StringField(j, key);
  if (!text.empty() && absl::SimpleAtoi(text, &seconds)) return absl::FromUnixSeconds(seconds);
  if (!j.is_object() || !j.contains(key)) return std::nullopt;
  const Json& number = j[key];
  if (number.is_number_integer()) return absl::FromUnixSeconds(number.get<int64_t>());
  // Converting a double out of int64's range is undefined behaviour: bound it first (and
  // NaN fails both comparisons).
  if (number.is_number_float() && number.get<double>() > -1e11 && number.get<double>() < 1e11) {
    return absl::FromUnixSeconds(static_cast<int64_t>(number.get<double>()));
  }
  return std::nullopt;
}

// "12:53 PM PDT" on the day of `day` (in that zone); a clock earlier than `after` is the next day.
std::optional<absl::Time> ClockTime(absl::string_view text, absl::Time after) {
  text = absl::StripAsciiWhitespace(text);
  int hour = 0, minute = 0;
  const size_t colon = text.find(':');
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(text.substr(0, colon), &hour) ||
      !absl::SimpleAtoi(text.substr(colon + 1, 2), &minute) || hour < 1 || hour > 12 || minute > 59) {
    return std::nullopt;
  }
  const bool pm = absl::StrContains(text, "PM");
  if (hour == 12) hour = 0;
  if (pm) hour += 12;
  int offset_hours = 0;
  if (absl::EndsWith(text, "PDT"))
    offset_hours = -7;
  else if (absl::EndsWith(text, "PST"))
    offset_hours = -8;
  else if (!absl::EndsWith(text, "UTC"))
    return std::nullopt;
  const absl::TimeZone zone = absl::FixedTimeZone(offset_hours * 3600);
  const absl::CivilDay day = absl::ToCivilDay(after, zone);
  absl::Time t = absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(), hour, minute), zone);
  if (t + absl::Minutes(1) < after) t += absl::Hours(24);
  return t;
}

void CollectDivs(const GumboNode* node, std::vector<const GumboNode*>& out, int depth) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > 50) return;
  if (node->v.element.tag == GUMBO_TAG_DIV) out.push_back(node);
  for (unsigned i = 0; i < node->v.element.children.length; ++i) {
    CollectDivs(static_cast<const GumboNode*>(node->v.element.children.data[i]), out, depth + 1);
  }
}

// The legacy log: <div><span>12:53 PM PDT</span>&nbsp;text</div> per update.
void AddLegacyUpdates(const std::string& html, absl::Time start, Incident& incident) {
  const HtmlDocument document(html);
  std::vector<const GumboNode*> divs;
  CollectDivs(document.output().root, divs, 0);
  absl::Time previous = start;
  for (const GumboNode* div : divs) {
    std::string clock, text;
    for (unsigned i = 0; i < div->v.element.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(div->v.element.children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_SPAN && clock.empty()) {
        clock = NodeText(child);
      } else {
        text += NodeText(child);
      }
    }
    std::optional<absl::Time> when = ClockTime(clock, previous);
    if (!when) continue;
    previous = *when;
    auto* e = incident.add_events();
    e->set_title("Update");
    e->set_status(vocabulary::kLifecycleUpdate);
    e->set_description(TidyText(text));
    *e->mutable_time() = ToProto(*when);
  }
}

absl::StatusOr<Incident> LegacyIncident(const Json& j) {
  std::optional<absl::Time> start = EpochField(j, "date");
  if (!start || !IsPlausibleTime(*start)) return absl::InvalidArgumentError("an event has no valid date");
  Incident i;
  const std::string service = StringField(j, "service");
  i.set_id(absl::StrCat(service, "-", absl::ToUnixSeconds(*start)));
  const std::string summary_text = StringField(j, "summary");
  absl::string_view summary = summary_text;
  const bool resolved = absl::ConsumePrefix(&summary, "[RESOLVED] ");
  i.set_title(std::string(summary));
  i.set_impact(Impact(StringField(j, "status")));
  i.set_deep_link("https://health.aws.amazon.com/health/status");
  if (std::string name = StringField(j, "service_name"); !name.empty()) i.add_components(name);
  *i.mutable_start_time() = ToProto(*start);
  AddLegacyUpdates(StringField(j, "description"), *start, i);
  absl::Time last = *start;
  for (const auto& e : i.events()) last = std::max(last, FromProto(e.time()));
  i.set_status(resolved ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleInvestigating);
  if (resolved) *i.mutable_end_time() = ToProto(last);
  return i;
}

absl::StatusOr<Incident> CurrentEvent(const Json& j) {
  Incident i;
  i.set_id(StringField(j, "arn"));
  if (i.id().empty()) return absl::InvalidArgumentError("an event has no arn");
  std::optional<absl::Time> start = EpochField(j, "date");
  if (!start || !IsPlausibleTime(*start))
    return absl::InvalidArgumentError(absl::StrCat("event ", i.id(), " has no valid date"));
  i.set_title(StringField(j, "summary"));
  const std::string status = StringField(j, "status");
  i.set_impact(Impact(status));
  i.set_deep_link("https://health.aws.amazon.com/health/status");
  std::string component = StringField(j, "service_name");
  if (std::string region = StringField(j, "region_name"); !region.empty())
    absl::StrAppend(&component, " (", region, ")");
  if (!component.empty()) i.add_components(component);
  *i.mutable_start_time() = ToProto(*start);
  absl::Time last = *start;
  for (const Json& entry : ArrayField(j, "event_log")) {
    std::optional<absl::Time> at = EpochField(entry, "timestamp");
    if (!at || !IsPlausibleTime(*at)) continue;  // an entry without a usable time, as if undated
    auto* e = i.add_events();
    e->set_title(StringField(entry, "summary").empty() ? "Update" : StringField(entry, "summary"));
    e->set_status(StringField(entry, "status") == "0" ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleUpdate);
    e->set_description(TextOf(StringField(entry, "message")));
    *e->mutable_time() = ToProto(*at);
    last = std::max(last, *at);
  }
  const bool closed = status == "0";
  i.set_status(closed ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleInvestigating);
  if (closed) *i.mutable_end_time() = ToProto(last);
  return i;
}

}  // namespace

std::string Utf16ToUtf8IfMarked(absl::string_view bytes) {
  if (bytes.size() < 2) return std::string(bytes);
  const auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
  const bool little = b0 == 0xFF && b1 == 0xFE, big = b0 == 0xFE && b1 == 0xFF;
  if (!little && !big) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() / 2);
  auto unit = [&](size_t i) -> uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[i + (little ? 0 : 1)]);
    const auto hi = static_cast<unsigned char>(bytes[i + (little ? 1 : 0)]);
    return (hi << 8) | lo;
  };
  for (size_t i = 2; i + 1 < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    AppendUtf8(cp, out);
  }
  return out;
}

Detection Aws::detection() const {
  Detection d;
  d.known_host = HostIsOneOf({"health.aws.amazon.com", "status.aws.amazon.com"});
  return d;
}

FetchPlan Aws::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  if (HostOf(page_url) == "status.aws.amazon.com") return {{{kEventsRole, "https://status.aws.amazon.com/data.json"}}};
  return {{{kEventsRole, absl::StrCat("https://", HostOf(page_url), "/public/currentevents")}}};
}

absl::StatusOr<ParsedPage> Aws::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* events, documents.RequireOk(kEventsRole));
  const Document& doc = *events;
  const std::string body = Utf16ToUtf8IfMarked(doc.body);
  const bool is_array = absl::StartsWith(absl::StripLeadingAsciiWhitespace(body), "[");
  absl::StatusOr<Json> json = ParseJsonObject(doc.url, is_array ? absl::StrCat("{\"events\":", body, "}") : body);
  if (!json.ok()) return json.status();
  ParsedPage page;
  page.lists_every_open_incident = true;  // current events (and the legacy archive)
  if (is_array) {
    for (const Json& j : ArrayField(*json, "events")) {
      absl::StatusOr<Incident> incident = CurrentEvent(j);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", incident.status().message()));
      page.incidents.push_back(std::move(*incident));
    }
    return RequireUniqueIncidentIds(doc.url, std::move(page));
  }
  if (!json->contains("current") && !json->contains("archive")) {
    return absl::InvalidArgumentError(absl::StrCat(doc.url, ": neither an event array nor {current, archive}"));
  }
  for (const char* key : {"archive", "current"}) {
    for (const Json& j : ArrayField(*json, key)) {
      absl::StatusOr<Incident> incident = LegacyIncident(j);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", incident.status().message()));
      page.incidents.push_back(std::move(*incident));
    }
  }
  return RequireUniqueIncidentIds(doc.url, std::move(page));
}

}  // namespace statusphere::providers
