// The public read API (StatusPageService). Validates every request, answers from the store.
#ifndef STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_
#define STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_

#include <string>

#include "server/call_boundary.h"
#include "server/change_notifier.h"
#include "server/rate_limiter.h"
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
};

// WatchIncidents is on the callback API (a reactor per stream, no thread per stream), in
// raw form so that a change is serialized once for all its streams; the rest is synchronous.
class StatusPageServiceImpl final
    : public statusphere::v1::StatusPageService::WithRawCallbackMethod_WatchIncidents<
          statusphere::v1::StatusPageService::Service> {
 public:
  StatusPageServiceImpl(store::Store* store, ChangeNotifier* notifier, StatusPageServiceOptions options)
      : store_(store),
        notifier_(notifier),
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
  grpc::Status GetStatusPage(grpc::ServerContext*, const v1::GetStatusPageRequest*,
                             v1::GetStatusPageResponse*) override;
  grpc::Status GetCurrentStatus(grpc::ServerContext*, const v1::GetCurrentStatusRequest*,
                                v1::GetCurrentStatusResponse*) override;
  grpc::Status ListIncidents(grpc::ServerContext*, const v1::ListIncidentsRequest*,
                             v1::ListIncidentsResponse*) override;
  grpc::Status GetSitemap(grpc::ServerContext*, const v1::GetSitemapRequest*,
                          v1::GetSitemapResponse*) override;
  grpc::Status GetAtomFeed(grpc::ServerContext*, const v1::GetAtomFeedRequest*, v1::GetAtomFeedResponse*) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchIncidents(grpc::CallbackServerContext*,
                                                            const grpc::ByteBuffer* request) override;
  // Ends every watch stream (UNAVAILABLE with its cursor) before the server shuts down.
  void StopWatches() { watches_.Stop(); }
  watch::ChangeDispatcher& watches() { return watches_; }  // for tests

 private:
  store::Store* store_;
  ChangeNotifier* notifier_;
  StatusPageServiceOptions options_;
  RateLimiter limiter_;
  CallBoundary boundary_;  // every RPC: the rate limit, then the handler
  watch::ChangeDispatcher watches_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_
