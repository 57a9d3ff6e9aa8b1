// End to end: HTTP servers on 127.0.0.1 play Statuspage pages (and hostile ones), the real
// statusphere-server and two real statusphere-scraper processes run against them with a
// one-second cadence, and every change the pages make is checked through gRPC.
#include <chrono>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "nlohmann/json.hpp"
#include "gtest/gtest.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::FakeStatuspage;
using statusphere::testing::Rfc3339;
using statusphere::testing::Eventually;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::ReadRepoFile;
using namespace statusphere::v1;  // NOLINT

// The cadence is 1 s; a change must be visible within one poll interval plus the time a
// scrape takes, so 3 s is the bound the test allows.
constexpr absl::Duration kVisibleWithin = absl::Seconds(3);

class ScrapeE2eTest : public testing::ServerFixture {
 protected:
  void SetUp() override { StartServer("scrape_e2e", "127.0.0.0/8"); }  // the farm is on loopback

  using ServerFixture::StartScraper;
  void StartScraper(int index) {
    StartScraper(absl::StrCat("e2e-", index),
                 {"--workers=4", "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=1s", "--connect_timeout=1s",
                  "--max_body_bytes=1048576", "--lease_duration=20s"});
  }

  void AddPage(const std::string& name, const std::string& url, const std::string& provider = "atlassian-statuspage") {
    ServerFixture::AddPage(name, url, provider);
  }
};

TEST_F(ScrapeE2eTest, ChangesOnStatusPagesAppearWithinOnePollAndFaultsStayContained) {
  HttpServer site;
  FakeStatuspage acme(site, "acme", /*etag=*/false);
  FakeStatuspage quiet(site, "quiet", /*etag=*/true);
  const absl::Time t0 = absl::Now() - absl::Hours(2);
  acme.AddIncident("inc1", "major", Rfc3339(t0));
  quiet.AddIncident("old", "minor", Rfc3339(t0 - absl::Hours(48)));
  quiet.PostUpdate("old", "resolved", "Fixed.", Rfc3339(t0 - absl::Hours(47)));

  // Hostile pages: silent, failing, looping, enormous.
  HttpResponse silent;
  silent.delay = absl::Seconds(3);
  site.Set("/slow/api/v2/summary.json", silent);
  HttpResponse error;
  error.status = 500;
  site.Set("/broken/api/v2/summary.json", error);
  HttpResponse loop;
  loop.status = 302;
  loop.headers = {{"Location", "/loop/api/v2/summary.json"}};
  site.Set("/loop/api/v2/summary.json", loop);
  HttpResponse huge;
  huge.stream_bytes = 50LL << 20;
  site.Set("/huge/api/v2/summary.json", huge);

  AddPage("Acme", acme.url());
  AddPage("Quiet", quiet.url());
  for (const char* name : {"slow", "broken", "loop", "huge"}) AddPage(name, site.Url(std::string("/") + name));
  StartScraper(1);
  StartScraper(2);

  // First scrape: the open incident is stored and the page is DEGRADED.
  ASSERT_TRUE(Eventually([&] { return Incidents(acme.url()).size() == 1; }, absl::Seconds(10)))
      << scrapers_[0]->Log();
  EXPECT_EQ(CurrentStatus(acme.url()), "DEGRADED");
  ASSERT_TRUE(Eventually([&] { return Incidents(quiet.url()).size() == 1; }, absl::Seconds(10)));
  EXPECT_EQ(CurrentStatus(quiet.url()), "UP");

  // An update is posted: visible within one poll.
  absl::Time changed = absl::Now();
  acme.PostUpdate("inc1", "identified", "Cause found.", Rfc3339(absl::Now()));
  ASSERT_TRUE(Eventually([&] { auto i = Incidents(acme.url()); return !i.empty() && i[0].events_size() == 2; },
                         kVisibleWithin));
  EXPECT_LT(absl::Now() - changed, kVisibleWithin);
  EXPECT_EQ(Incidents(acme.url())[0].events(0).title(), "Identified");

  // A new incident appears.
  acme.AddIncident("inc2", "minor", Rfc3339(absl::Now()));
  ASSERT_TRUE(Eventually([&] { return Incidents(acme.url()).size() == 2; }, kVisibleWithin));

  // One scraper dies mid-work (kill -9): the other carries on; nothing is lost.
  scrapers_[0]->Kill();

  // The first incident resolves: it gets its end time; the other stays open.
  acme.PostUpdate("inc1", "resolved", "All good.", Rfc3339(absl::Now()));
  ASSERT_TRUE(Eventually(
      [&] {
        for (const auto& i : Incidents(acme.url())) {
          if (i.id() == "inc1") return IsSet(i.end_time());
        }
        return false;
      },
      absl::Seconds(25)));  // allows for the dead scraper's leases (20 s) to expire
  acme.PostUpdate("inc2", "resolved", "Done.", Rfc3339(absl::Now()));
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(acme.url()) == "UP"; }, absl::Seconds(25)));

  // Nothing duplicated: two incidents, each update once.
  std::vector<Incident> final_incidents = Incidents(acme.url());
  ASSERT_EQ(final_incidents.size(), 2u);
  for (const auto& i : final_incidents) {
    std::set<std::string> ids;
    for (const auto& e : i.events()) EXPECT_TRUE(ids.insert(e.id()).second) << "duplicate update " << e.id();
    EXPECT_EQ(i.events_size(), i.id() == "inc1" ? 3 : 2);
  }

  // The quiet page answers 304 to conditional requests: scraped on time, nothing written.
  int not_modified = 0;
  for (const auto& r : site.Requests()) {
    if (absl::StartsWith(r.path, "/quiet/") && r.headers.count("if-none-match")) ++not_modified;
  }
  EXPECT_GT(not_modified, 3);
  WatchIncidentsRequest watch;
  watch.set_status_page_url(quiet.url());
  watch.set_cursor("0");
  grpc::ClientContext watch_context;
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(800));
  auto reader = pages_->WatchIncidents(&watch_context, watch);
  IncidentChange change;
  int quiet_changes = 0;
  while (reader->Read(&change)) ++quiet_changes;
  EXPECT_EQ(quiet_changes, 1);  // the first scrape's CREATED, then nothing
  EXPECT_GT(FromProto(Page(quiet.url()).last_currently_scraped()), absl::Now() - absl::Seconds(3));

  // Each hostile page failed with a clear error and kept the others on time.
  EXPECT_TRUE(absl::StrContains(Page(site.Url("/slow")).last_error(), "timed out")) << Page(site.Url("/slow")).last_error();
  EXPECT_TRUE(absl::StrContains(Page(site.Url("/broken")).last_error(), "HTTP 500"));
  EXPECT_TRUE(absl::StrContains(Page(site.Url("/loop")).last_error(), "redirect"));
  EXPECT_TRUE(absl::StrContains(Page(site.Url("/huge")).last_error(), "larger than"));
  EXPECT_FALSE(Page(site.Url("/huge")).is_indexed());
  EXPECT_GT(FromProto(Page(acme.url()).last_currently_scraped()), absl::Now() - absl::Seconds(3));

  for (auto& s : scrapers_) s->Stop();
  const absl::Time stopping = absl::Now();
  EXPECT_EQ(server_->Stop(absl::Seconds(15)), 0) << server_->Log().substr(0, 3000);
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(12)) << "shutdown is bounded by the grace (5 s) plus 2 s";
}

// Platforms beyond Statuspage through the real scraper, found by detection (no provider
// given): incident.io with both of its APIs, and a self-hosted Uptime Kuma page.
TEST_F(ScrapeE2eTest, DetectsAndScrapesIncidentIoAndUptimeKumaPages) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& fixture) {
    HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = ReadRepoFile("providers/" + fixture);
    ASSERT_FALSE(r.body.empty()) << fixture;
    site.Set(path, r);
  };
  serve("/iio/api/v2/summary.json", "incident_io/testdata/summary.json");
  serve("/iio/api/v2/incidents.json", "incident_io/testdata/incidents.json");
  serve("/proxy/127.0.0.1", "incident_io/testdata/proxy_summary.json");  // the origin's widget API
  serve("/api/status-page/main", "uptime_kuma/testdata/status-page.json");
  serve("/api/status-page/heartbeat/main", "uptime_kuma/testdata/heartbeat.json");
  const std::string iio = site.Url("/iio"), kuma = site.Url("/status/main");
  AddPage("Example Cloud", iio, /*provider=*/"");
  AddPage("Kuma", kuma, /*provider=*/"");
  StartScraper(1);

  // incident.io: the compatible API's incidents plus the maintenance windows only its own
  // API lists, and the component groups only that API has.
  ASSERT_TRUE(Eventually([&] { return Incidents(iio).size() == 4; }, absl::Seconds(15))) << scrapers_[0]->Log();
  StatusPage page = Page(iio);
  EXPECT_EQ(page.provider(), "incident-io");
  EXPECT_EQ(CurrentStatus(iio), "DEGRADED");
  std::map<std::string, std::string> group_of;
  for (const auto& c : page.components()) group_of[c.name()] = c.group();
  EXPECT_EQ(group_of["REST API"], "Platform");
  int maintenance = 0;
  for (const auto& i : Incidents(iio)) maintenance += i.impact() == "maintenance";
  EXPECT_EQ(maintenance, 2);

  // Uptime Kuma: each monitor a component with its latest check as its status.
  ASSERT_TRUE(Eventually([&] { return Page(kuma).components_size() == 6; }, absl::Seconds(15))) << scrapers_[0]->Log();
  page = Page(kuma);
  EXPECT_EQ(page.provider(), "uptime-kuma");
  std::map<std::string, std::string> status_of;
  for (const auto& c : page.components()) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of["Website"], "operational");
  EXPECT_EQ(page.last_error(), "");
  auto pinned_open = [&] {
    for (const auto& i : Incidents(kuma)) {
      if (absl::StartsWith(i.id(), "incident-")) return !IsSet(i.end_time());
    }
    return false;
  };
  ASSERT_TRUE(Eventually(pinned_open, absl::Seconds(5)));

  // The incident is unpinned: Kuma's page simply stops showing it. The page lists every
  // open incident, so the stored one is closed by the next scrape.
  nlohmann::json unpinned = nlohmann::json::parse(ReadRepoFile("providers/uptime_kuma/testdata/status-page.json"));
  unpinned["incident"] = nullptr;
  HttpResponse r;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = unpinned.dump();
  site.Set("/api/status-page/main", r);
  ASSERT_TRUE(Eventually([&] { return !pinned_open(); }, kVisibleWithin)) << scrapers_[0]->Log();
  for (const auto& i : Incidents(kuma)) {
    if (!absl::StartsWith(i.id(), "incident-")) continue;
    EXPECT_EQ(i.status(), "resolved");
    EXPECT_EQ(i.events(0).description().find("No longer listed"), 0u) << i.events(0).description();
  }
}

// A Statuspage page whose JSON API refuses the scraper (403) or rate-limits it (429) while
// its home page serves components and an open incident: scraped from the home page, which
// the plan fetches only then, and read back through gRPC.
TEST_F(ScrapeE2eTest, StatuspageBehindABotWallIsScrapedFromItsHomePage) {
  HttpServer site;
  for (const auto& [page, status] : {std::pair<std::string, int>{"/blocked", 403}, {"/limited", 429}}) {
    HttpResponse refused;
    refused.status = status;
    refused.body = status == 403 ? "Forbidden" : "Too Many Requests";
    for (const char* path : {"/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json"}) {
      site.Set(page + path, refused);
    }
    HttpResponse home;
    home.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    home.body = ReadRepoFile("providers/atlassian_statuspage/testdata/home-outage.html");
    ASSERT_FALSE(home.body.empty());
    site.Set(page, home);
  }
  const std::string blocked = site.Url("/blocked"), limited = site.Url("/limited");
  AddPage("Blocked", blocked);
  AddPage("Limited", limited);
  StartScraper(1);

  for (const std::string& url : {blocked, limited}) {
    ASSERT_TRUE(Eventually([&] { return Incidents(url).size() == 3; }, absl::Seconds(15))) << scrapers_[0]->Log();
    std::map<std::string, Incident> by_id;
    for (const auto& i : Incidents(url)) by_id[i.id()] = i;
    const Incident& outage = by_id["k3t9zq1m4xyb"];
    EXPECT_EQ(outage.title(), "Elevated API error rates & timeouts");
    EXPECT_EQ(outage.impact(), "major");
    EXPECT_EQ(outage.status(), "identified");
    EXPECT_EQ(outage.events_size(), 2);
    EXPECT_FALSE(IsSet(outage.end_time()));
    EXPECT_EQ(outage.deep_link(), url + "/incidents/k3t9zq1m4xyb");
    EXPECT_EQ(by_id["m8w2v7c5d0fh"].impact(), "maintenance");
    EXPECT_EQ(by_id["s4n6p2r8t1qa"].status(), "scheduled");
    StatusPage page = Page(url);
    EXPECT_EQ(page.last_error(), "");
    std::map<std::string, std::string> status_of;
    for (const auto& c : page.components()) status_of[c.name()] = c.status();
    EXPECT_EQ(status_of.size(), 3u);
    EXPECT_EQ(status_of["API"], "partial_outage");
    EXPECT_EQ(status_of["Database"], "under_maintenance");
    EXPECT_EQ(status_of["Object storage"], "operational");
    EXPECT_EQ(CurrentStatus(url), "DEGRADED");
  }
  // The home page was fetched because the API did not answer.
  int home_fetches = 0;
  for (const auto& r : site.Requests()) home_fetches += r.path == "/blocked";
  EXPECT_GT(home_fetches, 0);
}

}  // namespace
}  // namespace statusphere
