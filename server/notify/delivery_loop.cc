#include "server/notify/delivery_loop.h"

#include <unistd.h>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "server/notify/delivery_metrics.h"
#include "server/notify/email_message.h"
#include "server/notify/filter.h"
#include "server/notify/payload.h"

namespace statusphere::notify {
namespace {

constexpr int kFanOutBatch = 500;
// One row per claim: a lease then only has to outlast one call (--notify_lease is kept at
// twice the call timeout), never a queue of them.
constexpr int kClaimBatch = 1;
constexpr absl::Duration kPruneInterval = absl::Minutes(10);

std::string OwnerPrefix() {
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  absl::BitGen gen;
  return absl::StrFormat("%s/%d/%08x", host, ::getpid(), absl::Uniform<uint32_t>(gen));
}

}  // namespace

DeliveryLoop::DeliveryLoop(store::Store* store, ChangeNotifier* changes, DeliveryOptions options)
    : store_(store),
      changes_(changes),
      options_(std::move(options)),
      sender_(options_.sender),
      mail_sender_(options_.sender),
      owner_prefix_(OwnerPrefix()) {}

DeliveryLoop::~DeliveryLoop() { Stop(); }

void DeliveryLoop::Start() {
  threads_.emplace_back([this] { FanOutLoop(); });
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this, i] { WorkerLoop(i); });
  log::Info("notify.started", {{"workers", options_.workers}, {"owner", owner_prefix_}});
}

void DeliveryLoop::Stop() {
  if (threads_.empty()) return;
  stopping_ = true;
  changes_->Notify();
  outbox_filled_.Notify();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  log::Info("notify.stopped");
}

void DeliveryLoop::FanOutLoop() {
  absl::Time next_prune = absl::Now();
  while (!stopping_) {
    const uint64_t seen = changes_->generation();
    while (!stopping_) {
      absl::StatusOr<store::FanOut> done = store_->DispatchChanges(Matches, kFanOutBatch, absl::Now());
      if (!done.ok()) {
        log::Warn("notify.fan_out_failed", {{"error", done.status().ToString()}});
        break;
      }
      if (done->notifications > 0) {
        log::Info("notify.queued", {{"changes", done->changes}, {"notifications", done->notifications}});
        outbox_filled_.Notify();
      }
      if (done->changes < kFanOutBatch) break;  // caught up
    }
    if (options_.retention > absl::ZeroDuration() && absl::Now() >= next_prune) {
      next_prune = absl::Now() + kPruneInterval;
      absl::StatusOr<int> pruned = store_->PruneDeliveries(absl::Now() - options_.retention);
      if (!pruned.ok()) log::Warn("notify.prune_failed", {{"error", pruned.status().ToString()}});
      if (pruned.ok() && *pruned > 0) log::Info("notify.pruned", {{"notifications", *pruned}});
    }
    changes_->WaitFor(seen, options_.poll_interval);
  }
}

void DeliveryLoop::WorkerLoop(int index) {
  const std::string owner = absl::StrCat(owner_prefix_, "/", index);
  while (!stopping_) {
    const uint64_t seen = outbox_filled_.generation();
    absl::StatusOr<std::vector<store::Delivery>> claimed =
        store_->ClaimDeliveries(owner, kClaimBatch, options_.lease, absl::Now());
    if (!claimed.ok()) {
      log::Warn("notify.claim_failed", {{"error", claimed.status().ToString()}});
    } else {
      for (const store::Delivery& delivery : *claimed) Deliver(delivery, owner);
      if (!claimed->empty()) continue;  // there may be more due right away
    }
    outbox_filled_.WaitFor(seen, options_.poll_interval);
  }
}

void DeliveryLoop::Deliver(const store::Delivery& delivery, const std::string& owner) {
  const v1::Subscription& subscription = delivery.subscription.subscription;
  Notification n;
  n.kind = delivery.change.kind;
  n.incident = delivery.change.incident;
  if (delivery.change.components) n.components = WantedComponentChanges(subscription, *delivery.change.components);
  n.subscription_id = subscription.id();
  n.idempotency_key = absl::StrCat(subscription.id(), "-", delivery.change.sequence);
  n.sent_at = absl::Now();
  const std::string page_url = n.components ? n.components->status_page_url() : n.incident.status_page_url();
  absl::StatusOr<v1::StatusPage> page = store_->GetPageByUrl(page_url);
  n.page_name = page.ok() ? page->name() : page_url;

  const metrics::Stopwatch call;
  SendResult result;
  if (subscription.target().kind() == v1::WebhookTarget::EMAIL) {
    // The secret is the SMTP password.
    absl::StatusOr<EmailTarget> mail_target = ParseEmailTarget(subscription.target().url());
    if (mail_target.ok()) {
      result = mail_sender_.Send(*mail_target, delivery.subscription.secret, BuildMail(n, *mail_target), &stopping_);
    } else {
      result.permanent = true;  // validated on creation: only a hand-edited row gets here
      result.error = std::string(mail_target.status().message());
    }
  } else {
    // Sent in order, each until the first failure; a retry sends them all again (the
    // alerting targets deduplicate on their alert keys). None: delivered as it is.
    const std::vector<WebhookRequest> requests = BuildRequests(subscription.target(), n, delivery.subscription.secret);
    result.delivered = true;
    for (const WebhookRequest& request : requests) {
      result = sender_.Post(request.url, request, &stopping_);
      if (!result.delivered) break;
    }
  }
  const absl::Time now = absl::Now();
  if (result.delivered) {
    if (absl::Status s = store_->MarkDelivered(delivery.id, owner, now); !s.ok()) {
      log::Warn("notify.mark_delivered_failed", {{"subscription", subscription.id()}, {"error", s.ToString()}});
    }
    RecordAttempt("delivered", call.Seconds(), now - delivery.created);
    log::Info("notify.delivered", {{"subscription", subscription.id()},
                                   {"idempotency_key", n.idempotency_key},
                                   {"event", EventName(n)},
                                   {"attempt", delivery.attempt}});
    return;
  }
  static thread_local absl::BitGen random;
  std::optional<absl::Time> retry_at =
      result.permanent ? std::nullopt
                       : NextAttempt(options_.retry, delivery.attempt, delivery.created, now, result.http_status,
                                     result.retry_after, random);
  if (stopping_) retry_at = now;  // an interrupted attempt is not the target's fault
  if (absl::Status s = store_->MarkAttemptFailed(delivery.id, owner, result.error, retry_at, now); !s.ok()) {
    log::Warn("notify.mark_failed_failed", {{"subscription", subscription.id()}, {"error", s.ToString()}});
  }
  RecordAttempt(retry_at ? "retry" : "failed", call.Seconds(), now - delivery.created);
  log::Warn(retry_at ? "notify.attempt_failed" : "notify.gave_up",
            {{"subscription", subscription.id()},
             {"idempotency_key", n.idempotency_key},
             {"attempt", delivery.attempt},
             {"error", result.error},
             {"retry_in_ms", retry_at ? static_cast<long long>(absl::ToInt64Milliseconds(*retry_at - now)) : -1LL}});
}

}  // namespace statusphere::notify
