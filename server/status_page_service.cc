#include "server/status_page_service.h"

#include <algorithm>
#include <map>
#include <optional>
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
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/proto_buffer_writer.h"
#include "server/atom_feed.h"
#include "server/page_search.h"
#include "server/uptime/uptime.h"
#include "server/store/page_token.h"
#include "server/grpc_status.h"
#include "server/metrics/rpc_metrics.h"
#include "server/watch/watch_reactor.h"
#include "grpcpp/impl/codegen/proto_utils.h"

namespace statusphere {
namespace {

constexpr size_t kMaxSearchResults = 10;
// ListStatusPages' page_size: larger ones are read as this (AIP-158), and a token given
// without a size continues in slices of the default.
constexpr int kMaxPageSize = 1000;
constexpr int kDefaultPageSize = 100;
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

// The answer to a request about one page names that page, as normalized here (and as the
// change log names it), in this response header: the REST gateway drops its cached answers
// of a page by it when the page changes, without normalizing URLs again.
constexpr char kPageUrlHeader[] = "statusphere-page-url";

void NameAnswerPage(grpc::ServerContextBase* context, const std::string& url) {
  context->AddInitialMetadata(kPageUrlHeader, url);
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

// A decimal integer written with digits only (no sign, no spaces inside), if `trimmed` is one
// that fits in 64 bits.
std::optional<int64_t> DigitsOnlyNumber(absl::string_view trimmed) {
  int64_t value = 0;
  bool digits_only = !trimmed.empty();
  for (char c : trimmed) digits_only = digits_only && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!digits_only || !absl::SimpleAtoi(trimmed, &value)) return std::nullopt;
  return value;
}

absl::StatusOr<int> ParseLimit(const std::string& text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return 0;
  const std::optional<int64_t> limit = DigitsOnlyNumber(trimmed);
  if (!limit || *limit > 1'000'000'000) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: '", text, "' is not a non-negative integer"));
  }
  return static_cast<int>(*limit);
}

// GetUptime's days: empty is the default; anything but a whole number in range is refused
// with what was wrong, as ParseLimit's limit.
absl::StatusOr<int> ParseDays(const std::string& text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return uptime::kDefaultDays;
  const std::optional<int64_t> days = DigitsOnlyNumber(trimmed);
  if (!days || *days < uptime::kMinDays || *days > uptime::kMaxDays) {
    return absl::InvalidArgumentError(absl::StrCat("days: '", text, "' is not a whole number of days from ",
                                                   uptime::kMinDays, " to ", uptime::kMaxDays));
  }
  return static_cast<int>(*days);
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

// Ends a callback call at once with `status` (the answer, if any, is in its response buffer).
grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

// One call of a cached method: admission (the rate limit counts every call, answered from
// the cache or not), the request decoded and validated into its cache key by `key_of`, then
// the kept answer, or a new one built by `build` (which sees what key_of validated), sent
// and kept. Errors are never kept: a page added a moment later must not stay unknown.
template <typename Request, typename Response>
grpc::Status AnswerFromCache(const CallBoundary& boundary, ReadCache* cache, grpc::CallbackServerContext* context,
                             const grpc::ByteBuffer& raw_request, grpc::ByteBuffer* raw_response,
                             absl::FunctionRef<absl::StatusOr<std::string>(const Request&)> key_of,
                             absl::FunctionRef<absl::Status(Response&)> build) {
  return boundary(context, [&]() -> absl::Status {
    Request request;
    grpc::ByteBuffer encoded(raw_request);  // Deserialize consumes its buffer
    if (grpc::Status parsed = grpc::SerializationTraits<Request>::Deserialize(&encoded, &request); !parsed.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(parsed.error_code()), parsed.error_message());
    }
    ASSIGN_OR_RETURN(std::string key, key_of(request));
    // Taken before the store is read: an answer's age counts from the oldest data in it.
    const absl::Time now = absl::Now();
    if (cache != nullptr) {
      if (std::optional<grpc::ByteBuffer> kept = cache->Get(key, now)) {
        *raw_response = *std::move(kept);
        return absl::OkStatus();
      }
    }
    const uint64_t generation = cache != nullptr ? cache->generation() : 0;
    Response response;
    RETURN_IF_ERROR(build(response));
    bool own_buffer = false;
    grpc::Status encoded_answer = grpc::SerializationTraits<Response>::Serialize(response, raw_response, &own_buffer);
    if (!encoded_answer.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(encoded_answer.error_code()), encoded_answer.error_message());
    }
    if (cache != nullptr) cache->Put(key, generation, *raw_response, now);
    return absl::OkStatus();
  });
}

}  // namespace

grpc::Status StatusPageServiceImpl::ListStatusPages(grpc::ServerContext* context,
                                                    const v1::ListStatusPagesRequest* request,
                                                    v1::ListStatusPagesResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    if (request->page_size() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("page_size: ", request->page_size(), " is negative; give 1 to ", kMaxPageSize,
                       ", or 0 for every page in one answer"));
    }
    std::optional<store::PageOrderKey> after;
    if (!request->page_token().empty()) {
      ASSIGN_OR_RETURN(after, store::DecodePageToken(request->page_token()));
    }
    // Without a page size the answer is the one it has always been: every page, in one.
    if (request->page_size() == 0 && !after.has_value()) {
      ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
      for (auto& page : pages) *response->add_status_pages() = std::move(page);
      return absl::OkStatus();
    }
    // A token without a page size continues in slices of the default (AIP-158: the size
    // is the client's to choose on every call, the token only says where).
    const int size = request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);
    ASSIGN_OR_RETURN(store::PageSlice slice, store_->ListPagesAfter(after, size));
    for (auto& page : slice.pages) *response->add_status_pages() = std::move(page);
    if (slice.more) {
      response->set_next_page_token(store::EncodePageToken(store::OrderKeyOf(*response->status_pages().rbegin())));
    }
    response->set_total_size(slice.total);
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

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetStatusPage(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  std::string url, name;
  return Finish(context, AnswerFromCache<v1::GetStatusPageRequest, v1::GetStatusPageResponse>(
      boundary_, cache_, context, *request, response,
      [&](const v1::GetStatusPageRequest& r) -> absl::StatusOr<std::string> {
        const bool by_url = !absl::StripAsciiWhitespace(r.status_page_url()).empty();
        const bool by_name = !absl::StripAsciiWhitespace(r.status_page_name()).empty();
        if (by_url == by_name) {
          return absl::InvalidArgumentError("exactly one of statusPageUrl and statusPageName is required");
        }
        if (r.status_page_name().size() > kMaxNameLength) {
          return absl::InvalidArgumentError(
              absl::StrCat("statusPageName is longer than ", kMaxNameLength, " characters"));
        }
        if (by_url) {
          ASSIGN_OR_RETURN(url, RequiredPageUrl(r.status_page_url()));
          NameAnswerPage(context, url);
          return absl::StrCat("page-url|", url);
        }
        name = std::string(absl::StripAsciiWhitespace(r.status_page_name()));
        return absl::StrCat("page-name|", name);
      },
      [&](v1::GetStatusPageResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(*out.mutable_status_page(),
                         url.empty() ? store_->GetPageByName(name) : store_->GetPageByUrl(url));
        return absl::OkStatus();
      }));
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetCurrentStatus(grpc::CallbackServerContext* context,
                                                                  const grpc::ByteBuffer* request,
                                                                  grpc::ByteBuffer* response) {
  std::string url;
  return Finish(context, AnswerFromCache<v1::GetCurrentStatusRequest, v1::GetCurrentStatusResponse>(
      boundary_, cache_, context, *request, response,
      [&](const v1::GetCurrentStatusRequest& r) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(url, RequiredPageUrl(r.status_page_url()));
        NameAnswerPage(context, url);
        return absl::StrCat("current|", url);
      },
      [&](v1::GetCurrentStatusResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(url));
        out.set_is_indexed(page.is_indexed());
        // The page's status, by the one rule (store/page_status.h) that StatusPage.status has.
        out.set_status(page.status());
        out.set_platform_indicator(page.platform_indicator());
        if (!page.is_indexed()) return absl::OkStatus();
        ASSIGN_OR_RETURN(std::vector<v1::Incident> open, store_->ListUnresolvedIncidents(url));
        for (auto& incident : open) *out.add_unresolved_incidents() = std::move(incident);
        return absl::OkStatus();
      }));
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::ListIncidents(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  store::IncidentQuery query;
  return Finish(context, AnswerFromCache<v1::ListIncidentsRequest, v1::ListIncidentsResponse>(
      boundary_, cache_, context, *request, response,
      [&](const v1::ListIncidentsRequest& r) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(query.page_url, RequiredPageUrl(r.status_page_url()));
        NameAnswerPage(context, query.page_url);
        ASSIGN_OR_RETURN(query.impacts, ParseImpacts(r.impact()));
        ASSIGN_OR_RETURN(query.limit, ParseLimit(r.limit()));
        if (query.limit > options_.max_limit) {
          return absl::InvalidArgumentError(absl::StrCat("limit: ", query.limit, " is above the maximum of ",
                                                         options_.max_limit, " (omit it for the whole history)"));
        }
        // The url last: the impacts (vocabulary words) and the limit cannot hold a '|'.
        return absl::StrCat("incidents|", absl::StrJoin(query.impacts, ","), "|", query.limit, "|", query.page_url);
      },
      [&](v1::ListIncidentsResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(query.page_url));
        out.set_is_indexed(page.is_indexed());
        ASSIGN_OR_RETURN(std::vector<v1::Incident> incidents, store_->ListIncidents(query));
        for (auto& incident : incidents) *out.add_incidents() = std::move(incident);
        return absl::OkStatus();
      }));
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
      NameAnswerPage(context, url);
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

grpc::Status StatusPageServiceImpl::GetUptime(grpc::ServerContext* context, const v1::GetUptimeRequest* request,
                                              v1::GetUptimeResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::string url, RequiredPageUrl(request->status_page_url()));
    NameAnswerPage(context, url);
    ASSIGN_OR_RETURN(int days, ParseDays(request->days()));
    ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(url));
    uptime::UptimeInput input;
    input.page_url = url;
    input.is_indexed = page.is_indexed();
    input.components.assign(page.components().begin(), page.components().end());
    input.days = days;
    input.now = options_.uptime_clock();
    // Only the incidents that can cover the window: a page with years of history is not read whole.
    store::IncidentQuery query{url};
    query.open_at_or_after = uptime::WindowStart(input.now, days);
    ASSIGN_OR_RETURN(input.incidents, store_->ListIncidents(query));
    ASSIGN_OR_RETURN(*response, uptime::ComputeUptime(input));
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
