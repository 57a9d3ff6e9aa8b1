#include "server/page_search.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/catalog.h"

namespace statusphere {
namespace {

using statusphere::v1::StatusPage;

// Searches run over the shipped catalog: the names people will actually search among.
class CatalogSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto entries = ParseCatalog(EmbeddedCatalog());
    ASSERT_TRUE(entries.ok()) << entries.status();
    pages_ = new std::vector<StatusPage>();
    for (const auto& entry : *entries) {
      StatusPage page;
      page.set_name(entry.name);
      page.set_url(entry.url);
      pages_->push_back(std::move(page));
    }
  }
  static void TearDownTestSuite() { delete pages_; }

  static std::vector<std::string> Names(absl::string_view query) {
    std::vector<std::string> names;
    for (const StatusPage& page : SearchPages(query, *pages_, 10)) names.push_back(page.name());
    return names;
  }
  static std::string Best(absl::string_view query) {
    std::vector<std::string> names = Names(query);
    return names.empty() ? "(none)" : names.front();
  }

  static std::vector<StatusPage>* pages_;
};
std::vector<StatusPage>* CatalogSearchTest::pages_ = nullptr;

TEST_F(CatalogSearchTest, NamesThatStartWithTheQueryComeBeforeNamesThatContainIt) {
  ASSERT_GE(pages_->size(), 1500u);
  const std::vector<std::string> git = Names("git");
  ASSERT_EQ(git.size(), 10u);
  // Every catalog name that starts with "git", shortest first, then "DigitalOcean" and the like.
  EXPECT_EQ(git, (std::vector<std::string>{"GitHub", "GitLab", "GitBook", "Gitlabhost", "GitGuardian",
                                           "GitHub Enterprise Cloud EU", "DigitalOcean", "Digital Pigeon",
                                           "Digital Pacific", "Verizon Digital Media"}));
  const std::vector<std::string> stripe = Names("stripe");
  ASSERT_GE(stripe.size(), 3u);
  EXPECT_EQ(stripe[0], "Stripe");
  EXPECT_EQ(stripe[1], "Stripe Checkout");
  ASSERT_GE(stripe.size(), 4u);
  EXPECT_EQ(stripe[2], "Stride");  // then a typo away ("stride"), shortest first
  EXPECT_EQ(stripe[3], "InStride");
  EXPECT_EQ(Best("slack"), "Slack");
  EXPECT_EQ(Best("SLACK"), "Slack");
  EXPECT_EQ(Best("git hub"), "GitHub");
}

TEST_F(CatalogSearchTest, InitialsAndWordsFindMultiWordNames) {
  EXPECT_EQ(Best("aws"), "Amazon Web Services");
  EXPECT_EQ(Best("web services"), "Amazon Web Services");
  EXPECT_EQ(Best("ocean"), "DigitalOcean");
  EXPECT_EQ(Best("google cloud"), "Google Cloud");
  EXPECT_EQ(Best("cloud google"), "Google Cloud");
  // Names with a word that starts with "cloud" come before names that merely contain it.
  const std::vector<std::string> cloud = Names("cloud");
  ASSERT_EQ(cloud.size(), 10u);
  for (const std::string& name : cloud) {
    const std::string lower = absl::AsciiStrToLower(name);
    EXPECT_TRUE(absl::StartsWith(lower, "cloud") || absl::StrContains(lower, " cloud")) << name;
  }
}

TEST_F(CatalogSearchTest, UrlsAndHostsFindTheirPage) {
  EXPECT_EQ(Best("https://status.stripe.com"), "Stripe");
  EXPECT_EQ(Best("https://www.githubstatus.com/"), "GitHub");
  EXPECT_EQ(Best("githubstatus.com"), "GitHub");
  EXPECT_EQ(Best("githubstatus"), "GitHub");
  EXPECT_EQ(Best("cloud.google"), "Google Cloud");
  EXPECT_EQ(Best("codeshipstatus.com"), "Codeship");
}

TEST_F(CatalogSearchTest, TyposFindTheNameLast) {
  EXPECT_EQ(Best("githbu"), "GitHub");  // transposition
  EXPECT_EQ(Best("gihtub"), "GitHub");
  EXPECT_EQ(Best("stirpe"), "Stripe");
  EXPECT_EQ(Best("slakc"), "Slack");
  EXPECT_EQ(Best("cloudflair"), "Cloudflare");
  // A typo match never outranks a name that starts with the query.
  const std::vector<std::string> git = Names("gitl");
  ASSERT_GE(git.size(), 2u);
  EXPECT_EQ(git[0], "GitLab");
  EXPECT_EQ(git[1], "Gitlabhost");
}

TEST_F(CatalogSearchTest, NothingMatchesGibberishOrPunctuation) {
  EXPECT_TRUE(Names("zzzzqqqq").empty());
  EXPECT_TRUE(Names("--").empty());
  EXPECT_TRUE(Names("xq").empty());  // too short for a typo
}

TEST(MatchScore, RanksTiersInOrder) {
  StatusPage github;
  github.set_name("GitHub");
  github.set_url("https://www.githubstatus.com");
  StatusPage aws;
  aws.set_name("Amazon Web Services");
  aws.set_url("https://health.aws.amazon.com/health/status");
  EXPECT_GT(MatchScore("github", github), MatchScore("git", github));          // exact > prefix
  EXPECT_GT(MatchScore("git", github), MatchScore("aws", aws));                // prefix > initials
  EXPECT_GT(MatchScore("aws", aws), MatchScore("services", aws));              // initials > word
  EXPECT_GT(MatchScore("services", aws), MatchScore("githubstatus", github));  // word > host
  EXPECT_GT(MatchScore("githubstatus", github), MatchScore("ithu", github));   // host > contains
  EXPECT_GT(MatchScore("ithu", github), MatchScore("githbu", github));         // contains > typo
  EXPECT_GT(MatchScore("githbu", github), 0);
  EXPECT_EQ(MatchScore("gitlab", github), 0);
}

}  // namespace
}  // namespace statusphere
