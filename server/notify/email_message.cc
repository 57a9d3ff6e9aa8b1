#include "server/notify/email_message.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/utf8.h"
#include "server/notify/component_text.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {
namespace {

std::string Domain(const EmailTarget& target) { return target.from.substr(target.from.rfind('@') + 1); }

// Base64 in lines of 76 characters, as MIME asks.
std::string Base64Lines(absl::string_view bytes) {
  const std::string encoded = absl::Base64Escape(bytes);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) absl::StrAppend(&out, encoded.substr(i, 76), "\r\n");
  return out;
}

// The MIME headers and the two parts, text and HTML, in base64: a boundary starting "=_"
// cannot occur in base64 lines.
std::string MimeAlternative(absl::string_view thread_key, absl::string_view text, absl::string_view html) {
  const std::string boundary = absl::StrCat("=_statusphere_", thread_key);
  return absl::StrCat("MIME-Version: 1.0\r\n", "Content-Type: multipart/alternative; boundary=\"", boundary, "\"\r\n",
                      "\r\n", "--", boundary, "\r\n", "Content-Type: text/plain; charset=utf-8\r\n",
                      "Content-Transfer-Encoding: base64\r\n\r\n", Base64Lines(text), "--", boundary, "\r\n",
                      "Content-Type: text/html; charset=utf-8\r\n", "Content-Transfer-Encoding: base64\r\n\r\n",
                      Base64Lines(html), "--", boundary, "--\r\n");
}

std::string PlainText(const Notification& n) {
  const v1::Incident& i = n.incident;
  std::string text = absl::StrCat(Headline(n), "\n\nImpact: ", Impact(i), "\nStatus: ", Status(i),
                                  "\nComponents: ", Components(i), "\n");
  if (const std::string update = LatestUpdate(i); !update.empty())
    absl::StrAppend(&text, "\n", Truncate(update, 20000), "\n");
  if (const std::string link = IncidentLink(i); !link.empty()) absl::StrAppend(&text, "\nView incident: ", link, "\n");
  absl::StrAppend(&text, "\n-- \nstatusphere, subscription ", n.subscription_id, "\n");
  return absl::StrReplaceAll(ToValidUtf8(text), {{"\r\n", "\n"}, {"\n", "\r\n"}});
}

std::string Html(const Notification& n) {
  const v1::Incident& i = n.incident;
  const auto cell = [](absl::string_view label, absl::string_view value) {
    return absl::StrCat("<tr><th align=\"left\">", label, "</th><td>", HtmlEscape(value), "</td></tr>");
  };
  std::string html =
      absl::StrCat("<!DOCTYPE html><html><body><h2>", HtmlEscape(Headline(n)), "</h2><table>",
                   cell("Impact", Impact(i)), cell("Status", Status(i)), cell("Components", Components(i)), "</table>");
  if (const std::string update = LatestUpdate(i); !update.empty()) {
    absl::StrAppend(&html, "<p style=\"white-space: pre-wrap\">", HtmlEscape(Truncate(update, 20000)), "</p>");
  }
  if (const std::string link = IncidentLink(i); !link.empty()) {
    absl::StrAppend(&html, "<p><a href=\"", HtmlEscape(link), "\">View incident</a></p>");
  }
  absl::StrAppend(&html, "<p style=\"color: #667085\">statusphere, subscription ", HtmlEscape(n.subscription_id),
                  "</p></body></html>");
  return ToValidUtf8(html);
}

// component.changed: the page's status, a line per component, the page's link.
std::string ComponentPlainText(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  std::string text = absl::StrCat(ComponentHeadline(n), "\n\n", PageStatusLine(e), "\n\n",
                                  ComponentList(e, {nullptr, "  ", "\n", 500, 500}));
  if (const std::string link = PageLink(e); !link.empty()) absl::StrAppend(&text, "\nView status page: ", link, "\n");
  absl::StrAppend(&text, "\n-- \nstatusphere, subscription ", n.subscription_id, "\n");
  return absl::StrReplaceAll(ToValidUtf8(text), {{"\r\n", "\n"}, {"\n", "\r\n"}});
}

std::string ComponentHtml(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  std::string html = absl::StrCat("<!DOCTYPE html><html><body><h2>", HtmlEscape(ComponentHeadline(n)), "</h2><p>",
                                  HtmlEscape(PageStatusLine(e)), "</p><ul>",
                                  ComponentList(e, {HtmlEscape, "<li>", "</li>", 500, 500}), "</ul>");
  if (const std::string link = PageLink(e); !link.empty()) {
    absl::StrAppend(&html, "<p><a href=\"", HtmlEscape(link), "\">View status page</a></p>");
  }
  absl::StrAppend(&html, "<p style=\"color: #667085\">statusphere, subscription ", HtmlEscape(n.subscription_id),
                  "</p></body></html>");
  return ToValidUtf8(html);
}

}  // namespace

std::string ComponentMessageId(const Notification& n, const EmailTarget& target) {
  return absl::StrCat("<components.", ComponentThreadKey(n), "@", Domain(target), ">");
}

std::string BuildComponentMail(const Notification& n, const EmailTarget& target) {
  // Every mail refers to the page's thread root; none is the root itself (there is no
  // first change to a page's components), which clients threading on References accept.
  const std::string root = ComponentMessageId(n, target);
  const std::string key = ComponentThreadKey(n);
  return absl::StrCat(
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", n.sent_at, absl::UTCTimeZone()), "\r\n",
      "From: ", target.from, "\r\n", "To: ", absl::StrJoin(target.to, ", "), "\r\n", "Subject: ",
      HeaderText(absl::StrCat("[", WorstNewStatus(*n.components), "] ", ComponentSummary(n)), 400, "\r\n "), "\r\n",
      "Message-ID: <", n.idempotency_key, ".", key, "@", Domain(target), ">\r\n", "In-Reply-To: ", root, "\r\n",
      "References: ", root, "\r\n", "Auto-Submitted: auto-generated\r\n", "X-Statusphere-Event: ", EventName(n), "\r\n",
      "Idempotency-Key: ", n.idempotency_key, "\r\n", MimeAlternative(key, ComponentPlainText(n), ComponentHtml(n)));
}

std::string IncidentMessageId(const Notification& n, const EmailTarget& target) {
  return absl::StrCat("<incident.", IncidentThreadKey(n), "@", Domain(target), ">");
}

std::string BuildMail(const Notification& n, const EmailTarget& target) {
  if (n.components) return BuildComponentMail(n, target);
  const std::string root = IncidentMessageId(n, target);
  // The creation's mail is the thread's root; every other change's id comes from its
  // idempotency key, so a retry repeats it and the receiving side can drop the copy.
  const bool first = n.kind == v1::IncidentChange::CREATED;
  const std::string id =
      first ? root : absl::StrCat("<", n.idempotency_key, ".", IncidentThreadKey(n), "@", Domain(target), ">");
  std::string mail =
      absl::StrCat("Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", n.sent_at, absl::UTCTimeZone()), "\r\n",
                   "From: ", target.from, "\r\n", "To: ", absl::StrJoin(target.to, ", "), "\r\n",
                   "Subject: ", HeaderText(absl::StrCat("[", Impact(n.incident), "] ", Headline(n)), 400, "\r\n "),
                   "\r\n", "Message-ID: ", id, "\r\n");
  if (!first) absl::StrAppend(&mail, "In-Reply-To: ", root, "\r\n", "References: ", root, "\r\n");
  absl::StrAppend(&mail,
                  // Vacation responders and the like must not answer a notification.
                  "Auto-Submitted: auto-generated\r\n", "X-Statusphere-Event: ", EventName(n.kind), "\r\n",
                  "Idempotency-Key: ", n.idempotency_key, "\r\n",
                  MimeAlternative(IncidentThreadKey(n), PlainText(n), Html(n)));
  return mail;
}

std::string MimeBase64(absl::string_view bytes) { return Base64Lines(bytes); }

std::string MailTextPart(const Notification& n) {
  const std::string text = n.components ? ComponentPlainText(n) : PlainText(n);
  return text.substr(0, text.rfind("\r\n-- \r\n") + 2);
}

std::string MailHtmlPart(const Notification& n) {
  // Our own markup, not a vendor's: the pieces between the fixed wrapper PlainText and Html
  // write around them.
  const std::string html = n.components ? ComponentHtml(n) : Html(n);
  const size_t start = html.find("<body>") + 6;
  return html.substr(start, html.rfind("<p style=\"color: #667085\">") - start);
}

}  // namespace statusphere::notify
