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
#include "common/page_slug.h"
#include "common/page_url.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/proto_buffer_writer.h"
#include "server/api_request.h"
#include "server/atom_feed.h"
#include "server/grpc_status.h"
#include "server/metrics/rpc_metrics.h"
#include "server/store/page_token.h"
#include "server/uptime/uptime.h"
#include "server/watch/watch_reactor.h"

namespace statusphere {
namespace {

using api::ChooseDays;
using api::ChooseLimit;
using api::ParseImpacts;
using api::RequiredPageUrl;

constexpr size_t kMaxSearchResults = 10;
// ListStatusPages' page_size: larger ones are read as this (AIP-158), and a token given
// without a size continues in slices of the default.
constexpr int kMaxPageSize = 1000;
constexpr int kDefaultPageSize = 100;
constexpr size_t kMaxQueryLength = 200;
constexpr size_t kMaxNameLength = 200;
constexpr int kDefaultFeedEntries = 50;
constexpr int kMaxFeedEntries = 200;
// How far back in the change log the all-pages feed looks for recently changed incidents.
constexpr int kFeedChangeWindow = 5000;

// The answer to a request about one page names that page, as normalized here (and as the
// change log names it), in this response header: the REST gateway drops its cached answers
// of a page by it when the page changes, without normalizing URLs again.
constexpr char kPageUrlHeader[] = "statusphere-page-url";

void NameAnswerPage(grpc::ServerContextBase* context, const std::string& url) {
  context->AddInitialMetadata(kPageUrlHeader, url);
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

// The url of the page whose slug is `slug`. Slugs are not stored (they are derived from
// urls): a host's slug can only be https://<host>'s, one lookup; any other is the page
// index's (kept current by the page list's version, as search is), no longer a read of
// every page.
absl::StatusOr<std::string> PageUrlOfSlug(store::Store& store, PageFinder& finder, const std::string& slug) {
  const absl::Status unknown = absl::NotFoundError(absl::StrCat("no status page has the slug '", slug, "'"));
  if (const std::string host_url = absl::StrCat("https://", slug); PageSlug(host_url) == slug) {
    absl::StatusOr<v1::StatusPage> page = store.GetPageByUrl(host_url);
    if (absl::IsNotFound(page.status())) return unknown;
    if (!page.ok()) return page.status();
    return page->url();
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const PageIndex> index, finder.Current());
  if (std::optional<std::string> url = index->UrlOfSlug(slug)) return *url;
  return unknown;
}

// Ends a callback call at once with `status` (the answer, if any, is in its response buffer).
grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

// The answer as its serialized bytes, handed to gRPC without a copy; they live as long as
// gRPC or their other holders (the kept list) need them.
grpc::ByteBuffer SharedBytes(std::shared_ptr<const std::string> bytes) {
  auto* held = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*held)->data()), (*held)->size(),
      [](void* h) { delete static_cast<std::shared_ptr<const std::string>*>(h); }, held);
  return grpc::ByteBuffer(&slice, 1);
}

// Every idempotent call: admission (the rate limit counts every call, answered from the
// cache or not), the request decoded and validated into its cache key by `key_of`, then
// the kept answer, or a new one built by `build` (which sees what key_of validated), sent
// and kept. Errors are never kept: a page added a moment later must not stay unknown.
// `build` serializes a Response, or (the other overload) gives the serialized bytes.
template <typename Request>
grpc::ServerUnaryReactor* AnswerBytes(const CallBoundary& boundary, AnswerCache* cache, const store::Store& store,
                                      grpc::CallbackServerContext* context, const grpc::ByteBuffer& raw_request,
                                      grpc::ByteBuffer* raw_response,
                                      absl::FunctionRef<absl::StatusOr<std::string>(const Request&)> key_of,
                                      absl::FunctionRef<absl::Status(grpc::ByteBuffer&)> build) {
  return Finish(context, boundary(context, [&]() -> absl::Status {
                  Request request;
                  grpc::ByteBuffer encoded(raw_request);  // Deserialize consumes its buffer
                  if (grpc::Status parsed = grpc::SerializationTraits<Request>::Deserialize(&encoded, &request);
                      !parsed.ok()) {
                    return absl::Status(static_cast<absl::StatusCode>(parsed.error_code()), parsed.error_message());
                  }
                  ASSIGN_OR_RETURN(std::string key, key_of(request));
                  // Both taken before the store is read: an answer's age counts from the oldest data in
                  // it, and one built across a write carries the generation before it.
                  const absl::Time now = absl::Now();
                  const uint64_t generation = store.content_generation();
                  if (cache != nullptr) {
                    if (std::optional<grpc::ByteBuffer> kept = cache->Get(key, generation, now)) {
                      *raw_response = *std::move(kept);
                      return absl::OkStatus();
                    }
                  }
                  RETURN_IF_ERROR(build(*raw_response));
                  if (cache != nullptr) cache->Put(key, generation, *raw_response, now);
                  return absl::OkStatus();
                }));
}

// `response` serialized into `raw`.
template <typename Response>
absl::Status Serialize(const Response& response, grpc::ByteBuffer& raw) {
  bool own_buffer = false;
  grpc::Status encoded = grpc::SerializationTraits<Response>::Serialize(response, &raw, &own_buffer);
  if (!encoded.ok()) return absl::Status(static_cast<absl::StatusCode>(encoded.error_code()), encoded.error_message());
  return absl::OkStatus();
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* Answer(const CallBoundary& boundary, AnswerCache* cache, const store::Store& store,
                                 grpc::CallbackServerContext* context, const grpc::ByteBuffer& raw_request,
                                 grpc::ByteBuffer* raw_response,
                                 absl::FunctionRef<absl::StatusOr<std::string>(const Request&)> key_of,
                                 absl::FunctionRef<absl::Status(Response&)> build) {
  return AnswerBytes<Request>(boundary, cache, store, context, raw_request, raw_response, key_of,
                              [&](grpc::ByteBuffer& raw) -> absl::Status {
                                Response response;
                                RETURN_IF_ERROR(build(response));
                                return Serialize(response, raw);
                              });
}

}  // namespace

grpc::ServerUnaryReactor* StatusPageServiceImpl::ListStatusPages(grpc::CallbackServerContext* context,
                                                                 const grpc::ByteBuffer* request,
                                                                 grpc::ByteBuffer* response) {
  std::optional<store::PageOrderKey> after;
  int page_size = 0;
  return AnswerBytes<v1::ListStatusPagesRequest>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::ListStatusPagesRequest& r) -> absl::StatusOr<std::string> {
        if (r.page_size() < 0) {
          return absl::InvalidArgumentError(absl::StrCat("page_size: ", r.page_size(), " is negative; give 1 to ",
                                                         kMaxPageSize, ", or 0 for every page in one answer"));
        }
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(after, store::DecodePageToken(r.page_token()));
        }
        page_size = r.page_size();
        return absl::StrCat("pages|", page_size, "|", r.page_token());
      },
      [&](grpc::ByteBuffer& raw) -> absl::Status {
        // Without a page size the answer is the one it has always been: every page, in one,
        // from the entries this server keeps of it (page_list.h).
        if (page_size == 0 && !after.has_value()) {
          ASSIGN_OR_RETURN(std::shared_ptr<const std::string> whole, page_list_.Whole(absl::Now()));
          raw = SharedBytes(std::move(whole));
          return absl::OkStatus();
        }
        // A token without a page size continues in slices of the default (AIP-158: the size
        // is the client's to choose on every call, the token only says where).
        const int size = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
        ASSIGN_OR_RETURN(store::PageSlice slice, store_->ListPagesAfter(after, size));
        v1::ListStatusPagesResponse out;
        for (auto& page : slice.pages) Explain(*out.add_status_pages() = std::move(page));
        if (slice.more) {
          out.set_next_page_token(store::EncodePageToken(store::OrderKeyOf(*out.status_pages().rbegin())));
        }
        out.set_total_size(slice.total);
        return Serialize(out, raw);
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::CountStatusPages(grpc::CallbackServerContext* context,
                                                                  const grpc::ByteBuffer* request,
                                                                  grpc::ByteBuffer* response) {
  return Answer<v1::CountStatusPagesRequest, v1::CountStatusPagesResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [](const v1::CountStatusPagesRequest&) -> absl::StatusOr<std::string> { return std::string("count"); },
      [&](v1::CountStatusPagesResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(int count, store_->CountPages());
        out.set_status_page_count(count);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::SearchStatusPages(grpc::CallbackServerContext* context,
                                                                   const grpc::ByteBuffer* request,
                                                                   grpc::ByteBuffer* response) {
  std::string query;
  return Answer<v1::SearchStatusPagesRequest, v1::SearchStatusPagesResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::SearchStatusPagesRequest& r) -> absl::StatusOr<std::string> {
        if (absl::StripAsciiWhitespace(r.query()).empty()) return absl::InvalidArgumentError("query is required");
        if (r.query().size() > kMaxQueryLength) {
          return absl::InvalidArgumentError(absl::StrCat("query is longer than ", kMaxQueryLength, " characters"));
        }
        query = r.query();
        return absl::StrCat("search|", query);
      },
      [&](v1::SearchStatusPagesResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, finder_.Find(query, kMaxSearchResults));
        for (auto& page : pages) Explain(*out.add_status_pages() = std::move(page));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetStatusPage(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  std::string url, name, slug;
  return Answer<v1::GetStatusPageRequest, v1::GetStatusPageResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::GetStatusPageRequest& r) -> absl::StatusOr<std::string> {
        const bool by_url = !absl::StripAsciiWhitespace(r.status_page_url()).empty();
        const bool by_name = !absl::StripAsciiWhitespace(r.status_page_name()).empty();
        if (!r.status_page_slug().empty()) {
          // The compat API's way in (/compat/<slug>/...): the slug alone.
          if (by_url || by_name) {
            return absl::InvalidArgumentError(
                "exactly one of statusPageUrl, statusPageName and statusPageSlug is required");
          }
          if (absl::Status valid = CheckPageSlug(r.status_page_slug()); !valid.ok()) {
            return absl::InvalidArgumentError(absl::StrCat("statusPageSlug: ", valid.message()));
          }
          slug = r.status_page_slug();
          return absl::StrCat("page-slug|", slug);
        }
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
        if (!slug.empty()) {
          ASSIGN_OR_RETURN(url, PageUrlOfSlug(*store_, finder_, slug));
          NameAnswerPage(context, url);
        }
        ASSIGN_OR_RETURN(*out.mutable_status_page(),
                         url.empty() ? store_->GetPageByName(name) : store_->GetPageByUrl(url));
        Explain(*out.mutable_status_page());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetCurrentStatus(grpc::CallbackServerContext* context,
                                                                  const grpc::ByteBuffer* request,
                                                                  grpc::ByteBuffer* response) {
  std::string url;
  return Answer<v1::GetCurrentStatusRequest, v1::GetCurrentStatusResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::GetCurrentStatusRequest& r) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(url, RequiredPageUrl(r.status_page_url()));
        NameAnswerPage(context, url);
        return absl::StrCat("current|", url);
      },
      [&](v1::GetCurrentStatusResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(url));
        out.set_is_indexed(page.is_indexed());
        // The page's status, by the one rule (store/page_status.h) that StatusPage.status has.
        Explain(page);
        out.set_status(page.status());
        out.set_status_reason(page.status_reason());
        if (page.has_last_currently_scraped()) *out.mutable_last_currently_scraped() = page.last_currently_scraped();
        out.set_platform_indicator(page.platform_indicator());
        if (!page.is_indexed()) return absl::OkStatus();
        ASSIGN_OR_RETURN(std::vector<v1::Incident> open, store_->ListUnresolvedIncidents(url));
        for (auto& incident : open) *out.add_unresolved_incidents() = std::move(incident);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::ListIncidents(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  store::IncidentQuery query;
  return Answer<v1::ListIncidentsRequest, v1::ListIncidentsResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::ListIncidentsRequest& r) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(query.page_url, RequiredPageUrl(r.status_page_url()));
        NameAnswerPage(context, query.page_url);
        ASSIGN_OR_RETURN(query.impacts, ParseImpacts(r.impact()));
        ASSIGN_OR_RETURN(const api::RequestedNumber limit, ChooseLimit(r.limit(), r.max_incidents(), "max_incidents"));
        query.limit = limit.value;
        if (query.limit > options_.max_limit) {
          return absl::InvalidArgumentError(absl::StrCat(limit.field, ": ", query.limit, " is above the maximum of ",
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
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetSitemap(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Answer<v1::GetSitemapRequest, v1::GetSitemapResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [](const v1::GetSitemapRequest&) -> absl::StatusOr<std::string> { return std::string("sitemap"); },
      [&](v1::GetSitemapResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
        std::string xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
        std::string base = options_.public_site_url;
        while (!base.empty() && base.back() == '/') base.pop_back();
        for (const auto& page : pages) {
          absl::StrAppend(&xml, "  <url><loc>",
                          XmlEscape(absl::StrCat(base, "/status/", EscapePathSegment(page.name()))),
                          "</loc><changefreq>always</changefreq><priority>0.1</priority></url>\n");
        }
        xml += "</urlset>\n";
        out.set_content_type("application/xml");
        out.set_body(std::move(xml));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetAtomFeed(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  std::set<std::string> impacts;
  int limit = 0;
  std::string page_url, self_url;
  return Answer<v1::GetAtomFeedRequest, v1::GetAtomFeedResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::GetAtomFeedRequest& r) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(impacts, ParseImpacts(r.impact()));
        ASSIGN_OR_RETURN(const api::RequestedNumber requested, ChooseLimit(r.limit(), r.max_entries(), "max_entries"));
        limit = requested.value;
        if (limit > kMaxFeedEntries) {
          return absl::InvalidArgumentError(
              absl::StrCat(requested.field, ": ", limit, " is above the maximum of ", kMaxFeedEntries, " for feeds"));
        }
        if (limit == 0) limit = kDefaultFeedEntries;
        if (!absl::StripAsciiWhitespace(r.status_page_url()).empty()) {
          ASSIGN_OR_RETURN(page_url, RequiredPageUrl(r.status_page_url()));
          NameAnswerPage(context, page_url);
        }
        self_url = r.self_url();
        // The urls last, the self url (any text) at the very end.
        return absl::StrCat("feed|", absl::StrJoin(impacts, ","), "|", limit, "|", page_url.size(), "|", page_url, "|",
                            self_url);
      },
      [&](v1::GetAtomFeedResponse& out) -> absl::Status {
        AtomFeedHeader header;
        std::map<std::string, std::string> names;  // page url -> name, for entry titles
        header.self_url = self_url;
        std::vector<v1::Incident> incidents;
        if (!page_url.empty()) {
          ASSIGN_OR_RETURN(v1::StatusPage page, store_->GetPageByUrl(page_url));
          ASSIGN_OR_RETURN(incidents, store_->ListIncidents({page_url, impacts, limit}));
          names[page_url] = page.name();
          header.id = absl::StrCat("urn:statusphere:feed:", page_url);
          header.title = absl::StrCat(page.name(), " incidents");
          header.alternate_url = page_url;
        } else {
          // All pages: the incidents changed most recently, from the tail of the change log.
          ASSIGN_OR_RETURN(std::vector<v1::StatusPage> pages, store_->ListPages());
          for (const auto& page : pages) names[page.url()] = page.name();
          ASSIGN_OR_RETURN(int64_t latest, store_->LatestChangeSequence());
          ASSIGN_OR_RETURN(
              std::vector<store::ChangeRecord> changes,
              store_->ListChanges(std::max<int64_t>(0, latest - kFeedChangeWindow), "", kFeedChangeWindow));
          std::map<std::pair<std::string, std::string>, const store::ChangeRecord*> newest;  // oldest first: later wins
          for (const auto& change : changes)
            newest[{change.incident.status_page_url(), change.incident.id()}] = &change;
          std::vector<const store::ChangeRecord*> ordered;
          for (const auto& [key, change] : newest) {
            if (impacts.empty() || impacts.count(change->incident.impact())) ordered.push_back(change);
          }
          std::sort(ordered.begin(), ordered.end(),
                    [](const auto* a, const auto* b) { return a->sequence > b->sequence; });
          if (static_cast<int>(ordered.size()) > limit) ordered.resize(limit);
          for (const auto* change : ordered) incidents.push_back(change->incident);
          header.id = "urn:statusphere:feed:all";
          header.title = "All status pages: recent incidents";
        }
        out.set_content_type("application/atom+xml; charset=utf-8");
        out.set_body(RenderAtomFeed(header, incidents, names, absl::Now()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatusPageServiceImpl::GetUptime(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  std::string url;
  int days = 0;
  return Answer<v1::GetUptimeRequest, v1::GetUptimeResponse>(
      boundary_, cache_, *store_, context, *request, response,
      [&](const v1::GetUptimeRequest& r) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(url, RequiredPageUrl(r.status_page_url()));
        NameAnswerPage(context, url);
        ASSIGN_OR_RETURN(days, ChooseDays(r.days(), r.window_days(), "window_days"));
        return absl::StrCat("uptime|", days, "|", url);
      },
      [&](v1::GetUptimeResponse& out) -> absl::Status {
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
        ASSIGN_OR_RETURN(out, uptime::ComputeUptime(input));
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
    filter.components = request.include_component_changes();
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
  std::string client = limiter_.ClientOf(*context);
  if (absl::Status admitted = watch_admission_.Admit(client); !admitted.ok()) {
    return watch::WatchReactor::Refuse(ToGrpc(admitted));
  }
  return watch::WatchReactor::Start(
      context, &watches_, std::move(start->first), start->second,
      {.max_backlog = options_.watch_max_backlog, .stall_limit = options_.watch_stall_limit}, &watch_admission_,
      std::move(client));
}

}  // namespace statusphere
