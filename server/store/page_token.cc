#include "server/store/page_token.h"

#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace statusphere::store {
namespace {

// Layout, before base64: version, name_key length (4 bytes, big-endian), name_key, url,
// checksum of all before it (4 bytes). A new layout takes a new version byte, so that a
// token an older server handed out is refused clearly rather than misread.
constexpr char kVersion = 1;
// Names are at most 200 characters and urls 2048; twice that is refused unread.
constexpr size_t kMaxTokenLength = 8192;

void AppendUint32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t ReadUint32(absl::string_view bytes) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

// FNV-1a: stable across processes and builds, which std::hash and absl::Hash are not
// (a token outlives the server that made it, and several servers share one database).
uint32_t Checksum(absl::string_view bytes) {
  uint32_t h = 2166136261u;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

absl::Status Invalid(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("page_token: ", why,
                                                 "; pass the nextPageToken of an earlier answer "
                                                 "unchanged, or none to start at the first page"));
}

}  // namespace

std::string EncodePageToken(const PageOrderKey& key) {
  std::string raw(1, kVersion);
  AppendUint32(raw, static_cast<uint32_t>(key.name_key.size()));
  absl::StrAppend(&raw, key.name_key, key.url);
  AppendUint32(raw, Checksum(raw));
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<PageOrderKey> DecodePageToken(absl::string_view token) {
  if (token.size() > kMaxTokenLength) return Invalid("too long to be a token of this server");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return Invalid("not a token of this server (not base64url)");
  if (raw.size() < 1 + 4 + 4) return Invalid("not a token of this server (too short)");
  if (raw[0] != kVersion) return Invalid("made by another version of the server");
  const absl::string_view body(raw.data(), raw.size() - 4);
  if (ReadUint32(absl::string_view(raw).substr(raw.size() - 4)) != Checksum(body)) {
    return Invalid("damaged (its checksum does not match)");
  }
  const uint32_t name_length = ReadUint32(body.substr(1, 4));
  if (name_length > body.size() - 5) return Invalid("damaged (its name is cut short)");
  PageOrderKey key;
  key.name_key = std::string(body.substr(5, name_length));
  key.url = std::string(body.substr(5 + name_length));
  return key;
}

}  // namespace statusphere::store
