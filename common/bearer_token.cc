#include "common/bearer_token.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace statusphere {
namespace {

absl::StatusOr<std::string> Checked(const TokenRole& role, absl::string_view text, absl::string_view origin) {
  std::string token(absl::StripAsciiWhitespace(text));
  if (token.size() < kMinTokenLength) {
    return absl::InvalidArgumentError(
        absl::StrCat(role.name, " token in ", origin, " is shorter than ", kMinTokenLength, " characters"));
  }
  return token;
}

// A token from the environment wins, and stays out of argv.
const char* FromEnvironment(const TokenRole& role) {
  const char* value = std::getenv(std::string(role.env_var).c_str());
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// NOT_FOUND when the file cannot be opened.
absl::StatusOr<std::string> ReadTokenFile(const TokenRole& role, const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", role.name, " token file '", path, "'"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Checked(role, buffer.str(), absl::StrCat("'", path, "'"));
}

absl::StatusOr<std::string> Generate(const TokenRole& role, const std::string& path) {
  // 128 bits from the kernel's CSPRNG: absl's generators are fast but not unpredictable.
  unsigned char random[16];
  if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    return absl::UnavailableError(absl::StrCat("cannot read random bytes for the ", role.name, " token"));
  }
  std::string token;
  for (unsigned char byte : random) absl::StrAppendFormat(&token, "%02x", byte);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot create ", role.name, " token file '", path, "'"));
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) return absl::UnavailableError(absl::StrCat("cannot write ", role.name, " token file '", path, "'"));
  return token;
}

}  // namespace

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    diff |= x ^ y;
  }
  return diff == 0;
}

absl::StatusOr<std::string> LoadOrCreateToken(const TokenRole& role, const std::string& token_file,
                                              const std::string& data_dir) {
  if (const char* from_env = FromEnvironment(role)) return Checked(role, from_env, role.env_var);
  if (!token_file.empty()) return ReadTokenFile(role, token_file);
  const std::string path = absl::StrCat(data_dir, "/", role.file_name);
  absl::StatusOr<std::string> existing = ReadTokenFile(role, path);
  if (existing.status().code() != absl::StatusCode::kNotFound) return existing;
  return Generate(role, path);
}

absl::StatusOr<std::string> LoadToken(const TokenRole& role, const std::string& token_file) {
  if (const char* from_env = FromEnvironment(role)) return Checked(role, from_env, role.env_var);
  if (token_file.empty()) {
    return absl::NotFoundError(absl::StrCat("no ", role.name, " token: set ", role.env_var, " or --", role.name,
                                            "_token_file (the server writes its <data_dir>/", role.file_name,
                                            " on first start)"));
  }
  return ReadTokenFile(role, token_file);
}

}  // namespace statusphere
