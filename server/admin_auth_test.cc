#include "server/admin_auth.h"

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

TEST(AdminTokenTest, GeneratedOnceRandomAndPrivate) {
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
  const std::string a = TempDir("a"), b = TempDir("b");
  absl::StatusOr<std::string> first = LoadOrCreateAdminToken("", a);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 32u);
  struct stat info;
  ASSERT_EQ(::stat((a + "/admin_token").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(*LoadOrCreateAdminToken("", a), *first);  // read back, not regenerated
  EXPECT_NE(*LoadOrCreateAdminToken("", b), *first);  // another deployment, another token
}

TEST(AdminTokenTest, FileAndEnvironment) {
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
  const std::string dir = TempDir("c");
  std::ofstream(dir + "/short") << "tooshort\n";
  EXPECT_TRUE(absl::StrContains(LoadOrCreateAdminToken(dir + "/short", dir).status().message(), "shorter than 16"));
  EXPECT_EQ(LoadOrCreateAdminToken(dir + "/missing", dir).status().code(), absl::StatusCode::kNotFound);
  setenv("STATUSPHERE_ADMIN_TOKEN", "  from-the-environment-123  ", 1);
  EXPECT_EQ(*LoadOrCreateAdminToken(dir + "/short", dir), "from-the-environment-123");
  setenv("STATUSPHERE_ADMIN_TOKEN", "weak", 1);
  EXPECT_FALSE(LoadOrCreateAdminToken("", dir).ok());
  unsetenv("STATUSPHERE_ADMIN_TOKEN");
}

TEST(ConstantTimeEqualsTest, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abcdef0123456789", "abcdef0123456789"));
  EXPECT_FALSE(ConstantTimeEquals("abcdef0123456789", "abcdef0123456788"));
  EXPECT_FALSE(ConstantTimeEquals("abcdef0123456789", "abcdef012345678"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

}  // namespace
}  // namespace statusphere
