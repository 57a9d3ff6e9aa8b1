// Politeness across workers: at most N workers fetch from one host at once. Each worker
// has its own curl multi (and so its own per-host connection cap); without this, sixteen
// workers scraping status.io pages would all hit api.status.io together.
#ifndef STATUSPHERE_SCRAPER_HOST_LIMITER_H_
#define STATUSPHERE_SCRAPER_HOST_LIMITER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace statusphere::scraper {

class HostLimiter {
 public:
  explicit HostLimiter(int per_host) : per_host_(per_host < 1 ? 1 : per_host) {}

  // Holds one slot on each of a set of hosts until destroyed.
  class Slots {
   public:
    Slots(HostLimiter* limiter, std::vector<std::string> hosts) : limiter_(limiter), hosts_(std::move(hosts)) {}
    Slots(Slots&& other) noexcept : limiter_(other.limiter_), hosts_(std::move(other.hosts_)) {
      other.limiter_ = nullptr;
    }
    Slots(const Slots&) = delete;
    Slots& operator=(const Slots&) = delete;
    Slots& operator=(Slots&&) = delete;
    ~Slots() {
      if (limiter_ != nullptr) limiter_->Release(hosts_);
    }

   private:
    HostLimiter* limiter_;
    std::vector<std::string> hosts_;
  };

  // Blocks until a slot is free on every host. Hosts are taken in sorted order, so that two
  // workers needing the same two hosts cannot each hold one and wait for the other.
  Slots Acquire(std::vector<std::string> hosts);

  int in_use(const std::string& host);

 private:
  void Release(const std::vector<std::string>& hosts);

  const int per_host_;
  absl::Mutex mu_;
  std::map<std::string, int> busy_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::scraper

#endif  // STATUSPHERE_SCRAPER_HOST_LIMITER_H_
