// End to end: a page's own Cache-Control decides how soon it is asked again. The real
// statusphere-server (hot polling every second) and a real statusphere-scraper read three
// Statuspage-shaped pages on 127.0.0.1, each with an open incident (so hot), that count and
// time the requests they get: one says its documents stay fresh 4 s (its 304s say so too),
// one sends no caching headers, one says no-cache beside its max-age.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::Eventually;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::RecordedRequest;

constexpr absl::Duration kFresh = absl::Seconds(4);

// When each page's summary.json was asked for.
class RequestClock {
 public:
  void Record(const std::string& page) {
    absl::MutexLock lock(&mu_);
    times_[page].push_back(absl::Now());
  }
  std::vector<absl::Time> Times(const std::string& page) {
    absl::MutexLock lock(&mu_);
    return times_[page];
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, std::vector<absl::Time>> times_;
};

std::string Documents(const std::string& doc, const std::string& page) {
  const std::string info = absl::StrCat(R"({"id":")", page, R"(","name":")", page, R"("})");
  const std::string incident = absl::StrCat(
      R"({"id":"inc-)", page, R"(","name":"Slow API","status":"investigating","impact":"minor",)",
      R"("created_at":"2026-12-07T10:00:00.000Z","started_at":"2026-12-07T10:00:00.000Z","resolved_at":null,)",
      R"("shortlink":"https://stspg.io/x","components":[],"incident_updates":[{"id":"u-)", page,
      R"(","status":"investigating","body":"Looking into it.","created_at":"2026-12-07T10:00:00.000Z",)",
      R"("display_at":"2026-12-07T10:00:00.000Z"}]})");
  if (doc == "summary.json") {
    return absl::StrCat(R"({"page":)", info, R"(,"status":{"indicator":"minor"},"components":[],"incidents":[)",
                        incident, R"(],"scheduled_maintenances":[]})");
  }
  if (doc == "incidents.json") return absl::StrCat(R"({"page":)", info, R"(,"incidents":[)", incident, "]}");
  return absl::StrCat(R"({"page":)", info, R"(,"scheduled_maintenances":[]})");
}

// Serves /<page>/api/v2/<doc> with an ETag (so later scrapes are 304s) and these headers.
void ServePage(HttpServer& site, RequestClock& clock, const std::string& page,
               std::vector<std::pair<std::string, std::string>> headers) {
  for (const std::string doc : {"summary.json", "incidents.json", "scheduled-maintenances.json"}) {
    HttpResponse r;
    r.headers = headers;
    r.headers.push_back({"Content-Type", "application/json"});
    r.body = Documents(doc, page);
    r.etag = absl::StrCat("\"", page, "-", doc, "\"");
    site.SetHandler(absl::StrCat("/", page, "/api/v2/", doc), [&clock, page, doc, r](const RecordedRequest&) {
      if (doc == "summary.json") clock.Record(page);
      return r;
    });
  }
}

class CacheFreshnessE2eTest : public testing::ServerFixture {};

TEST_F(CacheFreshnessE2eTest, APageIsNotAskedAgainWhileItsMaxAgeRuns) {
  HttpServer site;
  RequestClock clock;
  ServePage(site, clock, "fresh", {{"Cache-Control", absl::StrCat("public, max-age=", absl::ToInt64Seconds(kFresh))}});
  ServePage(site, clock, "plain", {});
  ServePage(site, clock, "nocache", {{"Cache-Control", "no-cache, max-age=4"}});
  // Hot pages every second, unjittered and not growing; the quiet interval (30 s) bounds what a
  // page may ask.
  StartServer("cache_freshness_e2e", "127.0.0.0/8",
              {"--current_interval=30s", "--hot_interval=1s", "--hot_growth=0", "--schedule_jitter=0"});
  for (const std::string page : {"fresh", "plain", "nocache"}) {
    AddPage(page, site.Url("/" + page), "atlassian-statuspage");
  }
  StartScraper("cache", {"--idle_wait=100ms"});
  for (const std::string page : {"fresh", "plain", "nocache"}) {
    // Its backfill (which reads summary.json too, once an hour here) done as well.
    ASSERT_TRUE(Eventually(
        [&] {
          const v1::StatusPage p = Page(site.Url("/" + page));
          return p.is_indexed() && p.has_last_historically_scraped();
        },
        absl::Seconds(30)))
        << page << "\n"
        << scrapers_[0]->Log();
  }

  const absl::Time start = absl::Now();
  absl::SleepFor(absl::Seconds(14));
  const absl::Time end = absl::Now();
  auto in_window = [&](const std::string& page) {
    std::vector<absl::Time> out;
    for (absl::Time t : clock.Times(page)) {
      if (t >= start && t < end) out.push_back(t);
    }
    return out;
  };
  const std::vector<absl::Time> fresh = in_window("fresh");
  const std::vector<absl::Time> plain = in_window("plain");
  const std::vector<absl::Time> nocache = in_window("nocache");
  std::cout << "summary.json requests in 14 s: max-age=4 " << fresh.size() << ", no caching headers " << plain.size()
            << ", no-cache " << nocache.size() << "\n";
  // Every ~4 s (14 / 4 + 1 at most), and still read: the page is hot, 4 s is below 30 s.
  EXPECT_GE(fresh.size(), 2u);
  EXPECT_LE(fresh.size(), 4u);
  // Never sooner than the page said, from one current scrape to the next (the 304s said it too).
  for (size_t i = 1; i < fresh.size(); ++i) EXPECT_GE(fresh[i] - fresh[i - 1], kFresh) << "request " << i;
  // The others are polled at the hot interval: no-cache does not slow us down.
  EXPECT_GE(plain.size(), 7u);
  EXPECT_GE(nocache.size(), 7u);
  // Conditional requests go on: the fresh page's later scrapes were 304s, which said it too.
  int conditional = 0;
  for (const RecordedRequest& r : site.Requests()) {
    if (r.path == "/fresh/api/v2/summary.json" && r.headers.count("if-none-match")) ++conditional;
  }
  EXPECT_GE(conditional, 2);
}

}  // namespace
}  // namespace statusphere
