#include "server/notify/telegram.h"

#include "absl/strings/str_cat.h"
#include "server/notify/component_text.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {

std::string TelegramEscape(absl::string_view text) { return DefuseMentions(HtmlEscape(text)); }

namespace {

// component.changed: the headline in bold, the page's status, a line per component. At
// most 20 lines of at most 120 characters (each escaped character counts once): with the
// rest, under sendMessage's 4096.
std::string ComponentText(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  std::string text = absl::StrCat("<b>", TelegramEscape(Truncate(ComponentHeadline(n), 300)), "</b>\n<b>",
                                  TelegramEscape(PageStatusLine(e)), "</b>\n",
                                  ComponentList(e, {TelegramEscape, "• ", "\n", 20, 120}));
  if (const std::string link = PageLink(e); !link.empty()) {
    absl::StrAppend(&text, "\n<a href=\"", HtmlEscape(link), "\">View status page</a>");
  }
  return text;
}

std::string IncidentText(const Notification& n) {
  const v1::Incident& i = n.incident;
  // Each part is cut before it is escaped (a cut could end inside an entity), and the
  // parts together stay under sendMessage's 4096 characters.
  std::string text =
      absl::StrCat("<b>", TelegramEscape(Truncate(Headline(n), 300)), "</b>\n<b>Impact:</b> ",
                   TelegramEscape(Impact(i)), "   <b>Status:</b> ", TelegramEscape(Truncate(Status(i), 100)),
                   "\n<b>Components:</b> ", TelegramEscape(Truncate(Components(i), 500)));
  if (const std::string update = LatestUpdate(i); !update.empty()) {
    absl::StrAppend(&text, "\n\n", TelegramEscape(Truncate(update, 2500)));
  }
  if (const std::string link = IncidentLink(i); !link.empty()) {
    absl::StrAppend(&text, "\n\n<a href=\"", HtmlEscape(link), "\">View incident</a>");
  }
  return text;
}

}  // namespace

nlohmann::json TelegramMessage(const Notification& n, absl::string_view chat_id) {
  return {{"chat_id", std::string(chat_id)},
          {"text", n.components ? ComponentText(n) : IncidentText(n)},
          {"parse_mode", "HTML"},
          // One message per change: a preview card of the vendor's page each time is noise.
          {"disable_web_page_preview", true}};
}

}  // namespace statusphere::notify
