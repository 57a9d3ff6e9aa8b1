#include "common/page_slug.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace statusphere {
namespace {

TEST(PageSlugTest, AnHttpsHostIsItsOwnSlug) {
  EXPECT_EQ(PageSlug("https://www.githubstatus.com"), "www.githubstatus.com");
  EXPECT_EQ(PageSlug("https://status.foo-bar.io"), "status.foo-bar.io");
}

TEST(PageSlugTest, OtherUrlsAreReadableWithAHashOfTheUrl) {
  const std::string slug = PageSlug("http://127.0.0.1:8080/acme");
  ASSERT_EQ(slug.size(), std::string("127.0.0.1-8080-acme-").size() + 10) << slug;
  EXPECT_EQ(slug.substr(0, 20), "127.0.0.1-8080-acme-");
  EXPECT_TRUE(CheckPageSlug(slug).ok());
  // The hash is of the url: the same url always gives the same slug (FNV-1a, not salted).
  EXPECT_EQ(PageSlug("http://127.0.0.1:8080/acme"), slug);
  EXPECT_EQ(PageSlug("https://example.com/status/Main_Page?x=1").substr(0, 33), "example.com-status-main-page-x-1-");
  // Nothing readable is left: the hash alone.
  EXPECT_EQ(PageSlug("http://").size(), 10u);
}

TEST(PageSlugTest, DistinctUrlsThatReadAlikeGetDistinctSlugs) {
  std::set<std::string> slugs;
  for (const char* url : {"https://a.com", "http://a.com", "https://a.com/x", "https://a.com/X", "https://a.com:8443",
                          "https://a.com-x", "https://a.com/x-y", "https://a.com/x/y"}) {
    EXPECT_TRUE(slugs.insert(PageSlug(url)).second) << url << " -> " << PageSlug(url);
  }
  // A host that ends the way a hash does is hashed too: it cannot take another url's slug.
  const std::string hashed = PageSlug("http://a.com");
  EXPECT_NE(PageSlug(absl::StrCat("https://", hashed)), hashed);
}

TEST(PageSlugTest, LongUrlsKeepABoundedReadablePart) {
  const std::string slug = PageSlug(absl::StrCat("https://example.com/", std::string(500, 'a')));
  EXPECT_EQ(slug.size(), 60u + 1 + 10);
}

TEST(PageSlugTest, CheckSaysWhatIsWrong) {
  EXPECT_TRUE(CheckPageSlug("www.githubstatus.com").ok());
  EXPECT_EQ(CheckPageSlug("").message(), "the page slug is empty");
  EXPECT_EQ(CheckPageSlug("Upper").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckPageSlug("a b").message(), "a page slug holds only lowercase letters, digits, '.' and '-'");
  EXPECT_EQ(CheckPageSlug(std::string(201, 'a')).message(), "the page slug is longer than 200 characters");
}

}  // namespace
}  // namespace statusphere
