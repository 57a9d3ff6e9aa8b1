#include "providers/detect.h"

#include <map>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "providers/registry.h"

namespace statusphere::providers {
namespace {

DocumentFetcher FakeWeb(std::map<std::string, Document> pages) {
  return [pages](const std::string& url) {
    auto it = pages.find(url);
    if (it != pages.end()) return it->second;
    return Document{url, 404, "text/plain", "not found"};
  };
}

TEST(Detect, KnownHostWinsWithoutFetching) {
  int fetches = 0;
  auto result = Detect("https://acme.statuspage.io", [&](const std::string& url) {
    ++fetches;
    return Document{url, 404, "", ""};
  });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)->name(), "atlassian-statuspage");
  EXPECT_EQ(fetches, 0);
}

TEST(Detect, JsonProbeShapeMatches) {
  auto result = Detect("https://status.example.com",
                       FakeWeb({{"https://status.example.com/api/v2/summary.json",
                                 {"", 200, "application/json",
                                  R"({"page":{"id":"x"},"status":{"indicator":"none"},"components":[]})"}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "atlassian-statuspage");
}

TEST(Detect, UptimeKumaPageIsFoundThroughItsSlug) {
  auto result = Detect("https://kuma.example.com/status/prod",
                       FakeWeb({{"https://kuma.example.com/api/status-page/prod",
                                 {"", 200, "application/json",
                                  R"({"config":{"slug":"prod"},"incident":null,"publicGroupList":[],"maintenanceList":[]})"}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "uptime-kuma");
}

TEST(Detect, ASinglePageAppAnsweringEverythingIsNotAMatch) {
  auto spa = [](const std::string& url) { return Document{url, 200, "text/html", "<!doctype html><div id=app>"}; };
  auto result = Detect("https://status.example.com", spa);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(result.status().message(), "atlassian-statuspage")) << result.status().message();
}

TEST(Registry, FindsProvidersByName) {
  ASSERT_NE(FindProvider("atlassian-statuspage"), nullptr);
  EXPECT_EQ(FindProvider("nope"), nullptr);
  EXPECT_FALSE(AllProviders().empty());
}

}  // namespace
}  // namespace statusphere::providers
