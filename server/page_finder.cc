#include "server/page_finder.h"

#include <utility>

#include "common/status_macros.h"

namespace statusphere {

absl::StatusOr<std::shared_ptr<const PageIndex>> PageFinder::Current() {
  ASSIGN_OR_RETURN(int64_t version, store_->PageListVersion());
  auto current = [&]() -> std::shared_ptr<const PageIndex> {
    absl::MutexLock lock(&mu_);
    return index_ != nullptr && version_ == version ? index_ : nullptr;
  };
  if (auto index = current()) return index;
  absl::MutexLock rebuilding(&rebuild_mu_);
  if (auto index = current()) return index;  // built meanwhile by the search before
  ASSIGN_OR_RETURN(store::PageNames names, store_->ListPageNames());
  auto index = std::make_shared<const PageIndex>(names.pages);
  absl::MutexLock lock(&mu_);
  index_ = index;
  version_ = names.version;
  return index;
}

absl::StatusOr<std::vector<store::StatusPage>> PageFinder::Find(absl::string_view query, size_t max_results) {
  ASSIGN_OR_RETURN(std::shared_ptr<const PageIndex> index, Current());
  return store_->ListPagesByUrl(index->Search(query, max_results));
}

}  // namespace statusphere
