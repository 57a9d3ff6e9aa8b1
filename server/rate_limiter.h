// Per-client rate limiting of the public read API: one token bucket per client address,
// so that one runaway script cannot starve every other user of the API. Clients are told
// with RESOURCE_EXHAUSTED (HTTP 429 through the gateway) and when to retry.
#ifndef STATUSPHERE_SERVER_RATE_LIMITER_H_
#define STATUSPHERE_SERVER_RATE_LIMITER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/address_policy.h"
#include "grpcpp/server_context.h"

namespace statusphere {

struct RateLimitOptions {
  // Sustained requests per second per client; 0 turns limiting off.
  double requests_per_second = 50;
  // Requests a client may make at once after being idle.
  double burst = 300;
  // The gateway token: a call carrying it in kGatewayTokenHeader comes from the REST
  // gateway, whose "x-forwarded-for" names the HTTP client it calls for. Every other call
  // is limited by its own address, so that no client (a local process included) can pick
  // its bucket by sending the header itself. Empty: x-forwarded-for is never believed.
  std::string gateway_token;
  // When not empty, the gateway must also call from one of these ranges.
  std::vector<IpRange> trusted_proxies;
  // Buckets kept at most; idle (full) buckets are dropped first, so that memory stays
  // bounded however many addresses call.
  size_t max_clients = 100000;
};

// The metadata the REST gateway sends its token in (not "authorization", which the gateway
// passes on from its HTTP clients).
inline constexpr char kGatewayTokenHeader[] = "statusphere-gateway-token";

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options) : options_(std::move(options)) {}

  // OK, or RESOURCE_EXHAUSTED saying the limit and when to retry; also puts the wait in
  // the call's "retry-after" trailer (seconds) for the gateway's Retry-After header.
  grpc::Status Admit(grpc::ServerContextBase& context);  // sync and callback calls

  // The bucket logic itself, keyed by any client identity (for tests).
  // Returns zero when admitted, else how long until a request would be.
  absl::Duration Take(const std::string& client, absl::Time now);

  // The identity a call is limited under: its peer address, or for the gateway the last
  // address of x-forwarded-for.
  std::string ClientOf(const grpc::ServerContextBase& context) const;

 private:
  bool FromGateway(const grpc::ServerContextBase& context, const IpAddress& peer) const;

  struct Bucket {
    double tokens = 0;
    absl::Time updated;
  };
  void EvictIdle(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RateLimitOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

// The IP address part of a gRPC peer string ("ipv4:127.0.0.1:5000" -> "127.0.0.1",
// "ipv6:[::1]:5000" -> "::1"); the whole string for other transports.
std::string PeerAddress(const std::string& peer);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_RATE_LIMITER_H_
