// The SSRF guard: which network addresses statusphere may connect to on behalf of a URL
// that came from outside (a page added through AdminService, a redirect a status page sent).
// Only public unicast addresses are allowed by default; loopback, private, link-local
// (cloud metadata lives at 169.254.169.254), carrier-grade NAT, multicast, documentation
// and reserved ranges are refused, also when they hide inside IPv6 (mapped, NAT64, 6to4).
// An explicit allow-list lets tests and private deployments reach chosen ranges.
#ifndef STATUSPHERE_COMMON_ADDRESS_POLICY_H_
#define STATUSPHERE_COMMON_ADDRESS_POLICY_H_

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace statusphere {

// An IPv4 or IPv6 address; IPv4 is held IPv4-mapped (::ffff:a.b.c.d) so that one
// comparison covers both families.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};

  static absl::StatusOr<IpAddress> Parse(absl::string_view text);  // "10.0.0.1", "::1", "[::1]"
  static absl::StatusOr<IpAddress> FromSockaddr(const sockaddr* address);
  bool is_v4() const;
  std::string ToString() const;
};

// A CIDR block such as "10.0.0.0/8" or "fe80::/10"; a bare address is a /32 or /128.
struct IpRange {
  IpAddress base;
  int prefix_bits = 128;  // in the IPv6 space: an IPv4 /8 is stored as /104

  static absl::StatusOr<IpRange> Parse(absl::string_view text);
  bool Contains(const IpAddress& address) const;
};

// Why `address` is not a public unicast address ("loopback", "private network", ...), or
// an empty string when it is public.
std::string NonPublicReason(const IpAddress& address);

class AddressPolicy {
 public:
  // Public addresses only.
  AddressPolicy() = default;

  // A comma-separated allow-list of CIDR blocks that may be reached although not public
  // ("127.0.0.0/8,::1"); "any" allows every address; empty allows public addresses only.
  static absl::StatusOr<AddressPolicy> Parse(absl::string_view allow_list);
  static AddressPolicy AllowAny();

  // OK when the address may be connected to; PERMISSION_DENIED saying which address and why not.
  absl::Status Check(const IpAddress& address) const;

  // Resolves `host` (a name or an address literal) and checks every address it resolves
  // to: one private answer is enough for DNS rebinding, so one refusal refuses the host.
  // UNAVAILABLE when the name does not resolve.
  absl::Status CheckHost(absl::string_view host) const;

  bool allows_any() const { return allow_any_; }
  const std::vector<IpRange>& allowed_ranges() const { return allowed_; }

 private:
  bool allow_any_ = false;
  std::vector<IpRange> allowed_;
};

// The host part of an absolute http(s) URL, without brackets or port ("::1" for
// "http://[::1]:8080/x"); INVALID_ARGUMENT when there is none.
absl::StatusOr<std::string> UrlHost(absl::string_view url);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_ADDRESS_POLICY_H_
