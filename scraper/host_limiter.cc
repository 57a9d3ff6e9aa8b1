#include "scraper/host_limiter.h"

#include <algorithm>

namespace statusphere::scraper {

HostLimiter::Slots HostLimiter::Acquire(std::vector<std::string> hosts) {
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  absl::MutexLock lock(&mu_);
  for (const std::string& host : hosts) {
    auto has_room = [this, &host]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return busy_[host] < per_host_; };
    mu_.Await(absl::Condition(&has_room));
    ++busy_[host];
  }
  return Slots(this, std::move(hosts));
}

void HostLimiter::Release(const std::vector<std::string>& hosts) {
  absl::MutexLock lock(&mu_);
  for (const std::string& host : hosts) {
    if (--busy_[host] <= 0) busy_.erase(host);  // keeps the map to hosts in use
  }
}

int HostLimiter::in_use(const std::string& host) {
  absl::MutexLock lock(&mu_);
  auto it = busy_.find(host);
  return it == busy_.end() ? 0 : it->second;
}

}  // namespace statusphere::scraper
