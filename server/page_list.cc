#include "server/page_list.h"

#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "server/page_explain.h"
#include "statusphere/v1/status_page_service.pb.h"

namespace statusphere {
namespace {

// Pages read by url per statement: far below SQLite's bound on parameters.
constexpr size_t kUrlsPerRead = 500;

}  // namespace

absl::StatusOr<std::string> PageList::Whole(absl::Time now) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(store::PageMarks marks, store_->ListPageMarks(now));
  std::vector<std::string> changed;
  for (const store::PageMark& page : marks.pages) {
    auto it = entries_.find(page.url);
    if (it == entries_.end() || it->second.mark != page.mark || now > it->second.valid_until ||
        it->second.in_maintenance != (marks.in_maintenance.count(page.url) > 0)) {
      changed.push_back(page.url);
    }
  }
  // Many changed (the first call, a catalog import): one read of every page costs less than
  // reading them by url in slices.
  const bool all = changed.size() > kUrlsPerRead && changed.size() > marks.pages.size() / 4;
  RETURN_IF_ERROR(Reread(changed, all, marks, now));

  size_t bytes = 0, kept = 0;
  std::vector<const std::string*> fields;
  fields.reserve(marks.pages.size());
  for (const store::PageMark& page : marks.pages) {
    // None when the page was removed between reading the marks and the pages.
    if (auto it = entries_.find(page.url); it != entries_.end()) {
      fields.push_back(&it->second.field);
      bytes += it->second.field.size();
      ++kept;
    }
  }
  if (kept < entries_.size()) {  // pages removed since the last call
    absl::flat_hash_set<absl::string_view> listed;
    listed.reserve(marks.pages.size());
    for (const store::PageMark& page : marks.pages) listed.insert(page.url);
    absl::erase_if(entries_, [&](const auto& entry) { return !listed.contains(entry.first); });
  }
  std::string answer;
  answer.reserve(bytes);
  for (const std::string* field : fields) answer += *field;
  last_ = {.pages = fields.size(), .read = changed.size(), .read_all = all};
  return answer;
}

absl::Status PageList::Reread(const std::vector<std::string>& urls, bool all, const store::PageMarks& marks,
                              absl::Time now) {
  if (urls.empty()) return absl::OkStatus();
  absl::flat_hash_map<absl::string_view, int64_t> mark_of;
  mark_of.reserve(all ? marks.pages.size() : urls.size());
  if (all) {
    for (const store::PageMark& page : marks.pages) mark_of[page.url] = page.mark;
  } else {
    absl::flat_hash_set<absl::string_view> wanted(urls.begin(), urls.end());
    for (const store::PageMark& page : marks.pages) {
      if (wanted.contains(page.url)) mark_of[page.url] = page.mark;
    }
  }
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
  for (size_t first = 0; first < urls.size(); first += kUrlsPerRead) {
    const std::vector<std::string> slice(urls.begin() + first,
                                         urls.begin() + std::min(urls.size(), first + kUrlsPerRead));
    ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPagesByUrl(slice));
    // A page asked for and not found was removed meanwhile.
    if (pages.size() < slice.size()) {
      absl::flat_hash_set<absl::string_view> found;
      for (const v1::StatusPage& page : pages) found.insert(page.url());
      for (const std::string& url : slice) {
        if (!found.contains(url)) entries_.erase(url);
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
  entries_.insert_or_assign(std::move(url), std::move(entry));
}

PageList::Refresh PageList::last_refresh() {
  absl::MutexLock lock(&mu_);
  return last_;
}

}  // namespace statusphere
