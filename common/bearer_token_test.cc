#include "common/bearer_token.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace statusphere {
namespace {

std::string TempDir(const std::string& name) {
  const std::string dir = std::string(getenv("TEST_TMPDIR")) + "/" + name;
  ::mkdir(dir.c_str(), 0700);
  return dir;
}

TEST(BearerTokenTest, GeneratedOnceRandomAndPrivate) {
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
  const std::string a = TempDir("a"), b = TempDir("b");
  absl::StatusOr<std::string> first = LoadOrCreateToken(kAdminRole, "", a);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 32u);
  struct stat info;
  ASSERT_EQ(::stat((a + "/admin_token").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(*LoadOrCreateToken(kAdminRole, "", a), *first);  // read back, not regenerated
  EXPECT_NE(*LoadOrCreateToken(kAdminRole, "", b), *first);  // another deployment, another token
}

TEST(BearerTokenTest, EachRoleHasItsOwnFileAndToken) {
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
  unsetenv("STATUSPHERE_SCRAPER_TOKEN");
  unsetenv("STATUSPHERE_GATEWAY_TOKEN");
  const std::string dir = TempDir("roles");
  absl::StatusOr<std::string> admin = LoadOrCreateToken(kAdminRole, "", dir);
  absl::StatusOr<std::string> scraper = LoadOrCreateToken(kScraperRole, "", dir);
  absl::StatusOr<std::string> gateway = LoadOrCreateToken(kGatewayRole, "", dir);
  ASSERT_TRUE(admin.ok() && scraper.ok() && gateway.ok());
  EXPECT_NE(*admin, *scraper);
  EXPECT_NE(*scraper, *gateway);
  struct stat info;
  ASSERT_EQ(::stat((dir + "/scraper_token").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  ASSERT_EQ(::stat((dir + "/gateway_token").c_str(), &info), 0);
  // A client reads what the server wrote.
  EXPECT_EQ(*LoadToken(kScraperRole, dir + "/scraper_token"), *scraper);
  setenv("STATUSPHERE_SCRAPER_TOKEN", "scraper-token-from-the-env", 1);
  EXPECT_EQ(*LoadOrCreateToken(kScraperRole, "", dir), "scraper-token-from-the-env");
  EXPECT_EQ(*LoadToken(kScraperRole, ""), "scraper-token-from-the-env");
  EXPECT_EQ(*LoadOrCreateToken(kAdminRole, "", dir), *admin);  // the scraper's variable is not the admin's
  unsetenv("STATUSPHERE_SCRAPER_TOKEN");
}

TEST(BearerTokenTest, FileAndEnvironment) {
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
  const std::string dir = TempDir("c");
  std::ofstream(dir + "/short") << "tooshort\n";
  EXPECT_TRUE(
      absl::StrContains(LoadOrCreateToken(kAdminRole, dir + "/short", dir).status().message(), "shorter than 16"));
  EXPECT_EQ(LoadOrCreateToken(kAdminRole, dir + "/missing", dir).status().code(), absl::StatusCode::kNotFound);
  setenv("STATUSPHERE_ADMIN_TOKEN", "  from-the-environment-123  ", 1);
  EXPECT_EQ(*LoadOrCreateToken(kAdminRole, dir + "/short", dir), "from-the-environment-123");
  setenv("STATUSPHERE_ADMIN_TOKEN", "weak", 1);
  EXPECT_FALSE(LoadOrCreateToken(kAdminRole, "", dir).ok());
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
}

TEST(BearerTokenTest, ClientWithoutTokenIsToldHowToGiveOne) {
  unsetenv("STATUSPHERE_SCRAPER_TOKEN");
  absl::Status missing = LoadToken(kScraperRole, "").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(missing.message(), "STATUSPHERE_SCRAPER_TOKEN")) << missing;
  EXPECT_TRUE(absl::StrContains(missing.message(), "--scraper_token_file")) << missing;
  const std::string dir = TempDir("d");
  std::ofstream(dir + "/short") << "tooshort\n";
  EXPECT_EQ(LoadToken(kScraperRole, dir + "/short").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConstantTimeEqualsTest, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abcdef0123456789", "abcdef0123456789"));
  EXPECT_FALSE(ConstantTimeEquals("abcdef0123456789", "abcdef0123456788"));
  EXPECT_FALSE(ConstantTimeEquals("abcdef0123456789", "abcdef012345678"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

}  // namespace
}  // namespace statusphere
