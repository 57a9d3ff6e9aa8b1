// Locates ../shared/fixtures (real captured status pages, beside the repository, never
// copied into it) from inside a Bazel test. Tests call GTEST_SKIP when it is absent so that
// a fresh clone without ../shared passes.
#ifndef STATUSPHERE_TESTS_SUPPORT_SHARED_FIXTURES_H_
#define STATUSPHERE_TESTS_SUPPORT_SHARED_FIXTURES_H_

#include <optional>
#include <string>

namespace statusphere::testing {

// The fixtures directory: $STATUSPHERE_SHARED_DIR/fixtures, else ../shared/fixtures beside
// the repository root (found through the runfiles symlinks); nullopt when neither exists.
std::optional<std::string> SharedFixturesDir();

// The contents of <fixtures>/<relative>, or nullopt.
std::optional<std::string> ReadSharedFixture(const std::string& relative);

// The contents of a file in the repository (a test's own testdata), by workspace path.
std::string ReadRepoFile(const std::string& workspace_relative);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_SHARED_FIXTURES_H_
