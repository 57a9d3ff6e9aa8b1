#include "server/notify/payload.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/proto_time.h"
#include "common/utf8.h"
#include "common/vocabulary.h"
#include "common/web_link.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "server/notify/component_text.h"
#include "server/notify/google_chat.h"
#include "server/notify/incident_text.h"
#include "server/notify/mattermost.h"
#include "server/notify/ntfy.h"
#include "server/notify/opsgenie_payload.h"
#include "server/notify/pagerduty_payload.h"
#include "server/notify/signature.h"
#include "server/notify/telegram.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

// Slack mrkdwn treats &, < and > as markup (links, mentions such as <!channel>).
std::string SlackEscape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}});
}

// Discord renders markdown in a message's content and an embed's title, description and field
// values: a vendor title "[Reset your password](https://evil.example)" would become a masked
// link, "||x||" a spoiler, "# x" a heading. A backslash before any ASCII punctuation is shown
// as that character, so every markdown character is escaped (mentions are also refused by
// allowed_mentions).
std::string DiscordEscape(absl::string_view text) { return BackslashEscape(text, "\\*_~`|<>#-[]()"); }

// Adaptive Cards render a CommonMark subset in TextBlock text and FactSet values: **bold**,
// _italic_, "- " and "1. " lists, [text](url) links. Teams' web and desktop clients honour
// CommonMark's backslash escapes; the native (mobile) renderers' parser makes a link only of
// "](" written together, which an escaped "\(" is not. So: a backslash before each of them.
std::string TeamsEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool line_start = i == 0 || text[i - 1] == '\n' || text[i - 1] == '\r';
    // "1. " starts a list only at a line's start: its dot is escaped there.
    bool list_dot = false;
    if (c == '.' && i > 0 && absl::ascii_isdigit(static_cast<unsigned char>(text[i - 1]))) {
      size_t start = i;
      while (start > 0 && absl::ascii_isdigit(static_cast<unsigned char>(text[start - 1]))) --start;
      list_dot = start == 0 || text[start - 1] == '\n' || text[start - 1] == '\r';
    }
    if (absl::string_view("\\*_[]()<>`").find(c) != absl::string_view::npos ||
        (line_start && (c == '-' || c == '+' || c == '#')) || list_dot) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// Discord's colour bar by impact: red, orange, yellow, blue (maintenance), grey; green when resolved.
int Colour(const Notification& n) {
  if (n.kind == v1::IncidentChange::RESOLVED) return 0x2EB67D;
  const std::string& impact = n.incident.impact();
  if (impact == vocabulary::kImpactCritical) return 0xD92D20;
  if (impact == vocabulary::kImpactMajor) return 0xF79009;
  if (impact == vocabulary::kImpactMinor) return 0xFEC84B;
  if (impact == vocabulary::kImpactMaintenance) return 0x2E90FA;
  return 0x98A2B3;
}

// Colours as for incidents: the worst new status decides; green when all recovered.
int ComponentColour(const v1::ComponentChangeEvent& e) {
  const std::string worst = WorstNewStatus(e);
  if (worst == vocabulary::kComponentMajorOutage) return 0xD92D20;
  if (worst == vocabulary::kComponentPartialOutage) return 0xF79009;
  if (worst == vocabulary::kComponentDegradedPerformance || worst == vocabulary::kComponentUnderMaintenance)
    return 0xFEC84B;
  return 0x2EB67D;
}

json SlackComponents(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  const std::string lines = ComponentList(e, {SlackEscape, "\n", ""});
  json blocks = json::array();
  blocks.push_back(
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", Truncate(ComponentHeadline(n), 150)}}}});
  blocks.push_back(
      {{"type", "section"},
       {"text", {{"type", "mrkdwn"}, {"text", Truncate(absl::StrCat("*", PageStatusLine(e), "*", lines), 3000)}}}});
  blocks.push_back({{"type", "context"},
                    {"elements", {{{"type", "mrkdwn"}, {"text", Truncate(SlackEscape(e.status_page_url()), 3000)}}}}});
  return {{"text", Truncate(SlackEscape(ComponentHeadline(n)), 3000)}, {"blocks", blocks}};
}

json DiscordComponents(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  const std::string lines = ComponentList(e, {DiscordEscape, "", "\n"});
  json embed = {{"title", Truncate(DiscordEscape(PageStatusLine(e)), 256)},
                {"description", Truncate(lines, 4096)},
                {"color", ComponentColour(e)},
                {"timestamp", Rfc3339(n.sent_at)},
                {"author", {{"name", Truncate(n.page_name, 256)}}}};
  if (const std::string link = WebLinkOr(e.status_page_url(), ""); !link.empty()) embed["url"] = link;
  return {{"content", Truncate(DiscordEscape(ComponentHeadline(n)), 2000)},
          {"embeds", json::array({embed})},
          {"allowed_mentions", {{"parse", json::array()}}}};
}

json TeamsComponents(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  json facts = json::array();
  for (const v1::ComponentStatusChange& c : e.changes()) {
    facts.push_back({{"title", Truncate(TeamsEscape(c.name()), 200)}, {"value", TeamsEscape(StatusTransition(c))}});
  }
  json body = json::array();
  body.push_back({{"type", "TextBlock"},
                  {"text", Truncate(TeamsEscape(ComponentHeadline(n)), 500)},
                  {"weight", "Bolder"},
                  {"size", "Medium"},
                  {"color", ComponentColour(e) == 0x2EB67D ? "Good" : "Attention"},
                  {"wrap", true}});
  body.push_back({{"type", "TextBlock"}, {"text", TeamsEscape(PageStatusLine(e))}, {"wrap", true}});
  body.push_back({{"type", "FactSet"}, {"facts", facts}});
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", body}};
  if (const std::string link = WebLinkOr(e.status_page_url(), ""); !link.empty()) {
    card["actions"] = {{{"type", "Action.OpenUrl"}, {"title", "View status page"}, {"url", link}}};
  }
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"}, {"contentUrl", nullptr}, {"content", card}}}}};
}

json GenericComponents(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  json changes = json::array();
  for (const v1::ComponentStatusChange& c : e.changes()) {
    changes.push_back({{"id", c.id()},
                       {"name", c.name()},
                       {"group", c.group()},
                       {"oldStatus", c.old_status()},
                       {"newStatus", c.new_status()}});
  }
  return {{"event", EventName(n)},
          {"idempotencyKey", n.idempotency_key},
          {"subscriptionId", n.subscription_id},
          {"sentAt", Rfc3339(n.sent_at)},
          {"statusPage", {{"url", e.status_page_url()}, {"name", n.page_name}}},
          {"pageStatus", {{"before", e.page_status_before()}, {"after", e.page_status_after()}}},
          {"incidentOpen", e.incident_open()},
          {"componentChanges", changes}};
}

json Slack(const Notification& n) {
  const v1::Incident& i = n.incident;
  std::string details =
      absl::StrCat("*Impact:* ", Impact(i), "   *Status:* ", Status(i), "\n*Components:* ", SlackEscape(Components(i)));
  const std::string update = LatestUpdate(i);
  if (!update.empty()) absl::StrAppend(&details, "\n", SlackEscape(update));
  json blocks = json::array();
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", Truncate(Headline(n), 150)}}}});
  blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", Truncate(details, 3000)}}}});
  std::string context = SlackEscape(i.status_page_url());
  if (const std::string link = IncidentLink(i); !link.empty()) {
    // A '|' would end the link's address early and put vendor words into its text.
    context = absl::StrCat("<", SlackEscape(absl::StrReplaceAll(link, {{"|", "%7C"}})), "|View incident> - ", context);
  }
  blocks.push_back({{"type", "context"}, {"elements", {{{"type", "mrkdwn"}, {"text", Truncate(context, 3000)}}}}});
  // "text" is what notifications and clients without Block Kit show.
  return {{"text", Truncate(SlackEscape(Headline(n)), 3000)}, {"blocks", blocks}};
}

json Discord(const Notification& n) {
  const v1::Incident& i = n.incident;
  json embed = {
      {"title", Truncate(i.title().empty() ? "(untitled incident)" : DiscordEscape(i.title()), 256)},
      {"description", Truncate(DiscordEscape(LatestUpdate(i)), 4096)},
      {"color", Colour(n)},
      {"timestamp", Rfc3339(n.sent_at)},
      {"author", {{"name", Truncate(n.page_name, 256)}}},
      {"fields",
       {{{"name", "Impact"}, {"value", Impact(i)}, {"inline", true}},
        {{"name", "Status"}, {"value", DiscordEscape(Status(i))}, {"inline", true}},
        {{"name", "Components"}, {"value", Truncate(DiscordEscape(Components(i)), 1024)}, {"inline", false}}}}};
  // Discord refuses the whole message when the embed's url is not http(s).
  if (const std::string link = IncidentLink(i); !link.empty()) embed["url"] = link;
  // Vendor text must never ping a channel: no @everyone, @here, roles or users.
  return {{"content", Truncate(DiscordEscape(Headline(n)), 2000)},
          {"embeds", json::array({embed})},
          {"allowed_mentions", {{"parse", json::array()}}}};
}

// Adaptive Card colours are names, not values: the closest one per impact.
std::string CardColour(const Notification& n) {
  if (n.kind == v1::IncidentChange::RESOLVED) return "Good";
  const std::string& impact = n.incident.impact();
  if (impact == vocabulary::kImpactCritical || impact == vocabulary::kImpactMajor) return "Attention";
  if (impact == vocabulary::kImpactMinor) return "Warning";
  if (impact == vocabulary::kImpactMaintenance) return "Accent";
  return "Default";
}

// An Adaptive Card in a "message" envelope: what Teams incoming webhooks (connectors) and
// Teams Workflows webhooks both accept.
json Teams(const Notification& n) {
  const v1::Incident& i = n.incident;
  json body = json::array();
  body.push_back({{"type", "TextBlock"},
                  {"text", Truncate(TeamsEscape(Headline(n)), 500)},
                  {"weight", "Bolder"},
                  {"size", "Medium"},
                  {"color", CardColour(n)},
                  {"wrap", true}});
  body.push_back({{"type", "FactSet"},
                  {"facts",
                   {{{"title", "Page"}, {"value", TeamsEscape(i.status_page_url())}},
                    {{"title", "Impact"}, {"value", Impact(i)}},
                    {{"title", "Status"}, {"value", TeamsEscape(Status(i))}},
                    {{"title", "Components"}, {"value", Truncate(TeamsEscape(Components(i)), 1000)}}}}});
  if (const std::string update = LatestUpdate(i); !update.empty()) {
    body.push_back({{"type", "TextBlock"}, {"text", Truncate(TeamsEscape(update), 4000)}, {"wrap", true}});
  }
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.4"},
               {"body", body}};
  if (const std::string link = IncidentLink(i); !link.empty()) {
    card["actions"] = {{{"type", "Action.OpenUrl"}, {"title", "View incident"}, {"url", link}}};
  }
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"}, {"contentUrl", nullptr}, {"content", card}}}}};
}

json Generic(const Notification& n) {
  v1::Incident incident = n.incident;
  incident.set_deep_link(IncidentLink(n.incident));
  std::string incident_json;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  // Same field names (lowerCamelCase) as the REST API's incidents.
  (void)google::protobuf::util::MessageToJsonString(incident, &incident_json, options);
  return {{"event", EventName(n.kind)},
          {"idempotencyKey", n.idempotency_key},
          {"subscriptionId", n.subscription_id},
          {"sentAt", Rfc3339(n.sent_at)},
          {"statusPage", {{"url", n.incident.status_page_url()}, {"name", n.page_name}}},
          {"incident", json::parse(incident_json)}};
}

}  // namespace

std::string EventName(const Notification& n) { return n.components ? "component.changed" : EventName(n.kind); }

std::string EventName(v1::IncidentChange::Kind kind) {
  switch (kind) {
    case v1::IncidentChange::CREATED:
      return "incident.new";
    case v1::IncidentChange::RESOLVED:
      return "incident.resolved";
    default:
      return "incident.updated";
  }
}

WebhookRequest BuildRequest(v1::WebhookTarget::Kind kind, const Notification& n, absl::string_view secret) {
  WebhookRequest request;
  if (kind == v1::WebhookTarget::NTFY) {
    request = NtfyRequest(n, secret);  // plain text and ntfy's own headers
  } else {
    json body;
    const bool components = n.components.has_value();
    switch (kind) {
      case v1::WebhookTarget::SLACK:
        body = components ? SlackComponents(n) : Slack(n);
        break;
      case v1::WebhookTarget::DISCORD:
        body = components ? DiscordComponents(n) : Discord(n);
        break;
      case v1::WebhookTarget::TEAMS:
        body = components ? TeamsComponents(n) : Teams(n);
        break;
      case v1::WebhookTarget::GOOGLE_CHAT:
        body = GoogleChatMessage(n);
        break;
      case v1::WebhookTarget::TELEGRAM:
        body = TelegramMessage(n, secret);
        break;  // the secret is the chat id
      case v1::WebhookTarget::MATTERMOST:
        body = MattermostMessage(n);
        break;
      default:
        body = components ? GenericComponents(n) : Generic(n);
        break;
    }
    // Invalid UTF-8 from a vendor page becomes U+FFFD instead of an exception.
    request.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    request.headers = {{"Content-Type", "application/json"}};
  }
  request.headers.emplace_back("Idempotency-Key", n.idempotency_key);
  request.headers.emplace_back("X-Statusphere-Event", EventName(n));
  if (kind == v1::WebhookTarget::GENERIC_JSON) {
    request.headers.emplace_back("X-Statusphere-Timestamp", absl::StrCat(absl::ToUnixSeconds(n.sent_at)));
    request.headers.emplace_back("X-Statusphere-Signature",
                                 absl::StrCat("sha256=", HmacSha256Hex(secret, request.body)));
  }
  return request;
}

std::vector<WebhookRequest> BuildRequests(const v1::WebhookTarget& target, const Notification& n,
                                          absl::string_view secret) {
  switch (target.kind()) {
    case v1::WebhookTarget::PAGERDUTY:
      return PagerDutyRequests(target.url(), n, secret);
    case v1::WebhookTarget::OPSGENIE:
      return OpsgenieRequests(target.url(), n, secret);
    default: {
      WebhookRequest request = BuildRequest(target.kind(), n, secret);
      request.url = target.url();
      return {std::move(request)};
    }
  }
}

}  // namespace statusphere::notify
