#include "server/page_index.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/page_slug.h"

namespace statusphere {
namespace {

using search::kTierWidth;

constexpr int kSymbols = 36;  // a-z, 0-9: all a compacted name, host or query holds

int Symbol(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : c - '0' + 26; }

int Trigram(absl::string_view text, size_t at) {
  return (Symbol(text[at]) * kSymbols + Symbol(text[at + 1])) * kSymbols + Symbol(text[at + 2]);
}

uint64_t LettersOf(absl::string_view text) {
  uint64_t letters = 0;
  for (char c : text) letters |= uint64_t{1} << Symbol(c);
  return letters;
}

// The indices [first, last) of 0..n whose text starts with `prefix` (texts sorted).
template <typename Text>
std::pair<size_t, size_t> PrefixRange(size_t n, Text text, absl::string_view prefix) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (text(mid) < prefix)
      lo = mid + 1;
    else
      hi = mid;
  }
  const size_t first = lo;
  hi = n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (absl::StartsWith(text(mid), prefix))
      lo = mid + 1;
    else
      hi = mid;
  }
  return {first, lo};
}

// The same, of texts equal to `key`.
template <typename Text>
std::pair<size_t, size_t> EqualRange(size_t n, Text text, absl::string_view key) {
  auto [first, last] = PrefixRange(n, text, key);
  size_t end = first;
  while (end < last && text(end).size() == key.size()) ++end;  // equal ones sort first
  return {first, end};
}

// Sorted texts walked as a trie against `q`, for texts (whole, or their beginnings of
// q's length, one letter less or more, when `beginnings`) within `allowed` edits of it
// (search::Score's typo test). One row of the edit distance table per letter of the path;
// a branch is left once its whole row exceeds `allowed` (no later row can be lower).
// `match(first, last)` gets each range of matching texts.
template <typename Text, typename Match>
class TypoWalk {
 public:
  TypoWalk(absl::string_view q, int allowed, bool beginnings, Text text, Match match)
      : q_(q),
        m_(static_cast<int>(q.size())),
        allowed_(allowed),
        beginnings_(beginnings),
        text_(text),
        match_(match),
        rows_(m_ + allowed + 2) {
    for (int j = 0; j <= m_; ++j) rows_[0][j] = j;
  }

  void Walk(size_t lo, size_t hi, int depth) {
    const std::array<int, search::kMaxCompared + 2>& row = rows_[depth];
    const bool within = row[m_] <= allowed_;
    if (beginnings_ && within && depth >= m_ - 1 && depth <= m_ + 1) {
      match_(lo, hi);  // every text below begins with this path
      return;
    }
    size_t i = lo;
    while (i < hi && text_(i).size() == static_cast<size_t>(depth)) ++i;  // texts ending here sort first
    if (i > lo && within) match_(lo, i);
    if (depth >= m_ + allowed_ || *std::min_element(row.begin(), row.begin() + m_ + 1) > allowed_) return;
    while (i < hi) {
      const char c = text_(i)[depth];
      size_t end = i + 1, step_hi = hi;  // the block of texts with `c` here
      while (end < step_hi) {
        const size_t mid = end + (step_hi - end) / 2;
        if (text_(mid)[depth] == c)
          end = mid + 1;
        else
          step_hi = mid;
      }
      Next(depth, c, depth > 0 ? text_(i)[depth - 1] : '\0');
      Walk(i, end, depth + 1);
      i = end;
    }
  }

 private:
  // rows_[depth + 1] from the path's letter `c` after `before_c` (optimal string alignment,
  // as search's EditDistance).
  void Next(int depth, char c, char before_c) {
    const auto& previous = rows_[depth];
    auto& current = rows_[depth + 1];
    current[0] = depth + 1;
    for (int j = 1; j <= m_; ++j) {
      const int cost = c == q_[j - 1] ? 0 : 1;
      int d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (depth >= 1 && j >= 2 && c == q_[j - 2] && before_c == q_[j - 1]) d = std::min(d, rows_[depth - 1][j - 2] + 1);
      current[j] = d;
    }
  }

  const absl::string_view q_;
  const int m_;
  const int allowed_;
  const bool beginnings_;
  Text text_;
  Match match_;
  std::vector<std::array<int, search::kMaxCompared + 2>> rows_;
};

template <typename Text, typename Match>
void WalkTypos(absl::string_view q, int allowed, bool beginnings, size_t n, Text text, Match match) {
  TypoWalk<Text, Match>(q, allowed, beginnings, text, match).Walk(0, n, 0);
}

}  // namespace

PageIndex::PageIndex(const std::vector<store::PageName>& pages) : by_trigram_(kSymbols * kSymbols * kSymbols) {
  const size_t n = pages.size();
  urls_.reserve(n);
  name_keys_.reserve(n);
  keys_.resize(n);
  letters_.resize(n);
  std::map<absl::string_view, std::vector<uint32_t>> pages_by_word;
  for (uint32_t page = 0; page < n; ++page) {
    urls_.push_back(pages[page].url);
    name_keys_.push_back(absl::AsciiStrToLower(pages[page].name));
    search::PageKeys& keys = keys_[page];
    keys.Fill(pages[page].name, pages[page].url);
    for (uint32_t start : keys.word_starts) {
      if (start > 0) word_suffixes_.push_back({page, start});
    }
    for (uint32_t start : keys.label_starts) label_suffixes_.push_back({page, start});
    for (const std::string* text : {&keys.name, &keys.compact_host}) {
      for (size_t at = 0; at + 3 <= text->size(); ++at) {
        std::vector<uint32_t>& holders = by_trigram_[Trigram(*text, at)];
        if (holders.empty() || holders.back() != page) holders.push_back(page);
      }
    }
    letters_[page] = LettersOf(keys.name) | LettersOf(keys.compact_host);
  }
  // The words point into keys_, complete now.
  for (uint32_t page = 0; page < n; ++page) {
    for (size_t i = 0; i < keys_[page].word_count(); ++i) {
      std::vector<uint32_t>& holders = pages_by_word[keys_[page].word(i)];
      if (holders.empty() || holders.back() != page) holders.push_back(page);
    }
  }
  for (const auto& [word, holders] : pages_by_word) {
    words_.emplace_back(word);
    word_page_starts_.push_back(static_cast<uint32_t>(word_pages_.size()));
    word_pages_.insert(word_pages_.end(), holders.begin(), holders.end());
  }
  word_page_starts_.push_back(static_cast<uint32_t>(word_pages_.size()));

  by_name_.resize(n);
  for (uint32_t page = 0; page < n; ++page) by_name_[page] = page;
  by_initials_ = by_host_ = by_name_;
  std::sort(by_name_.begin(), by_name_.end(), [&](uint32_t a, uint32_t b) { return keys_[a].name < keys_[b].name; });
  sorted_names_.reserve(n);
  for (uint32_t page : by_name_) sorted_names_.push_back(keys_[page].name);
  std::sort(by_initials_.begin(), by_initials_.end(),
            [&](uint32_t a, uint32_t b) { return keys_[a].initials < keys_[b].initials; });
  std::sort(by_host_.begin(), by_host_.end(), [&](uint32_t a, uint32_t b) { return keys_[a].host < keys_[b].host; });
  auto suffix_less = [&](bool labels) {
    return [this, labels](const Suffix& a, const Suffix& b) {
      const search::PageKeys& ka = keys_[a.page];
      const search::PageKeys& kb = keys_[b.page];
      return absl::string_view(labels ? ka.compact_host : ka.name).substr(a.offset) <
             absl::string_view(labels ? kb.compact_host : kb.name).substr(b.offset);
    };
  };
  std::sort(word_suffixes_.begin(), word_suffixes_.end(), suffix_less(false));
  std::sort(label_suffixes_.begin(), label_suffixes_.end(), suffix_less(true));

  for (uint32_t page = 0; page < n; ++page) {
    std::string slug = PageSlug(urls_[page]);
    if (PageSlug(absl::StrCat("https://", slug)) == slug) continue;  // a host's: found by its url
    // Distinct urls have distinct slugs (page_slug.h); were 40 bits of hash to collide, the
    // page first in the list's order (name, then url) keeps it, as a walk of the list found.
    auto [it, added] = by_slug_.try_emplace(std::move(slug), page);
    if (!added && std::tie(name_keys_[page], urls_[page]) < std::tie(name_keys_[it->second], urls_[it->second])) {
      it->second = page;
    }
  }
  for (uint32_t page = 0; page < n; ++page) {
    const search::PageKeys& keys = keys_[page];
    bytes_ += urls_[page].capacity() + name_keys_[page].capacity() + keys.name.capacity() + keys.initials.capacity() +
              keys.host.capacity() + keys.compact_host.capacity() +
              4 * (keys.word_starts.capacity() + keys.label_starts.capacity());
  }
  for (const auto& holders : by_trigram_) bytes_ += 4 * holders.capacity() + sizeof(holders);
  for (const auto& word : words_) bytes_ += sizeof(word) + word.capacity();
  for (const auto& name : sorted_names_) bytes_ += sizeof(name) + name.capacity();
  bytes_ += (sizeof(search::PageKeys) + 2 * sizeof(std::string) + 3 * 4 + sizeof(uint64_t)) * n +
            sizeof(Suffix) * (word_suffixes_.size() + label_suffixes_.size()) +
            4 * (word_pages_.size() + word_page_starts_.size());
  for (const auto& [slug, page] : by_slug_) bytes_ += sizeof(slug) + slug.capacity() + 4;
}

std::optional<std::string> PageIndex::UrlOfSlug(absl::string_view slug) const {
  auto it = by_slug_.find(slug);
  if (it == by_slug_.end()) return std::nullopt;
  return urls_[it->second];
}

// One search: the candidates considered so far (each scored once) and the ways to find more.
class PageIndex::Lookup {
 public:
  Lookup(const PageIndex& index, absl::string_view text) : index_(index), query_(search::PrepareQuery(text)) {}

  std::vector<std::string> Best(size_t max_results) {
    const std::string& q = query_.compact;
    if (q.empty() || max_results == 0 || index_.keys_.empty()) return {};
    seen_.assign(index_.keys_.size(), false);
    max_results_ = max_results;

    // 1. The name itself, its start, its initials, the exact host: the top three tiers.
    NamesStartingWith(q);
    if (q.size() >= 2) {
      Consider(index_.by_initials_,
               EqualRange(
                   index_.by_initials_.size(),
                   [&](size_t i) -> absl::string_view { return index_.keys_[index_.by_initials_[i]].initials; }, q));
    }
    if (!query_.host.empty()) {
      Consider(index_.by_host_,
               EqualRange(
                   index_.by_host_.size(),
                   [&](size_t i) -> absl::string_view { return index_.keys_[index_.by_host_[i]].host; }, query_.host));
    }
    if (Enough(search::kInitials)) return Top();
    //    A word of the name starting with the query, or with each of its words: the fourth.
    WordsStartingWith(q);
    const std::string* rarest = nullptr;
    if (query_.words.size() > 1) {
      size_t fewest = SIZE_MAX;
      for (const std::string& word : query_.words) {
        if (size_t n = StartingWith(word, /*consider=*/false); n < fewest) {
          fewest = n;
          rarest = &word;
        }
      }
      StartingWith(*rarest, /*consider=*/true);  // those where every word starts one
    }
    if (Enough(search::kWordPrefix)) return Top();

    // 2. A label of the host starting the query; a name or host containing it: every tier
    //    but typos.
    Consider(index_.label_suffixes_, LabelRange(q));
    Holding(q, [&](const search::PageKeys& k) { return Contains(k, q); });
    if (!query_.host.empty()) {
      std::string compact_host;
      for (char c : query_.host) {
        if (absl::ascii_isalnum(static_cast<unsigned char>(c))) compact_host += c;
      }
      Holding(compact_host, [&](const search::PageKeys& k) { return absl::StrContains(k.host, query_.host); });
    }
    if (query_.words.size() > 1) {
      // Search's multi-word test: every word of the query is in the name or the host.
      Holding(*RarestToContain(), [&](const search::PageKeys& k) {
        return std::all_of(query_.words.begin(), query_.words.end(),
                           [&](const std::string& w) { return Contains(k, w); });
      });
    }
    if (Enough(search::kContains)) return Top();

    // 3. Typos.
    const int allowed = search::AllowedEdits(q.size());
    if (allowed == 0) return Top();
    if (q.size() + 4 > search::kMaxCompared) {
      // Longer than the walk keeps exact (search compares the first kMaxCompared letters):
      // every page is scored, as before the index. Nobody types a name this long.
      for (uint32_t page = 0; page < index_.keys_.size(); ++page) Consider(page);
      return Top();
    }
    // A typo of a common word ("clodu") matches every page with the word: the candidates
    // are scored shortest name first, and only while one could still make the results.
    std::array<std::vector<uint32_t>, 100> by_length;  // the name's length, 99 for longer
    auto candidate = [&](uint32_t page) {
      if (!seen_[page]) by_length[std::min<size_t>(index_.keys_[page].name.size(), 99)].push_back(page);
    };
    WalkTypos(
        q, allowed, /*beginnings=*/true, index_.sorted_names_.size(),
        [&](size_t i) -> absl::string_view { return index_.sorted_names_[i]; },
        [&](size_t first, size_t last) {
          for (size_t i = first; i < last; ++i) candidate(index_.by_name_[i]);
        });
    WalkTypos(
        q, allowed, /*beginnings=*/false, index_.words_.size(),
        [&](size_t i) -> absl::string_view { return index_.words_[i]; },
        [&](size_t first, size_t last) {
          for (size_t w = first; w < last; ++w) {
            for (uint32_t p = index_.word_page_starts_[w]; p < index_.word_page_starts_[w + 1]; ++p) {
              candidate(index_.word_pages_[p]);
            }
          }
        });
    for (size_t length = 0; length < by_length.size(); ++length) {
      // The best a page left can score: a typo tier match (every page of a higher tier
      // was found above, and none of them is a typo away: 0 edits would be a higher
      // tier) with one edit, the fewest there can be (search::Score's typo tier).
      const int best_possible = search::kFuzzy * kTierWidth + 2 * 300 + 99 - static_cast<int>(length);
      if (best_.size() == max_results_ && best_possible < best_.front()) break;
      for (uint32_t page : by_length[length]) Consider(page);
    }
    return Top();
  }

 private:
  static bool Contains(const search::PageKeys& k, absl::string_view part) {
    return absl::StrContains(k.name, part) || absl::StrContains(k.compact_host, part);
  }

  void Consider(uint32_t page) {
    if (seen_[page]) return;
    seen_[page] = true;
    const int score = search::Score(query_, index_.keys_[page]);
    if (score <= 0) return;
    scored_.emplace_back(score, page);
    // The max_results best scores so far, the lowest on top.
    best_.push_back(score);
    std::push_heap(best_.begin(), best_.end(), std::greater<int>());
    if (best_.size() > max_results_) {
      std::pop_heap(best_.begin(), best_.end(), std::greater<int>());
      best_.pop_back();
    }
  }
  template <typename Test>
  void ConsiderIf(uint32_t page, Test test) {
    if (!seen_[page] && test(page)) Consider(page);
  }
  void Consider(const std::vector<uint32_t>& pages, std::pair<size_t, size_t> range) {
    for (size_t i = range.first; i < range.second; ++i) Consider(pages[i]);
  }
  void Consider(const std::vector<Suffix>& suffixes, std::pair<size_t, size_t> range) {
    for (size_t i = range.first; i < range.second; ++i) Consider(suffixes[i].page);
  }

  std::pair<size_t, size_t> NameRange(absl::string_view prefix) const {
    return PrefixRange(
        index_.sorted_names_.size(), [&](size_t i) -> absl::string_view { return index_.sorted_names_[i]; }, prefix);
  }
  std::pair<size_t, size_t> WordRange(absl::string_view prefix) const {
    return PrefixRange(
        index_.word_suffixes_.size(), [&](size_t i) { return Text(index_.word_suffixes_[i], false); }, prefix);
  }
  std::pair<size_t, size_t> LabelRange(absl::string_view prefix) const {
    return PrefixRange(
        index_.label_suffixes_.size(), [&](size_t i) { return Text(index_.label_suffixes_[i], true); }, prefix);
  }
  absl::string_view Text(const Suffix& s, bool label) const {
    const search::PageKeys& k = index_.keys_[s.page];
    return absl::string_view(label ? k.compact_host : k.name).substr(s.offset);
  }

  void NamesStartingWith(absl::string_view prefix) { Consider(index_.by_name_, NameRange(prefix)); }
  void WordsStartingWith(absl::string_view prefix) { Consider(index_.word_suffixes_, WordRange(prefix)); }
  // Pages with a word of the name, or a label of the host, starting with `prefix`: how
  // many, and when `consider`, considered.
  size_t StartingWith(absl::string_view prefix, bool consider) {
    const auto names = NameRange(prefix), words = WordRange(prefix), labels = LabelRange(prefix);
    if (consider) {
      // Search's multi-word test: every word of the query starts a word or a label.
      auto every_word_starts_one = [&](uint32_t page) {
        const search::PageKeys& k = index_.keys_[page];
        return std::all_of(query_.words.begin(), query_.words.end(), [&](const std::string& w) {
          for (size_t i = 0; i < k.word_count(); ++i) {
            if (absl::StartsWith(k.word(i), w)) return true;
          }
          for (size_t i = 0; i < k.label_count(); ++i) {
            if (absl::StartsWith(k.label(i), w)) return true;
          }
          return false;
        });
      };
      for (size_t i = names.first; i < names.second; ++i) ConsiderIf(index_.by_name_[i], every_word_starts_one);
      for (size_t i = words.first; i < words.second; ++i) {
        ConsiderIf(index_.word_suffixes_[i].page, every_word_starts_one);
      }
      for (size_t i = labels.first; i < labels.second; ++i) {
        ConsiderIf(index_.label_suffixes_[i].page, every_word_starts_one);
      }
    }
    return names.second - names.first + words.second - words.first + labels.second - labels.first;
  }

  // The pages holding every trigram of `pattern`, or, shorter than one, all its letters:
  // those of them for which `holds` is true are considered.
  template <typename Holds>
  void Holding(absl::string_view pattern, Holds holds) {
    if (pattern.size() < 3) {
      const uint64_t letters = LettersOf(pattern);
      for (uint32_t page = 0; page < index_.keys_.size(); ++page) {
        if ((index_.letters_[page] & letters) == letters && !seen_[page] && holds(index_.keys_[page])) Consider(page);
      }
      return;
    }
    for (uint32_t page : RarestTrigram(pattern)) {
      if (!seen_[page] && holds(index_.keys_[page])) Consider(page);
    }
  }
  const std::vector<uint32_t>& RarestTrigram(absl::string_view pattern) const {
    const std::vector<uint32_t>* rarest = &index_.by_trigram_[Trigram(pattern, 0)];
    for (size_t at = 1; at + 3 <= pattern.size(); ++at) {
      const std::vector<uint32_t>& holders = index_.by_trigram_[Trigram(pattern, at)];
      if (holders.size() < rarest->size()) rarest = &holders;
    }
    return *rarest;
  }
  // Of the query's words, the one whose rarest trigram fewest pages hold (the longest
  // when none has a trigram): every page containing each word contains it.
  const std::string* RarestToContain() const {
    const std::string* best = &query_.words.front();
    size_t fewest = SIZE_MAX;
    for (const std::string& word : query_.words) {
      if (word.size() >= 3 && RarestTrigram(word).size() < fewest) {
        fewest = RarestTrigram(word).size();
        best = &word;
      } else if (fewest == SIZE_MAX && word.size() > best->size()) {
        best = &word;
      }
    }
    return best;
  }

  // At least max_results candidates score in `tier` or above.
  bool Enough(search::Tier tier) const {
    size_t count = 0;
    for (const auto& [score, page] : scored_) count += score >= tier * kTierWidth ? 1 : 0;
    return count >= max_results_;
  }

  std::vector<std::string> Top() {
    const size_t count = std::min(max_results_, scored_.size());
    std::partial_sort(scored_.begin(), scored_.begin() + count, scored_.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      const std::string& name_a = index_.name_keys_[a.second];
      const std::string& name_b = index_.name_keys_[b.second];
      if (name_a != name_b) return name_a < name_b;
      return index_.urls_[a.second] < index_.urls_[b.second];
    });
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) out.push_back(index_.urls_[scored_[i].second]);
    return out;
  }

  const PageIndex& index_;
  const search::Query query_;
  size_t max_results_ = 0;
  std::vector<bool> seen_;
  std::vector<std::pair<int, uint32_t>> scored_;  // score, page
  std::vector<int> best_;                         // a min-heap of the best max_results scores
};

std::vector<std::string> PageIndex::Search(absl::string_view query, size_t max_results) const {
  return Lookup(*this, query).Best(max_results);
}

}  // namespace statusphere
