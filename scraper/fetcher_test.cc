// The fetcher against a real HTTP server on 127.0.0.1 playing well-behaved and hostile pages.
#include "scraper/fetcher.h"

#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/http_server.h"

namespace statusphere::scraper {
namespace {

using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::v1::ScrapeFailure;

// The test server is on loopback, which the SSRF guard refuses by default.
FetcherOptions Loopback() {
  FetcherOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  return options;
}

HttpResponse Json(const std::string& body) { return statusphere::testing::JsonResponse(body); }

TEST(Fetcher, FetchesManyUrlsInRequestOrderWithHeaders) {
  HttpServer server;
  for (int i = 0; i < 20; ++i) server.Set("/p" + std::to_string(i), Json("{\"i\":" + std::to_string(i) + "}"));
  Fetcher fetcher(Loopback());
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back({server.Url("/p" + std::to_string(i))});
  std::vector<FetchResult> results = fetcher.FetchAll(requests);
  ASSERT_EQ(results.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(results[i].ok()) << results[i].error_message;
    EXPECT_EQ(results[i].http_status, 200);
    EXPECT_EQ(results[i].body, "{\"i\":" + std::to_string(i) + "}");
    EXPECT_EQ(results[i].content_type, "application/json");
  }
  auto requests_seen = server.Requests();
  ASSERT_FALSE(requests_seen.empty());
  EXPECT_TRUE(absl::StartsWith(requests_seen[0].headers["user-agent"], "statusphere-scraper/"));
}

TEST(Fetcher, ConditionalRequestGets304WithoutBody) {
  HttpServer server;
  HttpResponse r = Json("{\"a\":1}");
  r.etag = "\"v1\"";
  server.Set("/summary.json", r);
  Fetcher fetcher(Loopback());
  FetchResult first = fetcher.Fetch({server.Url("/summary.json")});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.etag, "\"v1\"");
  FetchResult second = fetcher.Fetch({server.Url("/summary.json"), first.etag, ""});
  EXPECT_TRUE(NotModified(second));
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(server.Requests().back().headers["if-none-match"], "\"v1\"");
}

HttpResponse RedirectTo(int status, const std::string& location) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Location", location}};
  return r;
}

// Each way a fetch fails, in the scrape report's words (ScrapeFailure::Reason), with a
// message naming the URL. How the client detects each is tested in common/http.
TEST(Fetcher, EachFailureIsReportedWithItsReason) {
  HttpServer server;
  server.Set("/start", RedirectTo(302, "/target"));
  server.Set("/target", Json("{}"));
  server.Set("/loop", RedirectTo(302, "/loop"));
  server.Set("/evil", RedirectTo(302, "file:///etc/passwd"));
  HttpResponse huge;
  huge.stream_bytes = 50LL << 20;  // 50 MB
  server.Set("/huge", huge);
  HttpResponse liar;
  liar.stream_bytes = 50LL << 20;
  liar.declared_length = 10;  // lies: the cap must hold on the bytes themselves
  server.Set("/liar", liar);
  HttpResponse bomb;  // 20 MB of zeros, ~20 KB gzipped
  bomb.headers = {{"Content-Encoding", "gzip"}, {"Content-Type", "application/json"}};
  bomb.body = statusphere::testing::Gzip(std::string(20 << 20, '0'));
  server.Set("/bomb", bomb);
  HttpResponse silent;
  silent.delay = absl::Seconds(2);
  server.Set("/silent", silent);
  HttpResponse drip;
  drip.body = std::string(1000, 'x');
  drip.drip_bytes = 1;
  drip.drip_interval = absl::Milliseconds(50);
  server.Set("/drip", drip);
  HttpResponse reset;
  reset.reset = true;
  server.Set("/reset", reset);
  // An allowed page redirects to another loopback address (standing in for a private
  // one) and to the cloud metadata address: both are refused at connect time.
  server.Set("/to-private", RedirectTo(302, "http://127.0.0.2:" + std::to_string(server.port()) + "/secret"));
  server.Set("/to-metadata", RedirectTo(301, "http://169.254.169.254/latest/meta-data/"));
  server.Set("/secret", Json("{\"secret\":true}"));
  HttpResponse busy;
  busy.status = 429;
  busy.headers = {{"Retry-After", "120"}};
  server.Set("/busy", busy);

  struct Case {
    std::string url;
    ScrapeFailure::Reason reason;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {server.Url("/loop"), ScrapeFailure::TOO_MANY_REDIRECTS, "redirect"},
      {server.Url("/evil"), ScrapeFailure::FETCH_FAILED, "GET " + server.Url("/evil")},
      {server.Url("/huge"), ScrapeFailure::TOO_LARGE, "larger than 1048576 bytes"},
      {server.Url("/bomb"), ScrapeFailure::TOO_LARGE, "larger than 1048576 bytes"},
      {server.Url("/silent"), ScrapeFailure::TIMEOUT, "timed out"},
      {server.Url("/drip"), ScrapeFailure::TIMEOUT, "timed out"},
      {server.Url("/reset"), ScrapeFailure::FETCH_FAILED, "GET " + server.Url("/reset")},
      {"http://127.0.0.1:1/", ScrapeFailure::FETCH_FAILED, "127.0.0.1:1"},  // nothing listens there
      {server.Url("/to-private"), ScrapeFailure::BLOCKED_ADDRESS, "127.0.0.2"},
      {server.Url("/to-metadata"), ScrapeFailure::BLOCKED_ADDRESS, "169.254.169.254 is a link-local"},
  };
  FetcherOptions options = Loopback();  // allows 127.0.0.1 only
  options.max_body_bytes = 1 << 20;
  options.total_timeout = absl::Milliseconds(700);
  Fetcher fetcher(options);
  std::vector<FetchRequest> requests;
  for (const Case& c : cases) requests.push_back({c.url});
  const absl::Time start = absl::Now();
  std::vector<FetchResult> results = fetcher.FetchAll(requests);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));  // the slow ones time out together
  ASSERT_EQ(results.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(FailureReason(results[i]), cases[i].reason) << cases[i].url << ": " << results[i].error_message;
    EXPECT_FALSE(results[i].ok()) << cases[i].url;
    EXPECT_TRUE(absl::StrContains(results[i].error_message, cases[i].message_part)) << results[i].error_message;
    EXPECT_TRUE(results[i].body.empty()) << cases[i].url;
  }
  EXPECT_EQ(server.RequestCount("/secret"), 0);

  FetchResult moved = fetcher.Fetch({server.Url("/start")});
  EXPECT_EQ(moved.http_status, 200);
  EXPECT_EQ(moved.final_url, server.Url("/target"));
  // HTTP error statuses are answers, which the caller judges.
  FetchResult r = fetcher.Fetch({server.Url("/busy")});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.retry_after, absl::Seconds(120));
  EXPECT_EQ(fetcher.Fetch({server.Url("/missing")}).http_status, 404);
  // A liar's extra bytes are not read as a body (the declared 10 bytes are). Last: they
  // stay on the kept-alive connection, where the next request would read them.
  EXPECT_LE(fetcher.Fetch({server.Url("/liar")}).body.size(), 10u);
}

TEST(FetcherSsrfGuard, RefusesLoopbackByDefaultBeforeConnecting) {
  HttpServer server;
  server.Set("/", Json("{}"));
  Fetcher fetcher;  // default policy: public addresses only
  FetchResult r = fetcher.Fetch({server.Url("/")});
  EXPECT_EQ(FailureReason(r), ScrapeFailure::BLOCKED_ADDRESS);
  EXPECT_TRUE(absl::StrContains(r.error_message, "127.0.0.1 is a loopback")) << r.error_message;
  // "localhost" is a name, not an address: the check happens after resolution.
  FetchResult named = fetcher.Fetch({"http://localhost:" + std::to_string(server.port()) + "/"});
  EXPECT_EQ(FailureReason(named), ScrapeFailure::BLOCKED_ADDRESS) << named.error_message;
  EXPECT_EQ(server.RequestCount("/"), 0);  // refused before any byte was sent
}

TEST(Fetcher, StoppingGivesUpTransfersInFlight) {
  HttpServer server;
  HttpResponse silent;
  silent.delay = absl::Seconds(3);  // the server's thread sleeps it out before the test ends
  server.Set("/silent", silent);
  server.Set("/quick", Json("{}"));
  std::atomic<bool> stopping{false};
  FetcherOptions options = Loopback();
  options.cancel = &stopping;
  Fetcher fetcher(options);
  std::thread stopper([&] {
    absl::SleepFor(absl::Milliseconds(300));
    stopping = true;
  });
  const absl::Time start = absl::Now();
  std::vector<FetchResult> r = fetcher.FetchAll({{server.Url("/silent")}, {server.Url("/quick")}});
  stopper.join();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));  // not the 3 s the page takes, nor the 30 s timeout
  EXPECT_EQ(FailureReason(r[0]), ScrapeFailure::FETCH_FAILED);
  EXPECT_TRUE(absl::StrContains(r[0].error_message, "the scraper is stopping")) << r[0].error_message;
  EXPECT_TRUE(r[1].ok()) << r[1].error_message;  // finished before the stop: kept
  EXPECT_EQ(r[1].body, "{}");
}

TEST(FetcherHostLimit, WorkersShareOneLimitPerHost) {
  HttpServer server;
  HttpResponse slow = Json("{}");
  slow.delay = absl::Milliseconds(400);
  server.Set("/slow", slow);
  auto timed_pair = [&](std::shared_ptr<HostLimiter> limiter) {
    FetcherOptions options = Loopback();
    options.host_limiter = limiter;
    auto work = [&] {
      Fetcher fetcher(options);
      EXPECT_TRUE(fetcher.Fetch({server.Url("/slow")}).ok());
    };
    const absl::Time start = absl::Now();
    std::thread a(work), b(work);
    a.join();
    b.join();
    return absl::Now() - start;
  };
  // Two workers, one slot on 127.0.0.1: one waits for the other.
  EXPECT_GE(timed_pair(std::make_shared<HostLimiter>(1)), absl::Milliseconds(800));
  // Two slots: side by side.
  EXPECT_LT(timed_pair(std::make_shared<HostLimiter>(2)), absl::Milliseconds(780));
}

TEST(HostLimiterTest, SlotsAreReleasedAndHostsDeduplicated) {
  HostLimiter limiter(2);
  {
    HostLimiter::Slots slots = limiter.Acquire({"b.example", "a.example", "b.example"});
    EXPECT_EQ(limiter.in_use("a.example"), 1);
    EXPECT_EQ(limiter.in_use("b.example"), 1);  // one slot per host, however many URLs
    HostLimiter::Slots more = limiter.Acquire({"a.example"});
    EXPECT_EQ(limiter.in_use("a.example"), 2);
  }
  EXPECT_EQ(limiter.in_use("a.example"), 0);
  EXPECT_EQ(limiter.in_use("b.example"), 0);
}

}  // namespace
}  // namespace statusphere::scraper
