#include "common/env_flags.h"

#include <algorithm>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, env_flags_test_workers, 1, "a flag of this test's own");

namespace statusphere {
namespace {

TEST(EnvFlags, OwnFlagsAreFoundInTheRegistryWithoutAbseilsOwn) {
  const std::vector<std::string> names = OwnFlagNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "env_flags_test_workers"), names.end());
  for (const char* abseil : {"flagfile", "fromenv", "help", "helpfull"}) {
    EXPECT_EQ(std::find(names.begin(), names.end(), abseil), names.end()) << abseil;
  }
  EXPECT_TRUE(IsOwnFlagFile("server/main.cc"));
  EXPECT_FALSE(IsOwnFlagFile("absl/flags/parse.cc"));
  EXPECT_FALSE(IsOwnFlagFile("/build/abseil-cpp-20220623/absl/flags/parse.cc"));
}

TEST(EnvFlags, EnvironmentComesBeforeTheCommandLineSoTheCommandLineWins) {
  ::setenv("STATUSPHERE_ENV_FLAGS_TEST_WORKERS", "7", 1);
  char program[] = "prog", flag[] = "--env_flags_test_workers=3";
  char* argv[] = {program, flag};
  const std::vector<std::string> args = ArgsWithEnvironment(2, argv, OwnFlagNames());
  ASSERT_EQ(args.size(), 3u);
  EXPECT_EQ(args[1], "--env_flags_test_workers=7");
  EXPECT_EQ(args[2], "--env_flags_test_workers=3");
  ::unsetenv("STATUSPHERE_ENV_FLAGS_TEST_WORKERS");
}

TEST(EnvFlags, ParsedValuesComeFromTheEnvironmentWhenTheCommandLineIsSilent) {
  ::setenv("STATUSPHERE_ENV_FLAGS_TEST_WORKERS", "5", 1);
  char program[] = "prog", positional[] = "page";
  char* argv[] = {program, positional};
  std::vector<char*> rest = ParseFlagsWithEnvironment(2, argv);
  EXPECT_EQ(absl::GetFlag(FLAGS_env_flags_test_workers), 5);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_STREQ(rest[1], "page");
  ::unsetenv("STATUSPHERE_ENV_FLAGS_TEST_WORKERS");
}

}  // namespace
}  // namespace statusphere
