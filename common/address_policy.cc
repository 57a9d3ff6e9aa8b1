#include "common/address_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/url.h"

namespace statusphere {
namespace {

IpAddress FromV4(const uint8_t v4[4]) {
  IpAddress a;
  a.bytes[10] = 0xff;
  a.bytes[11] = 0xff;
  std::memcpy(&a.bytes[12], v4, 4);
  return a;
}

struct NamedRange {
  const char* cidr;
  const char* reason;
};

// Everything that is not a public unicast destination. The ranges come from the IANA
// special-purpose registries (RFC 6890 and successors).
constexpr NamedRange kNonPublic[] = {
    {"0.0.0.0/8", "'this network' address"},
    {"10.0.0.0/8", "private network"},
    {"100.64.0.0/10", "carrier-grade NAT network"},
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local address (cloud metadata lives here)"},
    {"172.16.0.0/12", "private network"},
    {"192.0.0.0/24", "IETF protocol assignment"},
    {"192.0.2.0/24", "documentation network"},
    {"192.88.99.0/24", "6to4 relay anycast"},
    {"192.168.0.0/16", "private network"},
    {"198.18.0.0/15", "benchmarking network"},
    {"198.51.100.0/24", "documentation network"},
    {"203.0.113.0/24", "documentation network"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved (or broadcast)"},
    {"::/128", "unspecified address"},
    {"::1/128", "loopback"},
    {"::/96", "deprecated IPv4-compatible address"},
    {"100::/64", "discard-only network"},
    {"2001::/32", "Teredo tunnel (hides its destination)"},
    {"2001:db8::/32", "documentation network"},
    {"fc00::/7", "unique local (private) network"},
    {"fe80::/10", "link-local address"},
    {"fec0::/10", "site-local address"},
    {"ff00::/8", "multicast"},
};

const std::vector<std::pair<IpRange, std::string>>& NonPublicRanges() {
  static const auto* ranges = [] {
    auto* list = new std::vector<std::pair<IpRange, std::string>>;
    for (const NamedRange& r : kNonPublic) list->emplace_back(*IpRange::Parse(r.cidr), r.reason);
    return list;
  }();
  return *ranges;
}

// The IPv4 address an IPv6 address carries inside it, for the transition formats through
// which a packet reaches that IPv4 host: NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
bool EmbeddedV4(const IpAddress& a, uint8_t v4[4]) {
  static const IpRange nat64 = *IpRange::Parse("64:ff9b::/96");
  static const IpRange six_to_four = *IpRange::Parse("2002::/16");
  if (nat64.Contains(a)) {
    std::memcpy(v4, &a.bytes[12], 4);
    return true;
  }
  if (six_to_four.Contains(a)) {
    std::memcpy(v4, &a.bytes[2], 4);
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<IpAddress> IpAddress::Parse(absl::string_view text) {
  std::string s(absl::StripAsciiWhitespace(text));
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  uint8_t buffer[16];
  if (inet_pton(AF_INET, s.c_str(), buffer) == 1) return FromV4(buffer);
  if (inet_pton(AF_INET6, s.c_str(), buffer) == 1) {
    IpAddress a;
    std::memcpy(a.bytes.data(), buffer, 16);
    return a;
  }
  return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not an IP address"));
}

absl::StatusOr<IpAddress> IpAddress::FromSockaddr(const sockaddr* address) {
  if (address == nullptr) return absl::InvalidArgumentError("no address");
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return FromV4(reinterpret_cast<const uint8_t*>(&in->sin_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    IpAddress a;
    std::memcpy(a.bytes.data(), &in6->sin6_addr, 16);
    return a;
  }
  return absl::InvalidArgumentError(absl::StrCat("address family ", address->sa_family, " is not IP"));
}

bool IpAddress::is_v4() const {
  for (int i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v4()) {
    inet_ntop(AF_INET, &bytes[12], text, sizeof text);
  } else {
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  }
  return text;
}

absl::StatusOr<IpRange> IpRange::Parse(absl::string_view text) {
  absl::string_view address_text = absl::StripAsciiWhitespace(text);
  int prefix = -1;
  if (const size_t slash = address_text.find('/'); slash != absl::string_view::npos) {
    if (!absl::SimpleAtoi(address_text.substr(slash + 1), &prefix)) {
      return absl::InvalidArgumentError(absl::StrCat("'", text, "' has no valid prefix length"));
    }
    address_text = address_text.substr(0, slash);
  }
  absl::StatusOr<IpAddress> base = IpAddress::Parse(address_text);
  if (!base.ok()) return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a CIDR block"));
  const int max_bits = base->is_v4() ? 32 : 128;
  if (prefix < 0) prefix = max_bits;
  if (prefix > max_bits) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "': prefix longer than ", max_bits, " bits"));
  }
  IpRange range;
  range.base = *base;
  range.prefix_bits = base->is_v4() ? 96 + prefix : prefix;
  return range;
}

bool IpRange::Contains(const IpAddress& address) const {
  int bits = prefix_bits;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

std::string NonPublicReason(const IpAddress& address) {
  for (const auto& [range, reason] : NonPublicRanges()) {
    if (range.Contains(address)) return reason;
  }
  if (uint8_t v4[4]; EmbeddedV4(address, v4)) {
    if (std::string inner = NonPublicReason(FromV4(v4)); !inner.empty()) {
      return absl::StrCat(inner, " (embedded in an IPv6 transition address)");
    }
  }
  return "";
}

absl::StatusOr<AddressPolicy> AddressPolicy::Parse(absl::string_view allow_list) {
  AddressPolicy policy;
  for (absl::string_view item : absl::StrSplit(allow_list, ',', absl::SkipWhitespace())) {
    item = absl::StripAsciiWhitespace(item);
    if (absl::EqualsIgnoreCase(item, "any")) {
      policy.allow_any_ = true;
      continue;
    }
    absl::StatusOr<IpRange> range = IpRange::Parse(item);
    if (!range.ok()) return absl::InvalidArgumentError(absl::StrCat("address allow-list: ", range.status().message()));
    policy.allowed_.push_back(*range);
  }
  return policy;
}

AddressPolicy AddressPolicy::AllowAny() {
  AddressPolicy policy;
  policy.allow_any_ = true;
  return policy;
}

absl::Status AddressPolicy::Check(const IpAddress& address) const {
  if (allow_any_) return absl::OkStatus();
  const std::string reason = NonPublicReason(address);
  if (reason.empty()) return absl::OkStatus();
  for (const IpRange& range : allowed_) {
    if (range.Contains(address)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("address ", address.ToString(), " is a ", reason, ", not a public address"));
}

absl::Status AddressPolicy::CheckHost(absl::string_view host) const {
  if (allow_any_) return absl::OkStatus();
  if (absl::StatusOr<IpAddress> literal = IpAddress::Parse(host); literal.ok()) return Check(*literal);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  const std::string name(host);
  if (const int rc = getaddrinfo(name.c_str(), nullptr, &hints, &results); rc != 0) {
    return absl::UnavailableError(absl::StrCat("host '", host, "' does not resolve: ", gai_strerror(rc)));
  }
  absl::Status verdict = absl::OkStatus();
  for (addrinfo* r = results; r != nullptr && verdict.ok(); r = r->ai_next) {
    absl::StatusOr<IpAddress> address = IpAddress::FromSockaddr(r->ai_addr);
    if (!address.ok()) continue;
    if (absl::Status s = Check(*address); !s.ok()) {
      verdict = absl::PermissionDeniedError(absl::StrCat("host '", host, "' resolves to ", s.message()));
    }
  }
  freeaddrinfo(results);
  return verdict;
}

absl::StatusOr<std::string> UrlHost(absl::string_view url) {
  const UrlParts parts = SplitUrl(url);
  if (!parts.absolute) return absl::InvalidArgumentError(absl::StrCat("'", url, "' has no host"));
  if (absl::StartsWith(parts.authority, "[")) {
    if (!absl::StrContains(parts.authority, ']')) {
      return absl::InvalidArgumentError(absl::StrCat("'", url, "' has a broken IPv6 host"));
    }
    return std::string(parts.host);
  }
  if (parts.host.empty()) return absl::InvalidArgumentError(absl::StrCat("'", url, "' has no host"));
  return std::string(parts.host);
}

}  // namespace statusphere
