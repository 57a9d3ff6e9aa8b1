#include "server/watch/watch_admission.h"

#include "absl/strings/str_cat.h"

namespace statusphere::watch {

absl::Status WatchAdmission::Admit(const std::string& client) {
  absl::MutexLock lock(&mu_);
  if (limits_.total > 0 && open_ >= limits_.total) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the server has ", open_, " watch streams open, the most it serves; try again later"));
  }
  int& mine = by_client_[client];
  if (limits_.per_client > 0 && mine >= limits_.per_client) {
    return absl::ResourceExhaustedError(absl::StrCat("client ", client, " has ", mine,
                                                     " watch streams open, the most one client may have; "
                                                     "close one first"));
  }
  ++mine;
  ++open_;
  return absl::OkStatus();
}

void WatchAdmission::Release(const std::string& client) {
  absl::MutexLock lock(&mu_);
  auto it = by_client_.find(client);
  if (it == by_client_.end()) return;
  if (--it->second <= 0) by_client_.erase(it);
  --open_;
}

int WatchAdmission::open() {
  absl::MutexLock lock(&mu_);
  return open_;
}

}  // namespace statusphere::watch
