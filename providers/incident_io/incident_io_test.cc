#include "providers/incident_io/incident_io.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/incident_io/native_api.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.example-cloud.test";

std::string Fixture(const std::string& name) { return ReadRepoFile("providers/incident_io/testdata/" + name); }

int64_t Seconds(absl::string_view rfc3339) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) << error;
  return absl::ToUnixSeconds(t);
}

const Incident* Find(const ParsedPage& page, const std::string& id) {
  for (const Incident& i : page.incidents) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

std::vector<std::string> Urls(absl::string_view page_url, statusphere::v1::ScrapeKind kind) {
  return UrlsOf(IncidentIo().Fetches(page_url, kind).documents);
}

std::vector<Documents::Entry> CurrentDocuments(std::string native_summary) {
  const std::vector<std::string> urls = Urls(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  return {{"summary", {urls[0], 200, "", Fixture("summary.json")}},
          {"incidents", {urls[1], 200, "", Fixture("incidents.json")}},
          {"native-summary", {urls[2], 200, "", std::move(native_summary)}}};
}

// Shaped like OpenAI's page: ULID ids, no resolved_at, no shortlink, no maintenance key.
constexpr char kSummary[] =
    R"({"page":{"id":"01JMDK9XYNY6RXSED6SDWW50WY","name":"OpenAI","url":"https://status.openai.com"},
  "status":{"indicator":"minor","description":"Partial System Degradation"},
  "components":[{"id":"01JMXBRMFE6N2NNT7DG6XZQ6PW","name":"APIs","status":"degraded_performance"}],
  "incidents":[{"id":"01K2ABCDEFGHJKMNPQRSTVWXYZ","name":"Elevated errors on the API","status":"resolved","impact":"minor",
    "created_at":"2025-06-10T08:00:00Z","updated_at":"2025-06-10T09:30:00Z",
    "incident_updates":[
      {"id":"01K2U2","status":"resolved","body":"Resolved.","created_at":"2025-06-10T09:30:00Z"},
      {"id":"01K2U1","status":"investigating","body":"Looking.","created_at":"2025-06-10T08:00:00Z"}]}]})";

TEST(IncidentIo, FetchesBothApisAndTheNativeHistoryOnBackfill) {
  IncidentIo p;
  EXPECT_EQ(Urls("https://status.openai.com", statusphere::v1::SCRAPE_KIND_CURRENT),
            (std::vector<std::string>{"https://status.openai.com/api/v2/summary.json",
                                      "https://status.openai.com/api/v2/incidents.json",
                                      "https://status.openai.com/proxy/status.openai.com"}));
  const auto historical = Urls("https://status.openai.com", statusphere::v1::SCRAPE_KIND_HISTORICAL);
  ASSERT_EQ(historical.size(), 4u);
  EXPECT_EQ(historical[3], "https://status.openai.com/proxy/status.openai.com/incidents");
}

TEST(IncidentIo, ParsesTheCompatibilityLayerAloneAndClosesOnTheLastUpdate) {
  IncidentIo p;
  // The native API answering 404, or with the single-page app's HTML, is done without.
  for (const Document& native :
       {Document{"n", 404, "", "not found"}, Document{"n", 200, "text/html", "<html></html>"}}) {
    auto page = p.Parse("https://status.openai.com", {{"summary", {"s", 200, "", kSummary}},
                                                      {"incidents", {"i", 200, "", R"({"incidents":[]})"}},
                                                      {"native-summary", native}});
    ASSERT_TRUE(page.ok()) << page.status();
    // Maintenance windows are listed by the native API only: without it, not every open
    // incident is known to be listed.
    EXPECT_FALSE(page->lists_every_open_incident);
    ASSERT_EQ(page->incidents.size(), 1u);
    const auto& i = page->incidents[0];
    EXPECT_EQ(i.deep_link(), "https://status.openai.com/incidents/01K2ABCDEFGHJKMNPQRSTVWXYZ");
    EXPECT_EQ(i.end_time().seconds(), i.events(0).time().seconds());  // closed by its last update
    ASSERT_EQ(page->components.size(), 1u);
    EXPECT_EQ(page->components[0].status(), "degraded_performance");
  }
}

TEST(IncidentIo, NativeSummaryAddsMaintenanceWindowsGroupsAndAffectedComponents) {
  auto page = IncidentIo().Parse(kPage, CurrentDocuments(Fixture("proxy_summary.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);

  // Components: the compatible API's list and statuses, the native API's groups.
  ASSERT_EQ(page->components.size(), 3u);
  EXPECT_EQ(page->components[0].name(), "REST API");
  EXPECT_EQ(page->components[0].status(), "partial_outage");
  EXPECT_EQ(page->components[0].group(), "Platform");
  EXPECT_EQ(page->components[1].group(), "Platform");
  EXPECT_EQ(page->components[2].name(), "Dashboard");
  EXPECT_EQ(page->components[2].group(), "");

  // The ongoing incident is in both APIs: one incident, its updates from the compatible
  // API, its affected component from the native one.
  ASSERT_EQ(page->incidents.size(), 4u);
  const Incident* ongoing = Find(*page, "01JD0AAAAAAAAAAAAAAAAAAAA1");
  ASSERT_NE(ongoing, nullptr);
  EXPECT_EQ(ongoing->impact(), "major");
  EXPECT_EQ(ongoing->status(), "identified");
  ASSERT_EQ(ongoing->events_size(), 2);
  EXPECT_EQ(ongoing->events(0).id(), "01JD0AAAAAAAAAAAAAAAAAAU12");
  ASSERT_EQ(ongoing->components_size(), 1);
  EXPECT_EQ(ongoing->components(0), "REST API");
  EXPECT_FALSE(ongoing->has_end_time());

  // Maintenance windows only the native API lists.
  const Incident* running = Find(*page, "01JD1CCCCCCCCCCCCCCCCCCCC3");
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(running->title(), "Dashboard database upgrade");
  EXPECT_EQ(running->impact(), "maintenance");
  EXPECT_EQ(running->status(), "in_progress");
  EXPECT_EQ(running->start_time().seconds(), Seconds("2026-11-20T08:00:00Z"));
  EXPECT_FALSE(running->has_end_time());
  ASSERT_EQ(running->events_size(), 1);
  EXPECT_EQ(running->events(0).title(), "In progress");
  EXPECT_EQ(running->events(0).time().seconds(), Seconds("2026-11-20T09:00:00Z"));
  EXPECT_EQ(running->events(0).description(), "The upgrade has started; the dashboard is read-only until it ends.");
  ASSERT_EQ(running->components_size(), 1);
  EXPECT_EQ(running->components(0), "Dashboard");
  EXPECT_EQ(running->deep_link(), "https://status.example-cloud.test/incidents/01JD1CCCCCCCCCCCCCCCCCCCC3");

  const Incident* scheduled = Find(*page, "01JD2DDDDDDDDDDDDDDDDDDDD4");
  ASSERT_NE(scheduled, nullptr);
  EXPECT_EQ(scheduled->impact(), "maintenance");
  EXPECT_EQ(scheduled->status(), "scheduled");
  EXPECT_EQ(scheduled->components(0), "Webhooks");
}

TEST(IncidentIo, BackfillAddsTheNativeHistory) {
  IncidentIo p;
  const auto urls = Urls(kPage, statusphere::v1::SCRAPE_KIND_HISTORICAL);
  std::vector<Documents::Entry> documents = CurrentDocuments(Fixture("proxy_summary.json"));
  documents.push_back({"native-incidents", {urls[3], 200, "", Fixture("proxy_incidents.json")}});
  auto page = p.Parse(kPage, documents);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 6u);  // 2 compatible + 2 maintenance + 2 only in the history

  const Incident* webhooks = Find(*page, "01JC9BBBBBBBBBBBBBBBBBBBB2");  // in both: not doubled
  ASSERT_NE(webhooks, nullptr);
  EXPECT_EQ(webhooks->events_size(), 2);

  const Incident* sso = Find(*page, "01J8EEEEEEEEEEEEEEEEEEEEE5");
  ASSERT_NE(sso, nullptr);
  EXPECT_EQ(sso->status(), "resolved");
  EXPECT_EQ(sso->start_time().seconds(), Seconds("2026-03-02T07:31:00Z"));
  EXPECT_EQ(sso->end_time().seconds(), Seconds("2026-03-02T09:02:00Z"));
  ASSERT_EQ(sso->events_size(), 3);  // newest first, whatever the API's order
  EXPECT_EQ(sso->events(0).status(), "resolved");
  EXPECT_EQ(sso->events(1).title(), "Monitoring");
  EXPECT_EQ(sso->events(2).description(), "Some SSO users cannot sign in.\nOkta: affected\nAzure AD: not affected");

  const Incident* network = Find(*page, "01J7FFFFFFFFFFFFFFFFFFFFF6");
  ASSERT_NE(network, nullptr);
  EXPECT_EQ(network->impact(), "maintenance");
  EXPECT_EQ(network->status(), "completed");
  EXPECT_EQ(network->end_time().seconds(), Seconds("2026-02-10T03:00:00Z"));
}

TEST(IncidentIo, SameIncidentUnderAnotherIdMergesByTitleOnlyWhileRecent) {
  // The ongoing incident under another id: still one incident.
  const std::string renamed_id = R"({"summary":{"ongoing_incidents":[{"id":"01JD0ZZZZZZZZZZZZZZZZZZZZ9",
      "name":"Increased error rates on the REST API","status":"identified","published_at":"2026-11-20T09:58:00Z",
      "current_worst_impact":"partial_outage"}]}})";
  auto page = IncidentIo().Parse(kPage, CurrentDocuments(renamed_id));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->incidents.size(), 2u);
  EXPECT_EQ(Find(*page, "01JD0ZZZZZZZZZZZZZZZZZZZZ9"), nullptr);

  // A recurring title weeks after a resolved incident is a new incident.
  const std::string recurring = R"({"summary":{"ongoing_incidents":[{"id":"01JE0YYYYYYYYYYYYYYYYYYYY8",
      "name":"Delayed webhook deliveries","status":"investigating","published_at":"2026-11-25T09:00:00Z",
      "current_worst_impact":"degraded_performance"}]}})";
  page = IncidentIo().Parse(kPage, CurrentDocuments(recurring));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 3u);
  const Incident* again = Find(*page, "01JE0YYYYYYYYYYYYYYYYYYYY8");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->impact(), "minor");
  EXPECT_EQ(again->start_time().seconds(), Seconds("2026-11-25T09:00:00Z"));
}

TEST(IncidentIo, BrokenNativeDocumentInItsShapeIsAnError) {
  for (const std::string body : {
           R"({"summary":{"ongoing_incidents":"none"}})",
           R"({"summary":{"ongoing_incidents":[{"name":"no id"}]}})",
           R"({"summary":{"ongoing_incidents":[{"id":"x","updates":[{"id":"u","published_at":"yesterday"}]}]}})",
           R"({"summary":{"ongoing_incidents":[{"id":"x","name":"no time at all"}]}})",
           R"({"summary":{"structure":{"items":[42]}}})",
       }) {
    auto page = IncidentIo().Parse(kPage, CurrentDocuments(body));
    ASSERT_FALSE(page.ok()) << body;
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << page.status();
    EXPECT_NE(page.status().message().find("/proxy/status.example-cloud.test"), std::string::npos) << page.status();
  }
  // The compatible API is required: its failure is the page's failure.
  std::vector<Documents::Entry> documents = CurrentDocuments(Fixture("proxy_summary.json"));
  documents[0].second.http_status = 503;
  EXPECT_FALSE(IncidentIo().Parse(kPage, documents).ok());
}

TEST(IncidentIoNativeApi, ComponentsWithoutAStructureTakeTheirStatusFromTheAffectedList) {
  auto summary = ParseNativeSummary(kPage, "u", R"({"summary":{
      "components":[{"id":"a","name":"API"},{"id":"b","name":"Search"},{"id":"c","name":"Billing"}],
      "affected_components":[{"component_id":"a","status":"full_outage"},{"component_id":"b","status":"degraded_performance"}],
      "ongoing_incidents":[]}})");
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->components.size(), 3u);
  EXPECT_EQ(summary->components[0].status(), "major_outage");
  EXPECT_EQ(summary->components[1].status(), "degraded_performance");
  EXPECT_EQ(summary->components[2].status(), "operational");
  EXPECT_TRUE(absl::IsNotFound(ParseNativeSummary(kPage, "u", R"({"page":{"id":"x"}})").status()));
  EXPECT_TRUE(absl::IsNotFound(ParseNativeIncidents(kPage, "u", "<!doctype html>").status()));
}

TEST(IncidentIoNativeApi, RichTextBecomesLines) {
  const Json doc = Json::parse(R"({"type":"doc","content":[
      {"type":"heading","content":[{"type":"text","text":"Impact"}]},
      {"type":"paragraph","content":[{"type":"text","text":"Writes "},{"type":"text","marks":[{"type":"bold"}],"text":"fail"},
        {"type":"hard_break"},{"type":"text","text":"reads work."}]}]})");
  EXPECT_EQ(RichTextToPlain(doc), "Impact\nWrites fail\nreads work.");
  EXPECT_EQ(RichTextToPlain(Json(42)), "");
}

TEST(IncidentIo, DetectedByUlidPageIdsOnly) {
  const Detection p = IncidentIo().detection();
  EXPECT_TRUE(p.ProbeMatches({"u", 200, "", kSummary}));
  EXPECT_FALSE(p.ProbeMatches({"u", 200, "", R"({"page":{"id":"kctbh9vrtdwd"},"status":{"indicator":"none"}})"}));
  EXPECT_FALSE(p.ProbeMatches({"u", 200, "", "<html></html>"}));
}

}  // namespace
}  // namespace statusphere::providers
