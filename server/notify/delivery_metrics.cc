#include "server/notify/delivery_metrics.h"

#include <string>

#include "common/metrics/metrics.h"

namespace statusphere::notify {

void RecordAttempt(absl::string_view outcome, double call_seconds, absl::Duration since_queued) {
  static metrics::Family<metrics::Counter>& attempts = metrics::DefaultRegistry().AddCounter(
      "statusphere_notification_attempts_total",
      "Webhook calls made, by outcome: delivered, retry (failed, tried again later), failed (given up).", {"outcome"});
  static metrics::Family<metrics::Histogram>& call = metrics::DefaultRegistry().AddHistogram(
      "statusphere_notification_call_duration_seconds", "Duration of one webhook call, by outcome.", {"outcome"},
      metrics::LatencyBuckets());
  static metrics::Histogram& delay =
      metrics::DefaultRegistry()
          .AddHistogram("statusphere_notification_delivery_delay_seconds",
                        "From a change's fan-out into the outbox to its delivery (retries included).", {},
                        {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400})
          .With({});
  const std::string label(outcome);
  attempts.With({label}).Increment();
  call.With({label}).Observe(call_seconds);
  if (outcome == "delivered") delay.Observe(absl::ToDoubleSeconds(since_queued));
}

}  // namespace statusphere::notify
