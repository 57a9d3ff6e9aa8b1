#include "server/catalog.h"

#include <set>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace statusphere {
namespace {

TEST(EmbeddedCatalog, ParsesAndIsLargeAndClean) {
  absl::StatusOr<std::vector<store::NewPage>> pages = ParseCatalog(EmbeddedCatalog());
  ASSERT_TRUE(pages.ok()) << pages.status();
  EXPECT_GE(pages->size(), 300u);
  const std::set<std::string> providers = {"",           "atlassian-statuspage", "incident-io", "instatus",
                                           "status-io",  "betterstack",          "cachet",      "google-cloud",
                                           "aws",        "azure",                "slack",       "heroku",
                                           "salesforce", "uptime-kuma",          "rss"};
  std::map<std::string, std::string> by_url;
  for (const auto& page : *pages) {
    EXPECT_EQ(providers.count(page.provider), 1u) << page.name << ": provider '" << page.provider << "'";
    EXPECT_TRUE(absl::StartsWith(page.url, "https://")) << page.url;
    by_url[page.url] = page.name;
  }
  EXPECT_EQ(by_url["https://www.githubstatus.com"], "GitHub");
}

TEST(ParseCatalog, ReadsEntriesSkippingCommentsAndBlankLines) {
  auto pages = ParseCatalog("# header\n\nGitHub\thttps://www.githubstatus.com\tatlassian-statuspage\r\n"
                            "Slack\thttps://slack-status.com\t\n");
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].provider, "atlassian-statuspage");
  EXPECT_EQ((*pages)[1].provider, "");
  EXPECT_EQ((*pages)[1].origin, store::PageOrigin::kCatalog);
}

TEST(ParseCatalog, RejectsBadLinesNamingTheLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {Case{"A\thttps://a.example\t\n\nB\thttps://b.example/\t\n", "line 3"},
                        Case{"A\thttps://a.example\n", "3 tab-separated"},
                        Case{"A\tftp://a.example\t\n", "scheme"},
                        Case{"A\tHTTPS://A.example\t\n", "not normalized"},
                        Case{"A\thttps://a.example\t\nB\thttps://a.example\t\n", "duplicate url"},
                        Case{"A\thttps://a.example\t\na\thttps://b.example\t\n", "duplicate name"},
                        Case{"\thttps://a.example\t\n", "empty name"}}) {
    auto pages = ParseCatalog(c.text);
    ASSERT_FALSE(pages.ok()) << c.text;
    EXPECT_EQ(pages.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(pages.status().message(), c.message)) << pages.status().message();
  }
}

TEST(LoadCatalog, MissingFileIsNotFound) {
  EXPECT_EQ(LoadCatalog("/no/such/catalog.tsv").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace statusphere
