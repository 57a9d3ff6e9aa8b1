// End to end: the real statusphere-server and statusphere-gateway binaries on 127.0.0.1,
// data seeded through gRPC as a scraper and an admin would, then every REST endpoint of
// DESIGN.md's table queried with libcurl: status codes, headers, JSON shape and values,
// and every documented error case.
#include <curl/curl.h>

#include <iostream>
#include <memory>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
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

constexpr char kGitHub[] = "https://www.githubstatus.com";
constexpr char kAtlassian[] = "https://status.atlassian.com";
constexpr char kZoom[] = "https://status.zoom.us";

const absl::Time kT0 = absl::FromCivil(absl::CivilSecond(2024, 3, 1, 0, 0, 0), absl::UTCTimeZone());

absl::Time At(int hours) { return kT0 + absl::Hours(hours); }

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

// GitHub's history: resolved incidents of several impacts, a maintenance window and one
// ongoing major incident (the newest).
std::vector<IncidentSpec> GitHubIncidents() {
  return {
      {"old", "minor", At(0), At(1), {{"Investigating", "Slow pushes.", At(0)}, {"Resolved", "Fixed.", At(1)}}},
      {"mnt",
       "maintenance",
       At(10),
       At(12),
       {{"Scheduled", "Database upgrade.", At(9)}, {"Completed", "Done.", At(12)}}},
      {"crit",
       "critical",
       At(20),
       At(21),
       {{"Investigating", "Everything is down.", At(20)}, {"Resolved", "Back up.", At(21)}}},
      {"open",
       "major",
       At(40),
       absl::InfinitePast(),
       {{"Investigating", "We are investigating degraded performance.", At(40)},
        {"Identified", "The cause is known.", At(41)}},
       {"API", "Git Operations"}},
  };
}

// One Server-Sent Event and when it arrived.
struct SseEvent {
  std::string id, event, data;
  absl::Time arrived;
};

// Reads an event stream for `duration` (then hangs up), parsing events as they arrive.
class SseReader {
 public:
  static std::vector<SseEvent> Read(const std::string& url, const std::vector<std::string>& headers,
                                    absl::Duration duration, long* status) {
    SseReader reader;
    CURL* curl = curl_easy_init();
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &SseReader::OnData);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(duration)));
    curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return reader.events_;
  }

 private:
  static size_t OnData(char* data, size_t size, size_t count, void* user) {
    auto* self = static_cast<SseReader*>(user);
    self->buffer_.append(data, size * count);
    size_t end;
    while ((end = self->buffer_.find("\n\n")) != std::string::npos) {
      SseEvent event;
      event.arrived = absl::Now();
      for (absl::string_view line : absl::StrSplit(self->buffer_.substr(0, end), '\n')) {
        if (absl::ConsumePrefix(&line, "id: ")) event.id = std::string(line);
        if (absl::ConsumePrefix(&line, "event: ")) event.event = std::string(line);
        if (absl::ConsumePrefix(&line, "data: ")) event.data = std::string(line);
      }
      if (!event.event.empty()) self->events_.push_back(event);  // comments are not events
      self->buffer_.erase(0, end + 2);
    }
    return size * count;
  }
  std::string buffer_;
  std::vector<SseEvent> events_;
};

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<GatewayStack>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    absl::Status started = stack_->StartServer();
    ASSERT_TRUE(started.ok()) << started;
    started = stack_->StartGateway();
    ASSERT_TRUE(started.ok()) << started;
    seeder_ = std::make_unique<Seeder>(stack_->server_address(), kAdminToken);
  }

  void TearDown() override {
    if (HasFailure() && stack_) std::cerr << stack_->Logs();
    stack_.reset();  // kills both processes
  }

  // Three pages (names in mixed case); only GitHub has been scraped.
  void Seed() {
    for (const auto& [name, url] : std::vector<std::pair<std::string, std::string>>{
             {"Zoom", kZoom}, {"GitHub", kGitHub}, {"atlassian", kAtlassian}}) {
      absl::Status added = seeder_->AddPage(name, url);
      ASSERT_TRUE(added.ok()) << added;
    }
    absl::Status reported = seeder_->ReportIncidents(kGitHub, GitHubIncidents());
    ASSERT_TRUE(reported.ok()) << reported;
  }

  RestResponse GetPath(const std::string& path_and_query) { return Get(stack_->Url(path_and_query)); }
  json GetJson(const std::string& path_and_query) { return JsonOk(GetPath(path_and_query), path_and_query); }
  std::string GetError(const std::string& path_and_query, long status) {
    return ErrorMessage(GetPath(path_and_query), status, path_and_query);
  }

  static std::vector<std::string> Titles(const json& incidents) {
    std::vector<std::string> titles;
    for (const json& i : incidents) titles.push_back(i.value("title", "?"));
    return titles;
  }

  std::unique_ptr<GatewayStack> stack_;
  std::unique_ptr<Seeder> seeder_;
};

TEST_F(GatewayTest, EmptyServerGivesEmptyListsNeverNull) {
  EXPECT_EQ(GetJson("/api/v1/statusPages"), json::parse(R"({"statusPages":[]})"));
  EXPECT_EQ(GetJson("/api/v1/statusPages/count"), json::parse(R"({"statusPageCount":0})"));
  EXPECT_EQ(GetJson("/api/v1/statusPages/search?query=github"), json::parse(R"({"statusPages":[]})"));
}

TEST_F(GatewayTest, StatusPagesAreSortedCaseInsensitivelyWithTheirFields) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  json body = GetJson("/api/v1/statusPages");
  ASSERT_TRUE(body["statusPages"].is_array()) << body;
  const json& pages = body["statusPages"];
  ASSERT_EQ(pages.size(), 3u) << body;
  EXPECT_EQ(pages[0]["name"], "atlassian");
  EXPECT_EQ(pages[1]["name"], "GitHub");
  EXPECT_EQ(pages[2]["name"], "Zoom");
  for (const json& page : pages) {
    for (const char* key : {"name", "url", "lastHistoricallyScraped", "lastCurrentlyScraped", "isIndexed"}) {
      EXPECT_TRUE(page.contains(key)) << key << " missing in " << page;
    }
  }
  const json& github = pages[1];
  EXPECT_EQ(github["url"], kGitHub);
  EXPECT_EQ(github["isIndexed"], true);
  ASSERT_TRUE(github["lastCurrentlyScraped"].is_string()) << github;
  absl::Time scraped;
  std::string parse_error;
  EXPECT_TRUE(
      absl::ParseTime(absl::RFC3339_full, github["lastCurrentlyScraped"].get<std::string>(), &scraped, &parse_error))
      << parse_error;
  EXPECT_LT(absl::AbsDuration(absl::Now() - scraped), absl::Minutes(5));
  EXPECT_TRUE(github["lastHistoricallyScraped"].is_null()) << github;  // the backfill has not run
  const json& zoom = pages[2];
  EXPECT_EQ(zoom["isIndexed"], false);
  EXPECT_TRUE(zoom["lastCurrentlyScraped"].is_null()) << zoom;
  EXPECT_TRUE(zoom["lastHistoricallyScraped"].is_null()) << zoom;

  json count = GetJson("/api/v1/statusPages/count");
  ASSERT_TRUE(count["statusPageCount"].is_number_integer()) << count;  // a number, not an int64 string
  EXPECT_EQ(count["statusPageCount"], 3);
}

TEST_F(GatewayTest, SearchFindsFuzzyMatchesAndRequiresAQuery) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  for (const char* query : {"github", "git%20hub", "gihtub", "githubstatus"}) {
    json body = GetJson(absl::StrCat("/api/v1/statusPages/search?query=", query));
    ASSERT_TRUE(body["statusPages"].is_array()) << body;
    ASSERT_FALSE(body["statusPages"].empty()) << query;
    EXPECT_LE(body["statusPages"].size(), 10u);
    EXPECT_EQ(body["statusPages"][0]["name"], "GitHub") << query;
  }
  EXPECT_EQ(GetJson("/api/v1/statusPages/search?query=zzzzqqqq"), json::parse(R"({"statusPages":[]})"));
  EXPECT_TRUE(absl::StrContains(GetError("/api/v1/statusPages/search", 400), "query"));
  GetError("/api/v1/statusPages/search?query=", 400);
}

TEST_F(GatewayTest, StatusPageByUrlOrByNameWithItsErrors) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  // Unencoded, as the original clients send it.
  json by_url = GetJson("/api/v1/statusPage?statusPageUrl=https://www.githubstatus.com");
  EXPECT_EQ(by_url["statusPage"]["name"], "GitHub") << by_url;
  EXPECT_EQ(by_url["statusPage"]["url"], kGitHub);
  EXPECT_EQ(by_url["statusPage"]["isIndexed"], true);
  EXPECT_TRUE(by_url["statusPage"]["components"].is_array()) << by_url;
  json encoded = GetJson("/api/v1/statusPage?statusPageUrl=https%3A%2F%2Fwww.githubstatus.com%2F");
  EXPECT_EQ(encoded["statusPage"]["name"], "GitHub") << encoded;
  json by_name = GetJson("/api/v1/statusPage?statusPageName=gItHuB");
  EXPECT_EQ(by_name["statusPage"]["url"], kGitHub) << by_name;

  GetError("/api/v1/statusPage", 400);
  EXPECT_TRUE(absl::StrContains(
      GetError("/api/v1/statusPage?statusPageUrl=https://www.githubstatus.com&statusPageName=GitHub", 400),
      "exactly one"));
  GetError("/api/v1/statusPage?statusPageName=no%20such%20vendor", 404);
  GetError("/api/v1/statusPage?statusPageUrl=https://unknown.example.com", 404);
}

TEST_F(GatewayTest, CurrentStatusFollowsUnresolvedIncidents) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  json never = GetJson("/api/v1/currentStatus?statusPageUrl=https://status.zoom.us");
  EXPECT_EQ(never["status"], "UNKNOWN") << never;
  EXPECT_EQ(never["isIndexed"], false) << never;
  json degraded = GetJson("/api/v1/currentStatus?statusPageUrl=https://www.githubstatus.com");
  EXPECT_EQ(degraded["status"], "DEGRADED") << degraded;
  EXPECT_EQ(degraded["isIndexed"], true) << degraded;

  GetError("/api/v1/currentStatus", 400);
  GetError("/api/v1/currentStatus?statusPageUrl=https://unknown.example.com", 404);

  // The next scrape sees the incident resolved.
  IncidentSpec resolved = GitHubIncidents().back();
  resolved.end = At(42);
  resolved.events.push_back({"Resolved", "All good.", At(42)});
  absl::Status reported = seeder_->ReportIncidents(kGitHub, {resolved});
  ASSERT_TRUE(reported.ok()) << reported;
  // The earlier answer may be cached: the change reaches REST within a second (the
  // change log drops it at once; gateway_cache_test measures how soon).
  json up;
  EXPECT_TRUE(Eventually(
      [&] {
        up = GetJson("/api/v1/currentStatus?statusPageUrl=https://www.githubstatus.com");
        return up["status"] == "UP";
      },
      absl::Seconds(1)))
      << up;
  EXPECT_EQ(up["isIndexed"], true) << up;
}

TEST_F(GatewayTest, IncidentsAreNewestFirstWithEveryDocumentedField) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  json body = GetJson("/api/v1/incidents?statusPageUrl=https://www.githubstatus.com");
  EXPECT_EQ(body["isIndexed"], true) << body;
  ASSERT_TRUE(body["incidents"].is_array()) << body;
  const json& incidents = body["incidents"];
  EXPECT_EQ(Titles(incidents),
            (std::vector<std::string>{"Incident open", "Incident crit", "Incident mnt", "Incident old"}));
  ASSERT_EQ(incidents.size(), 4u);
  for (const json& incident : incidents) {
    for (const char* key : {"title", "components", "events", "startTime", "endTime", "description", "deepLink",
                            "impact", "statusPageUrl"}) {
      EXPECT_TRUE(incident.contains(key)) << key << " missing in " << incident;
    }
    EXPECT_EQ(incident["statusPageUrl"], kGitHub);
  }

  const json& open = incidents[0];
  EXPECT_EQ(open["impact"], "major");
  EXPECT_EQ(open["startTime"], Rfc3339(At(40)));
  EXPECT_TRUE(open["endTime"].is_null()) << open;  // ongoing
  EXPECT_EQ(open["description"], "About incident open");
  EXPECT_EQ(open["deepLink"], "https://www.githubstatus.com/incidents/open");
  EXPECT_EQ(open["components"], json::parse(R"(["API","Git Operations"])"));
  ASSERT_EQ(open["events"].size(), 2u) << open;
  EXPECT_EQ(open["events"][0]["title"], "Identified");  // newest update first
  EXPECT_EQ(open["events"][0]["description"], "The cause is known.");
  EXPECT_EQ(open["events"][0]["time"], Rfc3339(At(41)));
  EXPECT_EQ(open["events"][1]["title"], "Investigating");
  EXPECT_EQ(open["events"][1]["description"], "We are investigating degraded performance.");
  EXPECT_EQ(open["events"][1]["time"], Rfc3339(At(40)));

  EXPECT_EQ(incidents[1]["impact"], "critical");
  EXPECT_EQ(incidents[1]["endTime"], Rfc3339(At(21)));
  EXPECT_TRUE(incidents[1]["components"].is_array()) << incidents[1];  // [] even when none
  EXPECT_EQ(incidents[2]["impact"], "maintenance");
  EXPECT_EQ(incidents[3]["impact"], "minor");
  EXPECT_EQ(incidents[3]["events"][0]["title"], "Resolved");

  // A page never scraped has no incidents: [] and not indexed.
  EXPECT_EQ(GetJson("/api/v1/incidents?statusPageUrl=https://status.zoom.us"),
            json::parse(R"({"incidents":[],"isIndexed":false})"));
}

// The original web frontend shows an incident's description ("No description" when empty):
// where the platform wrote none, it is the latest update's text.
TEST_F(GatewayTest, AnIncidentWithoutItsOwnDescriptionShowsItsLatestUpdate) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  IncidentSpec bare{
      "bare",
      "minor",
      At(50),
      At(52),
      {{"Investigating", "Webhooks are delayed.", At(50)}, {"Resolved", "Webhook deliveries have caught up.", At(52)}}};
  bare.with_description = false;
  absl::Status reported = seeder_->ReportIncidents(kGitHub, {bare});
  ASSERT_TRUE(reported.ok()) << reported;
  json body = GetJson("/api/v1/incidents?statusPageUrl=https://www.githubstatus.com&limit=1");
  ASSERT_EQ(body["incidents"].size(), 1u) << body;
  EXPECT_EQ(body["incidents"][0]["id"], "bare") << body;
  EXPECT_EQ(body["incidents"][0]["description"], "Webhook deliveries have caught up.") << body;
  // A description of the platform's own is kept.
  json all = GetJson("/api/v1/incidents?statusPageUrl=https://www.githubstatus.com&impact=critical");
  ASSERT_EQ(all["incidents"].size(), 1u) << all;
  EXPECT_EQ(all["incidents"][0]["description"], "About incident crit") << all;
  // currentStatus names the page's own indicator, empty when the scrape reported none.
  json status = GetJson("/api/v1/currentStatus?statusPageUrl=https://www.githubstatus.com");
  EXPECT_EQ(status["platformIndicator"], "") << status;
}

TEST_F(GatewayTest, IncidentsFilterByImpactAndLimitAndRejectBadValues) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string base = "/api/v1/incidents?statusPageUrl=https://www.githubstatus.com";
  EXPECT_EQ(Titles(GetJson(base + "&impact=critical,major")["incidents"]),
            (std::vector<std::string>{"Incident open", "Incident crit"}));
  EXPECT_EQ(Titles(GetJson(base + "&impact=maintenance")["incidents"]), (std::vector<std::string>{"Incident mnt"}));
  EXPECT_EQ(Titles(GetJson(base + "&limit=2")["incidents"]),
            (std::vector<std::string>{"Incident open", "Incident crit"}));
  EXPECT_EQ(Titles(GetJson(base + "&impact=minor,critical&limit=1")["incidents"]),
            (std::vector<std::string>{"Incident crit"}));
  EXPECT_EQ(GetJson(base + "&limit=0")["incidents"].size(), 4u);  // 0: no limit

  EXPECT_TRUE(absl::StrContains(GetError(base + "&impact=bogus", 400), "bogus"));
  EXPECT_TRUE(absl::StrContains(GetError(base + "&impact=major,bogus", 400), "bogus"));
  // The messages byte for byte: the original web frontend shows them (the typed
  // max_incidents beside limit in the proto changes nothing here).
  EXPECT_EQ(GetError(base + "&limit=-1", 400), "limit: '-1' is not a non-negative integer");
  EXPECT_EQ(GetError(base + "&limit=abc", 400), "limit: 'abc' is not a non-negative integer");
  EXPECT_EQ(GetError(base + "&limit=1001", 400),
            "limit: 1001 is above the maximum of 1000 (omit it for the whole history)");
  EXPECT_EQ(GetError("/api/v1/incidents", 400), "statusPageUrl is required");
  GetError("/api/v1/incidents?statusPageUrl=https://unknown.example.com", 404);
}

TEST_F(GatewayTest, SitemapIsServedAsXml) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  RestResponse r = GetPath("/api/v1/sitemap.xml");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(absl::StartsWith(r.Header("content-type"), "application/xml")) << r.Header("content-type");
  EXPECT_EQ(r.Header("access-control-allow-origin"), "*");
  EXPECT_TRUE(absl::StartsWith(r.body, "<?xml")) << r.body;
  EXPECT_TRUE(absl::StrContains(r.body, "/status/GitHub</loc>")) << r.body;
  EXPECT_TRUE(absl::StrContains(r.body, "/status/atlassian</loc>")) << r.body;
}

TEST_F(GatewayTest, AtomFeedsPerPageAndForAllPages) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string path = "/api/v1/feed.atom?statusPageUrl=https://www.githubstatus.com";
  RestResponse r = GetPath(path);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/atom+xml; charset=utf-8");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str())) << r.body;
  pugi::xml_node feed = doc.child("feed");
  EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  EXPECT_STREQ(feed.child_value("title"), "GitHub incidents");
  EXPECT_STREQ(feed.child_value("id"), "urn:statusphere:feed:https://www.githubstatus.com");
  EXPECT_EQ(std::string(feed.find_child_by_attribute("link", "rel", "self").attribute("href").value()),
            stack_->Url(path));
  EXPECT_STREQ(feed.child_value("updated"), Rfc3339(At(41)).c_str());  // the newest update
  std::vector<std::string> titles;
  for (pugi::xml_node entry : feed.children("entry")) titles.push_back(entry.child_value("title"));
  EXPECT_EQ(titles, (std::vector<std::string>{"GitHub: Incident open", "GitHub: [resolved] Incident crit",
                                              "GitHub: [resolved] Incident mnt", "GitHub: [resolved] Incident old"}));
  pugi::xml_node open = feed.child("entry");
  EXPECT_STREQ(open.child_value("id"), "urn:statusphere:incident:https://www.githubstatus.com:open");
  EXPECT_STREQ(open.child("link").attribute("href").value(), "https://www.githubstatus.com/incidents/open");
  EXPECT_STREQ(open.child("category").attribute("term").value(), "major");
  EXPECT_STREQ(open.child_value("published"), Rfc3339(At(40)).c_str());
  EXPECT_STREQ(open.child_value("updated"), Rfc3339(At(41)).c_str());
  EXPECT_TRUE(absl::StrContains(open.child_value("content"), "The cause is known.")) << open.child_value("content");
  EXPECT_TRUE(absl::StrContains(open.child_value("content"), "Components: API, Git Operations"));

  // Filters as on /incidents; the all-pages feed lists recently changed incidents.
  pugi::xml_document filtered;
  ASSERT_TRUE(filtered.load_string(GetPath(path + "&impact=critical,major&limit=1").body.c_str()));
  EXPECT_EQ(
      std::distance(filtered.child("feed").children("entry").begin(), filtered.child("feed").children("entry").end()),
      1);
  pugi::xml_document all;
  ASSERT_TRUE(all.load_string(GetPath("/api/v1/feed.atom").body.c_str()));
  EXPECT_STREQ(all.child("feed").child_value("title"), "All status pages: recent incidents");
  EXPECT_EQ(std::distance(all.child("feed").children("entry").begin(), all.child("feed").children("entry").end()), 4);

  EXPECT_EQ(GetError(path + "&limit=500", 400), "limit: 500 is above the maximum of 200 for feeds");
  EXPECT_EQ(GetError(path + "&limit=abc", 400), "limit: 'abc' is not a non-negative integer");
  EXPECT_TRUE(absl::StrContains(GetError(path + "&impact=bogus", 400), "bogus"));
  GetError("/api/v1/feed.atom?statusPageUrl=https://unknown.example.com", 404);
}

TEST_F(GatewayTest, WatchStreamsChangesAsServerSentEventsAndResumes) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string watch = stack_->Url("/api/v1/watch?statusPageUrl=https://status.zoom.us");
  std::vector<SseEvent> live;
  long status = 0;
  std::thread reader([&] { live = SseReader::Read(watch, {}, absl::Seconds(3), &status); });
  absl::SleepFor(absl::Milliseconds(800));
  const absl::Time reported = absl::Now();
  IncidentSpec outage{"z1", "major", At(50), absl::InfinitePast(), {{"Investigating", "Meetings drop.", At(50)}}};
  ASSERT_TRUE(seeder_->ReportIncidents(kZoom, {outage}).ok());
  reader.join();
  EXPECT_EQ(status, 200);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].event, "created");
  EXPECT_LT(live[0].arrived - reported, absl::Seconds(1))
      << "seen " << live[0].arrived - reported << " after the report";
  json change = json::parse(live[0].data);
  EXPECT_EQ(change["kind"], "CREATED");
  EXPECT_EQ(change["incident"]["title"], "Incident z1");
  EXPECT_EQ(change["incident"]["impact"], "major");
  EXPECT_EQ(change["cursor"], live[0].id);

  // Disconnected; meanwhile the incident gets an update. Reconnecting with Last-Event-ID
  // (what EventSource does) delivers exactly what was missed.
  outage.events.push_back({"Identified", "A bad deploy.", At(51)});
  ASSERT_TRUE(seeder_->ReportIncidents(kZoom, {outage}).ok());
  std::vector<SseEvent> resumed = SseReader::Read(watch, {"Last-Event-ID: " + live[0].id}, absl::Seconds(1), &status);
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0].event, "updated");
  EXPECT_EQ(json::parse(resumed[0].data)["incident"]["events"].size(), 2u);
  // cursor=0 replays the page's whole history of changes.
  EXPECT_EQ(SseReader::Read(watch + "&cursor=0", {}, absl::Seconds(1), &status).size(), 2u);
  // Bad requests are refused up front with the usual JSON error.
  EXPECT_TRUE(absl::StrContains(GetError("/api/v1/watch?cursor=bogus", 400), "cursor"));
  GetError("/api/v1/watch?statusPageUrl=https://unknown.example.com", 404);
}

// Watch clients with one filter share one upstream stream; a client resuming from a cursor
// replays on its own call and then takes the shared stream: every change once, in order.
TEST_F(GatewayTest, WatchClientsShareAStreamAndAResumingClientJoinsItWithoutRepeats) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string watch = stack_->Url("/api/v1/watch?statusPageUrl=https://status.zoom.us");
  IncidentSpec outage{"z7", "minor", At(60), absl::InfinitePast(), {{"Investigating", "Slow joins.", At(60)}}};
  ASSERT_TRUE(seeder_->ReportIncidents(kZoom, {outage}).ok());

  constexpr int kLive = 4;
  std::vector<std::vector<SseEvent>> live(kLive);
  std::vector<SseEvent> resumed;
  std::vector<long> statuses(kLive + 1, 0);
  std::vector<std::thread> readers;
  for (int i = 0; i < kLive; ++i) {
    readers.emplace_back([&, i] { live[i] = SseReader::Read(watch, {}, absl::Seconds(3), &statuses[i]); });
  }
  // From the very start of the page's changes: the replay holds z7's creation.
  readers.emplace_back(
      [&] { resumed = SseReader::Read(watch, {"Last-Event-ID: 0"}, absl::Seconds(3), &statuses[kLive]); });
  absl::SleepFor(absl::Milliseconds(800));
  const absl::Time reported = absl::Now();
  outage.events.push_back({"Identified", "A bad deploy.", At(61)});
  ASSERT_TRUE(seeder_->ReportIncidents(kZoom, {outage}).ok());
  for (auto& reader : readers) reader.join();

  for (int i = 0; i < kLive; ++i) {
    EXPECT_EQ(statuses[i], 200);
    ASSERT_EQ(live[i].size(), 1u) << "client " << i;
    EXPECT_EQ(live[i][0].event, "updated");
    EXPECT_LT(live[i][0].arrived - reported, absl::Seconds(1));
    EXPECT_EQ(live[i][0].id, live[0][0].id);  // the same change, shared
  }
  EXPECT_EQ(statuses[kLive], 200);
  ASSERT_EQ(resumed.size(), 2u);  // the replayed creation, then the live update once
  EXPECT_EQ(resumed[0].event, "created");
  EXPECT_EQ(json::parse(resumed[0].data)["incident"]["id"], json::parse(live[0][0].data)["incident"]["id"]);
  EXPECT_EQ(resumed[1].event, "updated");
  EXPECT_EQ(resumed[1].id, live[0][0].id);
  EXPECT_LT(resumed[1].arrived - reported, absl::Seconds(1));
}

// A gateway whose watch clients have a buffer of one change: a burst overflows it at once.
class WatchBurstTest : public GatewayTest {
 protected:
  void SetUp() override {
    setenv("STATUSPHERE_GATEWAY_WATCH_CLIENT_BUFFER", "1", 1);
    GatewayTest::SetUp();
  }
  void TearDown() override {
    unsetenv("STATUSPHERE_GATEWAY_WATCH_CLIENT_BUFFER");
    GatewayTest::TearDown();
  }
};

// A burst (a page's first scrape brings its whole history) is more than a client's buffer:
// the client catches up on its own call and still gets every change once, in order.
TEST_F(WatchBurstTest, ABurstPastTheClientBufferArrivesWholeAndInOrder) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string watch = stack_->Url("/api/v1/watch?statusPageUrl=https://status.zoom.us");
  std::vector<SseEvent> events;
  long status = 0;
  std::thread reader([&] { events = SseReader::Read(watch, {}, absl::Seconds(4), &status); });
  absl::SleepFor(absl::Milliseconds(800));
  std::vector<IncidentSpec> burst;
  for (int i = 0; i < 60; ++i) {
    burst.push_back({absl::StrCat("burst", i),
                     "minor",
                     At(70 + i),
                     absl::InfinitePast(),
                     {{"Investigating", "Part of a burst.", At(70 + i)}}});
  }
  ASSERT_TRUE(seeder_->ReportIncidents(kZoom, burst).ok());
  reader.join();
  EXPECT_EQ(status, 200);
  ASSERT_EQ(events.size(), 60u);
  std::set<std::string> ids;
  int64_t previous = 0;
  for (const SseEvent& event : events) {
    EXPECT_EQ(event.event, "created");
    int64_t cursor = 0;
    ASSERT_TRUE(absl::SimpleAtoi(event.id, &cursor)) << event.id;
    EXPECT_GT(cursor, previous);
    previous = cursor;
    ids.insert(json::parse(event.data)["incident"]["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 60u);
}

// A server that lets a client hold two watch streams: the gateway names each SSE client to
// it (clients connect from 127.0.0.2 and 127.0.0.3, loopback addresses all), and a refused
// stream comes back as HTTP 429 with the server's message.
class WatchCapTest : public GatewayTest {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<GatewayStack>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    absl::Status started = stack_->StartServer(0, {"--watch_max_streams_per_client=2"});
    ASSERT_TRUE(started.ok()) << started;
    started = stack_->StartGateway();
    ASSERT_TRUE(started.ok()) << started;
    seeder_ = std::make_unique<Seeder>(stack_->server_address(), kAdminToken);
  }

  struct Answer {
    long status = 0;
    std::string body;
  };
  // GETs `url` from the local address `from` for at most `duration`.
  static Answer GetFrom(const std::string& url, const std::string& from, absl::Duration duration) {
    Answer answer;
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_INTERFACE, from.c_str());
    curl_easy_setopt(
        curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* user) {
          static_cast<std::string*>(user)->append(data, size * count);
          return size * count;
        });
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(duration)));
    curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_easy_cleanup(curl);
    return answer;
  }
};

TEST_F(WatchCapTest, AClientPastItsWatchStreamsGets429WithTheServersMessage) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  // From cursor 0: the client's own replay call, besides the feed it starts.
  const std::string watch = stack_->Url("/api/v1/watch?statusPageUrl=https://www.githubstatus.com&cursor=0");
  Answer first;
  std::thread holder([&] { first = GetFrom(watch, "127.0.0.2", absl::Seconds(4)); });
  absl::SleepFor(absl::Seconds(1));
  const Answer refused = GetFrom(watch, "127.0.0.2", absl::Seconds(2));
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_TRUE(
      absl::StrContains(json::parse(refused.body).value("error", ""), "client 127.0.0.2 has 2 watch streams open"))
      << refused.body;
  // Another client is not held back by this one.
  const Answer other = GetFrom(watch, "127.0.0.3", absl::Seconds(1));
  EXPECT_EQ(other.status, 200) << other.body;
  holder.join();
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(absl::StrContains(first.body, "event: created")) << first.body.substr(0, 500);
}

TEST_F(GatewayTest, GzipWhenTheClientAcceptsIt) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  const std::string url = stack_->Url("/api/v1/statusPages");
  RestResponse raw = Fetch({url, "GET", {"Accept-Encoding: gzip"}});
  EXPECT_EQ(raw.status, 200);
  EXPECT_EQ(raw.Header("content-encoding"), "gzip");
  EXPECT_TRUE(absl::StrContains(raw.Header("vary"), "Accept-Encoding")) << raw.Header("vary");
  EXPECT_TRUE(absl::StartsWith(raw.body, "\x1f\x8b")) << "not a gzip stream";

  RestResponse decoded = Fetch({url, "GET", {}, /*decode_gzip=*/true});
  EXPECT_EQ(decoded.Header("content-encoding"), "gzip");
  EXPECT_EQ(JsonOk(decoded, "gzip")["statusPages"].size(), 3u);

  RestResponse plain = Get(url);
  EXPECT_EQ(plain.Header("content-encoding"), "");
  EXPECT_TRUE(absl::StrContains(plain.Header("vary"), "Accept-Encoding"));
  EXPECT_EQ(JsonOk(plain, "identity")["statusPages"].size(), 3u);

  RestResponse error = Fetch({stack_->Url("/api/v1/incidents"), "GET", {}, /*decode_gzip=*/true});
  EXPECT_EQ(error.Header("content-encoding"), "gzip");
  ErrorMessage(error, 400, "gzip error");
}

TEST_F(GatewayTest, CorsPreflightAndJsonErrorsForUnknownPathsAndMethods) {
  RestResponse preflight = Fetch({stack_->Url("/api/v1/incidents"),
                                  "OPTIONS",
                                  {"Origin: https://frontend.example", "Access-Control-Request-Method: GET",
                                   "Access-Control-Request-Headers: content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "*");
  EXPECT_TRUE(absl::StrContains(preflight.Header("access-control-allow-methods"), "GET"));
  EXPECT_TRUE(absl::StrContains(preflight.Header("access-control-allow-methods"), "OPTIONS"));
  EXPECT_TRUE(absl::StrContains(preflight.Header("access-control-allow-headers"), "content-type"));
  EXPECT_TRUE(preflight.body.empty());

  RestResponse cross_origin = Fetch({stack_->Url("/api/v1/statusPages/count"), "GET", {"Origin: https://x.example"}});
  EXPECT_EQ(JsonOk(cross_origin, "cross-origin GET")["statusPageCount"], 0);

  EXPECT_TRUE(absl::StrContains(GetError("/api/v1/nope", 404), "/api/v1/nope"));
  GetError("/api/v2/statusPages", 404);
  GetError("/index.html", 404);  // "/" itself is the dashboard (tests/dashboard)
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/api/v1/statusPages"}, {"DELETE", "/api/v1/incidents"}, {"PUT", "/api/v1/sitemap.xml"}}) {
    RestResponse r = Fetch({stack_->Url(path), method});
    ErrorMessage(r, 405, method + " " + path);
  }

  RestResponse head = Fetch({stack_->Url("/api/v1/statusPages/count"), "HEAD"});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(GatewayTest, OpenApiDocumentDescribesTheRestSurface) {
  json doc = GetJson("/api/v1/openapi.json");
  EXPECT_EQ(doc["swagger"], "2.0");
  ASSERT_TRUE(doc["paths"].is_object()) << doc;
  for (const char* path : {"/api/v1/statusPages", "/api/v1/statusPages/count", "/api/v1/statusPages/search",
                           "/api/v1/statusPage", "/api/v1/currentStatus", "/api/v1/incidents", "/api/v1/sitemap.xml"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  std::vector<std::string> parameters;
  for (const json& p : doc["paths"]["/api/v1/incidents"]["get"]["parameters"]) parameters.push_back(p["name"]);
  EXPECT_EQ(parameters, (std::vector<std::string>{"statusPageUrl", "impact", "limit"}));
  const json& incident = doc["definitions"]["v1Incident"]["properties"];
  EXPECT_TRUE(incident.contains("startTime") && incident.contains("deepLink")) << incident;
}

TEST_F(GatewayTest, HealthzIsOkWhileTheBackendServes) {
  EXPECT_EQ(GetJson("/healthz"), json::parse(R"({"status":"SERVING"})"));
}

}  // namespace
}  // namespace statusphere::testing
