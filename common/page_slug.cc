#include "common/page_slug.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace statusphere {
namespace {

constexpr size_t kReadableLength = 60;
constexpr size_t kMaxSlugLength = 200;
constexpr int kHashDigits = 10;

bool IsSlugChar(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '-'; }

// FNV-1a: tiny, and the same everywhere (absl::Hash is salted per process).
uint64_t Fnv1a64(absl::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// Whether `text` ends as a hashed slug does: '-' and kHashDigits hex digits.
bool EndsLikeHash(absl::string_view text) {
  if (text.size() < kHashDigits + 1 || text[text.size() - kHashDigits - 1] != '-') return false;
  for (char c : text.substr(text.size() - kHashDigits)) {
    if (!absl::ascii_isdigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

}  // namespace

std::string PageSlug(absl::string_view normalized_url) {
  absl::string_view rest = normalized_url;
  const bool https = absl::ConsumePrefix(&rest, "https://");
  if (!https) absl::ConsumePrefix(&rest, "http://");
  bool plain_host = https && !rest.empty() && !EndsLikeHash(rest);
  for (char c : rest) plain_host = plain_host && IsSlugChar(c);
  if (plain_host) return std::string(rest);

  std::string readable;
  for (char c : absl::AsciiStrToLower(rest)) {
    if (readable.size() >= kReadableLength) break;
    if (IsSlugChar(c) && c != '-') {
      readable += c;
    } else if (!readable.empty() && readable.back() != '-') {
      readable += '-';
    }
  }
  while (!readable.empty() && readable.back() == '-') readable.pop_back();
  const uint64_t hash = Fnv1a64(normalized_url) & ((uint64_t{1} << (4 * kHashDigits)) - 1);
  return absl::StrCat(readable, readable.empty() ? "" : "-", absl::StrFormat("%010x", hash));
}

absl::Status CheckPageSlug(absl::string_view slug) {
  if (slug.empty()) return absl::InvalidArgumentError("the page slug is empty");
  if (slug.size() > kMaxSlugLength) {
    return absl::InvalidArgumentError(absl::StrCat("the page slug is longer than ", kMaxSlugLength, " characters"));
  }
  for (char c : slug) {
    if (!IsSlugChar(c)) {
      return absl::InvalidArgumentError("a page slug holds only lowercase letters, digits, '.' and '-'");
    }
  }
  return absl::OkStatus();
}

}  // namespace statusphere
