#include "server/notify/mattermost.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "server/notify/component_text.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {

std::string MattermostEscape(absl::string_view text) {
  // CommonMark shows "\x" as x for any ASCII punctuation x, so escaping more than needed
  // is harmless.
  return DefuseMentions(BackslashEscape(text, "\\`*_~[]()#+-!|<>"));
}

namespace {

// A web link has no spaces; a parenthesis or angle bracket in it would end the link.
std::string LinkTarget(absl::string_view link) {
  return absl::StrReplaceAll(link, {{"(", "%28"}, {")", "%29"}, {"<", "%3C"}, {">", "%3E"}});
}

// component.changed: the headline, the page's status, a list item per component: 40 items
// of at most 150 bytes, each at most doubled by escaping, stay under Mattermost's 16383
// characters a post.
std::string ComponentText(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  std::string text = absl::StrCat("#### ", MattermostEscape(Truncate(ComponentHeadline(n), 500)), "\n**",
                                  MattermostEscape(PageStatusLine(e)), "**\n",
                                  ComponentList(e, {MattermostEscape, "- ", "\n", 40, 150}));
  if (const std::string link = PageLink(e); !link.empty()) {
    // After a blank line: next to the list it would continue its last item.
    absl::StrAppend(&text, "\n[View status page](", LinkTarget(link), ")");
  }
  return text;
}

std::string IncidentText(const Notification& n) {
  const v1::Incident& i = n.incident;
  // Mattermost's limit is 16383 characters a post; the parts stay well under it.
  std::string text =
      absl::StrCat("#### ", MattermostEscape(Truncate(Headline(n), 500)), "\n**Impact:** ", MattermostEscape(Impact(i)),
                   "   **Status:** ", MattermostEscape(Truncate(Status(i), 200)), "\n**Components:** ",
                   MattermostEscape(Truncate(Components(i), 1000)));
  if (const std::string update = LatestUpdate(i); !update.empty()) {
    // A headline is one line; an update's own line breaks are kept.
    absl::StrAppend(&text, "\n\n", MattermostEscape(Truncate(update, 4000)));
  }
  if (const std::string link = IncidentLink(i); !link.empty()) {
    absl::StrAppend(&text, "\n\n[View incident](", LinkTarget(link), ")");
  }
  return text;
}

}  // namespace

nlohmann::json MattermostMessage(const Notification& n) {
  return {{"text", n.components ? ComponentText(n) : IncidentText(n)}};
}

}  // namespace statusphere::notify
