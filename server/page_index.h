// Search at any catalog size: the pages' names and urls prepared once (search::PageKeys)
// and indexed by what a query can match, so that a search scores the few pages that can
// rank instead of every page. The answers are exactly SearchPages' (page_search.h) over the
// same pages: the same pages, in the same order; page_index_test holds it to that.
//
// How (every page a stage leaves out scores below what it has found enough of):
//   1. the names that start with the query, the initials, the exact host: every page of
//      the top three tiers; then the names with a word starting with it (every page of the
//      fourth). When they hold enough, the search ends.
//   2. hosts with a label starting with the query, names or hosts containing it (pages by
//      trigram): every page above the typo tier is now among the candidates.
//   3. typos, only when still short of results and the query is long enough for one: the
//      sorted names and the sorted distinct words walked as a trie, one edit-distance row
//      per letter, a branch left as soon as every cell of its row is over the typos allowed.
#ifndef STATUSPHERE_SERVER_PAGE_INDEX_H_
#define STATUSPHERE_SERVER_PAGE_INDEX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "server/page_search.h"
#include "server/store/store.h"

namespace statusphere {

class PageIndex {
 public:
  explicit PageIndex(const std::vector<store::PageName>& pages);

  // The urls of the best `max_results` pages for `query`, best first.
  std::vector<std::string> Search(absl::string_view query, size_t max_results) const;

  // The url of the page whose slug (common/page_slug.h) is `slug`, among the pages whose
  // slug is not their host: a host's slug is found by its url, https://<slug>, without an
  // index. Those slugs are derived from the url, not stored, and had been found by reading
  // and deriving every page's on each lookup.
  std::optional<std::string> UrlOfSlug(absl::string_view slug) const;

  size_t size() const { return keys_.size(); }
  // Bytes held, roughly (the README's memory figures).
  size_t bytes() const { return bytes_; }

 private:
  // A page's name (or host) from one of its word (or label) starts on.
  struct Suffix {
    uint32_t page;
    uint32_t offset;
  };
  class Lookup;  // one search (page_index.cc)

  std::vector<std::string> urls_;
  std::vector<std::string> name_keys_;  // lowercase names: the order of equal scores
  std::vector<search::PageKeys> keys_;
  std::vector<uint32_t> by_name_;          // pages by compact name
  std::vector<std::string> sorted_names_;  // those names, in that order, side by side for the typo walk
  std::vector<Suffix> word_suffixes_;      // names from their second, third... word on, sorted
  std::vector<Suffix> label_suffixes_;     // compact hosts from each label on, sorted
  std::vector<uint32_t> by_initials_;      // pages by initials
  std::vector<uint32_t> by_host_;          // pages by host
  // Pages whose name or compact host holds each trigram of [a-z0-9], by its number.
  std::vector<std::vector<uint32_t>> by_trigram_;
  // The letters and digits in each page's name or compact host, one bit each: the short
  // queries without a trigram are looked for only where all their letters are.
  std::vector<uint64_t> letters_;
  // The names' distinct words, sorted, and the pages of each (word_pages_ from
  // word_page_starts_[i] to word_page_starts_[i + 1]).
  std::vector<std::string> words_;
  std::vector<uint32_t> word_page_starts_;
  std::vector<uint32_t> word_pages_;
  // Pages by slug, of those whose slug is not their host (few: pages with a path or a port).
  absl::flat_hash_map<std::string, uint32_t> by_slug_;
  size_t bytes_ = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_INDEX_H_
