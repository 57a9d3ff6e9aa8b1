// End to end: status pages of three platforms (Statuspage, StatusCast, Instatus) played on
// 127.0.0.1, scraped by the real scraper into the real server, read through the real
// gateway as Statuspage documents at /compat/<slug>/api/v2/...: each document is checked
// field by field against Statuspage's format and against what the server holds. Then each
// compat page is added as a page of its own and scraped like any Statuspage page: the
// Statuspage provider must read back the original page's incidents and components.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"
#include "tests/gateway/statuspage_format.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/server_process.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using nlohmann::json;
using statusphere::testing::Eventually;
using statusphere::testing::Get;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::ReadRepoFile;
using statusphere::testing::RestResponse;
using statusphere::testing::StatuspageFormatProblems;
using namespace statusphere::v1;  // NOLINT

const std::vector<std::string> kDocuments = {"summary.json",
                                             "status.json",
                                             "components.json",
                                             "incidents.json",
                                             "incidents/unresolved.json",
                                             "scheduled-maintenances.json",
                                             "scheduled-maintenances/upcoming.json",
                                             "scheduled-maintenances/active.json"};

std::string Time(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone()); }
std::string Time(const google::protobuf::Timestamp& t) { return Time(FromProto(t)); }

// A Statuspage page of our own: a group of two components and one alone, an open
// incident, a resolved one, an upcoming maintenance.
class AcmeStatuspage {
 public:
  AcmeStatuspage(HttpServer& site, absl::Time now)
      : site_(site), now_(absl::FromUnixSeconds(absl::ToUnixSeconds(now))) {
    auto component = [&](const std::string& id, const std::string& name, const std::string& status, json group_id,
                         int position) {
      return json{{"id", id},
                  {"name", name},
                  {"status", status},
                  {"created_at", Time(now_ - absl::Hours(1000))},
                  {"updated_at", Time(now_)},
                  {"position", position},
                  {"description", nullptr},
                  {"showcase", true},
                  {"start_date", nullptr},
                  {"group_id", group_id},
                  {"page_id", "acmepage0001"},
                  {"group", false},
                  {"only_show_if_degraded", false}};
    };
    json group = component("grp0core0001", "Core", "degraded_performance", nullptr, 1);
    group["group"] = true;
    group["components"] = {"api0comp0001", "web0comp0001"};
    components_ = {group, component("api0comp0001", "API", "degraded_performance", "grp0core0001", 2),
                   component("web0comp0001", "Web", "operational", "grp0core0001", 3),
                   component("mail0comp001", "Email", "operational", nullptr, 4)};
    open_ = MakeIncident("inc0open0001", "Elevated API errors", "minor", now_ - absl::Hours(1),
                         json::array({components_[1]}));
    AddUpdate(open_, "upd0open0001", "investigating", "We are investigating elevated error rates on the API.",
              now_ - absl::Hours(1));
    AddUpdate(open_, "upd0open0002", "identified", "The cause & a fix are known.", now_ - absl::Minutes(30));
    done_ = MakeIncident("inc0done0001", "Web outage", "major", now_ - absl::Hours(26), json::array({components_[2]}));
    AddUpdate(done_, "upd0done0001", "investigating", "The web site is down.", now_ - absl::Hours(26));
    AddUpdate(done_, "upd0done0002", "monitoring", "A fix is out; we are watching.", now_ - absl::Hours(25));
    AddUpdate(done_, "upd0done0003", "resolved", "All is well again.", now_ - absl::Hours(24));
    done_["resolved_at"] = Time(now_ - absl::Hours(24));
    maintenance_ = MakeIncident("mnt0next0001", "Database upgrade", "maintenance", now_ - absl::Hours(2),
                                json::array({components_[3]}));
    maintenance_["scheduled_for"] = Time(now_ + absl::Hours(48));
    maintenance_["scheduled_until"] = Time(now_ + absl::Hours(50));
    AddUpdate(maintenance_, "upd0mnt00001", "scheduled", "We will upgrade the database.", now_ - absl::Hours(2));
    Publish();
  }

  std::string url() const { return site_.Url("/acme"); }
  std::string resolved_at() const { return done_["resolved_at"].get<std::string>(); }

  // The open incident moves on: a new update, served at once.
  void PostUpdate(const std::string& status, const std::string& body) {
    AddUpdate(open_, absl::StrCat("upd0open000", open_["incident_updates"].size() + 1), status, body, absl::Now());
    Publish();
  }

 private:
  static json MakeIncident(const std::string& id, const std::string& name, const std::string& impact, absl::Time start,
                           json components) {
    return json{{"id", id},
                {"name", name},
                {"status", "investigating"},
                {"created_at", Time(start)},
                {"updated_at", Time(start)},
                {"monitoring_at", nullptr},
                {"resolved_at", nullptr},
                {"impact", impact},
                {"shortlink", "https://stspg.io/" + id},
                {"started_at", Time(start)},
                {"page_id", "acmepage0001"},
                {"incident_updates", json::array()},
                {"components", components}};
  }
  static void AddUpdate(json& incident, const std::string& id, const std::string& status, const std::string& body,
                        absl::Time at) {
    json update = {{"id", id},
                   {"status", status},
                   {"body", body},
                   {"incident_id", incident["id"]},
                   {"created_at", Time(at)},
                   {"updated_at", Time(at)},
                   {"display_at", Time(at)},
                   {"affected_components", nullptr},
                   {"deliver_notifications", true},
                   {"custom_tweet", nullptr},
                   {"tweet_id", nullptr}};
    incident["incident_updates"].insert(incident["incident_updates"].begin(), update);  // newest first
    incident["status"] = status;
    incident["updated_at"] = Time(at);
  }
  void Publish() {
    const json page = {
        {"id", "acmepage0001"}, {"name", "Acme"}, {"url", url()}, {"time_zone", "Etc/UTC"}, {"updated_at", Time(now_)}};
    const json status = {{"indicator", "minor"}, {"description", "Minor Service Outage"}};
    site_.Set("/acme/api/v2/summary.json", testing::JsonResponse(json{
                                               {"page", page},
                                               {"components", components_},
                                               {"incidents", json::array({open_})},
                                               {"scheduled_maintenances", json::array({maintenance_})},
                                               {"status", status}}.dump()));
    site_.Set("/acme/api/v2/incidents.json",
              testing::JsonResponse(json{{"page", page}, {"incidents", json::array({open_, done_})}}.dump()));
    site_.Set(
        "/acme/api/v2/scheduled-maintenances.json",
        testing::JsonResponse(json{{"page", page}, {"scheduled_maintenances", json::array({maintenance_})}}.dump()));
  }

  HttpServer& site_;
  absl::Time now_;
  json components_, open_, done_, maintenance_;
};

class CompatE2eTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    StartServer("compat_e2e", "127.0.0.0/8");  // the pages, and the gateway, are on loopback
    gateway_url_ = StartGateway("gateway", {"--rate_limit_rps=0"});
    ASSERT_FALSE(gateway_url_.empty());
    StartScraper("compat", {"--workers=4", "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=2s",
                            "--connect_timeout=1s", "--lease_duration=20s"});
  }

  std::string GatewayUrl(const std::string& path) const { return gateway_url_ + path; }

  json GetJson(const std::string& path, long want_status = 200) {
    RestResponse r = Get(GatewayUrl(path));
    EXPECT_EQ(r.status, want_status) << path << ": " << r.body;
    EXPECT_EQ(r.Header("content-type").substr(0, 16), "application/json") << path;
    json j = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << path << ": " << r.body;
    return j;
  }

  // The page's slug, as /api/v1/statusPages lists it.
  std::string SlugOf(const std::string& url) {
    const json pages = GetJson("/api/v1/statusPages");
    for (const json& page : pages["statusPages"]) {
      if (page["url"] == url) return page.value("slug", "");
    }
    return "";
  }

  std::string gateway_url_;  // http://127.0.0.1:<port>
};

std::string ComponentStatusOf(const Component& c) { return c.status() == "unknown" ? "operational" : c.status(); }

// The compat documents against what the server holds for the page.
void ExpectDocumentsSay(const std::map<std::string, json>& docs, const StatusPage& page,
                        const std::vector<Incident>& incidents) {
  // Components: the page's, in its order, each group before its members.
  std::vector<std::string> want, got;
  for (const auto& c : page.components()) {
    want.push_back(absl::StrCat(c.group(), "/", c.name(), "=", ComponentStatusOf(c)));
  }
  std::map<std::string, std::string> group_names;
  for (const json& c : docs.at("components.json")["components"]) {
    if (c["group"] == true) group_names[c["id"].get<std::string>()] = c["name"].get<std::string>();
  }
  for (const json& c : docs.at("components.json")["components"]) {
    if (c["group"] == true) continue;
    const std::string group = c["group_id"].is_null() ? "" : group_names[c["group_id"].get<std::string>()];
    got.push_back(absl::StrCat(group, "/", c["name"].get<std::string>(), "=", c["status"].get<std::string>()));
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(docs.at("summary.json")["components"], docs.at("components.json")["components"]);
  // Incidents: newest first, maintenances apart; the open ones in summary and unresolved.
  std::vector<std::string> want_incidents, want_open, want_maintenances, want_pending;
  for (const auto& i : incidents) {
    const bool open = !IsSet(i.end_time());
    if (i.impact() == "maintenance") {
      want_maintenances.push_back(i.title());
      if (open) want_pending.push_back(i.title());
    } else {
      want_incidents.push_back(i.title());
      if (open) want_open.push_back(i.title());
    }
  }
  auto names = [&](const std::string& doc, const std::string& key) {
    std::vector<std::string> out;
    for (const json& i : docs.at(doc)[key]) out.push_back(i["name"].get<std::string>());
    return out;
  };
  EXPECT_EQ(names("incidents.json", "incidents"), want_incidents);
  EXPECT_EQ(names("incidents/unresolved.json", "incidents"), want_open);
  EXPECT_EQ(names("summary.json", "incidents"), want_open);
  EXPECT_EQ(names("scheduled-maintenances.json", "scheduled_maintenances"), want_maintenances);
  EXPECT_EQ(names("summary.json", "scheduled_maintenances"), want_pending);
  // Every update of every incident, with its body and time.
  for (const json& i : docs.at("incidents.json")["incidents"]) {
    for (const auto& stored : incidents) {
      if (stored.title() != i["name"]) continue;
      ASSERT_EQ(i["incident_updates"].size(), static_cast<size_t>(stored.events_size())) << i["name"];
      for (int n = 0; n < stored.events_size(); ++n) {
        EXPECT_EQ(i["incident_updates"][n]["body"], stored.events(n).description());
        absl::Time t;
        std::string error;
        ASSERT_TRUE(
            absl::ParseTime(absl::RFC3339_full, i["incident_updates"][n]["display_at"].get<std::string>(), &t, &error));
        EXPECT_EQ(t, FromProto(stored.events(n).time()));
      }
    }
  }
}

// What a page holds, as the round trip must keep it: each incident's name, impact, times,
// components and updates (body and time), and the components. (Statuses apart: a note's
// "update" has no Statuspage word, see IncidentStatuses.)
std::string Holdings(const StatusPage& page, const std::vector<Incident>& incidents) {
  std::vector<std::string> lines;
  for (const auto& c : page.components())
    lines.push_back(absl::StrCat("component ", c.group(), "/", c.name(), "=", ComponentStatusOf(c)));
  for (const auto& i : incidents) {
    std::string line = absl::StrCat("incident ", i.title(), " impact=", i.impact(), " start=", Time(i.start_time()));
    if (IsSet(i.end_time())) absl::StrAppend(&line, " end=", Time(i.end_time()));
    if (IsSet(i.scheduled_start_time()))
      absl::StrAppend(&line, " scheduled=", Time(i.scheduled_start_time()), "..", Time(i.scheduled_end_time()));
    absl::StrAppend(&line, " components=", absl::StrJoin(i.components(), ","));
    std::multiset<std::string> updates;
    for (const auto& e : i.events()) updates.insert(absl::StrCat(Time(e.time()), " ", e.description()));
    absl::StrAppend(&line, " updates=[", absl::StrJoin(updates, " | "), "]");
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return absl::StrJoin(lines, "\n");
}

// The statuses of the incidents (maintenances apart) whose status is one of Statuspage's
// incident words, by name and start.
std::map<std::string, std::string> IncidentStatuses(const std::vector<Incident>& incidents) {
  static const std::set<std::string> kWords = {"investigating", "identified", "monitoring", "resolved", "postmortem"};
  std::map<std::string, std::string> out;
  for (const auto& i : incidents) {
    if (i.impact() != "maintenance" && kWords.count(i.status())) {
      out[absl::StrCat(i.title(), " ", Time(i.start_time()))] = i.status();
    }
  }
  return out;
}

TEST_F(CompatE2eTest, EveryPlatformReadsAsStatuspageAndTheStatuspageProviderReadsItBack) {
  HttpServer site;
  AcmeStatuspage acme(site, absl::Now());
  auto serve = [&](const std::string& path, const std::string& content_type, const std::string& body) {
    HttpResponse r;
    r.headers = {{"Content-Type", content_type}};
    r.body = body;
    site.Set(path, r);
  };
  std::string statuscast_home = ReadRepoFile("providers/statuscast/testdata/home-outage.html");
  ASSERT_FALSE(statuscast_home.empty());
  // Its upcoming maintenance stays upcoming whatever today is.
  const std::string upcoming = "17 March 2026, 22:00  UTC";
  for (size_t at; (at = statuscast_home.find(upcoming)) != std::string::npos;) {
    statuscast_home.replace(
        at, upcoming.size(),
        absl::FormatTime("%d %B %Y, %H:%M  UTC", absl::Now() + absl::Hours(24 * 30), absl::UTCTimeZone()));
  }
  serve("/sc", "text/html; charset=utf-8", statuscast_home);
  serve("/incident/800101", "text/html; charset=utf-8",
        ReadRepoFile("providers/statuscast/testdata/incident-800101.html"));
  serve("/in", "text/html", ReadRepoFile("providers/instatus/testdata/home-next-data.html"));
  const std::string statuscast = site.Url("/sc"), instatus = site.Url("/in");
  AddPage("Acme", acme.url(), "atlassian-statuspage");
  AddPage("Acme CDN", statuscast, /*provider=*/"");
  AddPage("Acme Instatus", instatus, /*provider=*/"");
  const std::map<std::string, size_t> expected_incidents = {{acme.url(), 3}, {statuscast, 5}, {instatus, 3}};
  for (const auto& expected : expected_incidents) {
    const std::string url = expected.first;
    const size_t count = expected.second;
    ASSERT_TRUE(Eventually([&] { return Incidents(url).size() == count; }, absl::Seconds(20))) << url << "\n"
                                                                                               << scrapers_[0]->Log();
  }
  EXPECT_EQ(Page(statuscast).provider(), "statuscast");
  EXPECT_EQ(Page(instatus).provider(), "instatus");

  // Each page's documents: Statuspage's format, and what the server holds.
  std::map<std::string, std::string> slugs;
  for (const auto& [url, count] : expected_incidents) {
    SCOPED_TRACE(url);
    const std::string slug = SlugOf(url);
    ASSERT_FALSE(slug.empty()) << "/api/v1/statusPages lists no slug";
    slugs[url] = slug;
    EXPECT_EQ(GetJson("/api/v1/statusPage?statusPageUrl=" + url)["statusPage"]["slug"], slug);
    std::map<std::string, json> docs;
    for (const std::string& name : kDocuments) {
      docs[name] = GetJson(absl::StrCat("/compat/", slug, "/api/v2/", name));
      for (const std::string& problem : StatuspageFormatProblems(name, docs[name]))
        ADD_FAILURE() << name << ": " << problem;
      EXPECT_EQ(docs[name]["page"], docs["summary.json"]["page"]) << name;
    }
    EXPECT_EQ(docs["summary.json"]["page"]["url"], url);
    EXPECT_EQ(docs["status.json"]["status"], docs["summary.json"]["status"]);
    ExpectDocumentsSay(docs, Page(url), Incidents(url));
  }

  // The Statuspage page keeps its own ids and indicator, and Statuspage's words.
  {
    const std::string base = absl::StrCat("/compat/", slugs[acme.url()], "/api/v2/");
    json summary = GetJson(base + "summary.json");
    EXPECT_EQ(summary["status"], (json{{"indicator", "minor"}, {"description", "Minor Service Outage"}}));
    ASSERT_EQ(summary["incidents"].size(), 1u);
    const json& open = summary["incidents"][0];
    EXPECT_EQ(open["id"], "inc0open0001");
    EXPECT_EQ(open["status"], "identified");
    EXPECT_EQ(open["impact"], "minor");
    EXPECT_EQ(open["shortlink"], "https://stspg.io/inc0open0001");
    EXPECT_EQ(open["incident_updates"][0]["id"], "upd0open0002");
    EXPECT_EQ(open["incident_updates"][0]["body"], "The cause & a fix are known.");
    EXPECT_EQ(open["components"][0]["id"], "api0comp0001");
    ASSERT_EQ(summary["components"].size(), 4u);
    EXPECT_EQ(summary["components"][0]["name"], "Core");
    EXPECT_EQ(summary["components"][0]["group"], true);
    EXPECT_EQ(summary["components"][1]["group_id"], summary["components"][0]["id"]);
    json done = GetJson(base + "incidents.json")["incidents"][1];
    EXPECT_EQ(done["id"], "inc0done0001");
    EXPECT_EQ(done["resolved_at"], acme.resolved_at());
    EXPECT_EQ(done["monitoring_at"], done["incident_updates"][1]["display_at"]);
    json upcoming_maintenances = GetJson(base + "scheduled-maintenances/upcoming.json")["scheduled_maintenances"];
    ASSERT_EQ(upcoming_maintenances.size(), 1u);
    EXPECT_EQ(upcoming_maintenances[0]["status"], "scheduled");
    EXPECT_EQ(GetJson(base + "scheduled-maintenances/active.json")["scheduled_maintenances"], json::array());
  }
  // The StatusCast page: its outage and its maintenance in progress, in Statuspage's words.
  {
    json summary = GetJson(absl::StrCat("/compat/", slugs[statuscast], "/api/v2/summary.json"));
    EXPECT_EQ(summary["status"]["indicator"], "critical") << summary["status"];  // a component in major outage
  }

  // A page on https://<host> has the host as its slug; one never read says it cannot vouch.
  AddPage("Never Read", "https://status.never-read.test", "atlassian-statuspage");
  {
    json status = GetJson("/compat/status.never-read.test/api/v2/status.json");
    for (const std::string& problem : StatuspageFormatProblems("status.json", status)) ADD_FAILURE() << problem;
    EXPECT_EQ(status["page"]["url"], "https://status.never-read.test");
    EXPECT_EQ(status["status"], (json{{"indicator", "none"}, {"description", "Status unknown: not indexed yet"}}));
  }

  // Errors say what is wrong, as JSON.
  EXPECT_EQ(GetJson("/compat/no.such.page/api/v2/summary.json", 404)["error"],
            "no status page has the slug 'no.such.page'");
  EXPECT_EQ(GetJson("/compat/Not%20A%20Slug/api/v2/summary.json", 400)["error"],
            "statusPageSlug: a page slug holds only lowercase letters, digits, '.' and '-'");
  EXPECT_NE(GetJson("/compat//api/v2/summary.json", 400)["error"], nullptr);
  EXPECT_NE(GetJson(absl::StrCat("/compat/", slugs[acme.url()], "/api/v2/nothing.json"), 404)["error"], nullptr);
  {
    testing::HttpRequest post{GatewayUrl(absl::StrCat("/compat/", slugs[acme.url()], "/api/v2/summary.json"))};
    post.method = "POST";
    EXPECT_EQ(testing::Fetch(post).status, 405);
  }

  // Cached like the REST answers: a strong ETag, 304 to If-None-Match; dropped as soon as
  // the page changes.
  const std::string unresolved =
      GatewayUrl(absl::StrCat("/compat/", slugs[acme.url()], "/api/v2/incidents/unresolved.json"));
  RestResponse first = Get(unresolved);
  ASSERT_FALSE(first.Header("etag").empty());
  testing::HttpRequest conditional{unresolved};
  conditional.headers = {"If-None-Match: " + first.Header("etag")};
  EXPECT_EQ(testing::Fetch(conditional).status, 304);
  const absl::Time posted = absl::Now();
  acme.PostUpdate("monitoring", "A fix is rolling out.");
  ASSERT_TRUE(Eventually(
      [&] {
        json j = json::parse(Get(unresolved).body, nullptr, false);
        return !j.is_discarded() && j["incidents"].size() == 1 && j["incidents"][0]["status"] == "monitoring";
      },
      absl::Seconds(10)));
  EXPECT_LT(absl::Now() - posted, absl::Seconds(5));

  // The round trip: each compat page, scraped as a Statuspage page, holds what the original does.
  std::map<std::string, std::string> copies;
  for (const auto& [url, slug] : slugs) {
    copies[url] = GatewayUrl(absl::StrCat("/compat/", slug));
    AddPage(absl::StrCat("Copy of ", slug), copies[url], /*provider=*/"");  // detected, as any page is
  }
  for (const auto& original_and_copy : copies) {
    const std::string url = original_and_copy.first, copy = original_and_copy.second;
    SCOPED_TRACE(url);
    std::string original, read_back;
    const bool same = Eventually(
        [&] {
          original = Holdings(Page(url), Incidents(url));
          read_back = Holdings(Page(copy), Incidents(copy));
          return original == read_back;
        },
        absl::Seconds(20));
    EXPECT_TRUE(same) << "original:\n"
                      << original << "\nread back through /compat:\n"
                      << read_back << "\n"
                      << scrapers_[0]->Log();
    for (const auto& [incident, status] : IncidentStatuses(Incidents(url))) {
      EXPECT_EQ(IncidentStatuses(Incidents(copy))[incident], status) << incident;
    }
    EXPECT_EQ(Page(copy).provider(), "atlassian-statuspage");
    EXPECT_EQ(CurrentStatus(copy), CurrentStatus(url));
    // Ids: the copy's incidents are the compat documents' ids.
    json incidents = GetJson(absl::StrCat("/compat/", slugs[url], "/api/v2/incidents.json"))["incidents"];
    std::set<std::string> compat_ids, copy_ids;
    for (const json& i : incidents) compat_ids.insert(i["id"].get<std::string>());
    for (const auto& i : Incidents(copy)) {
      if (i.impact() != "maintenance") copy_ids.insert(i.id());
    }
    EXPECT_EQ(copy_ids, compat_ids);
  }
}

}  // namespace
}  // namespace statusphere
