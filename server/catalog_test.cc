#include "server/catalog.h"

#include <map>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "providers/registry.h"

namespace statusphere {
namespace {

TEST(EmbeddedCatalog, ParsesAndIsLargeAndClean) {
  absl::StatusOr<std::vector<store::NewPage>> pages = ParseCatalog(EmbeddedCatalog());
  ASSERT_TRUE(pages.ok()) << pages.status();
  EXPECT_GE(pages->size(), 300u);
  std::map<std::string, std::string> by_url;
  for (const auto& page : *pages) {
    // Empty: detected at the first scrape; otherwise a provider compiled in.
    EXPECT_TRUE(page.provider.empty() || providers::FindProvider(page.provider) != nullptr)
        << page.name << ": provider '" << page.provider << "'";
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
