#include "providers/feed/feed_provider.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "providers/feed/feed_parser.h"

namespace statusphere::providers {

std::string FeedProvider::ProbeUrl(absl::string_view page_url) const {
  for (const char* suffix : {".rss", ".atom", ".xml", "/feed", "/rss"}) {
    if (absl::EndsWith(page_url, suffix)) return std::string(page_url);
  }
  return absl::StrCat(page_url, "/history.rss");
}

std::vector<std::string> FeedProvider::UrlsToFetch(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {ProbeUrl(page_url)};
}

absl::StatusOr<ParsedPage> FeedProvider::Parse(absl::string_view page_url, const std::vector<Document>& documents) const {
  if (documents.size() != 1) return absl::InvalidArgumentError(absl::StrCat("expected 1 feed, got ", documents.size()));
  return ParseFeed(page_url, documents[0]);
}

bool FeedProvider::MatchesProbe(const Document& probe) const {
  return probe.http_status == 200 && LooksLikeFeed(probe.body);
}

}  // namespace statusphere::providers
