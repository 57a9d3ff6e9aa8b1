#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/bearer_token.h"

namespace statusphere {

std::string PeerAddress(const std::string& peer) {
  absl::string_view rest = peer;
  if (absl::ConsumePrefix(&rest, "ipv4:")) return std::string(rest.substr(0, rest.rfind(':')));
  if (absl::ConsumePrefix(&rest, "ipv6:")) {
    if (absl::ConsumePrefix(&rest, "[")) return std::string(rest.substr(0, rest.find(']')));
    return std::string(rest.substr(0, rest.rfind(':')));
  }
  return peer;
}

std::string RateLimiter::ClientOf(const grpc::ServerContextBase& context) const {
  const std::string peer = PeerAddress(context.peer());
  absl::StatusOr<IpAddress> peer_ip = IpAddress::Parse(peer);
  if (!peer_ip.ok()) return peer;
  if (!FromGateway(context, *peer_ip)) return peer_ip->ToString();
  // The proxy appends the address it saw, as the last entry of the last header; earlier
  // entries and earlier headers are whatever the client claimed (grpc-gateway passes a
  // client's own "Grpc-Metadata-X-Forwarded-For" through ahead of its own).
  auto [first, last] = context.client_metadata().equal_range("x-forwarded-for");
  if (first == last) return peer_ip->ToString();
  const grpc::string_ref& header = std::prev(last)->second;
  absl::string_view value(header.data(), header.size());
  std::vector<absl::string_view> hops = absl::StrSplit(value, ',', absl::SkipWhitespace());
  if (hops.empty()) return peer_ip->ToString();
  absl::StatusOr<IpAddress> client = IpAddress::Parse(absl::StripAsciiWhitespace(hops.back()));
  return client.ok() ? client->ToString() : peer_ip->ToString();
}

bool RateLimiter::FromGateway(const grpc::ServerContextBase& context, const IpAddress& peer) const {
  if (options_.gateway_token.empty()) return false;
  if (!options_.trusted_proxies.empty() &&
      std::none_of(options_.trusted_proxies.begin(), options_.trusted_proxies.end(),
                   [&](const IpRange& r) { return r.Contains(peer); })) {
    return false;
  }
  // Any of the values: an HTTP client may add its own (as Grpc-Metadata-...) ahead of the
  // gateway's, and cannot know the right one.
  auto [first, last] = context.client_metadata().equal_range(kGatewayTokenHeader);
  for (auto it = first; it != last; ++it) {
    if (ConstantTimeEquals(absl::string_view(it->second.data(), it->second.size()), options_.gateway_token))
      return true;
  }
  return false;
}

absl::Duration RateLimiter::Take(const std::string& client, absl::Time now) {
  const double rate = options_.requests_per_second;
  if (rate <= 0) return absl::ZeroDuration();
  const double burst = std::max(1.0, options_.burst);
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = buckets_.try_emplace(client);
  if (inserted) {
    if (buckets_.size() > options_.max_clients) {
      EvictIdle(now);
      it = buckets_.try_emplace(client).first;  // rehashing may have moved it
    }
    it->second = {burst, now};
  }
  Bucket& bucket = it->second;
  bucket.tokens = std::min(burst, bucket.tokens + absl::ToDoubleSeconds(now - bucket.updated) * rate);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::ZeroDuration();
  }
  return absl::Seconds((1 - bucket.tokens) / rate);
}

void RateLimiter::EvictIdle(absl::Time now) {
  const double rate = options_.requests_per_second;
  const double burst = std::max(1.0, options_.burst);
  // A bucket that has refilled is indistinguishable from a new one: dropping it loses nothing.
  absl::erase_if(buckets_, [&](const auto& entry) {
    return entry.second.tokens + absl::ToDoubleSeconds(now - entry.second.updated) * rate >= burst;
  });
  // Still too many clients active at once: forget the least-recently-seen half.
  if (buckets_.size() > options_.max_clients) {
    std::vector<absl::Time> seen;
    seen.reserve(buckets_.size());
    for (const auto& entry : buckets_) seen.push_back(entry.second.updated);
    auto middle = seen.begin() + seen.size() / 2;
    std::nth_element(seen.begin(), middle, seen.end());
    const absl::Time cutoff = *middle;
    absl::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= cutoff; });
  }
}

grpc::Status RateLimiter::Admit(grpc::ServerContextBase& context) {
  if (options_.requests_per_second <= 0) return grpc::Status::OK;
  const std::string client = ClientOf(context);
  const absl::Duration wait = Take(client, absl::Now());
  if (wait == absl::ZeroDuration()) return grpc::Status::OK;
  const int64_t retry_seconds = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(wait))));
  context.AddTrailingMetadata("retry-after", absl::StrCat(retry_seconds));
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      absl::StrFormat("rate limit exceeded for %s: at most %g requests per second (bursts of %g); "
                                      "retry in %d s",
                                      client, options_.requests_per_second, options_.burst, retry_seconds));
}

}  // namespace statusphere
