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
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "server/atom_feed.h"
#include "server/page_search.h"
#include "server/grpc_status.h"
#include "server/metrics/rpc_metrics.h"
#include "server/watch/watch_reactor.h"
#include "grpcpp/impl/codegen/proto_utils.h"

namespace statusphere {
namespace {

constexpr size_t kMaxSearchResults = 10;
constexpr size_t kMaxQueryLength = 200;
constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxNameLength = 200;
constexpr int kDefaultFeedEntries = 50;
constexpr int kMaxFeedEntries = 200;
// How far back in the change log the all-pages feed looks for recently changed incidents.
constexpr int kFeedChangeWindow = 5000;

// The impacts in alphabetical order, as error messages have always listed them.
const std::set<std::string>& KnownImpactsSorted() {
  static const auto* impacts = new std::set<std::string>(vocabulary::kImpacts.begin(), vocabulary::kImpacts.end());
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
    if (!vocabulary::IsImpact(impact)) {
      return absl::InvalidArgumentError(absl::StrCat("impact: unknown value '", word, "'; expected a comma-separated list of ",
                                                     absl::StrJoin(KnownImpactsSorted(), ", ")));
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
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
    for (auto& page : pages) *response->add_status_pages() = std::move(page);
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::CountStatusPages(grpc::ServerContext* context, const v1::CountStatusPagesRequest*,
                                                     v1::CountStatusPagesResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int count, store_->CountPages());
    response->set_status_page_count(count);
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::SearchStatusPages(grpc::ServerContext* context, const v1::SearchStatusPagesRequest* request,
                                                      v1::SearchStatusPagesResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    if (absl::StripAsciiWhitespace(request->query()).empty()) return absl::InvalidArgumentError("query is required");
    if (request->query().size() > kMaxQueryLength) {
      return absl::InvalidArgumentError(absl::StrCat("query is longer than ", kMaxQueryLength, " characters"));
    }
    ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
    for (auto& page : SearchPages(request->query(), pages, kMaxSearchResults)) {
      *response->add_status_pages() = std::move(page);
    }
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::GetStatusPage(grpc::ServerContext* context, const v1::GetStatusPageRequest* request,
                                                  v1::GetStatusPageResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    const bool by_url = !absl::StripAsciiWhitespace(request->status_page_url()).empty();
    const bool by_name = !absl::StripAsciiWhitespace(request->status_page_name()).empty();
    if (by_url == by_name) {
      return absl::InvalidArgumentError("exactly one of statusPageUrl and statusPageName is required");
    }
    if (request->status_page_name().size() > kMaxNameLength) {
      return absl::InvalidArgumentError(absl::StrCat("statusPageName is longer than ", kMaxNameLength, " characters"));
    }
    if (by_url) {
      ASSIGN_OR_RETURN(std::string url, RequiredPageUrl(request->status_page_url()));
      ASSIGN_OR_RETURN(*response->mutable_status_page(), store_->GetPageByUrl(url));
    } else {
      ASSIGN_OR_RETURN(*response->mutable_status_page(),
                       store_->GetPageByName(std::string(absl::StripAsciiWhitespace(request->status_page_name()))));
    }
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::GetCurrentStatus(grpc::ServerContext* context, const v1::GetCurrentStatusRequest* request,
                                                     v1::GetCurrentStatusResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, RequiredPageUrl(request->status_page_url()));
    ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(url));
    response->set_is_indexed(page.is_indexed());
    // The page's status, by the one rule (store/page_status.h) that StatusPage.status has.
    response->set_status(page.status());
    response->set_platform_indicator(page.platform_indicator());
    if (!page.is_indexed()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::vector<v1::Incident> open, store_->ListUnresolvedIncidents(url));
    for (auto& incident : open) *response->add_unresolved_incidents() = std::move(incident);
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::ListIncidents(grpc::ServerContext* context, const v1::ListIncidentsRequest* request,
                                                  v1::ListIncidentsResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, RequiredPageUrl(request->status_page_url()));
    ASSIGN_OR_RETURN(std::set<std::string> impacts, ParseImpacts(request->impact()));
    ASSIGN_OR_RETURN(int limit, ParseLimit(request->limit()));
    if (limit > options_.max_limit) {
      return absl::InvalidArgumentError(absl::StrCat("limit: ", limit, " is above the maximum of ", options_.max_limit,
                                                     " (omit it for the whole history)"));
    }
    ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(url));
    response->set_is_indexed(page.is_indexed());
    ASSIGN_OR_RETURN(std::vector<v1::Incident> incidents, store_->ListIncidents({url, impacts, limit}));
    for (auto& incident : incidents) *response->add_incidents() = std::move(incident);
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::GetSitemap(grpc::ServerContext* context, const v1::GetSitemapRequest*,
                                               v1::GetSitemapResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    std::string base = options_.public_site_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    for (const auto& page : pages) {
      absl::StrAppend(&xml, "  <url><loc>", XmlEscape(absl::StrCat(base, "/status/", EscapePathSegment(page.name()))),
                      "</loc><changefreq>always</changefreq><priority>0.1</priority></url>\n");
    }
    xml += "</urlset>\n";
    response->set_content_type("application/xml");
    response->set_body(std::move(xml));
    return absl::OkStatus();
  });
}

grpc::Status StatusPageServiceImpl::GetAtomFeed(grpc::ServerContext* context, const v1::GetAtomFeedRequest* request,
                                                v1::GetAtomFeedResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::set<std::string> impacts, ParseImpacts(request->impact()));
    ASSIGN_OR_RETURN(int limit, ParseLimit(request->limit()));
    if (limit > kMaxFeedEntries) {
      return absl::InvalidArgumentError(
          absl::StrCat("limit: ", limit, " is above the maximum of ", kMaxFeedEntries, " for feeds"));
    }
    if (limit == 0) limit = kDefaultFeedEntries;

    AtomFeedHeader header;
    std::map<std::string, std::string> names;  // page url -> name, for entry titles
    header.self_url = request->self_url();
    std::vector<v1::Incident> incidents;
    if (!absl::StripAsciiWhitespace(request->status_page_url()).empty()) {
      ASSIGN_OR_RETURN(std::string url, RequiredPageUrl(request->status_page_url()));
      ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(url));
      ASSIGN_OR_RETURN(incidents, store_->ListIncidents({url, impacts, limit}));
      names[url] = page.name();
      header.id = absl::StrCat("urn:statusphere:feed:", url);
      header.title = absl::StrCat(page.name(), " incidents");
      header.alternate_url = url;
    } else {
      // All pages: the incidents changed most recently, from the tail of the change log.
      ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
      for (const auto& page : pages) names[page.url()] = page.name();
      ASSIGN_OR_RETURN(int64_t latest, store_->LatestChangeSequence());
      ASSIGN_OR_RETURN(std::vector<store::ChangeRecord> changes,
                       store_->ListChanges(std::max<int64_t>(0, latest - kFeedChangeWindow), "", kFeedChangeWindow));
      std::map<std::pair<std::string, std::string>, const store::ChangeRecord*> newest;  // oldest first: later wins
      for (const auto& change : changes) newest[{change.incident.status_page_url(), change.incident.id()}] = &change;
      std::vector<const store::ChangeRecord*> ordered;
      for (const auto& [key, change] : newest) {
        if (impacts.empty() || impacts.count(change->incident.impact())) ordered.push_back(change);
      }
      std::sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) { return a->sequence > b->sequence; });
      if (static_cast<int>(ordered.size()) > limit) ordered.resize(limit);
      for (const auto* change : ordered) incidents.push_back(change->incident);
      header.id = "urn:statusphere:feed:all";
      header.title = "All status pages: recent incidents";
    }
    response->set_content_type("application/atom+xml; charset=utf-8");
    response->set_body(RenderAtomFeed(header, incidents, names, absl::Now()));
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* StatusPageServiceImpl::WatchIncidents(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes) {
  if (grpc::Status admitted = limiter_.Admit(*context); !admitted.ok()) {
    if (admitted.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) metrics::CountRateLimited();
    return watch::WatchReactor::Refuse(admitted);
  }
  // The stream's start (a few store reads) runs here; its changes come from the dispatcher.
  absl::StatusOr<std::pair<watch::WatchFilter, int64_t>> start =
      [&]() -> absl::StatusOr<std::pair<watch::WatchFilter, int64_t>> {
    v1::WatchIncidentsRequest request;
    grpc::ByteBuffer copy(*request_bytes);
    if (!grpc::SerializationTraits<v1::WatchIncidentsRequest>::Deserialize(&copy, &request).ok()) {
      return absl::InvalidArgumentError("the request is not a WatchIncidentsRequest");
    }
    watch::WatchFilter filter;
    if (!absl::StripAsciiWhitespace(request.status_page_url()).empty()) {
      ASSIGN_OR_RETURN(filter.page_url, RequiredPageUrl(request.status_page_url()));
      RETURN_IF_ERROR(store_->GetPageByUrl(filter.page_url));
    }
    ASSIGN_OR_RETURN(filter.impacts, ParseImpacts(request.impact()));
    int64_t cursor = 0;
    if (!request.cursor().empty()) {
      if (!absl::SimpleAtoi(request.cursor(), &cursor) || cursor < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("cursor: '", request.cursor(), "' is not a cursor from IncidentChange.cursor"));
      }
    } else {
      ASSIGN_OR_RETURN(cursor, store_->LatestChangeSequence());  // live changes only
    }
    return std::make_pair(std::move(filter), cursor);
  }();
  if (!start.ok()) return watch::WatchReactor::Refuse(ToGrpc(start.status()));
  return watch::WatchReactor::Start(context, &watches_, std::move(start->first), start->second,
                                    {.max_backlog = options_.watch_max_backlog, .stall_limit = options_.watch_stall_limit});
}

}  // namespace statusphere
