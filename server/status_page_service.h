// The public read API (StatusPageService). Validates every request, answers from the store.
// The three calls clients poll (GetCurrentStatus, ListIncidents, GetStatusPage) are served
// through gRPC's callback API on raw bytes, so that a kept answer (server/read_cache.h) is
// sent as it is: no message is copied, serialized or freed on a repeated request.
#ifndef STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_
#define STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_

#include <functional>
#include <string>

#include "absl/time/clock.h"
#include "server/call_boundary.h"
#include "server/change_notifier.h"
#include "server/rate_limiter.h"
#include "server/read_cache.h"
#include "server/store/page_status.h"
#include "server/store/store.h"
#include "server/watch/change_dispatcher.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"

namespace statusphere {

struct StatusPageServiceOptions {
  // Base of the web frontend's page links in the sitemap: <base>/status/<name>.
  std::string public_site_url = "http://localhost:3000";
  // How often watch streams re-check the store when no notification arrives (changes
  // written by other servers sharing a PostgreSQL store).
  absl::Duration watch_poll_interval = absl::Seconds(1);
  // Changes a live watch stream may have unsent; past it the stream catches up from the
  // store, or, when its client took nothing for watch_stall_limit, is ended
  // (RESOURCE_EXHAUSTED, with the cursor to resume from).
  size_t watch_max_backlog = 1000;
  absl::Duration watch_stall_limit = absl::Seconds(30);
  // Largest `limit` a ListIncidents request may ask for; no limit means the whole history.
  int max_limit = 1000;
  // Per-client request rate (a watch stream counts once, when it opens).
  RateLimitOptions rate_limit;
  // A page indexed once whose last successful scrape is older than this says UNKNOWN, with
  // the reason (store/page_status.h ApplyStaleness); the server sets it from --stale_after.
  absl::Duration stale_after = absl::InfiniteDuration();
  // What GetUptime takes as now, the end of its window (tests pin it to a capture's day).
  std::function<absl::Time()> uptime_clock = [] { return absl::Now(); };
};

// The polled calls on raw bytes (callback API), so that a kept answer is sent as the same
// bytes to every caller; WatchIncidents on the callback API too (a reactor per stream, no
// thread per stream), raw so that a change is serialized once for all its streams; every
// other call stays synchronous.
using StatusPageServiceBase = v1::StatusPageService::WithRawCallbackMethod_GetStatusPage<
    v1::StatusPageService::WithRawCallbackMethod_GetCurrentStatus<v1::StatusPageService::WithRawCallbackMethod_ListIncidents<
        v1::StatusPageService::WithRawCallbackMethod_WatchIncidents<v1::StatusPageService::Service>>>>;

class StatusPageServiceImpl final : public StatusPageServiceBase {
 public:
  // `cache` (optional) must outlive the service, and be invalidated by every write to
  // `store` (InvalidatingStore does it).
  StatusPageServiceImpl(store::Store* store, ChangeNotifier* notifier, StatusPageServiceOptions options,
                        ReadCache* cache = nullptr)
      : store_(store),
        cache_(cache),
        options_(std::move(options)),
        limiter_(options_.rate_limit),
        boundary_(CallBoundary::RateLimited(limiter_)),
        watches_(store, notifier, {.poll_interval = options_.watch_poll_interval}) {}

  grpc::Status ListStatusPages(grpc::ServerContext*, const v1::ListStatusPagesRequest*,
                               v1::ListStatusPagesResponse*) override;
  grpc::Status CountStatusPages(grpc::ServerContext*, const v1::CountStatusPagesRequest*,
                                v1::CountStatusPagesResponse*) override;
  grpc::Status SearchStatusPages(grpc::ServerContext*, const v1::SearchStatusPagesRequest*,
                                 v1::SearchStatusPagesResponse*) override;
  grpc::ServerUnaryReactor* GetStatusPage(grpc::CallbackServerContext*, const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetCurrentStatus(grpc::CallbackServerContext*, const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListIncidents(grpc::CallbackServerContext*, const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::Status GetSitemap(grpc::ServerContext*, const v1::GetSitemapRequest*,
                          v1::GetSitemapResponse*) override;
  grpc::Status GetAtomFeed(grpc::ServerContext*, const v1::GetAtomFeedRequest*, v1::GetAtomFeedResponse*) override;
  grpc::Status GetUptime(grpc::ServerContext*, const v1::GetUptimeRequest*, v1::GetUptimeResponse*) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchIncidents(grpc::CallbackServerContext*,
                                                            const grpc::ByteBuffer* request) override;
  // Ends every watch stream (UNAVAILABLE with its cursor) before the server shuts down.
  void StopWatches() { watches_.Stop(); }
  watch::ChangeDispatcher& watches() { return watches_; }  // for tests

 private:
  // A page as it is answered: its status UNKNOWN once stale, with the reason.
  void Explain(v1::StatusPage& page) const { store::ApplyStaleness(page, absl::Now(), options_.stale_after); }

  store::Store* store_;
  ReadCache* cache_;  // null: every answer is built
  StatusPageServiceOptions options_;
  RateLimiter limiter_;
  CallBoundary boundary_;  // every RPC: the rate limit, then the handler
  watch::ChangeDispatcher watches_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_
