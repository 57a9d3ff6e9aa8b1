#include "server/notify/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <vector>

#include "absl/strings/escaping.h"

namespace statusphere::notify {

std::string HmacSha256Hex(absl::string_view key, absl::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest, &length);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string RandomHex(int bytes) {
  std::vector<unsigned char> buffer(static_cast<size_t>(bytes));
  // A secret we cannot make unpredictable must not be handed out at all.
  if (RAND_bytes(buffer.data(), bytes) != 1) std::abort();
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

}  // namespace statusphere::notify
