// EMAIL digests (WebhookTarget.digest_minutes): one mail for a window's events, grouped by
// page then incident in the window's order, threaded by stable ids, and saying when events
// were held back; sent to a real SMTP server on 127.0.0.1 (tests/support/smtp_sink.py) and
// read back by Python's email package.
#include "server/notify/email_digest.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/email_message.h"
#include "server/notify/mail_sender.h"
#include "server/notify/sample_notification.h"
#include "tests/support/smtp_sink.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

Notification Event(const std::string& page, const std::string& incident, v1::IncidentChange::Kind kind, int sequence,
                   const std::string& update) {
  Notification n = SampleNotification(kind);
  n.page_name = page;
  n.incident.set_status_page_url(absl::StrCat("https://status.", page, ".example"));
  n.incident.set_id(incident);
  n.incident.set_title(absl::StrCat("Incident ", incident, " <b>"));
  n.incident.set_deep_link("");
  n.incident.mutable_events(0)->set_description(update);
  n.idempotency_key = absl::StrCat("sub_0123456789abcdef-", sequence);
  return n;
}

// The window: GitHub's incident a (created, then resolved after Acme's), Acme's incident x,
// and GitHub's incident b.
std::vector<Notification> Window() {
  return {Event("github", "a", v1::IncidentChange::CREATED, 10, "first of a"),
          Event("acme", "x", v1::IncidentChange::CREATED, 11, "first of x"),
          Event("github", "a", v1::IncidentChange::RESOLVED, 12, "a is resolved"),
          Event("github", "b", v1::IncidentChange::CREATED, 13, "first of b")};
}

EmailTarget Target(int port) {
  EmailTarget t;
  t.server = absl::StrCat("smtp://127.0.0.1:", port);
  t.starttls = false;
  t.from = "statusphere@acme.example";
  t.to = {"oncall@acme.example"};
  return t;
}

SenderOptions Loopback() {
  SenderOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  options.timeout = absl::Seconds(10);
  return options;
}

TEST(EmailDigest, IdsAreStableForTheSameEventsOnly) {
  const EmailTarget target = Target(25);
  const std::string id = DigestMessageId(Window(), target);
  EXPECT_TRUE(absl::StartsWith(id, "<digest.sub_0123456789abcdef-10.4.")) << id;
  EXPECT_TRUE(absl::EndsWith(id, "@acme.example>")) << id;
  EXPECT_EQ(DigestMessageId(Window(), target), id);
  EXPECT_EQ(BuildDigestMail(Window(), 0, target), BuildDigestMail(Window(), 0, target));  // a retry
  std::vector<Notification> fewer = Window();
  fewer.pop_back();
  EXPECT_NE(DigestMessageId(fewer, target), id);
  std::vector<Notification> other = Window();
  other[3].idempotency_key = "sub_0123456789abcdef-14";
  EXPECT_NE(DigestMessageId(other, target), id);
}

TEST(EmailDigest, OneMailGroupsTheWindowByPageAndIncidentInOrder) {
  statusphere::testing::SmtpSink sink("digest_sink");
  ASSERT_GT(sink.port(), 0) << sink.Log();
  const EmailTarget target = Target(sink.port());
  const std::string mail = BuildDigestMail(Window(), 0, target);
  for (size_t i = 0; i < mail.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(mail[i]), 0x80) << i;
    if (mail[i] == '\n') {
      ASSERT_EQ(mail[i - 1], '\r') << i;
    }
  }
  const SendResult r = MailSender(Loopback()).Send(target, "", mail, nullptr);
  ASSERT_TRUE(r.delivered) << r.error << "\n" << sink.Log();
  const std::vector<json> mails = sink.Mails();
  ASSERT_EQ(mails.size(), 1u);
  const json& m = mails[0];
  EXPECT_EQ(m["parts"], (json{"text/plain", "text/html"}));
  EXPECT_EQ(m["headers"]["subject"], "[statusphere] 4 events on github, acme");
  EXPECT_EQ(m["headers"]["x-statusphere-event"], "digest");
  EXPECT_EQ(m["headers"]["message-id"], DigestMessageId(Window(), target));
  EXPECT_FALSE(m["headers"].contains("in-reply-to"));
  // Each incident's thread, once, in the order they appear.
  const std::string references = m["headers"]["references"];
  EXPECT_EQ(references,
            absl::StrCat(IncidentMessageId(Window()[0], target), " ", IncidentMessageId(Window()[3], target), " ",
                         IncidentMessageId(Window()[1], target)))
      << references;

  // Text: github (a created, a resolved, then b) before acme (x), each event worded as its
  // own mail words it.
  const std::string text = m["text"];
  const std::vector<std::string> order = {"4 events on github, acme",
                                          "== github ==",
                                          "first of a",
                                          "a is resolved",
                                          "first of b",
                                          "== acme ==",
                                          "first of x",
                                          "(digest)"};
  size_t at = 0;
  for (const std::string& piece : order) {
    const size_t found = text.find(piece, at);
    ASSERT_NE(found, std::string::npos) << "'" << piece << "' missing or out of order in:\n" << text;
    at = found + piece.size();
  }
  EXPECT_NE(text.find("New incident on github: Incident a <b>"), std::string::npos) << text;
  EXPECT_NE(text.find("Resolved on github: Incident a <b>"), std::string::npos) << text;
  EXPECT_EQ(text.find("did not fit"), std::string::npos);

  const std::string html = m["html"];
  at = 0;
  for (const std::string piece : {"<h1 style=\"font-size: 1.3em\">github</h1>", "first of a", "<hr>", "a is resolved",
                                  "first of b", ">acme</h1>", "first of x"}) {
    const size_t found = html.find(piece, at);
    ASSERT_NE(found, std::string::npos) << "'" << piece << "' missing or out of order in:\n" << html;
    at = found + std::string(piece).size();
  }
  EXPECT_NE(html.find("Incident a &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("Incident a <b>"), std::string::npos);
}

TEST(EmailDigest, SaysWhenTheRestOfTheWindowFollows) {
  const EmailTarget target = Target(25);
  statusphere::testing::SmtpSink sink("digest_more_sink");
  ASSERT_GT(sink.port(), 0) << sink.Log();
  const std::string mail = BuildDigestMail({Window()[0]}, 3, Target(sink.port()));
  ASSERT_TRUE(MailSender(Loopback()).Send(Target(sink.port()), "", mail, nullptr).delivered) << sink.Log();
  const json m = sink.Mails().at(0);
  EXPECT_EQ(m["headers"]["subject"], "[statusphere] 1 event on github (more follow)");
  EXPECT_NE(m["text"].get<std::string>().find("3 more events of this window did not fit in this mail and follow in "
                                              "the next one."),
            std::string::npos)
      << m["text"];
  EXPECT_NE(m["html"].get<std::string>().find("3 more events of this window"), std::string::npos);
}

}  // namespace
}  // namespace statusphere::notify
