#include "providers/hyperping/hyperping.h"

#include <map>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

absl::StatusOr<ParsedPage> ParseStatus(const std::string& body) {
  return Hyperping().Parse(
      "https://nordwind.hyperping.app",
      {{"status", {Hyperping::StatusUrl("https://nordwind.hyperping.app"), 200, "application/json", body}}});
}

TEST(Hyperping, ItsHostsAndTheApiUrl) {
  EXPECT_EQ(Hyperping::StatusUrl("https://nordwind.hyperping.app"),
            "https://api.hyperping.io/v1/nordwind.hyperping.app/status.json");
  Detection d = Hyperping().detection();
  EXPECT_TRUE(d.IsKnownHost("https://nordwind.hyperping.app"));
  EXPECT_TRUE(d.IsKnownHost("https://demo.hyperping.io"));
  EXPECT_FALSE(d.IsKnownHost("https://api.hyperping.io"));
  EXPECT_FALSE(d.IsKnownHost("https://hyperping.app"));
  EXPECT_FALSE(d.IsKnownHost("https://status.nordwind.example"));
  // A custom domain (named by a user) is asked of the API host too; a copy of a page on this
  // machine (the end-to-end test's) serves the API's path itself, and is no Hyperping host.
  EXPECT_EQ(Hyperping::StatusUrl("https://status.nordwind.example"),
            "https://api.hyperping.io/v1/status.nordwind.example/status.json");
  EXPECT_EQ(Hyperping::StatusUrl("http://127.0.0.1:8123/hp"), "http://127.0.0.1:8123/hp/v1/127.0.0.1/status.json");
  EXPECT_EQ(Hyperping::StatusUrl("http://localhost:8123"), "http://localhost:8123/v1/localhost/status.json");
  EXPECT_FALSE(d.IsKnownHost("http://127.0.0.1:8123/hp"));
}

TEST(Hyperping, AllUp) {
  auto page = ParseStatus(R"({"name":"N","status":"All Systems Operational","indicator":"up",
      "services":[{"name":"Website","indicator":"up"},{"name":"API","indicator":"up"}]})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "up");
  ASSERT_EQ(page->components.size(), 2u);
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational");
  EXPECT_TRUE(page->incidents.empty());
}

TEST(Hyperping, AServiceDownAndOneUnderMaintenance) {
  auto page = ParseStatus(ReadRepoFile("providers/hyperping/testdata/status.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "partialoutage");
  std::map<std::string, std::string> status_of;
  for (const auto& c : page->components) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{
                           {"Website", "operational"}, {"API", "major_outage"}, {"Database", "under_maintenance"}}));
  EXPECT_TRUE(page->incidents.empty());  // none published in this document
}

TEST(Hyperping, BadInputIsATypedError) {
  for (const char* body : {"[]", "{}", R"({"indicator":"up","services":{}})", "<html>"}) {
    EXPECT_EQ(ParseStatus(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Hyperping().Parse("https://x.hyperping.app", {{"status", {"u", 404, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
