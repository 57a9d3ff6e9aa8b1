#include "server/status_page_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/page_url.h"
#include "common/proto_time.h"
#include "server/atom_feed.h"
#include "server/grpc_status.h"
#include "server/page_search.h"
#include "server/store/page_status.h"

namespace statusphere {
namespace {

constexpr size_t kMaxSearchResults = 10;
constexpr size_t kMaxQueryLength = 200;
constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxNameLength = 200;
constexpr int kWatchBatch = 100;
constexpr int kDefaultFeedEntries = 50;
constexpr int kMaxFeedEntries = 200;
// How far back in the change log the all-pages feed looks for recently changed incidents.
constexpr int kFeedChangeWindow = 5000;

const std::set<std::string>& KnownImpacts() {
  static const auto* impacts = new std::set<std::string>{"critical", "major", "minor", "maintenance", "none"};
  return *impacts;
}

// A required statusPageUrl, normalized. Clients pass it unencoded and unnormalized.
absl::StatusOr<std::string> RequiredPageUrl(const std::string& url) {
  if (absl::StripAsciiWhitespace(url).empty()) {
    return absl::InvalidArgumentError("statusPageUrl is required");
  }
  if (url.size() > kMaxUrlLength) {
    return absl::InvalidArgumentError(absl::StrCat("statusPageUrl is longer than ", kMaxUrlLength, " characters"));
  }
  absl::StatusOr<std::string> normalized = NormalizePageUrl(url);
  if (!normalized.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("statusPageUrl: ", normalized.status().message()));
  }
  return normalized;
}

absl::StatusOr<std::set<std::string>> ParseImpacts(const std::string& list) {
  std::set<std::string> impacts;
  for (absl::string_view word : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    std::string impact = absl::AsciiStrToLower(absl::StripAsciiWhitespace(word));
    if (KnownImpacts().count(impact) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("impact: unknown value '", word, "'; expected a comma-separated list of ",
                                                     absl::StrJoin(KnownImpacts(), ", ")));
    }
    impacts.insert(std::move(impact));
  }
  return impacts;
}

absl::StatusOr<int> ParseLimit(const std::string& text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return 0;
  int64_t limit = 0;
  bool digits_only = !trimmed.empty();
  for (char c : trimmed) digits_only = digits_only && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!digits_only || !absl::SimpleAtoi(trimmed, &limit) || limit > 1'000'000'000) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: '", text, "' is not a non-negative integer"));
  }
  return static_cast<int>(limit);
}

// Percent-encoding of a path segment (RFC 3986 unreserved characters stay).
std::string EscapePathSegment(absl::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

grpc::Status StatusPageServiceImpl::ListStatusPages(grpc::ServerContext* context, const v1::ListStatusPagesRequest*,
                                                    v1::ListStatusPagesResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  absl::StatusOr<std::vector<v1::StatusPage>> pages = store_->ListPages();
  if (!pages.ok()) return ToGrpc(pages.status());
  for (auto& page : *pages) *response->add_status_pages() = std::move(page);
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::CountStatusPages(grpc::ServerContext* context, const v1::CountStatusPagesRequest*,
                                                     v1::CountStatusPagesResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  absl::StatusOr<int> count = store_->CountPages();
  if (!count.ok()) return ToGrpc(count.status());
  response->set_status_page_count(*count);
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::SearchStatusPages(grpc::ServerContext* context, const v1::SearchStatusPagesRequest* request,
                                                      v1::SearchStatusPagesResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  if (absl::StripAsciiWhitespace(request->query()).empty()) return InvalidArgument("query is required");
  if (request->query().size() > kMaxQueryLength) {
    return InvalidArgument(absl::StrCat("query is longer than ", kMaxQueryLength, " characters"));
  }
  absl::StatusOr<std::vector<v1::StatusPage>> pages = store_->ListPages();
  if (!pages.ok()) return ToGrpc(pages.status());
  for (auto& page : SearchPages(request->query(), *pages, kMaxSearchResults)) {
    *response->add_status_pages() = std::move(page);
  }
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::GetStatusPage(grpc::ServerContext* context, const v1::GetStatusPageRequest* request,
                                                  v1::GetStatusPageResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  const bool by_url = !absl::StripAsciiWhitespace(request->status_page_url()).empty();
  const bool by_name = !absl::StripAsciiWhitespace(request->status_page_name()).empty();
  if (by_url == by_name) {
    return InvalidArgument("exactly one of statusPageUrl and statusPageName is required");
  }
  if (request->status_page_name().size() > kMaxNameLength) {
    return InvalidArgument(absl::StrCat("statusPageName is longer than ", kMaxNameLength, " characters"));
  }
  absl::StatusOr<v1::StatusPage> page;
  if (by_url) {
    absl::StatusOr<std::string> url = RequiredPageUrl(request->status_page_url());
    if (!url.ok()) return ToGrpc(url.status());
    page = store_->GetPageByUrl(*url);
  } else {
    page = store_->GetPageByName(std::string(absl::StripAsciiWhitespace(request->status_page_name())));
  }
  if (!page.ok()) return ToGrpc(page.status());
  *response->mutable_status_page() = std::move(*page);
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::GetCurrentStatus(grpc::ServerContext* context, const v1::GetCurrentStatusRequest* request,
                                                     v1::GetCurrentStatusResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  absl::StatusOr<std::string> url = RequiredPageUrl(request->status_page_url());
  if (!url.ok()) return ToGrpc(url.status());
  absl::StatusOr<v1::StatusPage> page = store_->GetPageByUrl(*url);
  if (!page.ok()) return ToGrpc(page.status());
  response->set_is_indexed(page->is_indexed());
  if (!page->is_indexed()) {
    response->set_status(store::kStatusUnknown);
    return grpc::Status::OK;
  }
  absl::StatusOr<std::vector<v1::Incident>> open = store_->ListUnresolvedIncidents(*url);
  if (!open.ok()) return ToGrpc(open.status());
  response->set_status(open->empty() ? store::kStatusUp : store::kStatusDegraded);
  for (auto& incident : *open) *response->add_unresolved_incidents() = std::move(incident);
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::ListIncidents(grpc::ServerContext* context, const v1::ListIncidentsRequest* request,
                                                  v1::ListIncidentsResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  absl::StatusOr<std::string> url = RequiredPageUrl(request->status_page_url());
  if (!url.ok()) return ToGrpc(url.status());
  absl::StatusOr<std::set<std::string>> impacts = ParseImpacts(request->impact());
  if (!impacts.ok()) return ToGrpc(impacts.status());
  absl::StatusOr<int> limit = ParseLimit(request->limit());
  if (!limit.ok()) return ToGrpc(limit.status());
  if (*limit > options_.max_limit) {
    return InvalidArgument(absl::StrCat("limit: ", *limit, " is above the maximum of ", options_.max_limit,
                                        " (omit it for the whole history)"));
  }
  absl::StatusOr<v1::StatusPage> page = store_->GetPageByUrl(*url);
  if (!page.ok()) return ToGrpc(page.status());
  response->set_is_indexed(page->is_indexed());
  absl::StatusOr<std::vector<v1::Incident>> incidents = store_->ListIncidents({*url, *impacts, *limit});
  if (!incidents.ok()) return ToGrpc(incidents.status());
  for (auto& incident : *incidents) *response->add_incidents() = std::move(incident);
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::GetSitemap(grpc::ServerContext* context, const v1::GetSitemapRequest*,
                                               v1::GetSitemapResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  absl::StatusOr<std::vector<v1::StatusPage>> pages = store_->ListPages();
  if (!pages.ok()) return ToGrpc(pages.status());
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  std::string base = options_.public_site_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  for (const auto& page : *pages) {
    absl::StrAppend(&xml, "  <url><loc>", XmlEscape(absl::StrCat(base, "/status/", EscapePathSegment(page.name()))),
                    "</loc><changefreq>always</changefreq><priority>0.1</priority></url>\n");
  }
  xml += "</urlset>\n";
  response->set_content_type("application/xml");
  response->set_body(std::move(xml));
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::GetAtomFeed(grpc::ServerContext* context, const v1::GetAtomFeedRequest* request,
                                                v1::GetAtomFeedResponse* response) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  absl::StatusOr<std::set<std::string>> impacts = ParseImpacts(request->impact());
  if (!impacts.ok()) return ToGrpc(impacts.status());
  absl::StatusOr<int> limit = ParseLimit(request->limit());
  if (!limit.ok()) return ToGrpc(limit.status());
  if (*limit > kMaxFeedEntries) {
    return InvalidArgument(absl::StrCat("limit: ", *limit, " is above the maximum of ", kMaxFeedEntries, " for feeds"));
  }
  if (*limit == 0) *limit = kDefaultFeedEntries;

  AtomFeedHeader header;
  std::map<std::string, std::string> names;  // page url -> name, for entry titles
  header.self_url = request->self_url();
  std::vector<v1::Incident> incidents;
  if (!absl::StripAsciiWhitespace(request->status_page_url()).empty()) {
    absl::StatusOr<std::string> url = RequiredPageUrl(request->status_page_url());
    if (!url.ok()) return ToGrpc(url.status());
    absl::StatusOr<v1::StatusPage> page = store_->GetPageByUrl(*url);
    if (!page.ok()) return ToGrpc(page.status());
    absl::StatusOr<std::vector<v1::Incident>> listed = store_->ListIncidents({*url, *impacts, *limit});
    if (!listed.ok()) return ToGrpc(listed.status());
    incidents = std::move(*listed);
    names[*url] = page->name();
    header.id = absl::StrCat("urn:statusphere:feed:", *url);
    header.title = absl::StrCat(page->name(), " incidents");
    header.alternate_url = *url;
  } else {
    // All pages: the incidents changed most recently, from the tail of the change log.
    absl::StatusOr<std::vector<v1::StatusPage>> pages = store_->ListPages();
    if (!pages.ok()) return ToGrpc(pages.status());
    for (const auto& page : *pages) names[page.url()] = page.name();
    absl::StatusOr<int64_t> latest = store_->LatestChangeSequence();
    if (!latest.ok()) return ToGrpc(latest.status());
    absl::StatusOr<std::vector<store::ChangeRecord>> changes =
        store_->ListChanges(std::max<int64_t>(0, *latest - kFeedChangeWindow), "", kFeedChangeWindow);
    if (!changes.ok()) return ToGrpc(changes.status());
    std::map<std::pair<std::string, std::string>, const store::ChangeRecord*> newest;  // oldest first: later wins
    for (const auto& change : *changes) newest[{change.incident.status_page_url(), change.incident.id()}] = &change;
    std::vector<const store::ChangeRecord*> ordered;
    for (const auto& [key, change] : newest) {
      if (impacts->empty() || impacts->count(change->incident.impact())) ordered.push_back(change);
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) { return a->sequence > b->sequence; });
    if (static_cast<int>(ordered.size()) > *limit) ordered.resize(*limit);
    for (const auto* change : ordered) incidents.push_back(change->incident);
    header.id = "urn:statusphere:feed:all";
    header.title = "All status pages: recent incidents";
  }
  response->set_content_type("application/atom+xml; charset=utf-8");
  response->set_body(RenderAtomFeed(header, incidents, names, absl::Now()));
  return grpc::Status::OK;
}

grpc::Status StatusPageServiceImpl::WatchIncidents(grpc::ServerContext* context,
                                                   const v1::WatchIncidentsRequest* request,
                                                   grpc::ServerWriter<v1::IncidentChange>* writer) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) return admitted;
  std::string page_url;
  if (!absl::StripAsciiWhitespace(request->status_page_url()).empty()) {
    absl::StatusOr<std::string> url = RequiredPageUrl(request->status_page_url());
    if (!url.ok()) return ToGrpc(url.status());
    page_url = *url;
    if (absl::StatusOr<v1::StatusPage> page = store_->GetPageByUrl(page_url); !page.ok()) return ToGrpc(page.status());
  }
  absl::StatusOr<std::set<std::string>> impacts = ParseImpacts(request->impact());
  if (!impacts.ok()) return ToGrpc(impacts.status());
  int64_t cursor = 0;
  if (!request->cursor().empty()) {
    if (!absl::SimpleAtoi(request->cursor(), &cursor) || cursor < 0) {
      return InvalidArgument(absl::StrCat("cursor: '", request->cursor(), "' is not a cursor from IncidentChange.cursor"));
    }
  } else {
    absl::StatusOr<int64_t> latest = store_->LatestChangeSequence();
    if (!latest.ok()) return ToGrpc(latest.status());
    cursor = *latest;  // live changes only
  }
  while (!context->IsCancelled()) {
    const uint64_t generation = notifier_->generation();
    absl::StatusOr<std::vector<store::ChangeRecord>> changes = store_->ListChanges(cursor, page_url, kWatchBatch);
    if (!changes.ok()) return ToGrpc(changes.status());
    for (auto& change : *changes) {
      cursor = change.sequence;
      if (!impacts->empty() && impacts->count(change.incident.impact()) == 0) continue;
      v1::IncidentChange out;
      out.set_kind(change.kind);
      *out.mutable_incident() = std::move(change.incident);
      out.set_cursor(absl::StrCat(change.sequence));
      *out.mutable_change_time() = ToProto(change.change_time);
      if (!writer->Write(out)) return grpc::Status::OK;  // the client went away
    }
    if (static_cast<int>(changes->size()) < kWatchBatch) notifier_->WaitFor(generation, options_.watch_poll_interval);
  }
  return grpc::Status::OK;
}

}  // namespace statusphere
