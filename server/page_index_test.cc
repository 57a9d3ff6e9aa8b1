#include "server/page_index.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/page_slug.h"
#include "gtest/gtest.h"
#include "server/page_finder.h"
#include "server/page_search.h"
#include "server/store/sqlite/sqlite_store.h"
#include "tests/support/synthetic_catalog.h"

namespace statusphere {
namespace {

using statusphere::v1::StatusPage;

std::vector<store::PageName> NamesOf(const std::vector<store::NewPage>& catalog) {
  std::vector<store::PageName> names;
  for (const store::NewPage& page : catalog) names.push_back({page.url, page.name});
  return names;
}

std::vector<StatusPage> PagesOf(const std::vector<store::NewPage>& catalog) {
  std::vector<StatusPage> pages;
  for (const store::NewPage& page : catalog) {
    pages.emplace_back();
    pages.back().set_name(page.name);
    pages.back().set_url(page.url);
  }
  return pages;
}

std::vector<std::string> UrlsOf(const std::vector<StatusPage>& pages) {
  std::vector<std::string> urls;
  for (const StatusPage& page : pages) urls.push_back(page.url());
  return urls;
}

// The index answers every query with the pages, and the order, of scoring every page.
void ExpectSameAnswers(const std::vector<store::NewPage>& catalog, const std::vector<std::string>& queries,
                       size_t max_results) {
  const PageIndex index(NamesOf(catalog));
  const std::vector<StatusPage> pages = PagesOf(catalog);
  size_t answered = 0, differing = 0;
  for (const std::string& query : queries) {
    const std::vector<std::string> expected = UrlsOf(SearchPages(query, pages, max_results));
    const std::vector<std::string> found = index.Search(query, max_results);
    answered += expected.empty() ? 0 : 1;
    if (found != expected && ++differing <= 5) {
      ADD_FAILURE() << "query '" << query << "' (" << max_results << " results): the index found\n  "
                    << absl::StrJoin(found, " ") << "\nscoring every page found\n  " << absl::StrJoin(expected, " ");
    }
  }
  EXPECT_EQ(differing, 0u) << "of " << queries.size() << " queries";
  // The queries exercise the index: most find something, some find nothing.
  EXPECT_GT(answered, queries.size() / 2);
  EXPECT_LT(answered, queries.size());
}

TEST(PageIndex, AnswersAsScoringEveryPageDoesOverTheShippedCatalog) {
  const std::vector<store::NewPage> catalog = testing::SyntheticCatalog(1500);
  ASSERT_EQ(catalog.size(), 1500u);
  const std::vector<std::string> queries = testing::RealisticQueries(catalog, 1000);
  ExpectSameAnswers(catalog, queries, 10);
  ExpectSameAnswers(catalog, queries, 1);
}

TEST(PageIndex, AnswersAsScoringEveryPageDoesOverALargeCatalog) {
  const std::vector<store::NewPage> catalog = testing::SyntheticCatalog(20000);
  ASSERT_EQ(catalog.size(), 20000u);
  ExpectSameAnswers(catalog, testing::RealisticQueries(catalog, 300, 7), 10);
}

TEST(PageIndex, AnswersOddQueriesAsScoringEveryPageDoes) {
  std::vector<store::NewPage> catalog = testing::SyntheticCatalog(3000);
  // Names and hosts with punctuation, digits, camel case and one longer than the edit
  // distance compares.
  const std::string long_name(80, 'x');
  for (const auto& [name, url] : std::vector<std::pair<std::string, std::string>>{
           {"Über-Cloud (EU)", "https://status.xn--ber-goa.example/eu"},
           {"API2Cart", "https://status.api2cart.com"},
           {"HashiCorp", "https://status.hashicorp.com"},
           {long_name, "https://long.example"},
           {absl::StrCat(long_name, "y"), "https://longer.example:8443/status"},
           {"x-y", "https://status.my-site.example"}}) {
    catalog.push_back({name, url, "", store::PageOrigin::kAdmin});
  }
  ExpectSameAnswers(catalog,
                    {"",
                     " ",
                     "--",
                     "a",
                     "ab",
                     "x",
                     "xy",
                     "über",
                     "cloud (eu)",
                     "2cart",
                     "api 2",
                     "hc",
                     "corp hashi",
                     std::string(79, 'x'),
                     std::string(81, 'x'),
                     absl::StrCat(std::string(70, 'x'), "q"),
                     "https://-/x",
                     "my-site",
                     "y.my-site.example",
                     "status.my",
                     ".example",
                     "long.example:8443",
                     "https://LONGER.example",
                     "xn--ber",
                     "zzzzqqqq",
                     "a a a a a",
                     "o",
                     "e",
                     "eu",
                     "cl oud",
                     std::string(200, 'q')},
                    10);
}

TEST(PageIndex, EmptyIndexAndNoResultsWanted) {
  EXPECT_TRUE(PageIndex(std::vector<store::PageName>()).Search("github", 10).empty());
  const PageIndex index(std::vector<store::PageName>{{"https://www.githubstatus.com", "GitHub"}});
  EXPECT_TRUE(index.Search("github", 0).empty());
  EXPECT_EQ(index.Search("github", 10), std::vector<std::string>{"https://www.githubstatus.com"});
  EXPECT_EQ(index.size(), 1u);
  EXPECT_GT(index.bytes(), 0u);
}

// The compat API's slugs that are not a host (a page with a path or a port) are the
// index's; a host's slug is left to its url.
TEST(PageIndex, FindsThePagesOfSlugsThatAreNotAHost) {
  const std::string path_url = "https://status.example.com/acme";
  const std::string port_url = "https://status.example.com:8443";
  const PageIndex index(std::vector<store::PageName>{
      {"https://www.githubstatus.com", "GitHub"}, {path_url, "Acme"}, {port_url, "Example on a port"}});
  const std::string path_slug = PageSlug(path_url);
  ASSERT_NE(path_slug, "status.example.com");
  EXPECT_EQ(index.UrlOfSlug(path_slug), path_url);
  EXPECT_EQ(index.UrlOfSlug(PageSlug(port_url)), port_url);
  EXPECT_EQ(index.UrlOfSlug("www.githubstatus.com"), std::nullopt);
  EXPECT_EQ(index.UrlOfSlug(path_slug.substr(0, path_slug.size() - 1) + (path_slug.back() == '0' ? "1" : "0")),
            std::nullopt);
}

// The server's search follows the store's page list: pages added, renamed and removed,
// through this store or another one on the same database (another server).
TEST(PageFinder, FollowsThePageListThroughAnyServer) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/page_finder_test.db");
  std::remove(path.c_str());
  auto here = store::SqliteStore::Open(path);
  ASSERT_TRUE(here.ok()) << here.status();
  auto there = store::SqliteStore::Open(path);
  ASSERT_TRUE(there.ok()) << there.status();
  PageFinder finder(here->get());
  auto names = [&](absl::string_view query) {
    std::vector<std::string> out;
    absl::StatusOr<std::vector<StatusPage>> found = finder.Find(query, 10);
    EXPECT_TRUE(found.ok()) << found.status();
    if (found.ok()) {
      for (const StatusPage& page : *found) out.push_back(page.name());
    }
    return out;
  };
  const absl::Time now = absl::Now();
  ASSERT_TRUE((*here)->AddPage({"GitHub", "https://www.githubstatus.com", "", store::PageOrigin::kAdmin}, now).ok());
  ASSERT_TRUE((*here)->AddPage({"GitLab", "https://status.gitlab.com", "", store::PageOrigin::kAdmin}, now).ok());
  EXPECT_EQ(names("git"), (std::vector<std::string>{"GitHub", "GitLab"}));

  auto first = finder.Current();
  ASSERT_TRUE(first.ok());
  auto again = finder.Current();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get()) << "rebuilt although the page list did not move";

  // Another server adds a page: the next search finds it.
  ASSERT_TRUE((*there)->AddPage({"Gitbook", "https://status.gitbook.com", "", store::PageOrigin::kAdmin}, now).ok());
  EXPECT_EQ(names("git"), (std::vector<std::string>{"GitHub", "GitLab", "Gitbook"}));
  EXPECT_TRUE(names("tanuki").empty());
  ASSERT_TRUE((*there)->RenamePage("https://status.gitlab.com", "Tanuki").ok());
  EXPECT_EQ(names("tanuki"), (std::vector<std::string>{"Tanuki"}));
  // Still found by its host, after the names that start with "git".
  EXPECT_EQ(names("git"), (std::vector<std::string>{"GitHub", "Gitbook", "Tanuki"}));
  ASSERT_TRUE((*there)->RemovePage("https://www.githubstatus.com").ok());
  EXPECT_EQ(names("git"), (std::vector<std::string>{"Gitbook", "Tanuki"}));

  // Slugs follow the list as well: a page with a path added through another server.
  const std::string acme = "https://status.gitbook.com/acme";
  ASSERT_TRUE((*there)->AddPage({"Acme", acme, "", store::PageOrigin::kAdmin}, now).ok());
  auto current = finder.Current();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ((*current)->UrlOfSlug(PageSlug(acme)), acme);
  ASSERT_TRUE((*there)->RemovePage(acme).ok());
  current = finder.Current();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ((*current)->UrlOfSlug(PageSlug(acme)), std::nullopt);

  // The pages come with what the store knows of them now, as ListPages gives them.
  absl::StatusOr<std::vector<StatusPage>> listed = (*here)->ListPages();
  ASSERT_TRUE(listed.ok());
  absl::StatusOr<std::vector<StatusPage>> found = finder.Find("gitbook", 10);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  for (const StatusPage& page : *listed) {
    if (page.url() == "https://status.gitbook.com") {
      EXPECT_EQ(found->front().DebugString(), page.DebugString());
    }
  }
}

}  // namespace
}  // namespace statusphere
