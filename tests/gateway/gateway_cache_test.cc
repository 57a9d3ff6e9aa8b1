// The gateway's response cache through the real server and gateway: strong ETags and 304s
// in both encodings, Cache-Control, one backend call for many requests, and freshness: a
// stored change is visible over REST within a second, whether the incident change log
// carries it (invalidation) or not (the entries' age bound), and cached answers still
// count against the per-client rate limit.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/seed.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

constexpr char kPage[] = "https://status.cache.example";
const absl::Time kT0 = absl::FromCivil(absl::CivilSecond(2024, 5, 1, 0, 0, 0), absl::UTCTimeZone());

IncidentSpec Outage(absl::Time end = absl::InfinitePast()) {
  IncidentSpec outage{"outage", "major", kT0, end, {{"Investigating", "Logins fail.", kT0}}};
  if (end != absl::InfinitePast()) outage.events.push_back({"Resolved", "Logins work again.", end});
  return outage;
}

// The value of one counter of the gateway's /metrics, -1 when absent.
double Metric(const GatewayStack& stack, const std::string& series) {
  const RestResponse metrics = Get(stack.Url("/metrics"));
  for (absl::string_view line : absl::StrSplit(metrics.body, '\n')) {
    if (!absl::ConsumePrefix(&line, series) || !absl::ConsumePrefix(&line, " ")) continue;
    double value = 0;
    if (absl::SimpleAtod(line, &value)) return value;
  }
  return -1;
}

const std::string kHits = "statusphere_gateway_cache_lookups_total{result=\"hit\"}";
const std::string kMisses = "statusphere_gateway_cache_lookups_total{result=\"miss\"}";
const std::string kChangeLog = "statusphere_gateway_cache_change_log_connected";

class GatewayCacheTest : public ::testing::Test {
 protected:
  // A page with one ongoing major incident, and a gateway started with `gateway_flags`.
  void Start(std::vector<std::string> gateway_flags, std::vector<std::string> server_flags = {}) {
    stack_ = std::make_unique<GatewayStack>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    absl::Status started = stack_->StartServer(0, server_flags);
    ASSERT_TRUE(started.ok()) << started;
    seeder_ = std::make_unique<Seeder>(stack_->server_address(), kAdminToken);
    absl::Status seeded = seeder_->AddPage("Cache", kPage);
    ASSERT_TRUE(seeded.ok()) << seeded;
    seeded = seeder_->ReportIncidents(kPage, {Outage()});
    ASSERT_TRUE(seeded.ok()) << seeded;
    std::vector<std::string> flags = {"--listen=127.0.0.1:0", absl::StrCat("--backend=", stack_->server_address())};
    flags.insert(flags.end(), gateway_flags.begin(), gateway_flags.end());
    started = stack_->StartGateway(flags);
    ASSERT_TRUE(started.ok()) << started;
    // Counting hits and misses needs the cache settled: it is emptied when the change log connects.
    ASSERT_TRUE(Eventually([&] { return Metric(*stack_, kChangeLog) == 1; }, absl::Seconds(10)))
        << "the gateway never followed the change log";
  }

  void TearDown() override {
    if (HasFailure() && stack_) std::cerr << stack_->Logs();
    stack_.reset();
  }

  // Polls `path` every 10 ms until `done` holds for its JSON; returns the time it took,
  // or InfiniteDuration after `limit`.
  template <typename Fn>
  absl::Duration TimeUntil(const std::string& path, Fn done, absl::Duration limit = absl::Seconds(5)) {
    const absl::Time start = absl::Now();
    while (absl::Now() - start < limit) {
      const RestResponse r = Get(stack_->Url(path));
      if (r.status == 200) {
        json body = json::parse(r.body, nullptr, false);
        if (!body.is_discarded() && done(body)) return absl::Now() - start;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    return absl::InfiniteDuration();
  }

  std::unique_ptr<GatewayStack> stack_;
  std::unique_ptr<Seeder> seeder_;
};

TEST_F(GatewayCacheTest, StrongETagsAnswer304InBothEncodings) {
  ASSERT_NO_FATAL_FAILURE(Start({"--cache_max_age=60s"}));
  const std::string url = stack_->Url(absl::StrCat("/api/v1/incidents?statusPageUrl=", kPage, "&limit=5"));
  const RestResponse plain = Get(url);
  json body = JsonOk(plain, "incidents");
  ASSERT_EQ(body["incidents"].size(), 1u) << body;
  EXPECT_EQ(body["incidents"][0]["id"], "outage");
  const std::string etag = plain.Header("etag");
  EXPECT_EQ(etag.size(), 34u) << etag;  // a quoted 128-bit hash
  EXPECT_TRUE(absl::StartsWith(etag, "\"") && absl::EndsWith(etag, "\"")) << etag;
  EXPECT_EQ(plain.Header("cache-control"), "public, max-age=1");
  EXPECT_EQ(plain.Header("vary"), "Accept-Encoding");

  // The same answer again (from the cache) is the same bytes with the same tag.
  const RestResponse again = Get(url);
  EXPECT_EQ(again.body, plain.body);
  EXPECT_EQ(again.Header("etag"), etag);

  HttpRequest revalidate{url};
  revalidate.headers = {"If-None-Match: \"something-else\", " + etag};
  const RestResponse not_modified = Fetch(revalidate);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  EXPECT_EQ(not_modified.Header("etag"), etag);
  EXPECT_EQ(not_modified.Header("access-control-allow-origin"), "*");

  HttpRequest stale{url};
  stale.headers = {"If-None-Match: \"0123456789abcdef0123456789abcdef\""};
  EXPECT_EQ(Fetch(stale).status, 200);

  // The gzip form is another representation: its own tag, the same JSON once decoded.
  HttpRequest compressed{url};
  compressed.decode_gzip = true;
  const RestResponse gz = Fetch(compressed);
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_EQ(gz.body, plain.body);
  EXPECT_EQ(gz.Header("etag"), etag.substr(0, etag.size() - 1) + "-gzip\"");
  compressed.headers = {"If-None-Match: " + etag};  // either tag names the same content
  const RestResponse gz_not_modified = Fetch(compressed);
  EXPECT_EQ(gz_not_modified.status, 304);
  EXPECT_EQ(gz_not_modified.Header("etag"), gz.Header("etag"));

  // Errors are not cached and carry no validator.
  const RestResponse missing = Get(stack_->Url("/api/v1/incidents?statusPageUrl=https://nowhere.example"));
  EXPECT_EQ(ErrorMessage(missing, 404, "unknown page").empty(), false);
  EXPECT_EQ(missing.Header("etag"), "");
}

TEST_F(GatewayCacheTest, ManyRequestsMakeOneBackendCallUntilTheChangeLogDropsTheAnswer) {
  // Entries live a minute here: only the change log can make the change visible.
  ASSERT_NO_FATAL_FAILURE(Start({"--cache_max_age=60s"}));
  const std::string path = absl::StrCat("/api/v1/currentStatus?statusPageUrl=", kPage);
  const double hits_before = Metric(*stack_, kHits), misses_before = Metric(*stack_, kMisses);
  ASSERT_GE(hits_before, 0);
  for (int i = 0; i < 20; ++i) {
    json status = JsonOk(Get(stack_->Url(path)), "currentStatus");
    EXPECT_EQ(status["status"], "DEGRADED") << status;
  }
  EXPECT_EQ(Metric(*stack_, kMisses) - misses_before, 1);
  EXPECT_EQ(Metric(*stack_, kHits) - hits_before, 19);

  // The change log invalidates the cached page and the all-pages answers (the list).
  json pages = JsonOk(Get(stack_->Url("/api/v1/statusPages")), "statusPages");
  ASSERT_EQ(pages["statusPages"].size(), 1u) << pages;
  ASSERT_TRUE(seeder_->ReportIncidents(kPage, {Outage(kT0 + absl::Hours(1))}).ok());
  const absl::Duration visible = TimeUntil(path, [](const json& s) { return s["status"] == "UP"; });
  std::cout << "resolved visible over REST after " << absl::FormatDuration(visible) << "\n";
  EXPECT_LT(visible, absl::Seconds(1));
  const absl::Duration incidents_visible =
      TimeUntil(absl::StrCat("/api/v1/incidents?statusPageUrl=", kPage),
                [](const json& b) { return b["incidents"].size() == 1 && b["incidents"][0]["endTime"].is_string(); });
  EXPECT_LT(incidents_visible, absl::Seconds(1));
}

// The page an answer is about is the one the server names (statusphere-page-url), not the
// client's spelling: the page's own changes drop it however it was spelled, another page's
// do not (an answer about no page in particular would be dropped by every change).
TEST_F(GatewayCacheTest, AnAnswerIsDroppedByItsOwnPagesChangesHoweverTheClientSpelledIt) {
  ASSERT_NO_FATAL_FAILURE(Start({"--cache_max_age=60s"}));
  constexpr char kOther[] = "https://status.other.example";
  ASSERT_TRUE(seeder_->AddPage("Other", kOther).ok());
  const std::string path = "/api/v1/currentStatus?statusPageUrl=HTTPS://Status.Cache.Example/";
  EXPECT_EQ(JsonOk(Get(stack_->Url(path)), "currentStatus")["status"], "DEGRADED");
  JsonOk(Get(stack_->Url("/api/v1/statusPages")), "statusPages");  // cached: dropped by any change

  // Another page changes; once its change is followed (the list is dropped), the answer stays.
  ASSERT_TRUE(seeder_->ReportIncidents(kOther, {Outage()}).ok());
  const double misses_before_list = Metric(*stack_, kMisses);
  ASSERT_LT(
      TimeUntil("/api/v1/statusPages", [&](const json&) { return Metric(*stack_, kMisses) > misses_before_list; }),
      absl::Seconds(5))
      << "the other page's change never dropped the list";
  const double misses = Metric(*stack_, kMisses);
  EXPECT_EQ(JsonOk(Get(stack_->Url(path)), "currentStatus again")["status"], "DEGRADED");
  EXPECT_EQ(Metric(*stack_, kMisses), misses) << "another page's change dropped this page's answer";

  // The page's own change drops it, though the client spelled the page otherwise.
  ASSERT_TRUE(seeder_->ReportIncidents(kPage, {Outage(kT0 + absl::Hours(1))}).ok());
  EXPECT_LT(TimeUntil(path, [](const json& s) { return s["status"] == "UP"; }), absl::Seconds(1));
}

v1::Component Api(const std::string& status) {
  v1::Component component;
  component.set_id("api");
  component.set_name("API");
  component.set_status(status);
  return component;
}

// A component turning red with no incident is in the change log too (COMPONENTS_CHANGED,
// for the streams that ask, as the gateway's cache does): the page's cached status and
// badge follow at once, not when the age bound runs out.
TEST_F(GatewayCacheTest, AComponentTurningRedWithNoIncidentDropsThePagesAnswers) {
  const absl::Duration max_age = absl::Seconds(60);
  // The page is due every second: each report below waits for its lease.
  ASSERT_NO_FATAL_FAILURE(Start({absl::StrCat("--cache_max_age=", absl::ToInt64Seconds(max_age), "s")},
                                {"--current_interval=1s", "--historical_interval=1h"}));
  auto report = [&](const std::string& api_status) {
    return Eventually(
        [&] { return seeder_->ReportIncidents(kPage, {Outage(kT0 + absl::Hours(1))}, {Api(api_status)}).ok(); },
        absl::Seconds(10));
  };
  // No incident open, every component operational: UP.
  ASSERT_TRUE(report("operational"));
  const std::string current = absl::StrCat("/api/v1/currentStatus?statusPageUrl=", kPage);
  const std::string shields = absl::StrCat("/api/v1/shields?statusPageUrl=", kPage);
  // Settled: the report's own change has come through the change log (it drops what it
  // finds cached), and both answers are cached again and stay so.
  ASSERT_TRUE(Eventually(
      [&] {
        const bool up = JsonOk(Get(stack_->Url(current)), "currentStatus")["status"] == "UP";
        JsonOk(Get(stack_->Url(shields)), "shields");
        const double misses = Metric(*stack_, kMisses);
        JsonOk(Get(stack_->Url(current)), "currentStatus again");
        JsonOk(Get(stack_->Url(shields)), "shields again");
        return up && Metric(*stack_, kMisses) == misses;
      },
      absl::Seconds(5)))
      << "currentStatus and the badge never settled, UP and cached";
  const json badge_up = JsonOk(Get(stack_->Url(shields)), "shields");

  ASSERT_TRUE(report("major_outage"));
  const absl::Duration status_visible = TimeUntil(current, [](const json& s) { return s["status"] == "DEGRADED"; });
  const absl::Duration badge_visible =
      TimeUntil(shields, [&](const json& b) { return b["message"] != badge_up["message"]; });
  std::cout << "component outage visible over REST after " << absl::FormatDuration(status_visible)
            << ", on the badge after " << absl::FormatDuration(badge_visible) << " (age bound "
            << absl::FormatDuration(max_age) << ")\n";
  // The age bound alone would take up to a minute: a tenth of it (and in fact well under a
  // second) is the change log.
  EXPECT_LT(status_visible, max_age / 10);
  EXPECT_LT(badge_visible, max_age / 10);
  EXPECT_LT(status_visible + badge_visible, absl::Seconds(2));
}

TEST_F(GatewayCacheTest, ChangesOutsideTheChangeLogAreVisibleWithinTheAgeBound) {
  ASSERT_NO_FATAL_FAILURE(Start({}));  // the default max age, 500 ms
  const std::string path = "/api/v1/statusPages/count";
  json count = JsonOk(Get(stack_->Url(path)), "count");
  ASSERT_EQ(count, json::parse(R"({"statusPageCount":1})"));
  JsonOk(Get(stack_->Url(path)), "count again (cached)");
  // A new page is no incident change: only the age bound brings it.
  ASSERT_TRUE(seeder_->AddPage("Second", "https://status.second.example").ok());
  const absl::Duration visible = TimeUntil(path, [](const json& c) { return c["statusPageCount"] == 2; });
  std::cout << "new page counted over REST after " << absl::FormatDuration(visible) << "\n";
  EXPECT_LT(visible, absl::Seconds(1));
  // A reported change through ScrapeService, end to end.
  const std::string current = absl::StrCat("/api/v1/currentStatus?statusPageUrl=", kPage);
  EXPECT_EQ(JsonOk(Get(stack_->Url(current)), "current")["status"], "DEGRADED");
  ASSERT_TRUE(seeder_->ReportIncidents(kPage, {Outage(kT0 + absl::Hours(2))}).ok());
  const absl::Duration resolved = TimeUntil(current, [](const json& s) { return s["status"] == "UP"; });
  std::cout << "report visible over REST after " << absl::FormatDuration(resolved) << "\n";
  EXPECT_LT(resolved, absl::Seconds(1));
}

TEST_F(GatewayCacheTest, CachedAnswersCountAgainstTheRateLimit) {
  // The server does not limit at all: any 429 here is the gateway's, on cached answers.
  ASSERT_NO_FATAL_FAILURE(
      Start({"--cache_max_age=60s", "--rate_limit_rps=1", "--rate_limit_burst=3"}, {"--rate_limit_rps=0"}));
  const std::string url = stack_->Url(absl::StrCat("/api/v1/currentStatus?statusPageUrl=", kPage));
  const double hits_before = Metric(*stack_, kHits);
  for (int i = 0; i < 3; ++i) JsonOk(Get(url), "within the burst");
  EXPECT_EQ(Metric(*stack_, kHits) - hits_before, 2);  // the first filled the cache
  const RestResponse refused = Get(url);
  const std::string message = ErrorMessage(refused, 429, "past the burst");
  EXPECT_EQ(message, "rate limit exceeded for 127.0.0.1: at most 1 requests per second (bursts of 3); retry in 1 s");
  EXPECT_EQ(refused.Header("retry-after"), "1");
  EXPECT_EQ(refused.Header("etag"), "");
  // Not the public API: never limited.
  EXPECT_EQ(Get(stack_->Url("/healthz")).status, 200);
  EXPECT_EQ(Get(stack_->Url("/api/v1/openapi.json")).status, 200);
  absl::SleepFor(absl::Milliseconds(1100));
  JsonOk(Get(url), "after waiting");
}

}  // namespace
}  // namespace statusphere::testing
