#include "server/page_finder.h"

#include <utility>

#include "common/status_macros.h"

namespace statusphere {

std::shared_ptr<const PageIndex> PageFinder::Kept(int64_t* version) {
  absl::MutexLock lock(&mu_);
  *version = version_;
  return index_;
}

absl::StatusOr<std::shared_ptr<const PageIndex>> PageFinder::Rebuild(int64_t stale_version) {
  absl::MutexLock rebuilding(&rebuild_mu_);
  {
    absl::MutexLock lock(&mu_);
    // Rebuilt meanwhile by the search before: what it read is at least as new.
    if (index_ != nullptr && version_ != stale_version) return index_;
  }
  ASSIGN_OR_RETURN(store::PageNames names, store_->ListPageNames());
  auto index = std::make_shared<const PageIndex>(names.pages);
  absl::MutexLock lock(&mu_);
  index_ = index;
  version_ = names.version;
  return index;
}

absl::StatusOr<std::shared_ptr<const PageIndex>> PageFinder::Current() {
  ASSIGN_OR_RETURN(int64_t version, store_->PageListVersion());
  int64_t kept_version = 0;
  std::shared_ptr<const PageIndex> index = Kept(&kept_version);
  if (index != nullptr && kept_version == version) return index;
  return Rebuild(kept_version);
}

absl::StatusOr<std::vector<store::StatusPage>> PageFinder::Find(absl::string_view query, size_t max_results) {
  int64_t kept_version = 0;
  std::shared_ptr<const PageIndex> index = Kept(&kept_version);
  if (index == nullptr) {
    ASSIGN_OR_RETURN(index, Rebuild(kept_version));
  }
  // The pages found and the list's version, read together: when the version is not the
  // index's, the list moved since it was built, and the search is run again on a new one.
  for (int round = 0;; ++round) {
    {
      absl::MutexLock lock(&mu_);
      if (index == index_) kept_version = version_;
    }
    int64_t version = 0;
    ASSIGN_OR_RETURN(std::vector<store::StatusPage> pages,
                     store_->ListPagesByUrl(index->Search(query, max_results), &version));
    if (version == kept_version || round == 1) return pages;
    ASSIGN_OR_RETURN(index, Rebuild(kept_version));
  }
}

}  // namespace statusphere
