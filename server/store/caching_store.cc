#include "server/store/caching_store.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace statusphere::store {
namespace {

// Bounds memory: a cache this full is dropped whole (keys are page URLs and queries).
constexpr size_t kMaxEntriesPerCache = 20000;

}  // namespace

template <typename T, typename Load>
absl::StatusOr<T> CachingStore::Cached(Cache<T>& cache, const std::string& key, Load load) {
  uint64_t generation;
  {
    absl::MutexLock lock(&mu_);
    auto it = cache.find(key);
    if (it != cache.end() && absl::Now() - it->second.stored < ttl_) return it->second.value;
    generation = generation_;
  }
  const absl::Time loaded_at = absl::Now();
  absl::StatusOr<T> value = load();
  if (!value.ok()) return value;
  absl::MutexLock lock(&mu_);
  // A write that happened while loading may not be in `value`: do not keep it.
  if (generation == generation_ && ttl_ > absl::ZeroDuration()) {
    if (cache.size() >= kMaxEntriesPerCache) cache.clear();
    cache[key] = Entry<T>{*value, loaded_at};
  }
  return value;
}

void CachingStore::Invalidate() {
  absl::MutexLock lock(&mu_);
  ++generation_;
  page_lists_.clear();
  counts_.clear();
  page_slices_.clear();
  pages_.clear();
  incidents_.clear();
}

absl::StatusOr<StatusPage> CachingStore::AddPage(const NewPage& page, absl::Time now) {
  return Invalidating(backend().AddPage(page, now));
}

absl::Status CachingStore::RemovePage(const std::string& url) { return Invalidating(backend().RemovePage(url)); }

absl::StatusOr<StatusPage> CachingStore::RenamePage(const std::string& url, const std::string& new_name) {
  return Invalidating(backend().RenamePage(url, new_name));
}

absl::StatusOr<CatalogReconciliation> CachingStore::ReconcileCatalog(const std::vector<NewPage>& entries,
                                                                     absl::Time now) {
  return Invalidating(backend().ReconcileCatalog(entries, now));
}

absl::StatusOr<ReportSummary> CachingStore::ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                                        const SchedulePolicy& policy, absl::Time now) {
  return Invalidating(backend().ApplyReport(lease_id, report, policy, now));
}

absl::StatusOr<std::vector<StatusPage>> CachingStore::ListPages() {
  return Cached(page_lists_, "", [&] { return backend().ListPages(); });
}

absl::StatusOr<int> CachingStore::CountPages() {
  return Cached(counts_, "", [&] { return backend().CountPages(); });
}

absl::StatusOr<PageSlice> CachingStore::ListPagesAfter(const std::optional<PageOrderKey>& after, int limit) {
  // Length-prefixed: a name holding the separator cannot make two cursors one key.
  const std::string key = after ? absl::StrCat(limit, ":", after->name_key.size(), ":", after->name_key, after->url)
                                : absl::StrCat(limit, ":");
  return Cached(page_slices_, key, [&] { return backend().ListPagesAfter(after, limit); });
}

absl::StatusOr<StatusPage> CachingStore::GetPageByUrl(const std::string& url) {
  return Cached(pages_, "url:" + url, [&] { return backend().GetPageByUrl(url); });
}

absl::StatusOr<StatusPage> CachingStore::GetPageByName(const std::string& name) {
  return Cached(pages_, "name:" + absl::AsciiStrToLower(name), [&] { return backend().GetPageByName(name); });
}

absl::StatusOr<std::vector<Incident>> CachingStore::ListIncidents(const IncidentQuery& query) {
  const std::string key =
      absl::StrCat("list:", query.page_url, "|", absl::StrJoin(query.impacts, ","), "|", query.limit, "|",
                   query.open_at_or_after ? absl::StrCat(absl::ToUnixMicros(*query.open_at_or_after)) : "");
  return Cached(incidents_, key, [&] { return backend().ListIncidents(query); });
}

absl::StatusOr<std::vector<Incident>> CachingStore::ListUnresolvedIncidents(const std::string& page_url) {
  return Cached(incidents_, "open:" + page_url, [&] { return backend().ListUnresolvedIncidents(page_url); });
}

}  // namespace statusphere::store
