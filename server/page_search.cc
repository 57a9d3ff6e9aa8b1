#include "server/page_search.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/url.h"

namespace statusphere {
namespace search {
namespace {

bool IsAlnum(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }
char Lower(char c) { return absl::ascii_tolower(static_cast<unsigned char>(c)); }

// Lowercase letters and digits only: "Git-Hub Status" -> "githubstatus".
std::string Compact(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsAlnum(c)) out += Lower(c);
  }
  return out;
}

// The host of a url or of what a person typed as one, lowercase, without "www.":
// "https://WWW.GitHubStatus.com/x" -> "githubstatus.com".
std::string HostOf(absl::string_view url) {
  std::string host = SplitUrl(url).LowercaseHost();
  if (absl::StartsWith(host, "www.")) host.erase(0, 4);
  return host;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), or
// `limit + 1` as soon as it must exceed `limit`.
int EditDistance(absl::string_view a, absl::string_view b, int limit) {
  a = a.substr(0, kMaxCompared);
  b = b.substr(0, kMaxCompared);
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rows of the table, rotated: the one before the previous serves transpositions.
  std::array<std::array<int, kMaxCompared + 1>, 3> rows;
  int* before = rows[0].data();
  int* previous = rows[1].data();
  int* current = rows[2].data();
  for (int j = 0; j <= m; ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_best = current[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      current[j] = d;
      row_best = std::min(row_best, d);
    }
    // Every later row is at least this row's best: the distance already exceeds the limit.
    if (row_best > limit) return limit + 1;
    std::swap(before, previous);   // before = the previous row
    std::swap(previous, current);  // previous = this row; current reuses the oldest
  }
  return previous[m];
}

bool AnyWordStartsWith(const PageKeys& keys, absl::string_view prefix) {
  for (size_t i = 0; i < keys.word_count(); ++i) {
    if (absl::StartsWith(keys.word(i), prefix)) return true;
  }
  return false;
}

bool AnyLabelStartsWith(const PageKeys& keys, absl::string_view prefix) {
  for (size_t i = 0; i < keys.label_count(); ++i) {
    if (absl::StartsWith(keys.label(i), prefix)) return true;
  }
  return false;
}

// The host from one of its labels on starts with `prefix`: "cloudgoogle" in
// "status.cloud.google.com", "githubstatus" in "githubstatus.com".
bool HostSuffixStartsWith(const PageKeys& keys, absl::string_view prefix) {
  for (size_t start : keys.label_starts) {
    if (absl::StartsWith(absl::string_view(keys.compact_host).substr(start), prefix)) return true;
  }
  return false;
}

int Within(size_t name_length) {
  return kTierWidth - 1 - static_cast<int>(std::min<size_t>(name_length, kTierWidth - 1));
}

}  // namespace

// Typos allowed in a query of this many letters: none below 3, then about one in five
// (two for "gitlab" would find "github").
int AllowedEdits(size_t length) {
  if (length < 3) return 0;
  if (length <= 7) return 1;
  return length <= 11 ? 2 : 3;
}

Query PrepareQuery(absl::string_view text) {
  Query query;
  query.compact = Compact(text);
  for (absl::string_view word : absl::StrSplit(text, absl::ByAnyChar(" \t,;/"), absl::SkipWhitespace())) {
    if (std::string w = Compact(word); !w.empty()) query.words.push_back(std::move(w));
  }
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (absl::StrContains(trimmed, "://") || (absl::StrContains(trimmed, '.') && !absl::StrContains(trimmed, ' '))) {
    query.host = HostOf(trimmed);
  }
  return query;
}

void PageKeys::Fill(absl::string_view page_name, absl::string_view page_url) {
  name.clear();
  initials.clear();
  word_starts.clear();
  char previous = ' ';
  for (char c : page_name) {
    if (IsAlnum(c)) {
      const bool after_separator = !IsAlnum(previous);
      const bool camel = absl::ascii_islower(static_cast<unsigned char>(previous)) &&
                         absl::ascii_isupper(static_cast<unsigned char>(c));
      if (after_separator || camel) word_starts.push_back(static_cast<uint32_t>(name.size()));
      if (after_separator) initials += Lower(c);
      name += Lower(c);
    }
    previous = c;
  }

  absl::string_view url = SplitUrl(page_url).host;
  if (absl::StartsWithIgnoreCase(url, "www.")) url.remove_prefix(4);
  host.assign(url.data(), url.size());
  absl::AsciiStrToLower(&host);
  compact_host.clear();
  label_starts.assign(1, 0);
  for (char c : host) {
    if (c == '.') label_starts.push_back(static_cast<uint32_t>(compact_host.size()));
    if (IsAlnum(c)) compact_host += c;
  }
}

int Score(const Query& query, const PageKeys& keys) {
  const std::string& q = query.compact;
  if (q.empty()) return 0;
  const std::string& name = keys.name;
  const int within = Within(name.size());
  auto in_tier = [&](Tier tier) { return tier * kTierWidth + within; };

  if (name == q || (!query.host.empty() && keys.host == query.host)) return in_tier(kExact);
  if (absl::StartsWith(name, q)) return in_tier(kPrefix);
  if (q.size() >= 2 && keys.initials.size() >= 2 && keys.initials == q) return in_tier(kInitials);

  const bool every_word_starts_one =
      !query.words.empty() && std::all_of(query.words.begin(), query.words.end(), [&](const std::string& w) {
        return AnyWordStartsWith(keys, w) || AnyLabelStartsWith(keys, w);
      });
  if (every_word_starts_one && (query.words.size() > 1 || AnyWordStartsWith(keys, q))) return in_tier(kWordPrefix);
  if (HostSuffixStartsWith(keys, q) || (!query.host.empty() && absl::StrContains(keys.host, query.host))) {
    return in_tier(kHost);
  }
  if (absl::StrContains(name, q) || (q.size() >= 3 && absl::StrContains(keys.compact_host, q))) {
    return in_tier(kContains);
  }
  if (query.words.size() > 1 && std::all_of(query.words.begin(), query.words.end(), [&](const std::string& w) {
        return absl::StrContains(name, w) || absl::StrContains(keys.compact_host, w);
      })) {
    return in_tier(kContains);
  }

  const int allowed = AllowedEdits(q.size());
  if (allowed == 0) return 0;
  int best = allowed + 1;
  // The name's beginning, a letter shorter or longer too (a letter dropped or doubled).
  for (size_t length : {q.size() - 1, q.size(), q.size() + 1}) {
    best = std::min(best, EditDistance(q, absl::string_view(name).substr(0, length), allowed));
  }
  best = std::min(best, EditDistance(q, name, allowed));
  for (size_t i = 0; i < keys.word_count(); ++i) best = std::min(best, EditDistance(q, keys.word(i), allowed));
  if (best > allowed) return 0;
  // Fewer typos first, then shorter names (PageIndex stops scoring typo matches by this).
  const int fuzzy_within = (3 - best) * 300 + (99 - static_cast<int>(std::min<size_t>(name.size(), 99)));
  return kFuzzy * kTierWidth + fuzzy_within;
}

}  // namespace search

int MatchScore(absl::string_view query, const statusphere::v1::StatusPage& page) {
  search::PageKeys keys;
  keys.Fill(page.name(), page.url());
  return search::Score(search::PrepareQuery(query), keys);
}

std::vector<statusphere::v1::StatusPage> SearchPages(absl::string_view query,
                                                     const std::vector<statusphere::v1::StatusPage>& pages,
                                                     size_t max_results) {
  const search::Query prepared = search::PrepareQuery(query);
  struct Scored {
    int score;
    std::string name_key;
    const statusphere::v1::StatusPage* page;
  };
  std::vector<Scored> scored;
  // One is refilled for every page: its buffers keep their capacity, so a search over
  // thousands of pages allocates next to nothing.
  search::PageKeys keys;
  for (const auto& page : pages) {
    keys.Fill(page.name(), page.url());
    if (int s = search::Score(prepared, keys); s > 0) {
      scored.push_back({s, absl::AsciiStrToLower(page.name()), &page});
    }
  }
  const size_t count = std::min(max_results, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + count, scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.name_key < b.name_key;
  });
  std::vector<statusphere::v1::StatusPage> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(*scored[i].page);
  return out;
}

}  // namespace statusphere
