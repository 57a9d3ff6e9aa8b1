#include "tests/support/shared_fixtures.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::optional<std::string> SharedFixturesDir() {
  if (const char* shared = std::getenv("STATUSPHERE_SHARED_DIR"); shared != nullptr && *shared != '\0') {
    const std::string dir = absl::StrCat(shared, "/fixtures");
    if (IsDirectory(dir)) return dir;
  }
  // The anchor's runfile is a symlink into the source tree: its real path names the repo.
  constexpr char kAnchor[] = "tests/support/repo_anchor";
  char resolved[PATH_MAX];
  if (::realpath(BinaryPath(kAnchor).c_str(), resolved) != nullptr) {
    std::string path = resolved;
    if (absl::EndsWith(path, kAnchor)) {
      const std::string dir = absl::StrCat(path.substr(0, path.size() - sizeof(kAnchor) + 1), "../shared/fixtures");
      if (IsDirectory(dir)) return dir;
    }
  }
  return std::nullopt;
}

std::optional<std::string> ReadSharedFixture(const std::string& relative) {
  std::optional<std::string> dir = SharedFixturesDir();
  if (!dir) return std::nullopt;
  return ReadFile(absl::StrCat(*dir, "/", relative));
}

std::string ReadRepoFile(const std::string& workspace_relative) {
  return ReadFile(BinaryPath(workspace_relative)).value_or("");
}

}  // namespace statusphere::testing
