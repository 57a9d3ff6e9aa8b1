// Prometheus metrics of our own: counters, gauges and histograms with fixed buckets, in
// families with a bounded set of label values, rendered in the text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
//
// Hot paths are lock-free: a series is an atomic, and code that knows its labels up front
// keeps the series' reference (`Counter& c = family.With({"success"})`). Looking a series
// up by labels takes a reader lock. A family never grows past its series bound: further
// label combinations share one series whose values are all "other", so a bug or a hostile
// input cannot blow up the number of series Prometheus has to keep.
#ifndef STATUSPHERE_COMMON_METRICS_METRICS_H_
#define STATUSPHERE_COMMON_METRICS_METRICS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace statusphere::metrics {

// Label values in the order of the family's label names.
using Labels = std::vector<std::string>;

class Counter {
 public:
  // `by` must not be negative: a counter only goes up (Prometheus reads a drop as a restart).
  void Increment(double by = 1);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double by);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds, increasing; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (== count)
    double sum = 0;
  };
  Snapshot Read() const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, 1 ms to 30 s: RPCs, store calls, fetches, webhooks.
const std::vector<double>& LatencyBuckets();

// Measures elapsed wall time on the monotonic clock.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_;
};

enum class Type { kCounter, kGauge, kHistogram };

// Series of one metric told apart by their label values.
template <typename Metric>
class Family {
 public:
  Family(std::vector<std::string> label_names, size_t max_series, std::function<std::unique_ptr<Metric>()> make)
      : label_names_(std::move(label_names)), max_series_(max_series), make_(std::move(make)) {}

  // The series with these label values (as many as the family has names), created on
  // first use. The reference stays valid for the registry's lifetime.
  Metric& With(const Labels& values);

  const std::vector<std::string>& label_names() const { return label_names_; }
  // Every series with its labels, in label order.
  std::vector<std::pair<Labels, const Metric*>> Series() const;

 private:
  const std::vector<std::string> label_names_;
  const size_t max_series_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable absl::Mutex mu_;
  std::map<Labels, std::unique_ptr<Metric>> series_ ABSL_GUARDED_BY(mu_);
};

// What a collector reports at each scrape of /metrics: a gauge family computed then
// (vendor status from the store, queue lengths) rather than kept up to date.
struct CollectedFamily {
  std::string name;
  std::string help;
  std::vector<std::string> label_names;
  std::vector<std::pair<Labels, double>> samples;
};

class Registry {
 public:
  // Registering a name again returns the family registered first (so that two hooks can
  // share a metric); names must match [a-zA-Z_:][a-zA-Z0-9_:]* and counters end in _total.
  Family<Counter>& AddCounter(const std::string& name, const std::string& help,
                              std::vector<std::string> label_names = {}, size_t max_series = kDefaultMaxSeries);
  Family<Gauge>& AddGauge(const std::string& name, const std::string& help, std::vector<std::string> label_names = {},
                          size_t max_series = kDefaultMaxSeries);
  Family<Histogram>& AddHistogram(const std::string& name, const std::string& help,
                                  std::vector<std::string> label_names, std::vector<double> bounds,
                                  size_t max_series = kDefaultMaxSeries);

  // Called on every Render, on the rendering thread; must not call back into the registry.
  using Collector = std::function<std::vector<CollectedFamily>()>;
  void AddCollector(Collector collector);

  // Every family in the text exposition format, version 0.0.4.
  std::string Render() const;

  static constexpr size_t kDefaultMaxSeries = 1000;

 private:
  struct Entry {
    std::string name;
    std::string help;
    Type type;
    std::unique_ptr<Family<Counter>> counters;
    std::unique_ptr<Family<Gauge>> gauges;
    std::unique_ptr<Family<Histogram>> histograms;
  };
  Entry* Find(const std::string& name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Entry& Add(const std::string& name, const std::string& help, Type type) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
  std::vector<Collector> collectors_ ABSL_GUARDED_BY(mu_);
};

// The process's registry: what /metrics serves and what the hooks record into.
Registry& DefaultRegistry();

// ---------------------------------------------------------------------------------------
template <typename Metric>
Metric& Family<Metric>::With(const Labels& values) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = series_.find(values); it != series_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  Labels key = values;
  key.resize(label_names_.size());
  if (auto it = series_.find(key); it != series_.end()) return *it->second;
  if (series_.size() >= max_series_) key.assign(label_names_.size(), "other");
  std::unique_ptr<Metric>& slot = series_[key];
  if (slot == nullptr) slot = make_();
  return *slot;
}

template <typename Metric>
std::vector<std::pair<Labels, const Metric*>> Family<Metric>::Series() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<std::pair<Labels, const Metric*>> out;
  out.reserve(series_.size());
  for (const auto& [labels, metric] : series_) out.emplace_back(labels, metric.get());
  return out;
}

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_COMMON_METRICS_METRICS_H_
