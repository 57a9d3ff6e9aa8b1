#include "server/page_index.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace statusphere {
namespace {

using search::kTierWidth;

constexpr int kSymbols = 36;  // a-z, 0-9: all a compacted name, host or query holds

int Symbol(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : c - '0' + 26; }

int Trigram(absl::string_view text, size_t at) {
  return (Symbol(text[at]) * kSymbols + Symbol(text[at + 1])) * kSymbols + Symbol(text[at + 2]);
}

}  // namespace

PageIndex::PageIndex(const std::vector<store::PageName>& pages)
    : by_trigram_(kSymbols * kSymbols * kSymbols) {
  const size_t n = pages.size();
  urls_.reserve(n);
  name_keys_.reserve(n);
  keys_.resize(n);
  letter_counts_.assign(n * kSymbols, 0);
  for (uint32_t page = 0; page < n; ++page) {
    urls_.push_back(pages[page].url);
    name_keys_.push_back(absl::AsciiStrToLower(pages[page].name));
    search::PageKeys& keys = keys_[page];
    keys.Fill(pages[page].name, pages[page].url);
    for (uint32_t start : keys.word_starts) word_suffixes_.push_back({page, start});
    for (uint32_t start : keys.label_starts) label_suffixes_.push_back({page, start});
    by_initials_[keys.initials].push_back(page);
    by_host_[keys.host].push_back(page);
    for (const std::string* text : {&keys.name, &keys.compact_host}) {
      for (size_t at = 0; at + 3 <= text->size(); ++at) {
        std::vector<uint32_t>& holders = by_trigram_[Trigram(*text, at)];
        if (holders.empty() || holders.back() != page) holders.push_back(page);
      }
    }
    uint8_t* counts = &letter_counts_[page * kSymbols];
    for (char c : keys.name) {
      if (counts[Symbol(c)] < 255) ++counts[Symbol(c)];
    }
    bytes_ += urls_.back().capacity() + name_keys_.back().capacity() + keys.name.capacity() +
              keys.initials.capacity() + keys.host.capacity() + keys.compact_host.capacity() +
              4 * (keys.word_starts.capacity() + keys.label_starts.capacity());
  }
  for (auto* sorted : {&word_suffixes_, &label_suffixes_}) {
    const bool labels = sorted == &label_suffixes_;
    std::sort(sorted->begin(), sorted->end(),
              [&](const Suffix& a, const Suffix& b) { return Text(a, labels) < Text(b, labels); });
  }
  for (auto& holders : by_trigram_) bytes_ += 4 * holders.capacity() + sizeof(holders);
  bytes_ += sizeof(search::PageKeys) * n + 2 * sizeof(std::string) * n + letter_counts_.size() +
            sizeof(Suffix) * (word_suffixes_.size() + label_suffixes_.size()) +
            (4 + 48) * 2 * n;  // the two maps: a page id and, at worst, an entry each
}

std::pair<size_t, size_t> PageIndex::Range(const std::vector<Suffix>& sorted, bool labels,
                                           absl::string_view prefix) const {
  auto first = std::lower_bound(sorted.begin(), sorted.end(), prefix,
                                [&](const Suffix& s, absl::string_view p) { return Text(s, labels) < p; });
  auto last = std::partition_point(first, sorted.end(),
                                   [&](const Suffix& s) { return absl::StartsWith(Text(s, labels), prefix); });
  return {static_cast<size_t>(first - sorted.begin()), static_cast<size_t>(last - sorted.begin())};
}

std::vector<std::string> PageIndex::Search(absl::string_view text, size_t max_results) const {
  const search::Query query = search::PrepareQuery(text);
  const std::string& q = query.compact;
  if (q.empty() || max_results == 0 || keys_.empty()) return {};

  std::vector<bool> seen(keys_.size());
  std::vector<std::pair<int, uint32_t>> scored;  // score, page
  auto consider = [&](uint32_t page) {
    if (seen[page]) return;
    seen[page] = true;
    if (int score = search::Score(query, keys_[page]); score > 0) scored.emplace_back(score, page);
  };
  auto enough_from = [&](search::Tier tier) {
    size_t at_least = 0;
    for (const auto& [score, page] : scored) at_least += score >= tier * kTierWidth ? 1 : 0;
    return at_least >= max_results;
  };
  auto starting_with = [&](absl::string_view prefix) {
    for (const auto* sorted : {&word_suffixes_, &label_suffixes_}) {
      const auto [first, last] = Range(*sorted, sorted == &label_suffixes_, prefix);
      for (size_t i = first; i < last; ++i) consider((*sorted)[i].page);
    }
  };
  auto matches_of = [&](const absl::flat_hash_map<std::string, std::vector<uint32_t>>& map,
                        const std::string& key) {
    if (auto it = map.find(key); it != map.end()) {
      for (uint32_t page : it->second) consider(page);
    }
  };
  // Pages for which `holds` is true, found among those holding the rarest trigram of
  // `pattern` (every page holding `pattern` holds them all), or among all when it is too
  // short to have one.
  auto holding = [&](absl::string_view pattern, auto holds) {
    if (pattern.size() < 3) {
      for (uint32_t page = 0; page < keys_.size(); ++page) {
        if (!seen[page] && holds(keys_[page])) consider(page);
      }
      return;
    }
    const std::vector<uint32_t>* rarest = &by_trigram_[Trigram(pattern, 0)];
    for (size_t at = 1; at + 3 <= pattern.size(); ++at) {
      const std::vector<uint32_t>& holders = by_trigram_[Trigram(pattern, at)];
      if (holders.size() < rarest->size()) rarest = &holders;
    }
    for (uint32_t page : *rarest) {
      if (!seen[page] && holds(keys_[page])) consider(page);
    }
  };
  auto name_or_host_contains = [](absl::string_view part) {
    return [part](const search::PageKeys& k) {
      return absl::StrContains(k.name, part) || absl::StrContains(k.compact_host, part);
    };
  };
  // Of a query of several words, the one fewest names and hosts start with: every page
  // whose words or labels start with each of them is among those starting with it.
  const std::string* rarest_word = nullptr;
  if (query.words.size() > 1) {
    size_t fewest = SIZE_MAX;
    for (const std::string& word : query.words) {
      const auto [a, b] = Range(word_suffixes_, false, word);
      const auto [c, d] = Range(label_suffixes_, true, word);
      if (b - a + d - c < fewest) {
        fewest = b - a + d - c;
        rarest_word = &word;
      }
    }
  }

  // 1. The name itself, its start, its initials, a word of it: the top four tiers.
  starting_with(q);
  if (q.size() >= 2) matches_of(by_initials_, q);
  if (!query.host.empty()) matches_of(by_host_, query.host);
  if (rarest_word != nullptr) starting_with(*rarest_word);
  if (!enough_from(search::kWordPrefix)) {
    // 2. The host and names or hosts containing the query: every tier but typos.
    holding(q, name_or_host_contains(q));
    if (!query.host.empty()) {
      std::string compact_host;
      for (char c : query.host) {
        if (absl::ascii_isalnum(static_cast<unsigned char>(c))) compact_host += c;
      }
      holding(compact_host, [&](const search::PageKeys& k) { return absl::StrContains(k.host, query.host); });
    }
    if (rarest_word != nullptr) holding(*rarest_word, name_or_host_contains(*rarest_word));
    // 3. Typos.
    const int allowed = search::AllowedEdits(q.size());
    if (allowed > 0 && !enough_from(search::kContains)) {
      // The letters the edit distance compares (search::kMaxCompared), counted.
      const absl::string_view compared = absl::string_view(q).substr(0, search::kMaxCompared);
      std::array<int, kSymbols> wanted{};
      for (char c : compared) ++wanted[Symbol(c)];
      std::vector<std::pair<int, int>> letters;  // symbol, count
      for (int s = 0; s < kSymbols; ++s) {
        if (wanted[s] > 0) letters.emplace_back(s, wanted[s]);
      }
      for (uint32_t page = 0; page < keys_.size(); ++page) {
        if (seen[page] || keys_[page].name.size() + allowed < compared.size()) continue;
        // Every text compared is part of the name: a letter of the query missing from the
        // name costs at least one edit.
        const uint8_t* counts = &letter_counts_[page * kSymbols];
        int missing = 0;
        for (const auto& [symbol, count] : letters) {
          if (count > counts[symbol]) missing += count - counts[symbol];
        }
        if (missing <= allowed) consider(page);
      }
    }
  }

  const size_t count = std::min(max_results, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + count, scored.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    if (name_keys_[a.second] != name_keys_[b.second]) return name_keys_[a.second] < name_keys_[b.second];
    return urls_[a.second] < urls_[b.second];
  });
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(urls_[scored[i].second]);
  return out;
}

}  // namespace statusphere
