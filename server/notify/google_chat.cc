#include "server/notify/google_chat.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "server/notify/component_text.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {

using nlohmann::json;

std::string GoogleChatEscape(absl::string_view text) {
  return absl::StrReplaceAll(HtmlEscape(text), {{"\r\n", "<br>"}, {"\n", "<br>"}});
}

namespace {

// component.changed: one decoratedText per component, threaded per page (component_text.h).
json ComponentCard(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  json widgets = json::array();
  widgets.push_back(
      {{"textParagraph", {{"text", absl::StrCat("<b>", GoogleChatEscape(Truncate(n.page_name, 200)), "</b>")}}}});
  widgets.push_back(
      {{"decoratedText",
        {{"topLabel", "Page status"},
         {"text", GoogleChatEscape(absl::StrCat(e.page_status_before(), " → ", e.page_status_after()))}}}});
  // A card shows at most 100 widgets: past 40 components, one more says how many are left.
  constexpr int kMaxComponents = 40;
  for (int k = 0; k < e.changes_size() && k < kMaxComponents; ++k) {
    const v1::ComponentStatusChange& c = e.changes(k);
    widgets.push_back({{"decoratedText",
                        {{"text", absl::StrCat("<b>", GoogleChatEscape(Truncate(ComponentName(c), 200)),
                                               "</b>: ", GoogleChatEscape(StatusTransition(c)))},
                         {"wrapText", true}}}});
  }
  if (e.changes_size() > kMaxComponents) {
    widgets.push_back(
        {{"textParagraph", {{"text", absl::StrCat("and ", e.changes_size() - kMaxComponents, " more")}}}});
  }
  if (const std::string link = PageLink(e); !link.empty()) {
    widgets.push_back(
        {{"buttonList",
          {{"buttons", {{{"text", "View status page"}, {"onClick", {{"openLink", {{"url", link}}}}}}}}}}});
  }
  json card = {{"header", {{"title", "Components changed"}, {"subtitle", "statusphere"}}},
               {"sections", {{{"widgets", widgets}}}}};
  return {{"fallbackText", Truncate(ComponentHeadline(n), 500)},
          {"cardsV2", {{{"cardId", "components"}, {"card", card}}}},
          {"thread", {{"threadKey", ComponentThreadKey(n)}}}};
}

}  // namespace

json GoogleChatMessage(const Notification& n) {
  if (n.components) return ComponentCard(n);
  const v1::Incident& i = n.incident;
  json widgets = json::array();
  // The header holds only our own words: whether Chat renders markup in a header title is
  // not documented, so vendor text goes where escaping is defined.
  widgets.push_back({{"textParagraph",
                      {{"text", absl::StrCat("<b>", GoogleChatEscape(Truncate(n.page_name, 200)), ": ",
                                             GoogleChatEscape(Truncate(i.title(), 500)), "</b>")}}}});
  widgets.push_back({{"decoratedText", {{"topLabel", "Impact"}, {"text", GoogleChatEscape(Impact(i))}}}});
  widgets.push_back(
      {{"decoratedText", {{"topLabel", "Status"}, {"text", GoogleChatEscape(Truncate(Status(i), 200))}}}});
  widgets.push_back(
      {{"decoratedText",
        {{"topLabel", "Components"}, {"text", GoogleChatEscape(Truncate(Components(i), 1000))}, {"wrapText", true}}}});
  if (const std::string update = LatestUpdate(i); !update.empty()) {
    widgets.push_back({{"textParagraph", {{"text", GoogleChatEscape(Truncate(update, 4000))}}}});
  }
  if (const std::string link = IncidentLink(i); !link.empty()) {
    widgets.push_back(
        {{"buttonList", {{"buttons", {{{"text", "View incident"}, {"onClick", {{"openLink", {{"url", link}}}}}}}}}}});
  }
  json card = {{"header", {{"title", Verb(n.kind)}, {"subtitle", "statusphere"}}},
               {"sections", {{{"widgets", widgets}}}}};
  // fallbackText is plain text (mobile notifications); mentions are made only in "text",
  // which this message does not use.
  return {{"fallbackText", Truncate(Headline(n), 500)},
          {"cardsV2", {{{"cardId", "incident"}, {"card", card}}}},
          {"thread", {{"threadKey", IncidentThreadKey(n)}}}};
}

}  // namespace statusphere::notify
