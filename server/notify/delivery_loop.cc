#include "server/notify/delivery_loop.h"

#include <unistd.h>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "server/notify/delivery_metrics.h"
#include "server/notify/email_digest.h"
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
    // Digest windows close with time, not with a fan-out: looked for on every round.
    absl::StatusOr<store::DigestBatch> digest =
        store_->ClaimDigest(owner, options_.digest_limits, options_.digest_minute, options_.lease, absl::Now());
    if (!digest.ok()) {
      log::Warn("notify.claim_digest_failed", {{"error", digest.status().ToString()}});
    } else if (!digest->deliveries.empty()) {
      DeliverDigest(*digest, owner);
      continue;
    }
    outbox_filled_.WaitFor(seen, options_.poll_interval);
  }
}

Notification DeliveryLoop::NotificationOf(const store::Delivery& delivery, PageNames& names) {
  const v1::Subscription& subscription = delivery.subscription.subscription;
  Notification n;
  n.kind = delivery.change.kind;
  n.incident = delivery.change.incident;
  if (delivery.change.components) n.components = WantedComponentChanges(subscription, *delivery.change.components);
  n.subscription_id = subscription.id();
  n.idempotency_key = absl::StrCat(subscription.id(), "-", delivery.change.sequence);
  n.sent_at = absl::Now();
  const std::string page_url = n.components ? n.components->status_page_url() : n.incident.status_page_url();
  auto [name, unread] = names.try_emplace(page_url);
  if (unread) {
    absl::StatusOr<v1::StatusPage> page = store_->GetPageByUrl(page_url);
    name->second = page.ok() ? page->name() : page_url;
  }
  n.page_name = name->second;
  return n;
}

SendResult DeliveryLoop::SendMail(const store::SubscriptionRecord& subscription,
                                  const std::function<std::string(const EmailTarget&)>& build) {
  SendResult result;
  const std::string& url = subscription.subscription.target().url();
  if (IsRelayTarget(url)) {
    absl::StatusOr<std::vector<std::string>> to = ParseRelayRecipients(url);
    if (!options_.relay || !to.ok()) {
      result.permanent = true;  // validated on creation: only a server without its relay gets here
      result.error =
          to.ok() ? "this server has no --smtp_relay for mailto: targets" : std::string(to.status().message());
      return result;
    }
    EmailTarget target = options_.relay->target;
    target.to = *to;
    return mail_sender_.Send(target, options_.relay->password, build(target), &stopping_);
  }
  // The secret is the SMTP password.
  absl::StatusOr<EmailTarget> target = ParseEmailTarget(url);
  if (!target.ok()) {
    result.permanent = true;  // validated on creation: only a hand-edited row gets here
    result.error = std::string(target.status().message());
    return result;
  }
  return mail_sender_.Send(*target, subscription.secret, build(*target), &stopping_);
}

void DeliveryLoop::Deliver(const store::Delivery& delivery, const std::string& owner) {
  const v1::Subscription& subscription = delivery.subscription.subscription;
  PageNames names;
  const Notification n = NotificationOf(delivery, names);
  const metrics::Stopwatch call;
  SendResult result;
  if (subscription.target().kind() == v1::WebhookTarget::EMAIL) {
    result = SendMail(delivery.subscription, [&](const EmailTarget& target) { return BuildMail(n, target); });
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
  Finish({delivery.id}, delivery, n.idempotency_key, EventName(n), result, call.Seconds(), owner);
}

void DeliveryLoop::DeliverDigest(const store::DigestBatch& batch, const std::string& owner) {
  std::vector<Notification> events;
  std::vector<int64_t> ids;
  PageNames names;  // a digest's events are mostly of a few pages: each read once
  for (const store::Delivery& delivery : batch.deliveries) {
    events.push_back(NotificationOf(delivery, names));
    ids.push_back(delivery.id);
  }
  const store::Delivery& first = batch.deliveries.front();
  const metrics::Stopwatch call;
  const SendResult result = SendMail(
      first.subscription, [&](const EmailTarget& target) { return BuildDigestMail(events, batch.held_back, target); });
  Finish(ids, first, absl::StrCat(events.front().idempotency_key, "+", events.size() - 1), "digest", result,
         call.Seconds(), owner);
}

void DeliveryLoop::Finish(const std::vector<int64_t>& ids, const store::Delivery& first, const std::string& key,
                          const std::string& event, const SendResult& result, double seconds,
                          const std::string& owner) {
  const std::string& subscription = first.subscription.subscription.id();
  const absl::Time now = absl::Now();
  if (result.delivered) {
    if (absl::Status s = store_->MarkDelivered(ids, owner, now); !s.ok()) {
      log::Warn("notify.mark_delivered_failed", {{"subscription", subscription}, {"error", s.ToString()}});
    }
    RecordAttempt("delivered", seconds, now - first.created);
    log::Info("notify.delivered", {{"subscription", subscription},
                                   {"idempotency_key", key},
                                   {"event", event},
                                   {"notifications", static_cast<int>(ids.size())},
                                   {"attempt", first.attempt}});
    return;
  }
  static thread_local absl::BitGen random;
  std::optional<absl::Time> retry_at = result.permanent ? std::nullopt
                                                        : NextAttempt(options_.retry, first.attempt, first.created, now,
                                                                      result.http_status, result.retry_after, random);
  if (stopping_) retry_at = now;  // an interrupted attempt is not the target's fault
  if (absl::Status s = store_->MarkAttemptFailed(ids, owner, result.error, retry_at, now); !s.ok()) {
    log::Warn("notify.mark_failed_failed", {{"subscription", subscription}, {"error", s.ToString()}});
  }
  RecordAttempt(retry_at ? "retry" : "failed", seconds, now - first.created);
  log::Warn(retry_at ? "notify.attempt_failed" : "notify.gave_up",
            {{"subscription", subscription},
             {"idempotency_key", key},
             {"attempt", first.attempt},
             {"error", result.error},
             {"retry_in_ms", retry_at ? static_cast<long long>(absl::ToInt64Milliseconds(*retry_at - now)) : -1LL}});
}

}  // namespace statusphere::notify
