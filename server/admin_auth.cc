#include "server/admin_auth.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace statusphere {

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

grpc::Status CheckBearerToken(const grpc::ServerContextBase& context, const std::string& token) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "this service needs the metadata header 'authorization: Bearer <admin token>'");
  }
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(value, "bearer ")) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "authorization must be 'Bearer <admin token>'");
  }
  value.remove_prefix(7);
  if (token.empty() || !ConstantTimeEquals(absl::StripAsciiWhitespace(value), token)) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "the admin token is wrong");
  }
  return grpc::Status::OK;
}

absl::StatusOr<std::string> LoadOrCreateAdminToken(const std::string& token_file, const std::string& data_dir) {
  // A token from the environment (e.g. a Kubernetes secret) wins, and stays out of argv.
  if (const char* from_env = std::getenv("STATUSPHERE_ADMIN_TOKEN"); from_env != nullptr && *from_env != '\0') {
    std::string token(absl::StripAsciiWhitespace(from_env));
    if (token.size() < 16) return absl::InvalidArgumentError("STATUSPHERE_ADMIN_TOKEN is shorter than 16 characters");
    return token;
  }
  const std::string path = token_file.empty() ? absl::StrCat(data_dir, "/admin_token") : token_file;
  std::ifstream in(path);
  if (in) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string token(absl::StripAsciiWhitespace(buffer.str()));
    if (token.size() < 16) {
      return absl::InvalidArgumentError(absl::StrCat("admin token in '", path, "' is shorter than 16 characters"));
    }
    return token;
  }
  if (!token_file.empty()) return absl::NotFoundError(absl::StrCat("cannot read admin token file '", path, "'"));
  // 128 bits from the kernel's CSPRNG: absl's generators are fast but not unpredictable.
  unsigned char random[16];
  if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    return absl::UnavailableError("cannot read random bytes for the admin token");
  }
  std::string token;
  for (unsigned char byte : random) absl::StrAppendFormat(&token, "%02x", byte);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot create admin token file '", path, "'"));
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) return absl::UnavailableError(absl::StrCat("cannot write admin token file '", path, "'"));
  return token;
}

}  // namespace statusphere
