#include "providers/sorry/sorry.h"

#include <map>
#include <string>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/testing/provider_test_helpers.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::Utc;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://nordwind.sorryapp.com";

Documents Both(const std::string& components, const std::string& page) {
  FetchPlan plan = Sorry().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  return {{"components", {plan.documents[0].url, 200, "application/json", components}},
          {"page", {plan.documents[1].url, 200, "application/json", page}}};
}

TEST(Sorry, ThePageIdIsItsSubdomain) {
  EXPECT_EQ(Sorry::PageId(kPage), "nordwind");
  FetchPlan plan = Sorry().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 2u);
  EXPECT_EQ(plan.documents[0].url, "https://api.sorryapp.com/v1/pages/nordwind/components");
  EXPECT_EQ(plan.documents[1].url, "https://ro-api.sorryapp.com/v1/pages/nordwind?include=notices,notices.updates");
  Detection d = Sorry().detection();
  EXPECT_TRUE(d.IsKnownHost(kPage));
  EXPECT_FALSE(d.IsKnownHost("https://www.sorryapp.com"));
  EXPECT_FALSE(d.IsKnownHost("https://api.sorryapp.com"));
  EXPECT_FALSE(d.IsKnownHost("https://sorryapp.com"));
  EXPECT_FALSE(d.IsKnownHost("https://status.nordwind.example"));
}

// A copy of a page on this machine (the end-to-end test's) serves both APIs' paths itself,
// its path's last segment the page id; it is never taken for a Sorry page by its host.
TEST(Sorry, APageOnThisMachineReadsItsApisRelativeToItself) {
  FetchPlan plan = Sorry().Fetches("http://127.0.0.1:8123/nordwind", statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 2u);
  EXPECT_EQ(plan.documents[0].url, "http://127.0.0.1:8123/nordwind/v1/pages/nordwind/components");
  EXPECT_EQ(plan.documents[1].url, "http://127.0.0.1:8123/nordwind/v1/pages/nordwind?include=notices,notices.updates");
  EXPECT_FALSE(Sorry().detection().IsKnownHost("http://127.0.0.1:8123/nordwind"));
  EXPECT_FALSE(Sorry().detection().IsKnownHost("http://localhost:8123"));
  // A real page keeps the fixed API hosts whatever its path.
  EXPECT_EQ(Sorry().Fetches("https://nordwind.sorryapp.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents[0].url,
            "https://api.sorryapp.com/v1/pages/nordwind/components");
}

TEST(Sorry, AllOperational) {
  auto page = Sorry().Parse(kPage, Both(R"({"response":[{"id":1,"name":"Web","state":"operational"}]})",
                                        R"({"response":{"id":"nordwind","notices":[]}})"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].status(), "operational");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(Sorry, AnOpenNoticeMaintenanceToComeAndUnderWayAndAResolvedOne) {
  auto page = Sorry().Parse(kPage, Both(ReadRepoFile("providers/sorry/testdata/components.json"),
                                        ReadRepoFile("providers/sorry/testdata/page.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  std::map<std::string, std::string> status_of;
  for (const auto& c : page->components) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{{"Web application", "operational"},
                                                           {"Email delivery", "partial_outage"},
                                                           {"Public API", "major_outage"},
                                                           {"Webhooks", "operational"}}));
  ASSERT_EQ(page->incidents.size(), 4u);
  std::map<std::string, const Incident*> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = &i;
  const Incident& email = *by_id.at("198801");
  EXPECT_EQ(email.title(), "Email delivery delayed");
  EXPECT_EQ(email.impact(), "minor");
  EXPECT_EQ(email.status(), "identified");
  EXPECT_FALSE(IsSet(email.end_time()));
  EXPECT_EQ(FromProto(email.start_time()), Utc("2026-03-02T09:41:12.104Z"));
  EXPECT_EQ(email.deep_link(), "https://nordwind.sorryapp.com/notices/a1b2c3d4-email-delivery-delayed");
  ASSERT_EQ(email.events_size(), 2);
  EXPECT_EQ(email.events(0).id(), "51100002");  // newest first, with the notice's state
  EXPECT_EQ(email.events(0).title(), "Identified");
  EXPECT_EQ(email.events(1).title(), "Update");

  const Incident& api = *by_id.at("198790");
  EXPECT_EQ(api.impact(), "maintenance");
  EXPECT_EQ(api.status(), "scheduled");
  EXPECT_EQ(FromProto(api.scheduled_start_time()), Utc("2026-03-07T22:00:00Z"));
  EXPECT_EQ(FromProto(api.scheduled_end_time()), Utc("2026-03-08T00:00:00Z"));

  const Incident& login = *by_id.at("198750");
  EXPECT_EQ(login.status(), "resolved");
  EXPECT_EQ(FromProto(login.end_time()), Utc("2026-02-27T13:50:00Z"));
  EXPECT_EQ(login.events(0).title(), "Resolved");

  const Incident& webhooks = *by_id.at("198740");
  EXPECT_EQ(webhooks.status(), "in_progress");
  EXPECT_FALSE(IsSet(webhooks.end_time()));
  ASSERT_EQ(webhooks.events_size(), 1);  // no updates: the notice itself
  EXPECT_EQ(webhooks.events(0).description(), "Webhooks may be delayed.");
}

TEST(Sorry, BadInputIsATypedError) {
  for (const char* page :
       {"[]", "{}", R"({"response":[]})", R"({"response":{"notices":[{"subject":"no id"}]}})",
        R"({"response":{"notices":[{"id":1,"began_at":"soon"}]}})", R"({"response":{"notices":[{"id":1}]}})"}) {
    EXPECT_EQ(Sorry().Parse(kPage, Both(R"({"response":[]})", page)).status().code(),
              absl::StatusCode::kInvalidArgument)
        << page;
  }
  EXPECT_EQ(Sorry().Parse(kPage, Both(R"({"response":{}})", R"({"response":{}})")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Sorry().Parse(kPage, {{"page", {"u", 404, "", ""}}}).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
