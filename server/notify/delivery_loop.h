// Runs webhook notifications inside statusphere-server: one thread fans new changes out
// into the store's outbox (woken by the ChangeNotifier, so within milliseconds of a
// report; polling once a second for changes other servers stored), and worker threads
// claim due outbox rows, send them and record the outcome. All state is in the store, so
// a restart, or another server on the same PostgreSQL, continues where this one stopped.
#ifndef STATUSPHERE_SERVER_NOTIFY_DELIVERY_LOOP_H_
#define STATUSPHERE_SERVER_NOTIFY_DELIVERY_LOOP_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/change_notifier.h"
#include "server/notify/email_target.h"
#include "server/notify/mail_sender.h"
#include "server/notify/payload.h"
#include "server/notify/retry_policy.h"
#include "server/notify/webhook_sender.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::notify {

struct DeliveryOptions {
  int workers = 2;
  RetryPolicy retry;
  SenderOptions sender;
  // How often to look for work nobody woke us for (other servers' changes, retries due).
  absl::Duration poll_interval = absl::Milliseconds(500);
  // How long a claimed row stays ours; well above the send timeout so that a slow but
  // alive sender is never overtaken.
  absl::Duration lease = absl::Minutes(2);
  // Delivered and failed notifications are kept this long (for the delivery state and for
  // people reading the table), then deleted; zero keeps them forever.
  absl::Duration retention = absl::Hours(24 * 7);
  // EMAIL digests: how much one mail carries, and the length of a digest_minutes minute
  // (a minute; tests shorten it).
  store::DigestLimits digest_limits;
  absl::Duration digest_minute = absl::Minutes(1);
  // The operator's SMTP relay (--smtp_relay), for EMAIL subscriptions whose url is
  // mailto:<recipients>; unset: such subscriptions are refused, and a stored one fails.
  std::optional<MailRelay> relay;
};

class DeliveryLoop {
 public:
  // The store and the notifier must outlive the loop.
  DeliveryLoop(store::Store* store, ChangeNotifier* changes, DeliveryOptions options);
  ~DeliveryLoop();  // Stop()

  void Start();
  // Interrupts sends in flight (they are retried later) and joins the threads.
  void Stop();

 private:
  void FanOutLoop();
  void WorkerLoop(int index);
  void Deliver(const store::Delivery& delivery, const std::string& owner);
  // One mail for the whole batch; its rows marked together.
  void DeliverDigest(const store::DigestBatch& batch, const std::string& owner);
  // Page names by url, each read once for a batch of notifications.
  using PageNames = absl::flat_hash_map<std::string, std::string>;
  Notification NotificationOf(const store::Delivery& delivery, PageNames& names);
  // Sends what `build` makes of the subscription's EMAIL target (its own server, or the
  // relay for a mailto: url).
  SendResult SendMail(const store::SubscriptionRecord& subscription,
                      const std::function<std::string(const EmailTarget&)>& build);
  // Records the outcome of sending `ids` (the first being `first`) as one attempt.
  void Finish(const std::vector<int64_t>& ids, const store::Delivery& first, const std::string& key,
              const std::string& event, const SendResult& result, double seconds, const std::string& owner);

  store::Store* store_;
  ChangeNotifier* changes_;
  DeliveryOptions options_;
  WebhookSender sender_;
  MailSender mail_sender_;          // EMAIL targets
  const std::string owner_prefix_;  // unique per process start: leases name their holder
  ChangeNotifier outbox_filled_;    // wakes workers after a fan-out
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_DELIVERY_LOOP_H_
