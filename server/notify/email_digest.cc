#include "server/notify/email_digest.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/utf8.h"
#include "server/notify/email_message.h"
#include "server/notify/incident_text.h"
#include "server/notify/signature.h"

namespace statusphere::notify {
namespace {

// At most this many incident threads in References: a header, not a list of everything.
constexpr size_t kMaxReferences = 20;

std::string PageUrl(const Notification& n) {
  return n.components ? n.components->status_page_url() : n.incident.status_page_url();
}

// The incident an event belongs to ("" for a page's component changes, kept together).
std::string IncidentOf(const Notification& n) { return n.components ? "" : n.incident.id(); }

// The events in page order, then incident order, each by its first event; within a group
// the window's order.
struct Group {
  std::string page_name;
  std::vector<std::vector<const Notification*>> incidents;
  std::vector<std::string> incident_ids;
};

std::vector<Group> GroupByPageAndIncident(const std::vector<Notification>& events, std::vector<std::string>* pages) {
  std::vector<Group> groups;
  for (const Notification& n : events) {
    auto page = std::find(pages->begin(), pages->end(), PageUrl(n));
    if (page == pages->end()) {
      pages->push_back(PageUrl(n));
      groups.push_back(Group{n.page_name, {}, {}});
      page = pages->end() - 1;
    }
    Group& group = groups[page - pages->begin()];
    auto incident = std::find(group.incident_ids.begin(), group.incident_ids.end(), IncidentOf(n));
    if (incident == group.incident_ids.end()) {
      group.incident_ids.push_back(IncidentOf(n));
      group.incidents.emplace_back();
      incident = group.incident_ids.end() - 1;
    }
    group.incidents[incident - group.incident_ids.begin()].push_back(&n);
  }
  return groups;
}

std::string FollowNote(int held_back) {
  return absl::StrCat(held_back, held_back == 1 ? " more event" : " more events",
                      " of this window did not fit in this mail and follow in the next one.");
}

}  // namespace

std::string DigestMessageId(const std::vector<Notification>& events, const EmailTarget& target) {
  std::vector<std::string> keys;
  for (const Notification& n : events) keys.push_back(n.idempotency_key);
  const std::string hash = HmacSha256Hex("statusphere digest", absl::StrJoin(keys, "\n")).substr(0, 16);
  return absl::StrCat("<digest.", keys.empty() ? "none" : keys.front(), ".", keys.size(), ".", hash, "@",
                      target.from.substr(target.from.rfind('@') + 1), ">");
}

std::string BuildDigestMail(const std::vector<Notification>& events, int held_back, const EmailTarget& target) {
  std::vector<std::string> pages;
  const std::vector<Group> groups = GroupByPageAndIncident(events, &pages);
  std::vector<std::string> page_names;
  for (const Group& g : groups) page_names.push_back(g.page_name);
  const std::string summary =
      absl::StrCat(events.size(), events.size() == 1 ? " event" : " events", " on ", absl::StrJoin(page_names, ", "));

  std::string text = absl::StrCat(summary, "\r\n");
  std::string html = absl::StrCat("<!DOCTYPE html><html><body><p><b>", HtmlEscape(summary), "</b></p>");
  std::vector<std::string> references;
  for (const Group& g : groups) {
    absl::StrAppend(&text, "\r\n== ", g.page_name, " ==\r\n");
    absl::StrAppend(&html, "<h1 style=\"font-size: 1.3em\">", HtmlEscape(g.page_name), "</h1>");
    for (const std::vector<const Notification*>& incident : g.incidents) {
      absl::StrAppend(&html, "<div style=\"border-left: 3px solid #d0d5dd; padding-left: 12px; margin: 12px 0\">");
      for (size_t i = 0; i < incident.size(); ++i) {
        absl::StrAppend(&text, i == 0 ? "\r\n" : "\r\n  ~\r\n\r\n", MailTextPart(*incident[i]));
        absl::StrAppend(&html, i == 0 ? "" : "<hr>", MailHtmlPart(*incident[i]));
      }
      absl::StrAppend(&html, "</div>");
      if (!incident.front()->components && references.size() < kMaxReferences) {
        references.push_back(IncidentMessageId(*incident.front(), target));
      }
    }
  }
  if (held_back > 0) {
    absl::StrAppend(&text, "\r\n", FollowNote(held_back), "\r\n");
    absl::StrAppend(&html, "<p><b>", FollowNote(held_back), "</b></p>");
  }
  absl::StrAppend(&text, "\r\n-- \r\nstatusphere, subscription ", events.front().subscription_id, " (digest)\r\n");
  absl::StrAppend(&html, "<p style=\"color: #667085\">statusphere, subscription ",
                  HtmlEscape(events.front().subscription_id), " (digest)</p></body></html>");

  const std::string id = DigestMessageId(events, target);
  const std::string key = id.substr(1, id.find('@') - 1);  // "digest.<key>.<count>.<hash>"
  const std::string boundary = absl::StrCat("=_statusphere_", key);
  std::string mail = absl::StrCat(
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", events.front().sent_at, absl::UTCTimeZone()), "\r\n",
      "From: ", target.from, "\r\n", "To: ", absl::StrJoin(target.to, ", "), "\r\n", "Subject: ",
      HeaderText(absl::StrCat("[statusphere] ", summary, held_back > 0 ? " (more follow)" : ""), 400, "\r\n "), "\r\n",
      "Message-ID: ", id, "\r\n");
  if (!references.empty()) absl::StrAppend(&mail, "References: ", absl::StrJoin(references, "\r\n "), "\r\n");
  absl::StrAppend(&mail, "Auto-Submitted: auto-generated\r\n", "X-Statusphere-Event: digest\r\n",
                  "Idempotency-Key: ", key, "\r\n", "MIME-Version: 1.0\r\n",
                  "Content-Type: multipart/alternative; boundary=\"", boundary, "\"\r\n", "\r\n", "--", boundary,
                  "\r\n", "Content-Type: text/plain; charset=utf-8\r\n", "Content-Transfer-Encoding: base64\r\n\r\n",
                  MimeBase64(ToValidUtf8(text)), "--", boundary, "\r\n", "Content-Type: text/html; charset=utf-8\r\n",
                  "Content-Transfer-Encoding: base64\r\n\r\n", MimeBase64(ToValidUtf8(html)), "--", boundary, "--\r\n");
  return mail;
}

}  // namespace statusphere::notify
