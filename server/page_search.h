// Search over status pages by name and url: what a person types ("git", "github", "git hub",
// "aws", "githubstatus.com", "gihtub") finds the page they mean, first among 1,500 others.
// The ranking is defined here; server/page_index.h finds the same answers without scoring
// every page.
#ifndef STATUSPHERE_SERVER_PAGE_SEARCH_H_
#define STATUSPHERE_SERVER_PAGE_SEARCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere {

// How well `query` matches a page; 0 means no match. Higher is better, in tiers: the name
// itself, then names that start with the query, the name's initials ("aws"), names with a
// word that starts with it ("cloud" in "Google Cloud"), the url's host, names or hosts that
// merely contain it, and last names a typo away. Within a tier a shorter name ranks higher
// (the query says more of it).
int MatchScore(absl::string_view query, const statusphere::v1::StatusPage& page);

// The best `max_results` matches, best first (ties by name), leaving out non-matches.
std::vector<statusphere::v1::StatusPage> SearchPages(absl::string_view query,
                                                     const std::vector<statusphere::v1::StatusPage>& pages,
                                                     size_t max_results);

// --- The parts of the ranking the index (page_index.h) is built from -------------------

namespace search {

// Tiers of a match, best last. Each is worth kTierWidth; the rest of a score orders the
// matches within a tier, so a score of a higher tier is always greater.
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
inline constexpr int kTierWidth = 1000;
// Names are compared with a typo on their first kMaxCompared letters: no name is longer in
// practice, and it bounds the cost of the edit distance.
inline constexpr size_t kMaxCompared = 63;

// What a person typed, prepared once per search.
struct Query {
  std::string compact;             // "googlecloud"
  std::vector<std::string> words;  // "google", "cloud"
  std::string host;                // set when the query is a url or a host: "status.stripe.com"
};
Query PrepareQuery(absl::string_view text);

// Typos allowed in a query of this many letters (0: none).
int AllowedEdits(size_t length);

// What a page is searched by: its name and url, prepared once.
struct PageKeys {
  std::string name;                    // compacted: "amazonwebservices"
  std::vector<uint32_t> word_starts;   // where each word starts in `name`: "amazon", "web", "services"
  std::string initials;                // "aws"
  std::string host;                    // lowercase, without "www.": "health.aws.amazon.com"
  std::string compact_host;            // the labels joined: "healthawsamazoncom"
  std::vector<uint32_t> label_starts;  // where each label starts in `compact_host`

  void Fill(absl::string_view page_name, absl::string_view page_url);
  size_t word_count() const { return word_starts.size(); }
  absl::string_view word(size_t i) const { return Piece(name, word_starts, i); }
  size_t label_count() const { return label_starts.size(); }
  absl::string_view label(size_t i) const { return Piece(compact_host, label_starts, i); }

 private:
  static absl::string_view Piece(const std::string& text, const std::vector<uint32_t>& starts, size_t i) {
    const size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
    return absl::string_view(text).substr(starts[i], end - starts[i]);
  }
};

// MatchScore on what was prepared.
int Score(const Query& query, const PageKeys& keys);

}  // namespace search
}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_SEARCH_H_
