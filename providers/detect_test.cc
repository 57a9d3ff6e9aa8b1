#include "providers/detect.h"

#include <map>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "providers/atlassian_statuspage/home_page_markers.h"
#include "providers/registry.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;

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

TEST(Detect, StatuspageHomePageMarkersWinOverItsFeedWhenTheApiIsRefused) {
  const std::string home = ReadRepoFile("providers/atlassian_statuspage/testdata/home.html");
  ASSERT_FALSE(home.empty());
  const std::string feed = ReadRepoFile("providers/feed/testdata/generic.rss");
  std::map<std::string, Document> web = {
      {"https://status.acme-cloud.test/api/v2/summary.json", {"", 403, "text/html", "<h1>Forbidden</h1>"}},
      {"https://status.acme-cloud.test", {"", 200, "text/html", home}},
      {"https://status.acme-cloud.test/history.rss", {"", 200, "application/rss+xml", feed}}};
  int home_fetches = 0;
  auto result = Detect("https://status.acme-cloud.test", [&](const std::string& url) {
    if (url == "https://status.acme-cloud.test") ++home_fetches;
    return FakeWeb(web)(url);
  });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "atlassian-statuspage");
  EXPECT_EQ(home_fetches, 1);  // status.io's probe and the markers share one fetch

  // Without the markers, the feed is what is left.
  web["https://status.acme-cloud.test"] = {"", 200, "text/html", "<!doctype html><title>Status</title>"};
  result = Detect("https://status.acme-cloud.test", FakeWeb(web));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "rss");
}

TEST(Detect, AFetchWithoutAResponseSaysWhyAndEndsTheCascade) {
  int fetches = 0;
  auto result = Detect("https://status.example.com", [&](const std::string& url) {
    ++fetches;
    return Document{url, 0, "", "", "GET " + url + ": refused to connect: 127.0.0.1 is not a public address"};
  });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  // The first probe's own words (whichever provider's probe came first).
  EXPECT_TRUE(absl::StrContains(result.status().message(), ": refused to connect: 127.0.0.1 is not a public address"))
      << result.status().message();
  EXPECT_TRUE(absl::StartsWith(result.status().message(), "no provider could be asked about https://status.example.com: GET https://status.example.com/"))
      << result.status().message();
  EXPECT_FALSE(absl::StrContains(result.status().message(), "HTTP 0")) << result.status().message();
  // The other probes would ask the same server: a dead page costs one fetch, not one per provider.
  EXPECT_EQ(fetches, 1);
}

TEST(Detect, AnswersThatAreErrorsDoNotEndTheCascade) {
  int fetches = 0;
  auto result = Detect("https://status.example.com", [&](const std::string& url) {
    ++fetches;
    return Document{url, 404, "text/plain", "not found"};
  });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_GT(fetches, 5);  // every provider's probe, the home page and the feeds were asked
}

TEST(HomePageMarkers, StatuspageAssetsOrGeneratedTags) {
  EXPECT_TRUE(HasStatuspageMarkers(
      R"(<link rel="icon" href="https://dka575ofm4ao0.cloudfront.net/pages-favicon_logos/original/1/x.png">)"));
  EXPECT_TRUE(HasStatuspageMarkers(R"(<script src="//acme.statuspage.io/embed/script.js"></script>)"));
  EXPECT_TRUE(HasStatuspageMarkers(ReadRepoFile("providers/atlassian_statuspage/testdata/home.html")));
  // One generated tag alone is not enough; neither is a CDN host in text or a look-alike host.
  EXPECT_FALSE(HasStatuspageMarkers(R"(<meta name="issued" content="1764201600"><p>hello</p>)"));
  EXPECT_FALSE(HasStatuspageMarkers("<p>assets on dka575ofm4ao0.cloudfront.net</p>"));
  EXPECT_FALSE(HasStatuspageMarkers(R"(<img src="https://dka575ofm4ao0.cloudfront.net.evil.test/x.png">)"));
  EXPECT_FALSE(HasStatuspageMarkers(std::string(200000, '<') + std::string(100000, 'a')));
  EXPECT_FALSE(HasStatuspageMarkers(""));
}

TEST(HomePageMarkers, RealStatuspageHomePage) {
  auto html = ReadSharedFixture("atlassian-statuspage/html/status.atlassian.com-access-home-2021.html.md");
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  EXPECT_TRUE(HasStatuspageMarkers(*html));
}

TEST(Registry, FindsProvidersByName) {
  ASSERT_NE(FindProvider("atlassian-statuspage"), nullptr);
  EXPECT_EQ(FindProvider("nope"), nullptr);
  EXPECT_FALSE(AllProviders().empty());
}

}  // namespace
}  // namespace statusphere::providers
