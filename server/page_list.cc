#include "server/page_list.h"

#include <malloc.h>

#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "server/page_explain.h"
#include "statusphere/v1/status_page_service.pb.h"

namespace statusphere {
namespace {

// Pages read by url per statement: far below SQLite's bound on parameters.
constexpr size_t kUrlsPerRead = 500;

absl::flat_hash_set<absl::string_view> Urls(const store::PageMarks& marks) {
  absl::flat_hash_set<absl::string_view> urls;
  urls.reserve(marks.pages.size());
  for (const store::PageMark& page : marks.pages) urls.insert(page.url);
  return urls;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const std::string>> PageList::Whole(absl::Time now) {
  const absl::Time asked = absl::Now();
  absl::MutexLock lock(&mu_);
  if (answer_ != nullptr && answer_began_ >= asked) return answer_;
  const absl::Time began = absl::Now();
  // The marks in the table's order, cheap; in the list's order again only when an add, a
  // rename or a removal moved the page list's version since the order was read.
  ASSIGN_OR_RETURN(store::PageMarks marks, store_->ListPageMarks(now, /*in_order=*/false));
  const bool reorder = marks.version != order_version_;
  if (reorder) {
    ASSIGN_OR_RETURN(marks, store_->ListPageMarks(now, /*in_order=*/true));
  }

  const absl::flat_hash_set<absl::string_view> maintained(marks.in_maintenance.begin(), marks.in_maintenance.end());
  std::vector<store::PageMark> changed;  // with the marks they are read again at
  for (const store::PageMark& page : marks.pages) {
    // A page new here gets its entry now (read below), so that the order can point at it.
    auto [it, added] = entries_.try_emplace(page.url);
    const Entry& entry = it->second;
    if (added || entry.mark != page.mark || now > entry.valid_until ||
        entry.in_maintenance != maintained.contains(page.url)) {
      changed.push_back(page);
    }
  }
  if (reorder) {
    order_.clear();
    order_.reserve(marks.pages.size());
    for (const store::PageMark& page : marks.pages) order_.push_back(&entries_.find(page.url)->second);
    order_version_ = marks.version;
    if (entries_.size() > order_.size()) {  // pages removed since the last order
      const absl::flat_hash_set<absl::string_view> listed = Urls(marks);
      absl::erase_if(entries_, [&](const auto& entry) { return !listed.contains(entry.first); });
    }
  }
  // Many changed (the first call, a catalog import): one read of every page costs less than
  // reading them by url in slices.
  const bool all = changed.size() > kUrlsPerRead && changed.size() > marks.pages.size() / 4;
  RETURN_IF_ERROR(Reread(changed, all, marks, now));
#ifdef __GLIBC__
  // Reading every page leaves its messages freed in glibc's arenas, which keeps them: at
  // 100,000 pages the server's RSS after the first whole list stayed 100 MiB higher (303
  // against 191 MiB with this, scale_bench's reads). Only then: a refresh of a few pages
  // frees little.
  if (all) malloc_trim(0);
#endif

  // A page added after the version was read is listed from the next call on, once the
  // version it moved is read; one removed meanwhile has an empty entry (Reread).
  size_t bytes = 0;
  for (const Entry* entry : order_) bytes += entry->field.size();
  std::string answer;
  answer.reserve(bytes);
  for (const Entry* entry : order_) answer += entry->field;
  last_ = {.pages = order_.size(), .read = changed.size(), .read_all = all, .reordered = reorder};
  ++refreshes_;
  answer_ = std::make_shared<const std::string>(std::move(answer));
  answer_began_ = began;
  return answer_;
}

absl::Status PageList::Reread(const std::vector<store::PageMark>& changed, bool all, const store::PageMarks& marks,
                              absl::Time now) {
  if (changed.empty()) return absl::OkStatus();
  // Reading every page keeps every page again, each with its mark.
  const std::vector<store::PageMark>& read = all ? marks.pages : changed;
  absl::flat_hash_map<absl::string_view, int64_t> mark_of;
  mark_of.reserve(read.size());
  for (const store::PageMark& page : read) mark_of[page.url] = page.mark;
  auto keep_each = [&](std::vector<v1::StatusPage> pages) {
    for (v1::StatusPage& page : pages) {
      auto mark = mark_of.find(page.url());
      // A page added after the marks were read has none: kept, and read again next time.
      const bool known = mark != mark_of.end();
      const bool in_maintenance = marks.in_maintenance.count(page.url()) > 0;
      Keep(std::move(page), known ? mark->second : 0, in_maintenance, now, /*read_again=*/!known);
    }
  };
  if (all) {
    ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
    keep_each(std::move(pages));
    return absl::OkStatus();
  }
  for (size_t first = 0; first < changed.size(); first += kUrlsPerRead) {
    std::vector<std::string> slice;
    for (size_t i = first; i < std::min(changed.size(), first + kUrlsPerRead); ++i) slice.emplace_back(changed[i].url);
    ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPagesByUrl(slice));
    // A page asked for and not found was removed meanwhile: its entry, which the order may
    // point at, says nothing until the next order (the removal moved the version) drops it.
    if (pages.size() < slice.size()) {
      absl::flat_hash_set<absl::string_view> found;
      for (const v1::StatusPage& page : pages) found.insert(page.url());
      for (const std::string& url : slice) {
        if (found.contains(url)) continue;
        auto gone = entries_.find(url);  // every changed page has its entry (Whole)
        gone->second.field.clear();
        gone->second.valid_until = absl::InfinitePast();
      }
    }
    keep_each(std::move(pages));
  }
  return absl::OkStatus();
}

void PageList::Keep(v1::StatusPage page, int64_t mark, bool in_maintenance, absl::Time now, bool read_again) {
  ExplainPage(page, now, stale_after_);
  Entry entry;
  entry.mark = mark;
  entry.in_maintenance = in_maintenance;
  entry.valid_until = read_again ? absl::InfinitePast() : ExplainedUntil(page, now, stale_after_);
  std::string url = page.url();
  // A response of this one page is exactly its entry in the whole response's bytes.
  v1::ListStatusPagesResponse one;
  *one.add_status_pages() = std::move(page);
  entry.field = one.SerializeAsString();
  entries_[url] = std::move(entry);  // in place: the order points at it
}

int64_t PageList::refreshes() {
  absl::MutexLock lock(&mu_);
  return refreshes_;
}

PageList::Refresh PageList::last_refresh() {
  absl::MutexLock lock(&mu_);
  return last_;
}

}  // namespace statusphere
