// The search before issue 13 (server/page_search.cc at d6faed0), kept as the reference the
// search bench measures the current one against in the same run. Not used by the server.
#include "bench/previous_page_search.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace statusphere::previous {
namespace {

// Lowercase letters and digits only: "Git-Hub Status" -> "githubstatus".
std::string Compact(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// The url's host without scheme and "www.", compacted: "githubstatuscom".
std::string UrlKey(absl::string_view url) {
  if (size_t p = url.find("://"); p != absl::string_view::npos) url.remove_prefix(p + 3);
  absl::string_view host = url.substr(0, url.find_first_of("/:?"));
  if (absl::StartsWithIgnoreCase(host, "www.")) host.remove_prefix(4);
  return Compact(host);
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
int EditDistance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

// Score of a compact query against one compact candidate text.
int ScoreAgainst(const std::string& query, const std::string& text) {
  if (query.empty() || text.empty()) return 0;
  if (text == query) return 1000;
  if (absl::StartsWith(text, query)) return 800 + static_cast<int>(100 * query.size() / text.size());
  if (size_t p = text.find(query); p != std::string::npos) {
    return 600 + static_cast<int>(100 * query.size() / text.size()) - static_cast<int>(std::min<size_t>(p, 50));
  }
  // Typos: compare with the candidate's prefix of the query's length, then the whole text.
  const int allowed = query.size() <= 4 ? 1 : static_cast<int>(query.size()) / 3;
  const int to_prefix = EditDistance(query, text.substr(0, query.size()));
  const int to_whole = EditDistance(query, text);
  const int best = std::min(to_prefix, to_whole);
  if (best <= allowed && query.size() >= 3) return 400 - 50 * best;
  return 0;
}

}  // namespace

int MatchScore(absl::string_view query, const statusphere::v1::StatusPage& page) {
  const std::string compact_query = Compact(query);
  if (compact_query.empty()) return 0;
  int score = std::max(ScoreAgainst(compact_query, Compact(page.name())),
                       ScoreAgainst(compact_query, UrlKey(page.url())) - 10);
  // Multi-word queries ("google cloud"): every word must appear in the name or url.
  std::vector<std::string> words = absl::StrSplit(absl::AsciiStrToLower(query), ' ', absl::SkipWhitespace());
  if (words.size() > 1) {
    const std::string haystack = Compact(page.name()) + " " + Compact(page.url());
    bool all = true;
    for (const std::string& w : words) all = all && absl::StrContains(haystack, Compact(w));
    if (all) score = std::max(score, 700);
  }
  return score;
}

std::vector<statusphere::v1::StatusPage> SearchPages(absl::string_view query,
                                                     const std::vector<statusphere::v1::StatusPage>& pages,
                                                     size_t max_results) {
  std::vector<std::pair<int, const statusphere::v1::StatusPage*>> scored;
  for (const auto& page : pages) {
    if (int s = MatchScore(query, page); s > 0) scored.emplace_back(s, &page);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return absl::AsciiStrToLower(a.second->name()) < absl::AsciiStrToLower(b.second->name());
  });
  std::vector<statusphere::v1::StatusPage> out;
  for (size_t i = 0; i < scored.size() && i < max_results; ++i) out.push_back(*scored[i].second);
  return out;
}

}  // namespace statusphere::previous
