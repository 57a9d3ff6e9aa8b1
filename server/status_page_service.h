// The public read API (StatusPageService). Validates every request, answers from the store.
// Every call is served through gRPC's callback API on raw bytes, one convention for all:
// the idempotent ones through the answer cache (server/answer_cache.h), so that a kept
// answer is sent as it is (no message is copied, serialized or freed on a repeated
// request), and the watch as a reactor per stream.
#ifndef STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_
#define STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_

#include <functional>
#include <string>

#include "absl/time/clock.h"
#include "common/page_slug.h"
#include "server/answer_cache.h"
#include "server/call_boundary.h"
#include "server/change_notifier.h"
#include "server/page_explain.h"
#include "server/page_finder.h"
#include "server/page_list.h"
#include "server/rate_limiter.h"
#include "server/store/page_status.h"
#include "server/store/sql/sql_store.h"
#include "server/watch/change_dispatcher.h"
#include "server/watch/watch_admission.h"
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
  // Watch streams open at once, per client (as the rate limit tells them apart) and in all
  // (0: no bound); past either a new stream gets RESOURCE_EXHAUSTED.
  int watch_max_streams_per_client = 100;
  int watch_max_streams = 20000;
  // A stream further behind than this many changes, or than the retained change log,
  // gets a RESET and goes on from the newest change.
  int64_t watch_max_replay = 10000;
  // How long changes are kept for resuming streams (0 keeps them all).
  absl::Duration change_retention = absl::Hours(24);
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

// Every method on raw bytes (callback API): an answer is kept and sent as the same bytes
// to every caller, and a watch change is serialized once for all its streams. No thread
// per call or stream.
namespace raw {
using v1::StatusPageService;
using Base =
    StatusPageService::WithRawCallbackMethod_ListStatusPages<StatusPageService::WithRawCallbackMethod_CountStatusPages<
        StatusPageService::WithRawCallbackMethod_SearchStatusPages<
            StatusPageService::WithRawCallbackMethod_GetStatusPage<
                StatusPageService::WithRawCallbackMethod_GetCurrentStatus<
                    StatusPageService::WithRawCallbackMethod_ListIncidents<
                        StatusPageService::WithRawCallbackMethod_GetSitemap<
                            StatusPageService::WithRawCallbackMethod_GetAtomFeed<
                                StatusPageService::WithRawCallbackMethod_GetUptime<
                                    StatusPageService::WithRawCallbackMethod_WatchIncidents<
                                        StatusPageService::Service>>>>>>>>>>;
}  // namespace raw
using StatusPageServiceBase = raw::Base;

class StatusPageServiceImpl final : public StatusPageServiceBase {
 public:
  // `cache` (optional) must outlive the service; it keeps answers by `store`'s content
  // generation, so every write to the store is seen without being told.
  StatusPageServiceImpl(store::Store* store, ChangeNotifier* notifier, StatusPageServiceOptions options,
                        AnswerCache* cache = nullptr)
      : store_(store),
        cache_(cache),
        finder_(store),
        page_list_(store, options.stale_after),
        options_(std::move(options)),
        limiter_(options_.rate_limit),
        boundary_(CallBoundary::RateLimited(limiter_)),
        watches_(store, notifier,
                 {.poll_interval = options_.watch_poll_interval,
                  .max_replay = options_.watch_max_replay,
                  .change_retention = options_.change_retention}),
        watch_admission_({.per_client = options_.watch_max_streams_per_client, .total = options_.watch_max_streams}) {}

  using Unary = grpc::ServerUnaryReactor*;
  using Context = grpc::CallbackServerContext;
  using Bytes = grpc::ByteBuffer;
  Unary ListStatusPages(Context*, const Bytes* request, Bytes* response) override;
  Unary CountStatusPages(Context*, const Bytes* request, Bytes* response) override;
  Unary SearchStatusPages(Context*, const Bytes* request, Bytes* response) override;
  Unary GetStatusPage(Context*, const Bytes* request, Bytes* response) override;
  Unary GetCurrentStatus(Context*, const Bytes* request, Bytes* response) override;
  Unary ListIncidents(Context*, const Bytes* request, Bytes* response) override;
  Unary GetSitemap(Context*, const Bytes* request, Bytes* response) override;
  Unary GetAtomFeed(Context*, const Bytes* request, Bytes* response) override;
  Unary GetUptime(Context*, const Bytes* request, Bytes* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchIncidents(grpc::CallbackServerContext*,
                                                             const grpc::ByteBuffer* request) override;
  // Ends every watch stream (UNAVAILABLE with its cursor) before the server shuts down.
  void StopWatches() { watches_.Stop(); }
  watch::ChangeDispatcher& watches() { return watches_; }                // for tests
  watch::WatchAdmission& watch_admission() { return watch_admission_; }  // for tests

 private:
  // A page as it is answered: its status UNKNOWN once stale, with the reason, and its slug.
  void Explain(v1::StatusPage& page) const { ExplainPage(page, absl::Now(), options_.stale_after); }

  store::Store* store_;
  AnswerCache* cache_;  // null: every answer is built
  PageFinder finder_;   // SearchStatusPages, and the slugs that are not a host
  PageList page_list_;  // ListStatusPages without a page size: every page
  StatusPageServiceOptions options_;
  RateLimiter limiter_;
  CallBoundary boundary_;  // every RPC: the rate limit, then the handler
  watch::ChangeDispatcher watches_;
  watch::WatchAdmission watch_admission_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_STATUS_PAGE_SERVICE_H_
