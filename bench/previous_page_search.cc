// The search before issue 27 (server/page_search.cc at 7648c7d): every page scored on every
// query, over the whole list read from the store. Kept unchanged as the reference the search
// bench holds the index (server/page_index.h) to: the same top results, in the same order.
// Not used by the server.
#include "bench/previous_page_search.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace statusphere::previous {
namespace {

// Tiers of a match, best last. Each is worth kTierWidth; the rest of a score orders the
// matches within a tier.
enum Tier : int {
  kNoMatch = 0,
  kFuzzy,       // a typo away from the name, a word of it or its beginning
  kContains,    // the name or the host contains the query
  kHost,        // the host, from one of its labels on, starts with the query
  kWordPrefix,  // every word of the query starts a word of the name (or a label of the host)
  kInitials,    // the initials of the name's words ("aws": Amazon Web Services)
  kPrefix,      // the name starts with the query
  kExact,       // the name, or the host of a url typed in full
};
constexpr int kTierWidth = 1000;
// Names are compared on their first kMaxCompared letters: no name is longer in practice, and
// it bounds the cost of the edit distance.
constexpr size_t kMaxCompared = 63;

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
  if (size_t p = url.find("://"); p != absl::string_view::npos) url.remove_prefix(p + 3);
  url = url.substr(0, url.find_first_of("/:?#"));
  std::string host = absl::AsciiStrToLower(url);
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

// Typos allowed in a query of this many letters: none below 3, then about one in five
// (two for "gitlab" would find "github").
int AllowedEdits(size_t length) {
  if (length < 3) return 0;
  if (length <= 7) return 1;
  return length <= 11 ? 2 : 3;
}

// What a person typed, prepared once per search.
struct Query {
  std::string compact;             // "googlecloud"
  std::vector<std::string> words;  // "google", "cloud"
  std::string host;                // set when the query is a url or a host: "status.stripe.com"
};

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

template <typename Words>
bool AnyStartsWith(const Words& words, absl::string_view prefix) {
  return std::any_of(words.begin(), words.end(), [&](absl::string_view w) { return absl::StartsWith(w, prefix); });
}

// What a page is searched by. One is refilled for every page of a search: its buffers keep
// their capacity, so a search over thousands of pages allocates next to nothing.
struct PageKeys {
  std::string name;                       // compacted: "amazonwebservices"
  std::vector<absl::string_view> words;   // into `name`: "amazon", "web", "services"
  std::string initials;                   // "aws"
  std::string host;                       // lowercase, without "www.": "health.aws.amazon.com"
  std::string compact_host;               // the labels joined: "healthawsamazoncom"
  std::vector<size_t> label_starts;       // where each label starts in `compact_host`
  std::vector<absl::string_view> labels;  // into `compact_host`: "health", "aws", ...

  void Fill(const statusphere::v1::StatusPage& page) {
    name.clear();
    initials.clear();
    std::vector<size_t>& word_starts = label_starts;  // borrowed until the host is read
    word_starts.clear();
    char previous = ' ';
    for (char c : page.name()) {
      if (IsAlnum(c)) {
        const bool after_separator = !IsAlnum(previous);
        const bool camel = absl::ascii_islower(static_cast<unsigned char>(previous)) &&
                           absl::ascii_isupper(static_cast<unsigned char>(c));
        if (after_separator || camel) word_starts.push_back(name.size());
        if (after_separator) initials += Lower(c);
        name += Lower(c);
      }
      previous = c;
    }
    words.clear();
    for (size_t i = 0; i < word_starts.size(); ++i) {
      const size_t end = i + 1 < word_starts.size() ? word_starts[i + 1] : name.size();
      words.push_back(absl::string_view(name).substr(word_starts[i], end - word_starts[i]));
    }

    absl::string_view url = page.url();
    if (size_t p = url.find("://"); p != absl::string_view::npos) url.remove_prefix(p + 3);
    url = url.substr(0, url.find_first_of("/:?#"));
    if (absl::StartsWithIgnoreCase(url, "www.")) url.remove_prefix(4);
    host.assign(url.data(), url.size());
    absl::AsciiStrToLower(&host);
    compact_host.clear();
    label_starts.assign(1, 0);
    for (char c : host) {
      if (c == '.') label_starts.push_back(compact_host.size());
      if (IsAlnum(c)) compact_host += c;
    }
    labels.clear();
    for (size_t i = 0; i < label_starts.size(); ++i) {
      const size_t end = i + 1 < label_starts.size() ? label_starts[i + 1] : compact_host.size();
      labels.push_back(absl::string_view(compact_host).substr(label_starts[i], end - label_starts[i]));
    }
  }

  // The host from one of its labels on starts with `prefix`: "cloudgoogle" in
  // "status.cloud.google.com", "githubstatus" in "githubstatus.com".
  bool HostSuffixStartsWith(absl::string_view prefix) const {
    for (size_t start : label_starts) {
      if (absl::StartsWith(absl::string_view(compact_host).substr(start), prefix)) return true;
    }
    return false;
  }
};

int Within(size_t name_length) {
  return kTierWidth - 1 - static_cast<int>(std::min<size_t>(name_length, kTierWidth - 1));
}

int Score(const Query& query, const statusphere::v1::StatusPage& page, PageKeys& keys) {
  const std::string& q = query.compact;
  if (q.empty()) return 0;
  keys.Fill(page);
  const std::string& name = keys.name;
  const int within = Within(name.size());
  auto in_tier = [&](Tier tier) { return tier * kTierWidth + within; };

  if (name == q || (!query.host.empty() && keys.host == query.host)) return in_tier(kExact);
  if (absl::StartsWith(name, q)) return in_tier(kPrefix);
  if (q.size() >= 2 && keys.initials.size() >= 2 && keys.initials == q) return in_tier(kInitials);

  const bool every_word_starts_one =
      !query.words.empty() && std::all_of(query.words.begin(), query.words.end(), [&](const std::string& w) {
        return AnyStartsWith(keys.words, w) || AnyStartsWith(keys.labels, w);
      });
  if (every_word_starts_one && (query.words.size() > 1 || AnyStartsWith(keys.words, q))) return in_tier(kWordPrefix);
  if (keys.HostSuffixStartsWith(q) || (!query.host.empty() && absl::StrContains(keys.host, query.host))) {
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
  for (absl::string_view word : keys.words) best = std::min(best, EditDistance(q, word, allowed));
  if (best > allowed) return 0;
  // Fewer typos first, then shorter names.
  const int fuzzy_within = (3 - best) * 300 + (99 - static_cast<int>(std::min<size_t>(name.size(), 99)));
  return kFuzzy * kTierWidth + fuzzy_within;
}

}  // namespace

int MatchScore(absl::string_view query, const statusphere::v1::StatusPage& page) {
  PageKeys keys;
  return Score(PrepareQuery(query), page, keys);
}

std::vector<statusphere::v1::StatusPage> SearchPages(absl::string_view query,
                                                     const std::vector<statusphere::v1::StatusPage>& pages,
                                                     size_t max_results) {
  const Query prepared = PrepareQuery(query);
  struct Scored {
    int score;
    std::string name_key;
    const statusphere::v1::StatusPage* page;
  };
  std::vector<Scored> scored;
  PageKeys keys;
  for (const auto& page : pages) {
    if (int s = Score(prepared, page, keys); s > 0) scored.push_back({s, absl::AsciiStrToLower(page.name()), &page});
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

}  // namespace statusphere::previous
