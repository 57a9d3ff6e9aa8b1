#include "providers/feed/feed_provider.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "providers/feed/feed_parser.h"

namespace statusphere::providers {
namespace {

constexpr char kFeedRole[] = "feed";

std::string FeedUrl(absl::string_view page_url) {
  for (const char* suffix : {".rss", ".atom", ".xml", "/feed", "/rss"}) {
    if (absl::EndsWith(page_url, suffix)) return std::string(page_url);
  }
  return absl::StrCat(page_url, "/history.rss");
}

}  // namespace

FetchPlan FeedProvider::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kFeedRole, FeedUrl(page_url)}}};
}

absl::StatusOr<ParsedPage> FeedProvider::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* feed = documents.Find(kFeedRole);
  if (feed == nullptr) return absl::InvalidArgumentError(absl::StrCat("no '", kFeedRole, "' document"));
  return ParseFeed(page_url, *feed);
}

Detection FeedProvider::detection() const {
  Detection d;
  d.probe_url = FeedUrl;
  d.probe_matches = [](const Document& probe) { return probe.http_status == 200 && LooksLikeFeed(probe.body); };
  d.probe_is_last_resort = true;
  return d;
}

}  // namespace statusphere::providers
