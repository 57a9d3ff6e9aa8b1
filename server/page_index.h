// Search at any catalog size: the pages' names and urls prepared once (search::PageKeys)
// and indexed by what a query can match, so that a search scores the few pages that can
// rank instead of every page. The answers are exactly SearchPages' (page_search.h) over the
// same pages: the same pages, in the same order; page_index_test holds it to that.
//
// How (every page a stage leaves out scores below what it has found enough of):
//   1. the name, or a word of it, starting with the query (a sorted array of the names from
//      each word start on); a host label starting it; the initials; the exact host. Every
//      page of the top four tiers is among these: when they hold enough, the search ends.
//   2. the name or host containing the query (pages by trigram). Every page above the typo
//      tier is now among the candidates.
//   3. typos, only when still short of results and the query is long enough for one: a
//      scan of letter counts per name (a page whose name lacks more of the query's letters
//      than the typos allowed cannot be that close), the survivors scored.
#ifndef STATUSPHERE_SERVER_PAGE_INDEX_H_
#define STATUSPHERE_SERVER_PAGE_INDEX_H_

#include <cstdint>
#include <string>
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

  size_t size() const { return keys_.size(); }
  // Bytes held, roughly (for the metrics and the README's memory figures).
  size_t bytes() const { return bytes_; }

 private:
  // A page's name (or host) from one of its word (or label) starts on.
  struct Suffix {
    uint32_t page;
    uint32_t offset;
  };
  std::vector<std::string> urls_;
  std::vector<std::string> name_keys_;  // lowercase names: the order of equal scores
  std::vector<search::PageKeys> keys_;
  std::vector<Suffix> word_suffixes_;   // sorted by keys_[page].name.substr(offset)
  std::vector<Suffix> label_suffixes_;  // sorted by keys_[page].compact_host.substr(offset)
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_initials_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_host_;
  // Pages whose name or compact host holds each trigram of [a-z0-9], by its number.
  std::vector<std::vector<uint32_t>> by_trigram_;
  // Each page's count of every letter and digit of its name, saturated at 255.
  std::vector<uint8_t> letter_counts_;
  size_t bytes_ = 0;

  // The suffixes of `sorted` that start with `prefix` ([first, last)).
  std::pair<size_t, size_t> Range(const std::vector<Suffix>& sorted, bool labels, absl::string_view prefix) const;
  absl::string_view Text(const Suffix& s, bool labels) const {
    const search::PageKeys& k = keys_[s.page];
    return absl::string_view(labels ? k.compact_host : k.name).substr(s.offset);
  }
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_INDEX_H_
