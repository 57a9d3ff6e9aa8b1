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

HttpResponse Json(const std::string& body) {
  HttpResponse r;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = body;
  return r;
}

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
  EXPECT_TRUE(second.not_modified());
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(server.Requests().back().headers["if-none-match"], "\"v1\"");
}

// The fetcher reuses its curl handles: a request must carry nothing of an earlier one.
TEST(Fetcher, AReusedHandleCarriesNothingOfTheLastRequest) {
  HttpServer server;
  HttpResponse r = Json("{\"a\":1}");
  r.etag = "\"v1\"";
  server.Set("/doc", r);
  Fetcher fetcher(Loopback());
  for (int i = 0; i < 3; ++i) {
    FetchResult conditional = fetcher.Fetch({server.Url("/doc"), "\"v1\"", "Tue, 01 Jan 2030 00:00:00 GMT"});
    EXPECT_EQ(conditional.http_status, 304);
    FetchResult plain = fetcher.Fetch({server.Url("/doc")});
    EXPECT_EQ(plain.http_status, 200);
    EXPECT_EQ(plain.body, "{\"a\":1}");
  }
  std::vector<statusphere::testing::RecordedRequest> seen = server.Requests();
  ASSERT_EQ(seen.size(), 6u);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].headers.count("if-none-match"), i % 2 == 0 ? 1u : 0u) << i;
    EXPECT_EQ(seen[i].headers.count("if-modified-since"), i % 2 == 0 ? 1u : 0u) << i;
  }
}

TEST(Fetcher, HttpErrorsAreResponsesWithRetryAfter) {
  HttpServer server;
  HttpResponse busy;
  busy.status = 429;
  busy.headers = {{"Retry-After", "120"}};
  server.Set("/busy", busy);
  Fetcher fetcher(Loopback());
  FetchResult r = fetcher.Fetch({server.Url("/busy")});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.retry_after, absl::Seconds(120));
  EXPECT_EQ(fetcher.Fetch({server.Url("/missing")}).http_status, 404);
}

TEST(Fetcher, FollowsRedirectsButNotLoops) {
  HttpServer server;
  HttpResponse to_target;
  to_target.status = 302;
  to_target.headers = {{"Location", "/target"}};
  server.Set("/start", to_target);
  server.Set("/target", Json("{}"));
  HttpResponse loop;
  loop.status = 302;
  loop.headers = {{"Location", "/loop"}};
  server.Set("/loop", loop);
  Fetcher fetcher(Loopback());
  FetchResult ok = fetcher.Fetch({server.Url("/start")});
  EXPECT_EQ(ok.http_status, 200);
  EXPECT_EQ(ok.final_url, server.Url("/target"));
  FetchResult looped = fetcher.Fetch({server.Url("/loop")});
  EXPECT_EQ(looped.error, ScrapeFailure::TOO_MANY_REDIRECTS);
  EXPECT_TRUE(absl::StrContains(looped.error_message, "redirect"));
}

TEST(Fetcher, RefusesRedirectToOtherProtocols) {
  HttpServer server;
  HttpResponse to_file;
  to_file.status = 302;
  to_file.headers = {{"Location", "file:///etc/passwd"}};
  server.Set("/evil", to_file);
  Fetcher fetcher(Loopback());
  FetchResult r = fetcher.Fetch({server.Url("/evil")});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.body.empty());
}

TEST(Fetcher, OversizedBodyIsCutOffWhetherDeclaredOrNot) {
  HttpServer server;
  HttpResponse huge;
  huge.stream_bytes = 50LL << 20;  // 50 MB
  server.Set("/huge", huge);
  HttpResponse undeclared;
  undeclared.stream_bytes = 50LL << 20;
  undeclared.declared_length = 10;  // lies: the cap must hold on the bytes themselves
  server.Set("/liar", undeclared);
  FetcherOptions options = Loopback();
  options.max_body_bytes = 1 << 20;
  Fetcher fetcher(options);
  FetchResult r = fetcher.Fetch({server.Url("/huge")});
  EXPECT_EQ(r.error, ScrapeFailure::TOO_LARGE);
  EXPECT_TRUE(r.body.empty());
  // A liar's extra bytes are not read as a body (the declared 10 bytes are).
  FetchResult liar = fetcher.Fetch({server.Url("/liar")});
  EXPECT_LE(liar.body.size(), 10u);
}

TEST(Fetcher, GzipBombIsCappedAfterDecompression) {
  // 20 MB of zeros compresses to ~20 KB.
  const std::string gz = statusphere::testing::Gzip(std::string(20 << 20, '0'));
  ASSERT_LT(gz.size(), 1u << 20);

  HttpServer server;
  HttpResponse bomb;
  bomb.headers = {{"Content-Encoding", "gzip"}, {"Content-Type", "application/json"}};
  bomb.body = gz;
  server.Set("/bomb", bomb);
  FetcherOptions options = Loopback();
  options.max_body_bytes = 1 << 20;
  Fetcher fetcher(options);
  FetchResult r = fetcher.Fetch({server.Url("/bomb")});
  EXPECT_EQ(r.error, ScrapeFailure::TOO_LARGE);
}

TEST(Fetcher, SlowAndSilentServersTimeOut) {
  HttpServer server;
  HttpResponse silent;
  silent.delay = absl::Seconds(2);
  server.Set("/silent", silent);
  HttpResponse drip;
  drip.body = std::string(1000, 'x');
  drip.drip_bytes = 1;
  drip.drip_interval = absl::Milliseconds(50);
  server.Set("/drip", drip);
  FetcherOptions options = Loopback();
  options.total_timeout = absl::Milliseconds(700);
  Fetcher fetcher(options);
  const absl::Time start = absl::Now();
  std::vector<FetchResult> r = fetcher.FetchAll({{server.Url("/silent")}, {server.Url("/drip")}});
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_EQ(r[0].error, ScrapeFailure::TIMEOUT);
  EXPECT_EQ(r[1].error, ScrapeFailure::TIMEOUT);
  EXPECT_TRUE(r[1].body.empty());
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
  EXPECT_EQ(r[0].error, ScrapeFailure::FETCH_FAILED);
  EXPECT_TRUE(absl::StrContains(r[0].error_message, "the scraper is stopping")) << r[0].error_message;
  EXPECT_TRUE(r[1].ok()) << r[1].error_message;  // finished before the stop: kept
  EXPECT_EQ(r[1].body, "{}");
}

TEST(Fetcher, ConnectionResetAndRefusedAreFetchFailures) {
  HttpServer server;
  HttpResponse reset;
  reset.reset = true;
  server.Set("/reset", reset);
  Fetcher fetcher(Loopback());
  EXPECT_EQ(fetcher.Fetch({server.Url("/reset")}).error, ScrapeFailure::FETCH_FAILED);
  // Port 1 on loopback: nothing listens there.
  FetchResult refused = fetcher.Fetch({"http://127.0.0.1:1/"});
  EXPECT_EQ(refused.error, ScrapeFailure::FETCH_FAILED);
  EXPECT_TRUE(absl::StrContains(refused.error_message, "127.0.0.1:1"));
}

TEST(FetcherSsrfGuard, RefusesLoopbackByDefaultBeforeConnecting) {
  HttpServer server;
  server.Set("/", Json("{}"));
  Fetcher fetcher;  // default policy: public addresses only
  FetchResult r = fetcher.Fetch({server.Url("/")});
  EXPECT_EQ(r.error, ScrapeFailure::BLOCKED_ADDRESS);
  EXPECT_TRUE(absl::StrContains(r.error_message, "127.0.0.1 is a loopback")) << r.error_message;
  EXPECT_EQ(server.RequestCount("/"), 0);  // refused before any byte was sent
}

TEST(FetcherSsrfGuard, ChecksTheAddressANameResolvesTo) {
  HttpServer server;
  server.Set("/", Json("{}"));
  Fetcher fetcher;
  // "localhost" is a name, not an address: the check happens after resolution.
  FetchResult r = fetcher.Fetch({"http://localhost:" + std::to_string(server.port()) + "/"});
  EXPECT_EQ(r.error, ScrapeFailure::BLOCKED_ADDRESS) << r.error_message;
  EXPECT_EQ(server.RequestCount("/"), 0);
}

TEST(FetcherSsrfGuard, ChecksEveryRedirectTarget) {
  HttpServer server;
  // An allowed page redirects to another loopback address (standing in for a private
  // one) and to the cloud metadata address: both are refused at connect time.
  HttpResponse to_private;
  to_private.status = 302;
  to_private.headers = {{"Location", "http://127.0.0.2:" + std::to_string(server.port()) + "/secret"}};
  server.Set("/to-private", to_private);
  HttpResponse to_metadata;
  to_metadata.status = 301;
  to_metadata.headers = {{"Location", "http://169.254.169.254/latest/meta-data/"}};
  server.Set("/to-metadata", to_metadata);
  server.Set("/secret", Json("{\"secret\":true}"));
  Fetcher fetcher(Loopback());  // allows 127.0.0.1 only
  FetchResult r = fetcher.Fetch({server.Url("/to-private")});
  EXPECT_EQ(r.error, ScrapeFailure::BLOCKED_ADDRESS) << r.error_message;
  EXPECT_TRUE(absl::StrContains(r.error_message, "127.0.0.2")) << r.error_message;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(server.RequestCount("/secret"), 0);
  FetchResult m = fetcher.Fetch({server.Url("/to-metadata")});
  EXPECT_EQ(m.error, ScrapeFailure::BLOCKED_ADDRESS) << m.error_message;
  EXPECT_TRUE(absl::StrContains(m.error_message, "169.254.169.254 is a link-local")) << m.error_message;
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
