// End to end: HTTP servers on 127.0.0.1 play Statuspage pages (and hostile ones), the real
// statusphere-server and two real statusphere-scraper processes run against them with a
// one-second cadence, and every change the pages make is checked through gRPC.
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/pagerduty/data_island.h"
#include "providers/uptime_com/page_props.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::ReadRepoFile;
using statusphere::testing::Rfc3339;
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
  ASSERT_TRUE(Eventually([&] { return Incidents(acme.url()).size() == 1; }, absl::Seconds(10))) << scrapers_[0]->Log();
  EXPECT_EQ(CurrentStatus(acme.url()), "DEGRADED");
  ASSERT_TRUE(Eventually([&] { return Incidents(quiet.url()).size() == 1; }, absl::Seconds(10)));
  EXPECT_EQ(CurrentStatus(quiet.url()), "UP");

  // An update is posted: visible within one poll.
  absl::Time changed = absl::Now();
  acme.PostUpdate("inc1", "identified", "Cause found.", Rfc3339(absl::Now()));
  ASSERT_TRUE(Eventually(
      [&] {
        auto i = Incidents(acme.url());
        return !i.empty() && i[0].events_size() == 2;
      },
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
  EXPECT_TRUE(absl::StrContains(Page(site.Url("/slow")).last_error(), "timed out"))
      << Page(site.Url("/slow")).last_error();
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
// ScrapeService wants the scraper token: a scraper without one does not start, one with a
// wrong one leases nothing (so fetches and stores nothing), and the right one scrapes.
TEST_F(ScrapeE2eTest, OnlyAScraperWithTheScraperTokenScrapes) {
  HttpServer site;
  FakeStatuspage acme(site, "acme", /*etag=*/false);
  acme.AddIncident("inc1", "major", Rfc3339(absl::Now() - absl::Hours(1)));
  AddPage("Acme", acme.url());

  testing::Subprocess& tokenless = StartScraper("tokenless", {"--scraper_token_file="});
  ASSERT_TRUE(Eventually([&] { return !tokenless.Running(); }, absl::Seconds(10))) << tokenless.Log();
  EXPECT_TRUE(absl::StrContains(tokenless.Log(), "STATUSPHERE_SCRAPER_TOKEN")) << tokenless.Log();

  const std::string wrong_token = dir_ + "/wrong_scraper_token";
  testing::WriteTokenFile(wrong_token, "not-the-scraper-token-0123456789");
  testing::Subprocess& wrong =
      StartScraper("wrong-token", {"--scraper_token_file=" + wrong_token, "--idle_wait=100ms"});
  ASSERT_TRUE(
      Eventually([&] { return absl::StrContains(wrong.Log(), "the scraper token is wrong"); }, absl::Seconds(10)))
      << wrong.Log();
  absl::SleepFor(absl::Seconds(2));  // two cadences: it would have scraped by now
  EXPECT_TRUE(wrong.Running());
  EXPECT_TRUE(Incidents(acme.url()).empty());
  EXPECT_FALSE(Page(acme.url()).is_indexed());

  StartScraper(1);
  ASSERT_TRUE(Eventually([&] { return Incidents(acme.url()).size() == 1; }, absl::Seconds(10)))
      << scrapers_.back()->Log();
}

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

// PagerDuty and Upptime through the real scraper, found by detection: a PagerDuty page on
// its customer's domain (the home page's JSON island), and an Upptime monitor given as its
// repository's files (the website form reads them from raw.githubusercontent.com, which a
// test may not reach). Each page then changes: the open incidents end, and are closed.
TEST_F(ScrapeE2eTest, DetectsAndScrapesPagerDutyAndUpptimePages) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& content_type, const std::string& body) {
    HttpResponse r;
    r.headers = {{"Content-Type", content_type}};
    r.body = body;
    site.Set(path, r);
  };
  const std::string pd_home = ReadRepoFile("providers/pagerduty/testdata/home.html");
  const std::string summary = ReadRepoFile("providers/upptime/testdata/summary.json");
  ASSERT_FALSE(pd_home.empty());
  ASSERT_FALSE(summary.empty());
  serve("/pd", "text/html", pd_home);
  serve("/acme/status/master/history/summary.json", "text/plain; charset=utf-8", summary);
  const std::string pd = site.Url("/pd"), upptime = site.Url("/acme/status/master");
  AddPage("Acme Alerts", pd, /*provider=*/"");
  AddPage("Acme Monitor", upptime, /*provider=*/"");
  std::optional<std::string> real = statusphere::testing::ReadSharedFixture(
      "pagerduty/status.pagerduty.com-home-open-minor-incident-2023-12-15.html");
  const std::string pd_real = site.Url("/pd-real");
  if (real) {
    serve("/pd-real", "text/html", *real);
    AddPage("PagerDuty", pd_real, /*provider=*/"");
  }
  StartScraper(1);

  // PagerDuty: the open incident and the resolved one; the impacted services' statuses.
  ASSERT_TRUE(Eventually([&] { return Incidents(pd).size() == 2; }, absl::Seconds(15))) << scrapers_[0]->Log();
  StatusPage page = Page(pd);
  EXPECT_EQ(page.provider(), "pagerduty");
  EXPECT_EQ(CurrentStatus(pd), "DEGRADED");
  std::map<std::string, std::string> status_of;
  for (const auto& c : page.components()) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of.size(), 3u);
  EXPECT_EQ(status_of["Webhooks (EU)"], "major_outage");
  EXPECT_EQ(status_of["Log In"], "operational");
  for (const auto& i : Incidents(pd)) {
    if (i.id() == "PINC000") {
      EXPECT_EQ(i.events_size(), 3);  // two updates and the postmortem
    } else {
      EXPECT_FALSE(IsSet(i.end_time())) << i.id();
    }
  }

  // Upptime: five sites, four runs of down days, two of them open now.
  ASSERT_TRUE(Eventually([&] { return Incidents(upptime).size() == 4; }, absl::Seconds(15))) << scrapers_[0]->Log();
  page = Page(upptime);
  EXPECT_EQ(page.provider(), "upptime");
  EXPECT_EQ(CurrentStatus(upptime), "DEGRADED");
  status_of.clear();
  for (const auto& c : page.components()) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of.size(), 5u);
  EXPECT_EQ(status_of["Website"], "major_outage");
  EXPECT_EQ(status_of["Search"], "degraded_performance");
  EXPECT_EQ(status_of["API"], "operational");

  if (real) {
    ASSERT_TRUE(Eventually([&] { return Incidents(pd_real).size() == 81; }, absl::Seconds(15))) << scrapers_[0]->Log();
    EXPECT_EQ(Page(pd_real).components_size(), 64);
    EXPECT_EQ(CurrentStatus(pd_real), "DEGRADED");
  }

  // The PagerDuty incident resolves: it moves to the resolved list with its resolving update.
  nlohmann::json data = nlohmann::json::parse(*providers::DataIslandText(pd_home));
  nlohmann::json incident = data["summary"]["open_incidents"][0];
  nlohmann::json update = incident["updates"][0];
  const std::string resolved_at = Rfc3339(absl::Now() - absl::Minutes(1));
  update["id"] = "PUPD004";
  update["status"] = "resolved";
  update["severity"] = "all_good";
  update["message"] = "<p>Webhooks are delivered on time again.</p>";
  update["reported_at"] = update["created_at"] = update["updated_at"] = resolved_at;
  for (auto& s : update["impacted_business_services"]) s["severity"] = "all_good";
  incident["updates"].insert(incident["updates"].begin(), update);
  incident["postmortem"] = nullptr;
  data["summary"]["open_incidents"] = nlohmann::json::array();
  data["summary"]["resolved_incidents"].insert(data["summary"]["resolved_incidents"].begin(), incident);
  serve("/pd", "text/html",
        absl::StrCat(R"(<html><body><script id="data" type="application/json">)", data.dump(),
                     "</script></body></html>"));
  auto pd_closed = [&] {
    for (const auto& i : Incidents(pd)) {
      if (i.id() == "PINC001") return IsSet(i.end_time()) && i.events_size() == 3;
    }
    return false;
  };
  ASSERT_TRUE(Eventually(pd_closed, absl::Seconds(5))) << scrapers_[0]->Log();
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(pd) == "UP"; }, absl::Seconds(5)));
  page = Page(pd);
  for (const auto& c : page.components()) EXPECT_EQ(c.status(), "operational") << c.name();

  // Every Upptime site is up again: the two open runs are resolved where the record ends.
  nlohmann::json sites = nlohmann::json::parse(summary);
  for (auto& s : sites) s["status"] = "up";
  serve("/acme/status/master/history/summary.json", "text/plain; charset=utf-8", sites.dump());
  auto all_ended = [&] {
    auto incidents = Incidents(upptime);
    if (incidents.size() != 4) return false;
    for (const auto& i : incidents) {
      if (!IsSet(i.end_time())) return false;
    }
    return true;
  };
  ASSERT_TRUE(Eventually(all_ended, absl::Seconds(5))) << scrapers_[0]->Log();
  EXPECT_EQ(CurrentStatus(upptime), "UP");
  for (const auto& i : Incidents(upptime)) {
    if (i.id() == "website-down-2026-03-01") {
      EXPECT_EQ(FromProto(i.end_time()), FromProto(i.start_time()) + absl::Minutes(95 + 45));
      EXPECT_EQ(i.status(), "resolved");
    }
  }
  EXPECT_EQ(Page(pd).last_error(), "");
  EXPECT_EQ(Page(upptime).last_error(), "");
}

// An Uptime.com page through the real scraper, found by detection (the controller's props
// in its home page); then its incident ends and leaves the active list: it is closed.
TEST_F(ScrapeE2eTest, DetectsAndScrapesAnUptimeComPage) {
  HttpServer site;
  const std::string home = ReadRepoFile("providers/uptime_com/testdata/home.html");
  ASSERT_FALSE(home.empty());
  auto serve = [&](const std::string& body) {
    HttpResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body = body;
    site.Set("/acme", r);
  };
  serve(home);
  const std::string url = site.Url("/acme");
  AddPage("Acme Uptime", url, /*provider=*/"");
  StartScraper(1);

  ASSERT_TRUE(Eventually([&] { return Incidents(url).size() == 3; }, absl::Seconds(15))) << scrapers_[0]->Log();
  StatusPage page = Page(url);
  EXPECT_EQ(page.provider(), "uptime-com");
  EXPECT_EQ(CurrentStatus(url), "DEGRADED");
  std::map<std::string, std::string> status_of, group_of;
  for (const auto& c : page.components()) {
    status_of[c.name()] = c.status();
    group_of[c.name()] = c.group();
  }
  EXPECT_EQ(status_of.size(), 4u);
  EXPECT_EQ(status_of["API"], "major_outage");
  EXPECT_EQ(group_of["API"], "Platform");
  int maintenance = 0;
  for (const auto& i : Incidents(url)) maintenance += i.impact() == "maintenance";
  EXPECT_EQ(maintenance, 2);

  // The incident ends: Uptime.com lists active incidents only, so it simply drops off the list.
  nlohmann::json props = nlohmann::json::parse(*providers::StatusPagePropsText(home));
  props["statuspage"]["active_incidents"].erase(0);
  for (auto& c : props["statuspage"]["components"][0]["subcomponents"]) c["status"] = "operational";
  serve(absl::StrCat("<script>ReactDOM.render(createElement(StatusPageDisplayController, ", props.dump(),
                     "), document.getElementById('statuspagesDisplay'));</script>"));
  auto closed = [&] {
    for (const auto& i : Incidents(url)) {
      if (i.id() == "9001") return IsSet(i.end_time());
    }
    return false;
  };
  ASSERT_TRUE(Eventually(closed, kVisibleWithin)) << scrapers_[0]->Log();
  page = Page(url);
  for (const auto& c : page.components()) {
    if (c.name() == "API") {
      EXPECT_EQ(c.status(), "operational");
    }
  }
  EXPECT_EQ(page.last_error(), "");
}

// Statuspal, UptimeRobot and Site24x7 StatusIQ pages found by detection and scraped by the
// real scraper: UptimeRobot's custom domain in three rounds (its home page names the list,
// whose first page counts the second).
TEST_F(ScrapeE2eTest, DetectsAndScrapesStatuspalUptimeRobotAndStatusIqPages) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& body, const std::string& type) {
    ASSERT_FALSE(body.empty()) << path;
    HttpResponse r;
    r.headers = {{"Content-Type", type}};
    r.body = body;
    site.Set(path, r);
  };
  // A Statuspal custom domain's first label names its page: "127" for 127.0.0.1.
  serve("/spal/api/v2/status_pages/127/summary", ReadRepoFile("providers/statuspal/testdata/summary.json"),
        "application/json");
  serve("/ur",
        absl::StrCat("<!doctype html><html><head><script>window.pspApiPath = '", site.Url("/api/getMonitorList/Key1"),
                     "';</script></head><body><div id=app></div></body></html>"),
        "text/html");
  const std::string page1 = ReadRepoFile("providers/uptimerobot/testdata/monitor-list-page1.json");
  const std::string page2 = ReadRepoFile("providers/uptimerobot/testdata/monitor-list-page2.json");
  serve("/api/getMonitorList/Key1?page=1", page1, "application/json");
  serve("/api/getMonitorList/Key1?page=2", page2, "application/json");
  serve("/siq/rss", ReadRepoFile("providers/site24x7_statusiq/testdata/rss.xml"), "application/rss+xml");
  const std::string spal = site.Url("/spal"), robot = site.Url("/ur"), statusiq = site.Url("/siq");
  AddPage("Beispiel Statuspal", spal, /*provider=*/"");
  AddPage("Beispiel Monitore", robot, /*provider=*/"");
  AddPage("Beispiel StatusIQ", statusiq, /*provider=*/"");
  StartScraper(1);

  // Statuspal: incidents, an info notice, a maintenance in progress and two to come.
  ASSERT_TRUE(Eventually([&] { return Incidents(spal).size() == 6; }, absl::Seconds(15))) << scrapers_[0]->Log();
  StatusPage page = Page(spal);
  EXPECT_EQ(page.provider(), "statuspal");
  EXPECT_EQ(page.components_size(), 5);
  EXPECT_EQ(CurrentStatus(spal), "DEGRADED");
  std::map<std::string, Incident> spal_incidents;
  for (const auto& i : Incidents(spal)) spal_incidents[i.id()] = i;
  EXPECT_EQ(spal_incidents["5001"].title(), "Objektspeicher nicht erreichbar");
  EXPECT_EQ(spal_incidents["5001"].events_size(), 2);
  EXPECT_FALSE(IsSet(spal_incidents["5001"].end_time()));
  EXPECT_TRUE(IsSet(spal_incidents["5000"].end_time()));
  EXPECT_EQ(spal_incidents["5003"].status(), "in_progress");
  EXPECT_EQ(spal_incidents["5004"].status(), "scheduled");

  // UptimeRobot: both pages of the list, 32 monitors; three down, each an open incident.
  ASSERT_TRUE(Eventually([&] { return Page(robot).components_size() == 32; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(robot).last_error();
  page = Page(robot);
  EXPECT_EQ(page.provider(), "uptimerobot");
  EXPECT_GT(site.RequestCount("/api/getMonitorList/Key1?page=2"), 0);
  std::map<std::string, std::string> status_of;
  for (const auto& c : page.components()) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of["Datenbank Zürich"], "major_outage");
  EXPECT_EQ(status_of["Server 32"], "major_outage");  // on the second page
  EXPECT_EQ(status_of["Server 07"], "unknown");       // paused
  ASSERT_TRUE(Eventually([&] { return Incidents(robot).size() == 3; }, kVisibleWithin));
  EXPECT_EQ(CurrentStatus(robot), "DEGRADED");

  // Every monitor is up again: the page stops showing them down; the incidents close.
  auto all_up = [](const std::string& body) {
    nlohmann::json list = nlohmann::json::parse(body);
    for (auto& m : list["psp"]["monitors"]) {
      if (m["statusClass"] == "danger") m["statusClass"] = "success";
    }
    return list.dump();
  };
  serve("/api/getMonitorList/Key1?page=1", all_up(page1), "application/json");
  serve("/api/getMonitorList/Key1?page=2", all_up(page2), "application/json");
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(robot) == "UP"; }, kVisibleWithin)) << scrapers_[0]->Log();
  for (const auto& i : Incidents(robot)) {
    EXPECT_TRUE(IsSet(i.end_time())) << i.id();
    EXPECT_EQ(i.status(), "resolved") << i.id();
  }
  page = Page(robot);
  status_of.clear();
  for (const auto& c : page.components()) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of["Datenbank Zürich"], "operational");

  // StatusIQ: each component's newest state; its feed carries no incidents.
  ASSERT_TRUE(Eventually([&] { return Page(statusiq).components_size() == 4; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(statusiq).last_error();
  page = Page(statusiq);
  EXPECT_EQ(page.provider(), "site24x7-statusiq");
  EXPECT_EQ(page.last_error(), "");
  status_of.clear();
  for (const auto& c : page.components()) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of["Zahlungs-API"], "major_outage");
  EXPECT_EQ(status_of["Druck - EU"], "operational");
  EXPECT_TRUE(Incidents(statusiq).empty());
}

// cState, Gatus and Statping pages found by detection (cState's index.json, Gatus's and
// Statping's home pages) and scraped by the real scraper, each with what follows from its
// first documents (cState's open issues' bodies, Gatus's failing endpoint's events); then
// each page's trouble ends, and the open incidents close.
TEST_F(ScrapeE2eTest, DetectsAndScrapesCStateGatusAndStatpingPages) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& body, const std::string& type = "application/json") {
    ASSERT_FALSE(body.empty()) << path;
    HttpResponse r;
    r.headers = {{"Content-Type", type}};
    r.body = body;
    site.Set(path, r);
  };
  const std::string cstate_issues = ReadRepoFile("providers/cstate/testdata/issues.json");
  serve("/cst/index.json", ReadRepoFile("providers/cstate/testdata/index.json"));
  serve("/cst/issues/index.json", cstate_issues);
  // The site's links name its own host; the scraper rebases them onto the page.
  serve("/cst/issues/2026-03-02-dns-resolution-api/index.json", ReadRepoFile("providers/cstate/testdata/issue.json"));
  serve("/gt", ReadRepoFile("providers/gatus/testdata/home.html"), "text/html");
  serve("/gt/api/v1/endpoints/statuses", ReadRepoFile("providers/gatus/testdata/statuses.json"));
  serve("/gt/api/v1/config", ReadRepoFile("providers/gatus/testdata/config.json"));
  serve("/gt/api/v1/endpoints/core_api/statuses", ReadRepoFile("providers/gatus/testdata/endpoint-core_api.json"));
  // A backfill asks for every endpoint's events.
  serve("/gt/api/v1/endpoints/core_website/statuses",
        ReadRepoFile("providers/gatus/testdata/endpoint-core_website.json"));
  serve("/gt/api/v1/endpoints/_dns/statuses", R"({"name":"dns","key":"_dns","results":[],"events":[]})");
  serve("/gt/api/v1/endpoints/batch_backup-jobs/statuses",
        R"({"name":"backup jobs","key":"batch_backup-jobs","results":[]})");
  serve("/sp", ReadRepoFile("providers/statping/testdata/home.html"), "text/html");
  const std::string statping_services = ReadRepoFile("providers/statping/testdata/services.json");
  serve("/sp/api/services", statping_services);
  serve("/sp/api/groups", ReadRepoFile("providers/statping/testdata/groups.json"));
  serve("/sp/api/messages", ReadRepoFile("providers/statping/testdata/messages.json"));
  const std::string cst = site.Url("/cst"), gt = site.Url("/gt"), sp = site.Url("/sp");
  AddPage("Nordwind cState", cst, /*provider=*/"");
  AddPage("Nordwind Gatus", gt, /*provider=*/"");
  AddPage("Nordwind Statping", sp, /*provider=*/"");
  StartScraper(1);

  // cState: every issue of the list; the open outage carries its body.
  ASSERT_TRUE(Eventually([&] { return Incidents(cst).size() == 6; }, absl::Seconds(15))) << scrapers_[0]->Log();
  StatusPage page = Page(cst);
  EXPECT_EQ(page.provider(), "cstate");
  EXPECT_EQ(page.components_size(), 4);
  EXPECT_EQ(CurrentStatus(cst), "DEGRADED");
  EXPECT_NE(IncidentsById(cst)["2026-03-02-dns-resolution-api"].description().find("stale records"), std::string::npos);
  EXPECT_GT(site.RequestCount("/cst/issues/2026-03-02-dns-resolution-api/index.json"), 0);

  // Gatus: four endpoints, the API's outage now and before, the announcements (and, once
  // the backfill ran, the website's outage of January).
  ASSERT_TRUE(Eventually([&] { return Incidents(gt).size() >= 6; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(gt).last_error();
  page = Page(gt);
  EXPECT_EQ(page.provider(), "gatus");
  EXPECT_EQ(page.components_size(), 4);
  EXPECT_EQ(CurrentStatus(gt), "DEGRADED");
  EXPECT_FALSE(IsSet(IncidentsById(gt)["core_api-down-1772444460"].end_time()));

  // Statping: two incidents and three messages.
  ASSERT_TRUE(Eventually([&] { return Incidents(sp).size() == 5; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(sp).last_error();
  page = Page(sp);
  EXPECT_EQ(page.provider(), "statping");
  EXPECT_EQ(page.components_size(), 3);
  EXPECT_EQ(IncidentsById(sp)["7"].events_size(), 2);

  // The trouble ends. cState: the outage's file says resolved. Gatus: the API passes its
  // checks (its events are no longer asked for, so the outage is no longer listed).
  // Statping: the incident gets a Resolved update.
  nlohmann::json issues = nlohmann::json::parse(cstate_issues);
  issues["pages"][0]["resolved"] = true;
  issues["pages"][0]["resolvedAt"] = "2026-03-02 11:00:00 +0000 UTC";
  serve("/cst/issues/index.json", issues.dump());
  nlohmann::json statuses = nlohmann::json::parse(ReadRepoFile("providers/gatus/testdata/statuses.json"));
  statuses[0]["results"].back()["success"] = true;
  serve("/gt/api/v1/endpoints/statuses", statuses.dump());
  nlohmann::json services = nlohmann::json::parse(statping_services);
  services[0]["online"] = true;
  services[0]["incidents"][0]["updates"].push_back(
      {{"id", 13}, {"message", "All fixed."}, {"type", "Resolved"}, {"created_at", "2026-03-02T10:20:00Z"}});
  serve("/sp/api/services", services.dump());
  ASSERT_TRUE(
      Eventually([&] { return IsSet(IncidentsById(cst)["2026-03-02-dns-resolution-api"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log();
  EXPECT_EQ(IncidentsById(cst)["2026-03-02-dns-resolution-api"].status(), "resolved");
  ASSERT_TRUE(
      Eventually([&] { return IsSet(IncidentsById(gt)["core_api-down-1772444460"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log();
  ASSERT_TRUE(Eventually([&] { return IsSet(IncidentsById(sp)["7"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log();
  EXPECT_EQ(IncidentsById(sp)["7"].status(), "resolved");
  for (const std::string& url : {cst, gt, sp}) EXPECT_EQ(Page(url).last_error(), "") << url;
}

// Hund.io and OpenStatus pages, added with their provider named (their own hosts are what
// detection knows them by), and a Rootly custom domain found by detection: Hund's live event stream never ends, and is
// read until its first event and closed (the scraper's fetch timeout here is 1 s); OpenStatus's JSON feed. Then their
// trouble ends and the open incidents close.
TEST_F(ScrapeE2eTest, ScrapesHundsLiveStreamOpenStatusFeedAndARootlyCustomDomain) {
  HttpServer site;
  auto stream = [&](const std::string& init) {
    HttpResponse r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    // The event, then keep-alive comments dripped for longer than the fetch timeout.
    r.body = init + std::string(40 * 1024, ' ');
    r.drip_bytes = init.size() + 16;
    r.drip_interval = absl::Milliseconds(300);
    site.Set("/hund/live/v2/status_page", r);
  };
  stream(ReadRepoFile("providers/hund/testdata/live-degraded.txt"));
  HttpResponse feed;
  feed.headers = {{"Content-Type", "application/json"}};
  const std::string openstatus_feed = ReadRepoFile("providers/openstatus/testdata/feed.json");
  feed.body = openstatus_feed;
  site.Set("/os/feed/json", feed);
  // Rootly's public API on a custom domain, found by detection (its last-resort probe).
  HttpResponse rootly_status = feed, rootly_incidents = feed;
  rootly_status.body = ReadRepoFile("providers/rootly/testdata/status.json");
  rootly_incidents.body = ReadRepoFile("providers/rootly/testdata/incidents.json");
  site.Set("/rt/api/v1/status.json", rootly_status);
  site.Set("/rt/api/v1/incidents.json?per_page=100", rootly_incidents);
  const std::string hund = site.Url("/hund"), os = site.Url("/os"), rt = site.Url("/rt");
  AddPage("Vaultco Hund", hund, "hund");
  AddPage("Nordwind OpenStatus", os, "openstatus");
  AddPage("Nordwind Rootly", rt, /*provider=*/"");
  StartScraper(1);

  ASSERT_TRUE(Eventually([&] { return Incidents(hund).size() == 4; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(hund).last_error();
  StatusPage page = Page(hund);
  EXPECT_EQ(page.components_size(), 4);
  EXPECT_EQ(CurrentStatus(hund), "DEGRADED");
  EXPECT_EQ(IncidentsById(hund)["65e2f0a1b2c3d4e5f6a7b801"].events_size(), 2);
  EXPECT_EQ(page.last_error(), "");

  ASSERT_TRUE(Eventually([&] { return Incidents(os).size() == 6; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(os).last_error();
  EXPECT_EQ(Page(os).components_size(), 4);
  EXPECT_EQ(CurrentStatus(os), "DEGRADED");

  ASSERT_TRUE(Eventually([&] { return Incidents(rt).size() == 4; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(rt).last_error();
  EXPECT_EQ(Page(rt).provider(), "rootly");
  EXPECT_EQ(IncidentsById(rt)["chk-0302"].events_size(), 2);

  // Hund: all operational again, the event lists no issue; OpenStatus: the report resolved;
  // Rootly: the checkout incident is no longer active.
  stream(ReadRepoFile("providers/hund/testdata/live-operational.txt"));
  nlohmann::json resolved = nlohmann::json::parse(openstatus_feed);
  resolved["statusReports"][0]["status"] = "resolved";
  resolved["statusReports"][0]["statusReportUpdates"].push_back(
      {{"id", 204}, {"status", "resolved"}, {"message", "Fixed."}, {"date", "2026-03-02T10:30:00.000Z"}});
  feed.body = resolved.dump();
  site.Set("/os/feed/json", feed);
  nlohmann::json active = nlohmann::json::parse(rootly_incidents.body);
  active["incidents"].erase(0);
  rootly_incidents.body = active.dump();
  site.Set("/rt/api/v1/incidents.json?per_page=100", rootly_incidents);
  ASSERT_TRUE(
      Eventually([&] { return IsSet(IncidentsById(hund)["65e2f0a1b2c3d4e5f6a7b801"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log() << Page(hund).last_error();
  EXPECT_EQ(CurrentStatus(hund), "UP");
  ASSERT_TRUE(Eventually([&] { return IsSet(IncidentsById(os)["21"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log();
  EXPECT_EQ(IncidentsById(os)["21"].status(), "resolved");
  ASSERT_TRUE(Eventually([&] { return IsSet(IncidentsById(rt)["chk-0302"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log();
  EXPECT_EQ(Page(rt).last_error(), "");
  EXPECT_EQ(Page(hund).last_error(), "");
  EXPECT_EQ(Page(os).last_error(), "");
}

// A Statuspage page whose JSON API refuses the scraper (403) or rate-limits it (429) while
// its home page serves components and an open incident: scraped from the home page, which
// the plan fetches only then, and read back through gRPC.
// Vendors' own status pages, each read by its provider, named as a known host's page is (a
// loopback URL is no vendor's host): every document served from the fixtures the providers'
// tests read. Okta's page then drops its open incident: the store closes it as no longer listed.
TEST_F(ScrapeE2eTest, ScrapesVendorsOwnPagesWithTheirProviderNamed) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& fixture, const std::string& type) {
    HttpResponse r;
    r.headers = {{"Content-Type", type}};
    r.body = ReadRepoFile("providers/" + fixture);
    ASSERT_FALSE(r.body.empty()) << fixture;
    site.Set(path, r);
  };
  const std::string json = "application/json";
  serve("/stripe/current/full", "stripe/testdata/current-full-degraded.json", json);
  serve("/okta", "okta/testdata/home-incident-open.html", "text/html");
  serve("/zendesk/api/ssp/services.json", "zendesk/testdata/services.json", json);
  serve("/zendesk/api/ssp/incidents.json", "zendesk/testdata/incidents-open.json", json);
  serve("/m365/api/feed/mac", "microsoft_365/testdata/feed-degradation.xml", "application/rss+xml");
  serve("/oci/api/v2/status.json", "oracle_cloud/testdata/status-minor.json", json);
  serve("/oci/api/v2/incident-summary.rss", "oracle_cloud/testdata/incident-summary-open.rss", "application/rss+xml");
  serve("/netsuite/api/v2/status.json", "oracle_netsuite/testdata/status-maintenance.json", json);
  serve("/paypal/api/v1/components", "paypal/testdata/components-disruption.json", json);
  serve("/adobe/adobestatus/StatusEvents", "adobe/testdata/status-events-incident-open.json", json);
  serve("/algolia/2/status/service/all/period/current", "algolia/testdata/current-degraded.json", json);
  serve("/broadcom/api/v1/status", "broadcom/testdata/status-operational.json", json);
  serve("/signalwire/api/components", "signalwire/testdata/components-outage.json", json);
  serve("/apple/data/system_status_en_US.js", "apple/testdata/system_status-outage.js", "application/javascript");
  struct Vendor {
    const char* path;
    const char* provider;
    int components;
    int incidents;
    const char* status;
  };
  const Vendor vendors[] = {
      {"/stripe", "stripe", 1, 0, "DEGRADED"},         {"/okta", "okta", 4, 2, "DEGRADED"},
      {"/zendesk", "zendesk", 4, 2, "DEGRADED"},       {"/m365", "microsoft-365", 1, 1, "DEGRADED"},
      {"/oci", "oracle-cloud", 1, 2, "DEGRADED"},      {"/netsuite", "oracle-netsuite", 1, 0, "UP"},
      {"/paypal", "paypal", 4, 0, "DEGRADED"},         {"/adobe", "adobe", 4, 2, "DEGRADED"},
      {"/algolia", "algolia", 1, 0, "DEGRADED"},       {"/broadcom", "broadcom", 1, 0, "UP"},
      {"/signalwire", "signalwire", 4, 0, "DEGRADED"}, {"/apple", "apple", 5, 2, "DEGRADED"},
  };
  for (const Vendor& v : vendors) AddPage(std::string("Vendor ") + v.path, site.Url(v.path), v.provider);
  StartScraper(1);

  for (const Vendor& v : vendors) {
    const std::string url = site.Url(v.path);
    ASSERT_TRUE(Eventually([&] { return Page(url).components_size() == v.components; }, absl::Seconds(15)))
        << v.provider << ": " << Page(url).last_error() << "\n"
        << scrapers_[0]->Log();
    ASSERT_TRUE(Eventually([&] { return static_cast<int>(Incidents(url).size()) == v.incidents; }, kVisibleWithin))
        << v.provider;
    const StatusPage page = Page(url);
    EXPECT_EQ(page.provider(), v.provider);
    EXPECT_EQ(page.last_error(), "") << v.provider;
    EXPECT_EQ(CurrentStatus(url), v.status) << v.provider;
  }
  EXPECT_EQ(Page(site.Url("/stripe")).platform_indicator(), "degraded");
  std::map<std::string, Incident> apple;
  for (const auto& i : Incidents(site.Url("/apple"))) apple[i.id()] = i;
  EXPECT_EQ(apple["1500012345"].components_size(), 2);  // one event under two services
  EXPECT_FALSE(IsSet(apple["1500012345"].end_time()));
  EXPECT_TRUE(IsSet(apple["1500011111"].end_time()));

  // Okta's page no longer prints the open record: it lists every open one, so it has ended.
  const std::string okta = site.Url("/okta");
  serve("/okta", "okta/testdata/home-all-good.html", "text/html");
  ASSERT_TRUE(Eventually(
      [&] {
        for (const auto& i : Incidents(okta)) {
          if (!IsSet(i.end_time())) return false;
        }
        return true;
      },
      kVisibleWithin));
  EXPECT_EQ(CurrentStatus(okta), "UP");
}

// Hyperping's and Sorry's APIs are on fixed hosts of their own (api.hyperping.io,
// api.sorryapp.com, ro-api.sorryapp.com): a copy of their page on 127.0.0.1, added with its
// provider named, serves the APIs' paths itself (the page id of Sorry's copy its path's last
// segment), and so does StatusCake's copy of its report page (app.statuscake.com's report, its
// id the page's TestID); StatusHub's counters are relative to its page. Then Sorry's open notice
// resolves and Hyperping's, StatusHub's and StatusCake's services are all up again.
TEST_F(ScrapeE2eTest, ScrapesHyperpingSorryStatusHubAndStatusCakeCopiesWithTheirProviderNamed) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& body) {
    HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    ASSERT_FALSE(r.body.empty()) << path;
    site.Set(path, r);
  };
  const std::string hyperping_status = ReadRepoFile("providers/hyperping/testdata/status.json");
  const std::string sorry_page = ReadRepoFile("providers/sorry/testdata/page.json");
  serve("/hp/v1/127.0.0.1/status.json", hyperping_status);
  serve("/nordwind/v1/pages/nordwind/components", ReadRepoFile("providers/sorry/testdata/components.json"));
  serve("/nordwind/v1/pages/nordwind?include=notices,notices.updates", sorry_page);
  serve("/sh/api/statuses", ReadRepoFile("providers/statushub/testdata/statuses-down.json"));
  serve("/sc/Workfloor/PublicReportHandler.php?PublicID=Nw3xAmpl3Q",
        ReadRepoFile("providers/statuscake/testdata/report-one-down.json"));
  const std::string hp = site.Url("/hp"), sorry = site.Url("/nordwind"), sh = site.Url("/sh");
  const std::string sc = site.Url("/sc?TestID=Nw3xAmpl3Q");
  AddPage("Nordwind Hyperping", hp, "hyperping");
  AddPage("Nordwind Sorry", sorry, "sorry");
  AddPage("Nordwind StatusHub", sh, "statushub");
  AddPage("Nordwind StatusCake", sc, "statuscake");
  StartScraper(1);

  ASSERT_TRUE(Eventually([&] { return Page(hp).components_size() == 3; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(hp).last_error();
  EXPECT_EQ(Page(hp).provider(), "hyperping");
  EXPECT_EQ(Page(hp).platform_indicator(), "partialoutage");
  EXPECT_EQ(CurrentStatus(hp), "DEGRADED");
  ASSERT_TRUE(Eventually([&] { return Incidents(sorry).size() == 4; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(sorry).last_error();
  EXPECT_EQ(Page(sorry).provider(), "sorry");
  EXPECT_EQ(Page(sorry).components_size(), 4);
  EXPECT_FALSE(IsSet(IncidentsById(sorry)["198801"].end_time()));
  EXPECT_EQ(CurrentStatus(sorry), "DEGRADED");
  ASSERT_TRUE(Eventually([&] { return Page(sh).components_size() == 1; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(sh).last_error();
  EXPECT_EQ(Page(sh).provider(), "statushub");
  EXPECT_EQ(Page(sh).platform_indicator(), "11 up, 1 affected, 2 down");
  EXPECT_EQ(CurrentStatus(sh), "DEGRADED");
  ASSERT_TRUE(Eventually([&] { return Page(sc).components_size() == 1; }, absl::Seconds(15)))
      << scrapers_[0]->Log() << Page(sc).last_error();
  EXPECT_EQ(Page(sc).provider(), "statuscake");
  EXPECT_EQ(Page(sc).platform_indicator(), "2 up, 1 down");
  EXPECT_EQ(CurrentStatus(sc), "DEGRADED");

  // Sorry's identified notice is resolved; every Hyperping and StatusHub service is up.
  nlohmann::json resolved = nlohmann::json::parse(sorry_page);
  for (auto& notice : resolved["response"]["notices"]) {
    if (notice["id"] != 198801) continue;
    notice["state"] = "resolved";
    notice["ended_at"] = "2026-03-02T10:30:00.000Z";
  }
  serve("/nordwind/v1/pages/nordwind?include=notices,notices.updates", resolved.dump());
  nlohmann::json up = nlohmann::json::parse(hyperping_status);
  up["indicator"] = "up";
  for (auto& service : up["services"]) service["indicator"] = "up";
  serve("/hp/v1/127.0.0.1/status.json", up.dump());
  serve("/sh/api/statuses", ReadRepoFile("providers/statushub/testdata/statuses-operational.json"));
  serve("/sc/Workfloor/PublicReportHandler.php?PublicID=Nw3xAmpl3Q",
        ReadRepoFile("providers/statuscake/testdata/report-up.json"));
  ASSERT_TRUE(Eventually([&] { return IsSet(IncidentsById(sorry)["198801"].end_time()); }, kVisibleWithin))
      << scrapers_[0]->Log() << Page(sorry).last_error();
  EXPECT_EQ(IncidentsById(sorry)["198801"].status(), "resolved");
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(hp) == "UP"; }, kVisibleWithin)) << Page(hp).last_error();
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(sh) == "UP"; }, kVisibleWithin)) << Page(sh).last_error();
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(sc) == "UP"; }, kVisibleWithin)) << Page(sc).last_error();
  for (const std::string& url : {hp, sorry, sh, sc}) EXPECT_EQ(Page(url).last_error(), "") << url;
}

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
    std::map<std::string, Incident> by_id = IncidentsById(url);
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

// The home page's variants through the real server and scraper: upcoming maintenance
// windows printed in the page's zone arrive in UTC, and an open incident keeps each of its
// nine updates (stamps without a year, alike texts) across rescrapes.
TEST_F(ScrapeE2eTest, StatuspageHomePageWindowsAndEveryUpdateArriveWhole) {
  HttpServer site;
  HttpResponse refused;
  refused.status = 429;
  for (const char* path : {"/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/scheduled-maintenances.json"}) {
    site.Set(std::string("/claims") + path, refused);
  }
  HttpResponse home;
  home.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  home.body = ReadRepoFile("providers/atlassian_statuspage/testdata/home-maintenances.html");
  ASSERT_FALSE(home.body.empty());
  site.Set("/claims", home);
  const std::string url = site.Url("/claims");
  AddPage("Claims", url);
  StartScraper(1);
  ASSERT_TRUE(Eventually([&] { return Incidents(url).size() == 7; }, absl::Seconds(15))) << scrapers_[0]->Log();
  absl::SleepFor(absl::Seconds(3));  // rescrapes: they must add nothing
  std::map<std::string, Incident> by_id = IncidentsById(url);
  EXPECT_EQ(by_id["exp000000001"].events_size(), 9);
  EXPECT_EQ(Rfc3339(FromProto(by_id["exp000000001"].start_time())), "2020-12-14T09:41:00.000Z");
  EXPECT_EQ(Rfc3339(FromProto(by_id["mnt000000001"].scheduled_start_time())), "2021-01-30T21:00:00.000Z");
  EXPECT_EQ(Rfc3339(FromProto(by_id["mnt000000001"].scheduled_end_time())), "2021-01-31T05:00:00.000Z");
  EXPECT_EQ(Rfc3339(FromProto(by_id["mnt000000002"].scheduled_start_time())), "2021-02-06T21:00:00.000Z");
  EXPECT_EQ(Rfc3339(FromProto(by_id["mnt000000002"].scheduled_end_time())), "2021-02-07T05:00:00.000Z");
  EXPECT_EQ(Page(url).components_size(), 9);
}

// The platform variants of issue 28 through the real scraper, each found by detection: a
// StatusCast page (its widgets; then its outage closes), an Uptime.com page as it loads
// (/ajax and the history it names), an Instatus page of the build before the App Router
// (__NEXT_DATA__, its summary.json refused) and a Better Stack page whose index.json is
// missing (its home page); and the real captures of those platforms when ../shared is there.
TEST_F(ScrapeE2eTest, DetectsAndScrapesStatusCastAndThePlatformVariants) {
  HttpServer site;
  auto serve = [&](const std::string& path, const std::string& content_type, const std::string& body) {
    HttpResponse r;
    r.headers = {{"Content-Type", content_type}};
    r.body = body;
    site.Set(path, r);
  };
  std::string sc_home = ReadRepoFile("providers/statuscast/testdata/home-outage.html");
  ASSERT_FALSE(sc_home.empty());
  // The upcoming maintenance is upcoming today too (one past its start would be under way).
  const std::string upcoming = "17 March 2026, 22:00  UTC";
  ASSERT_NE(sc_home.find(upcoming), std::string::npos);
  for (size_t at; (at = sc_home.find(upcoming)) != std::string::npos;) {
    sc_home.replace(at, upcoming.size(),
                    absl::FormatTime("%d %B %Y, %H:%M  UTC", absl::Now() + absl::Hours(24 * 30), absl::UTCTimeZone()));
  }
  serve("/sc", "text/html; charset=utf-8", sc_home);
  serve("/incident/800101", "text/html; charset=utf-8",
        ReadRepoFile("providers/statuscast/testdata/incident-800101.html"));
  serve("/uc/ajax", "application/json", ReadRepoFile("providers/uptime_com/testdata/ajax.json"));
  serve("/statuspage/acme-cloud/history", "application/json",
        ReadRepoFile("providers/uptime_com/testdata/history.json"));
  serve("/in", "text/html", ReadRepoFile("providers/instatus/testdata/home-next-data.html"));  // summary.json: 404
  serve("/bs", "text/html", ReadRepoFile("providers/betterstack/testdata/home-v2-some-down.html"));  // index.json: 404
  const std::string sc = site.Url("/sc"), uc = site.Url("/uc"), in = site.Url("/in"), bs = site.Url("/bs");
  AddPage("Acme CDN", sc, /*provider=*/"");
  AddPage("Acme Cloud", uc, /*provider=*/"");
  AddPage("Acme Instatus", in, /*provider=*/"");
  AddPage("Acme Stack", bs, /*provider=*/"");
  std::optional<std::string> fastly =
      statusphere::testing::ReadSharedFixture("statuscast/www.fastlystatus.com-statuscast-home-normal-2023-02-10.html");
  std::optional<std::string> uptime = statusphere::testing::ReadSharedFixture(
      "uptime-com/status.uptime.com-statuspage-ajax-components-operational-trimmed-2026-09.json");
  const std::string fastly_url = site.Url("/fastly"), uptime_url = site.Url("/uptime");
  if (fastly) {
    serve("/fastly", "text/html; charset=utf-8", *fastly);
    AddPage("Fastly", fastly_url, /*provider=*/"");
  }
  if (uptime) {
    serve("/uptime/ajax", "application/json", *uptime);
    AddPage("Uptime.com", uptime_url, /*provider=*/"");
  }
  StartScraper(1);
  auto statuses = [&](const std::string& url) {
    std::map<std::string, std::string> out;
    const StatusPage page = Page(url);
    for (const auto& c : page.components()) out[c.name()] = c.status();
    return out;
  };

  // StatusCast: five incidents, the component tree, the outage and the maintenance open.
  ASSERT_TRUE(Eventually([&] { return Incidents(sc).size() == 5; }, absl::Seconds(15))) << scrapers_[0]->Log();
  EXPECT_EQ(Page(sc).provider(), "statuscast");
  EXPECT_EQ(CurrentStatus(sc), "DEGRADED");
  std::map<std::string, std::string> sc_status = statuses(sc);
  EXPECT_EQ(sc_status.size(), 11u);
  EXPECT_EQ(sc_status["Europe"], "major_outage");
  EXPECT_EQ(sc_status["Purging"], "operational");
  EXPECT_EQ(sc_status["Log Streaming"], "under_maintenance");
  // Uptime.com: the three listed now and the three past ones from the history it names.
  ASSERT_TRUE(Eventually([&] { return Incidents(uc).size() == 6; }, absl::Seconds(15))) << scrapers_[0]->Log();
  EXPECT_EQ(Page(uc).provider(), "uptime-com");
  EXPECT_EQ(CurrentStatus(uc), "DEGRADED");
  EXPECT_EQ(statuses(uc)["US East"], "partial_outage");
  // Instatus of the older build, read from its home page alone.
  ASSERT_TRUE(Eventually([&] { return Incidents(in).size() == 3; }, absl::Seconds(15))) << scrapers_[0]->Log();
  EXPECT_EQ(Page(in).provider(), "instatus");
  EXPECT_EQ(statuses(in)["API"], "partial_outage");
  // Better Stack from its home page.
  ASSERT_TRUE(Eventually([&] { return Page(bs).components_size() == 6; }, absl::Seconds(15))) << scrapers_[0]->Log();
  EXPECT_EQ(Page(bs).provider(), "betterstack");
  EXPECT_EQ(CurrentStatus(bs), "DEGRADED");
  EXPECT_EQ(statuses(bs)["API"], "major_outage");
  EXPECT_EQ(Page(bs).last_error(), "");

  if (fastly) {
    ASSERT_TRUE(Eventually([&] { return Incidents(fastly_url).size() == 21; }, absl::Seconds(15)))
        << scrapers_[0]->Log();
    EXPECT_EQ(Page(fastly_url).provider(), "statuscast");
    EXPECT_EQ(Page(fastly_url).components_size(), 160);
    int open = 0;
    for (const auto& i : Incidents(fastly_url)) open += !IsSet(i.end_time());
    EXPECT_EQ(open, 4);  // the four maintenances it announced (due in 2023: under way by now's clock)
  }
  if (uptime) {
    ASSERT_TRUE(Eventually([&] { return Page(uptime_url).components_size() == 5; }, absl::Seconds(15)));
    EXPECT_EQ(Page(uptime_url).provider(), "uptime-com");
    EXPECT_EQ(CurrentStatus(uptime_url), "UP");
  }

  // The StatusCast outage and maintenance close: the page is UP and the tree operational.
  std::string closed = sc_home;
  for (const std::string from : {"incident-status-inprogress", "status-inprogress", "[in progress]"}) {
    const std::string to = from == "[in progress]" ? "[closed]" : from.substr(0, from.size() - 10) + "closed";
    for (size_t at; (at = closed.find(from)) != std::string::npos;) closed.replace(at, from.size(), to);
  }
  serve("/sc", "text/html; charset=utf-8", closed);
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(sc) == "UP"; }, absl::Seconds(10))) << scrapers_[0]->Log();
  for (const auto& i : Incidents(sc)) {
    if (i.id() == "800101") EXPECT_TRUE(IsSet(i.end_time()));
  }
  EXPECT_EQ(statuses(sc)["Europe"], "operational");
  EXPECT_EQ(Page(sc).last_error(), "");
}

}  // namespace
}  // namespace statusphere
