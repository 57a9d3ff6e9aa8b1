#include "server/catalog.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "common/page_url.h"
#include "gtest/gtest.h"
#include "providers/registry.h"
#include "server/store/sqlite/sqlite_store.h"

namespace statusphere {
namespace {

// The shipped file as a product: what a fresh install seeds its store with.
class EmbeddedCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::vector<store::NewPage>> pages = ParseCatalog(EmbeddedCatalog());
    ASSERT_TRUE(pages.ok()) << pages.status();
    pages_ = *std::move(pages);
    for (const auto& page : pages_) by_url_[page.url] = page;
  }
  std::vector<store::NewPage> pages_;
  std::map<std::string, store::NewPage> by_url_;
};

TEST_F(EmbeddedCatalogTest, IsUniqueNormalizedSortedAndNamesOnlyCompiledInProviders) {
  EXPECT_GE(pages_.size(), 1600u);
  std::set<std::string> urls, names;
  std::string previous_name;
  for (const auto& page : pages_) {
    EXPECT_TRUE(urls.insert(page.url).second) << "duplicate url " << page.url;
    const std::string name_key = absl::AsciiStrToLower(page.name);
    EXPECT_TRUE(names.insert(name_key).second) << "duplicate name " << page.name;
    absl::StatusOr<std::string> normalized = NormalizePageUrl(page.url);
    ASSERT_TRUE(normalized.ok()) << page.url << ": " << normalized.status();
    EXPECT_EQ(*normalized, page.url);
    EXPECT_TRUE(absl::StartsWith(page.url, "https://")) << page.url;
    EXPECT_FALSE(absl::StrContains(page.url, "?")) << page.url;
    EXPECT_LT(previous_name, name_key) << page.name << " is out of order";
    previous_name = name_key;
    // Empty: detected at the first scrape; otherwise a provider compiled in.
    EXPECT_TRUE(page.provider.empty() || providers::FindProvider(page.provider) != nullptr)
        << page.name << ": provider '" << page.provider << "'";
  }
}

TEST_F(EmbeddedCatalogTest, KeepsOneRowPerVendorUnderItsOwnDomainAndBrandName) {
  EXPECT_EQ(by_url_["https://www.githubstatus.com"].name, "GitHub");
  // A *.statuspage.io alias gives way to the vendor's own domain.
  EXPECT_EQ(by_url_["https://status.1password.com"].name, "1Password");
  EXPECT_EQ(by_url_.count("https://1password.statuspage.io"), 0u);
  // One list spells it "codeship" under the alias, another "Codeship" under its domain.
  EXPECT_EQ(by_url_["https://codeshipstatus.com"].name, "Codeship");
  EXPECT_EQ(by_url_.count("https://codeship.statuspage.io"), 0u);
  // A slug becomes the words people type.
  EXPECT_EQ(by_url_["https://status.connect.adaptavist.com"].name, "Adaptavist Cloud Apps");
  for (const auto& page : pages_) {
    EXPECT_FALSE(page.name == absl::AsciiStrToLower(page.name) && absl::StrContains(page.name, "-"))
        << "slug for a name: " << page.name;
  }
}

TEST_F(EmbeddedCatalogTest, HasNoThirdPartyMirrorsNorUnconfirmedEntriesOfThe2016List) {
  for (const auto& page : pages_) {
    for (absl::string_view mirror :
         {"statusgator.com", "isdown.app", "downdetector.", "isitdownrightnow.com", "issitedownrightnow.com",
          "updownradar.com", "cloudharmony.com", "saashub.com", "feeds.feedburner.com", "steamstat.us"}) {
      EXPECT_FALSE(absl::StrContains(page.url, mirror)) << page.name << " " << page.url;
    }
  }
  // Only the 2016 list names AdRoll's page; nothing else confirms it.
  EXPECT_EQ(by_url_.count("https://status.adroll.com"), 0u);
  // Only the 2016 list names Assently's page, but its host is Statuspage's.
  EXPECT_EQ(by_url_["https://assently.statuspage.io"].provider, "atlassian-statuspage");
}

TEST_F(EmbeddedCatalogTest, NamesAProviderOnlyWhereThePlatformIsCertain) {
  for (const auto& page : pages_) {
    if (absl::EndsWith(page.url, ".statuspage.io")) {
      EXPECT_EQ(page.provider, "atlassian-statuspage") << page.url;
    }
  }
  EXPECT_EQ(by_url_["https://slack-status.com"].provider, "slack");
  // A provider known by its host alone (the vendors' own pages; detect_test lists them) is
  // named only on a page of that host: a product's page under a path is left to detection.
  for (const auto& page : pages_) {
    const providers::Provider* provider = providers::FindProvider(page.provider);
    if (provider == nullptr) continue;
    const providers::Detection detection = provider->detection();
    if (detection.known_host && !detection.probe_url && !detection.home_page_matches) {
      EXPECT_TRUE(detection.IsKnownHost(page.url)) << page.name << " " << page.url << " " << page.provider;
    }
  }
  EXPECT_EQ(by_url_["https://status.stripe.com"].provider, "stripe");
  EXPECT_EQ(by_url_["https://www.apple.com/support/systemstatus"].provider, "apple");
  // A list that names Statuspal's API document names the page it serves.
  EXPECT_EQ(by_url_["https://seppmail.statuspal.eu"].provider, "statuspal");
  for (const auto& page : pages_) EXPECT_FALSE(absl::StrContains(page.url, "/api/")) << page.url;
  // The lists disagree (it moved from Statuspage to incident.io): detection decides.
  EXPECT_EQ(by_url_["https://status.hashicorp.com"].provider, "");
  EXPECT_EQ(by_url_["https://status.zapier.com"].provider, "");
}

// A fresh install reconciles the whole catalog into its store; pages added at run time
// survive the next start's reconciliation.
TEST_F(EmbeddedCatalogTest, ReconcilesIntoAFreshStoreAndKeepsPagesAddedAtRunTime) {
  auto store = store::SqliteStore::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.status();
  const absl::Time now = absl::FromUnixSeconds(1767225600);
  auto first = (*store)->ReconcileCatalog(pages_, now);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->added, static_cast<int>(pages_.size()));
  EXPECT_TRUE(first->skipped.empty());
  EXPECT_EQ(*(*store)->CountPages(), static_cast<int>(pages_.size()));
  EXPECT_EQ((*store)->GetPageByUrl("https://codeshipstatus.com")->name(), "Codeship");

  ASSERT_TRUE(
      (*store)->AddPage({"Our Intranet", "https://status.intranet.example", "", store::PageOrigin::kAdmin}, now).ok());
  auto second = (*store)->ReconcileCatalog(pages_, now);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->removed, 0);
  EXPECT_EQ(*(*store)->CountPages(), static_cast<int>(pages_.size()) + 1);
  EXPECT_EQ((*store)->GetPageByUrl("https://status.intranet.example")->name(), "Our Intranet");
}

TEST(ParseCatalog, ReadsEntriesSkippingCommentsAndBlankLines) {
  auto pages = ParseCatalog(
      "# header\n\nGitHub\thttps://www.githubstatus.com\tatlassian-statuspage\r\n"
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
                        Case{"A\thttps://a.example\n", "3 tab-separated"}, Case{"A\tftp://a.example\t\n", "scheme"},
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
