// EMAIL targets: the url's parameters, the message (MIME shape, threading headers, escaping,
// no header injection) and the sender against a real SMTP server on 127.0.0.1 (Debian's
// python3-aiosmtpd, tests/support/smtp_sink.py), the mails parsed back by Python's email
// package and checked here; digests of several events, and the operator's relay.
#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/email_digest.h"
#include "server/notify/email_message.h"
#include "server/notify/email_target.h"
#include "server/notify/mail_relay.h"
#include "server/notify/mail_sender.h"
#include "server/notify/sample_notification.h"
#include "server/notify/validation.h"
#include "tests/support/smtp_sink.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;
using statusphere::testing::SmtpSink;

// The shared sample with a title that tries to add a header, and an update with markup.
Notification Sample(v1::IncidentChange::Kind kind = v1::IncidentChange::CREATED) {
  Notification n = SampleNotification(kind);
  n.idempotency_key = absl::StrCat("sub_0123456789abcdef-", 40 + static_cast<int>(kind));
  n.incident.set_title("Störung <script>alert(1)</script>\r\nBcc: victim@evil.example");
  n.incident.set_deep_link("https://www.githubstatus.com/incidents/abc?a=1&b=2");
  n.incident.mutable_events(0)->set_description(
      "We are investigating <b>degraded</b> performance.\n.\nA line with only a dot.");
  return n;
}

EmailTarget Target(const std::string& server = "smtp://127.0.0.1:25") {
  EmailTarget t;
  t.server = server;
  t.starttls = false;
  t.from = "statusphere@acme.example";
  t.to = {"oncall@acme.example", "sre@acme.example"};
  return t;
}

TEST(EmailTarget, ReadsServerAddressesUserAndTls) {
  absl::StatusOr<EmailTarget> t = ParseEmailTarget(
      "smtp://Mail.Acme.example:587?from=statusphere%40acme.example&to=a@acme.example,%20b@acme.example&user=bot");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->server, "smtp://mail.acme.example:587");
  EXPECT_TRUE(t->starttls);
  EXPECT_EQ(t->from, "statusphere@acme.example");
  EXPECT_EQ(t->to, (std::vector<std::string>{"a@acme.example", "b@acme.example"}));
  EXPECT_EQ(t->user, "bot");
  t = ParseEmailTarget("smtp://relay:25?from=a@acme.example&to=b@acme.example&tls=none");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_FALSE(t->starttls);
  t = ParseEmailTarget("smtps://mail.acme.example?from=a@acme.example&to=b@acme.example");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->server, "smtps://mail.acme.example");
  for (const std::string bad : {
           "http://mail.acme.example?from=a@acme.example&to=b@acme.example",
           "smtp://mail.acme.example",
           "smtp://mail.acme.example?to=b@acme.example",
           "smtp://mail.acme.example?from=a@acme.example",
           "smtp://user:pw@mail.acme.example?from=a@acme.example&to=b@acme.example",
           "smtp://mail.acme.example?from=a@acme.example&to=b@acme.example%0D%0ARCPT%20TO:<x@evil.example>",
           "smtp://mail.acme.example?from=a@acme.example&to=<b@acme.example>",
           "smtp://mail.acme.example?from=nobody&to=b@acme.example",
           "smtps://mail.acme.example?from=a@acme.example&to=b@acme.example&tls=none",
           "smtp://mail.acme.example?from=a@acme.example&to=b@acme.example&cc=c@acme.example",
       }) {
    absl::StatusOr<EmailTarget> r = ParseEmailTarget(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "subscription.target.url: ")) << r.status().message();
  }
}

TEST(EmailTarget, ValidationWantsAPasswordExactlyWithAUser) {
  v1::CreateSubscriptionRequest request;
  request.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::EMAIL);
  request.mutable_subscription()->mutable_target()->set_url(
      "smtp://mail.acme.example:587?from=a@acme.example&to=b@acme.example&user=bot");
  absl::StatusOr<store::SubscriptionRecord> r = ValidateNewSubscription(request);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "secret: ")) << r.status();
  request.set_secret("hunter2");
  r = ValidateNewSubscription(request);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->secret, "hunter2");
  request.mutable_subscription()->mutable_target()->set_url(
      "smtp://mail.acme.example:587?from=a@acme.example&to=b@acme.example");
  r = ValidateNewSubscription(request);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "secret: ")) << r.status();
  EXPECT_EQ(RedactUrl("smtp://mail.acme.example:587?from=a@acme.example&to=b@acme.example"),
            "smtp://mail.acme.example:587/...");
}

TEST(EmailMessage, IsMultipartAlternativeThreadedPerIncidentWithoutInjectedHeaders) {
  const std::string created = BuildMail(Sample(), Target());
  const std::string resolved = BuildMail(Sample(v1::IncidentChange::RESOLVED), Target());
  const std::string root = IncidentMessageId(Sample(), Target());
  EXPECT_TRUE(absl::StartsWith(root, "<incident.sub_0123456789abcdef-")) << root;
  EXPECT_TRUE(absl::EndsWith(root, "@acme.example>")) << root;
  EXPECT_NE(created.find("\r\nMessage-ID: " + root + "\r\n"), std::string::npos);
  EXPECT_EQ(created.find("In-Reply-To"), std::string::npos);
  EXPECT_NE(resolved.find("\r\nIn-Reply-To: " + root + "\r\nReferences: " + root + "\r\n"), std::string::npos)
      << resolved;
  EXPECT_EQ(resolved.find("\r\nMessage-ID: " + root), std::string::npos);
  // A retry builds the same mail, ids included.
  EXPECT_EQ(BuildMail(Sample(v1::IncidentChange::RESOLVED), Target()), resolved);
  // Another incident is another thread.
  Notification other = Sample();
  other.incident.set_id("abd");
  EXPECT_NE(IncidentMessageId(other, Target()), root);

  // 7-bit, CRLF only, and the vendor's line break did not start a Bcc header.
  for (size_t i = 0; i < created.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(created[i]), 0x80) << i;
    if (created[i] == '\n') {
      ASSERT_EQ(created[i - 1], '\r') << i;
    }
  }
  const std::string headers = created.substr(0, created.find("\r\n\r\n"));
  EXPECT_EQ(headers.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(headers.find("\r\nSubject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(headers.find("\r\nTo: oncall@acme.example, sre@acme.example\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nAuto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
}

// --- against a real SMTP server ---------------------------------------------------------

SenderOptions LoopbackOptions() {
  SenderOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  options.timeout = absl::Seconds(10);
  return options;
}

TEST(MailSender, DeliversTheMailThatPythonReadsBack) {
  SmtpSink sink("smtp_plain");
  ASSERT_GT(sink.port(), 0) << sink.Log();
  const EmailTarget target = Target(absl::StrCat("smtp://127.0.0.1:", sink.port()));
  MailSender sender(LoopbackOptions());
  for (auto kind : {v1::IncidentChange::CREATED, v1::IncidentChange::RESOLVED}) {
    const SendResult r = sender.Send(target, "", BuildMail(Sample(kind), target), nullptr);
    ASSERT_TRUE(r.delivered) << r.error << "\n" << sink.Log();
  }
  const std::vector<json> mails = sink.Mails();
  ASSERT_EQ(mails.size(), 2u);
  const json& m = mails[0];
  EXPECT_EQ(m["mail_from"], "statusphere@acme.example");
  EXPECT_EQ(m["rcpt_tos"], (json{"oncall@acme.example", "sre@acme.example"}));
  EXPECT_EQ(m["content_type"], "multipart/alternative");
  EXPECT_EQ(m["parts"], (json{"text/plain", "text/html"}));
  // Decoded by Python: the title as written, its line break a space, no Bcc header.
  EXPECT_EQ(m["headers"]["subject"],
            "[major] New incident on GitHub: Störung <script>alert(1)</script>  Bcc: victim@evil.example");
  EXPECT_FALSE(m["headers"].contains("bcc"));
  EXPECT_EQ(m["headers"]["x-statusphere-event"], "incident.new");
  const std::string text = m["text"];
  EXPECT_NE(text.find("Impact: major"), std::string::npos) << text;
  EXPECT_NE(text.find("We are investigating <b>degraded</b> performance.\r\n.\r\nA line with only a dot."),
            std::string::npos)
      << "a lone '.' line must not end the SMTP DATA early: " << text;
  EXPECT_NE(text.find("View incident: https://www.githubstatus.com/incidents/abc?a=1&b=2"), std::string::npos);
  const std::string html = m["html"];
  EXPECT_NE(html.find("St\xC3\xB6rung &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"https://www.githubstatus.com/incidents/abc?a=1&amp;b=2\">View incident</a>"),
            std::string::npos);
  // Threaded: the resolution answers the creation.
  EXPECT_EQ(mails[1]["headers"]["in-reply-to"], m["headers"]["message-id"]);
  EXPECT_EQ(mails[1]["headers"]["references"], m["headers"]["message-id"]);
}

TEST(MailSender, LogsInWithThePasswordAndNeverShowsIt) {
  SmtpSink sink("smtp_auth", {"--user=bot", "--password=s3cret-pass"});
  ASSERT_GT(sink.port(), 0) << sink.Log();
  EmailTarget target = Target(absl::StrCat("smtp://127.0.0.1:", sink.port()));
  target.user = "bot";
  MailSender sender(LoopbackOptions());
  SendResult r = sender.Send(target, "s3cret-pass", BuildMail(Sample(), target), nullptr);
  ASSERT_TRUE(r.delivered) << r.error << "\n" << sink.Log();
  ASSERT_EQ(sink.Mails().size(), 1u);
  EXPECT_EQ(sink.Mails()[0]["authenticated"], true);

  r = sender.Send(target, "wrong-password", BuildMail(Sample(), target), nullptr);
  EXPECT_FALSE(r.delivered);
  EXPECT_TRUE(r.permanent) << r.error;  // a refused login does not get better by retrying
  EXPECT_EQ(r.error.find("wrong-password"), std::string::npos) << r.error;
  EXPECT_EQ(sink.Mails().size(), 1u);
}

TEST(MailSender, ATemporaryRefusalIsRetriedAndMissingStartTlsIsNot) {
  SmtpSink sink("smtp_busy", {"--fail_first=1"});
  ASSERT_GT(sink.port(), 0) << sink.Log();
  EmailTarget target = Target(absl::StrCat("smtp://127.0.0.1:", sink.port()));
  MailSender sender(LoopbackOptions());
  SendResult r = sender.Send(target, "", BuildMail(Sample(), target), nullptr);
  EXPECT_FALSE(r.delivered);
  EXPECT_FALSE(r.permanent) << r.error;  // 451: try again
  EXPECT_EQ(r.http_status, 0);
  EXPECT_TRUE(absl::StrContains(r.error, "451")) << r.error;
  r = sender.Send(target, "", BuildMail(Sample(), target), nullptr);
  EXPECT_TRUE(r.delivered) << r.error;

  // The sink offers no STARTTLS: a target that requires it sends nothing.
  target.starttls = true;
  r = sender.Send(target, "", BuildMail(Sample(), target), nullptr);
  EXPECT_FALSE(r.delivered);
  EXPECT_TRUE(r.permanent) << r.error;
  EXPECT_EQ(sink.Mails().size(), 1u);

  // The SSRF guard holds for mail too.
  MailSender guarded({});
  target.starttls = false;
  r = guarded.Send(target, "", BuildMail(Sample(), target), nullptr);
  EXPECT_FALSE(r.delivered);
  EXPECT_TRUE(r.permanent);
  EXPECT_TRUE(absl::StrContains(r.error, "loopback")) << r.error;
}

// --- the operator's relay and digests ----------------------------------------------------

v1::CreateSubscriptionRequest EmailRequest(const std::string& url, int digest_minutes = 0) {
  v1::CreateSubscriptionRequest request;
  request.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::EMAIL);
  request.mutable_subscription()->mutable_target()->set_url(url);
  request.mutable_subscription()->mutable_target()->set_digest_minutes(digest_minutes);
  return request;
}

TEST(MailRelay, MailtoNeedsTheServersRelayAndNamesOnlyRecipients) {
  absl::StatusOr<store::SubscriptionRecord> r = ValidateNewSubscription(EmailRequest("mailto:a@acme.example"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "subscription.target.url: ")) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "--smtp_relay")) << r.status();

  const ValidationOptions relay{.mail_relay = true};
  r = ValidateNewSubscription(EmailRequest("mailto:a@acme.example,%20b%40acme.example"), relay);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*ParseRelayRecipients(r->subscription.target().url()),
            (std::vector<std::string>{"a@acme.example", "b@acme.example"}));
  EXPECT_EQ(RedactUrl(r->subscription.target().url()), "mailto:...");
  v1::CreateSubscriptionRequest with_secret = EmailRequest("mailto:a@acme.example");
  with_secret.set_secret("hunter2");
  r = ValidateNewSubscription(with_secret, relay);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "secret: ")) << r.status();
  for (const std::string bad : {"mailto:", "mailto:nobody", "mailto:a@acme.example?cc=b@acme.example",
                                "mailto:a@acme.example%0D%0ARCPT%20TO:<x@evil.example>"}) {
    r = ValidateNewSubscription(EmailRequest(bad), relay);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "subscription.target.url: ")) << r.status();
  }
}

TEST(MailRelay, TheRelayFlagIsReadWithoutEverShowingAPassword) {
  absl::StatusOr<EmailTarget> t = ParseRelay("smtps://bot@Mail.Acme.example:465", "status@acme.example");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->server, "smtps://mail.acme.example:465");
  EXPECT_EQ(t->user, "bot");
  EXPECT_EQ(t->from, "status@acme.example");
  t = ParseRelay("smtp://relay.internal:587", "status@acme.example");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->starttls);
  EXPECT_TRUE(t->user.empty());
  t = ParseRelay("smtp://127.0.0.1:25?tls=none", "status@acme.example");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_FALSE(t->starttls);
  t = ParseRelay("smtp://bot:pa55word-in-url@mail.acme.example", "status@acme.example");
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(absl::StartsWith(t.status().message(), "--smtp_relay: ")) << t.status();
  EXPECT_FALSE(absl::StrContains(t.status().message(), "pa55word")) << t.status();
  EXPECT_FALSE(ParseRelay("smtps://mail.acme.example?tls=none", "status@acme.example").ok());
  EXPECT_FALSE(ParseRelay("http://mail.acme.example", "status@acme.example").ok());
  t = ParseRelay("smtp://mail.acme.example", "");
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(absl::StartsWith(t.status().message(), "--smtp_from: ")) << t.status();
}

TEST(EmailDigestOption, IsForEmailOnlyWithinADay) {
  const std::string url = "smtp://mail.acme.example:587?from=a@acme.example&to=b@acme.example";
  absl::StatusOr<store::SubscriptionRecord> r = ValidateNewSubscription(EmailRequest(url, 30));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->subscription.target().digest_minutes(), 30);
  EXPECT_EQ(ValidateNewSubscription(EmailRequest(url))->subscription.target().digest_minutes(), 0);
  EXPECT_TRUE(ValidateNewSubscription(EmailRequest(url, 1440)).ok());
  for (int bad : {-1, 1441}) {
    r = ValidateNewSubscription(EmailRequest(url, bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(r.status().message(), "subscription.target.digest_minutes: ")) << r.status();
  }
  v1::CreateSubscriptionRequest slack;
  slack.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::SLACK);
  slack.mutable_subscription()->mutable_target()->set_url("https://hooks.slack.com/services/T0/B0/x");
  slack.mutable_subscription()->mutable_target()->set_digest_minutes(5);
  r = ValidateNewSubscription(slack);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "subscription.target.digest_minutes: ")) << r.status();
}

TEST(MailRelay, ThePasswordComesFromItsFileOnly) {
  const std::string file = absl::StrCat(std::getenv("TEST_TMPDIR"), "/smtp_password");
  std::ofstream(file) << "  s3cret-relay-pass\n";
  absl::StatusOr<std::optional<MailRelay>> relay =
      LoadMailRelay("smtp://bot@127.0.0.1:25?tls=none", "status@acme.example", file);
  ASSERT_TRUE(relay.ok()) << relay.status();
  ASSERT_TRUE(relay->has_value());
  EXPECT_EQ((*relay)->password, "s3cret-relay-pass");
  EXPECT_EQ((*relay)->target.user, "bot");
  relay = LoadMailRelay("", "", "");
  ASSERT_TRUE(relay.ok()) << relay.status();
  EXPECT_FALSE(relay->has_value());
  // A user without a password file, a password file without a user, a file that is not there.
  EXPECT_FALSE(LoadMailRelay("smtp://bot@127.0.0.1:25", "status@acme.example", "").ok());
  EXPECT_FALSE(LoadMailRelay("smtp://127.0.0.1:25", "status@acme.example", file).ok());
  EXPECT_FALSE(LoadMailRelay("", "", file).ok());
  relay = LoadMailRelay("smtp://bot@127.0.0.1:25", "status@acme.example", file + ".missing");
  ASSERT_FALSE(relay.ok());
  EXPECT_TRUE(absl::StrContains(relay.status().message(), "--smtp_password_file")) << relay.status();
}

// --- digests (WebhookTarget.digest_minutes): one mail for a window's events, grouped by
// page then incident in the window's order, threaded by stable ids, saying when events were
// held back.

Notification DigestEvent(const std::string& page, const std::string& incident, v1::IncidentChange::Kind kind,
                         int sequence, const std::string& update) {
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
  return {DigestEvent("github", "a", v1::IncidentChange::CREATED, 10, "first of a"),
          DigestEvent("acme", "x", v1::IncidentChange::CREATED, 11, "first of x"),
          DigestEvent("github", "a", v1::IncidentChange::RESOLVED, 12, "a is resolved"),
          DigestEvent("github", "b", v1::IncidentChange::CREATED, 13, "first of b")};
}

EmailTarget DigestTarget(int port) { return Target(absl::StrCat("smtp://127.0.0.1:", port)); }

TEST(EmailDigest, IdsAreStableForTheSameEventsOnly) {
  const EmailTarget target = DigestTarget(25);
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
  const EmailTarget target = DigestTarget(sink.port());
  const std::string mail = BuildDigestMail(Window(), 0, target);
  for (size_t i = 0; i < mail.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(mail[i]), 0x80) << i;
    if (mail[i] == '\n') {
      ASSERT_EQ(mail[i - 1], '\r') << i;
    }
  }
  const SendResult r = MailSender(LoopbackOptions()).Send(target, "", mail, nullptr);
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
  statusphere::testing::SmtpSink sink("digest_more_sink");
  ASSERT_GT(sink.port(), 0) << sink.Log();
  const std::string mail = BuildDigestMail({Window()[0]}, 3, DigestTarget(sink.port()));
  ASSERT_TRUE(MailSender(LoopbackOptions()).Send(DigestTarget(sink.port()), "", mail, nullptr).delivered) << sink.Log();
  const json m = sink.Mails().at(0);
  EXPECT_EQ(m["headers"]["subject"], "[statusphere] 1 event on github (more follow)");
  EXPECT_NE(m["text"].get<std::string>().find("3 more events of this window did not fit in this mail and follow in "
                                              "the next one."),
            std::string::npos)
      << m["text"];
  EXPECT_NE(m["html"].get<std::string>().find("3 more events of this window"), std::string::npos);
}

// A window holding a page's component change as well: it is worded as the component mail
// words it (the page's status and a line per component), never as an empty incident.
TEST(EmailDigest, WordsAComponentChangeAsItsOwnMailDoes) {
  statusphere::testing::SmtpSink sink("digest_component_sink");
  ASSERT_GT(sink.port(), 0) << sink.Log();
  const EmailTarget target = DigestTarget(sink.port());
  Notification component = ComponentNotification();
  component.idempotency_key = "sub_0123456789abcdef-14";
  const std::vector<Notification> window = {Window()[0], component};
  ASSERT_TRUE(MailSender(LoopbackOptions()).Send(target, "", BuildDigestMail(window, 0, target), nullptr).delivered)
      << sink.Log();
  const json m = sink.Mails().at(0);
  const std::string text = m["text"];
  for (const std::string piece :
       {"first of a", "== Asana ==", "Core / API: operational → major_outage", "Web: partial_outage → operational"}) {
    EXPECT_NE(text.find(piece), std::string::npos) << "'" << piece << "' missing in:\n" << text;
  }
  // The incident's wording ("Impact: ...") appears once, for the incident only.
  EXPECT_EQ(text.find("Impact: ", text.find("Impact: ") + 1), std::string::npos) << text;
  EXPECT_NE(m["html"].get<std::string>().find("<li>Core / API: operational → major_outage</li>"), std::string::npos)
      << m["html"];
  // Only the incident has a thread to refer to.
  EXPECT_EQ(m["headers"]["references"], IncidentMessageId(Window()[0], target));
}

}  // namespace
}  // namespace statusphere::notify
