#include "common/metrics/metrics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "common/metrics/text_format.h"

namespace statusphere::metrics {
namespace {

void AtomicAdd(std::atomic<double>& target, double by) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + by, std::memory_order_relaxed)) {
  }
}

[[noreturn]] void Die(const char* what, const std::string& name) {
  std::fprintf(stderr, "metrics: %s: %s\n", what, name.c_str());
  std::abort();
}

// A wrong name is a programming error that promtool and Prometheus would reject later,
// far from its cause: stop at once, naming it.
void CheckName(const std::string& name, Type type, const std::vector<std::string>& label_names) {
  bool ok = ValidName(name) && (type != Type::kCounter || absl::EndsWith(name, "_total"));
  for (const std::string& label : label_names) {
    ok = ok && ValidName(label, /*label=*/true) && !absl::StartsWith(label, "__") && label != "le";
  }
  if (!ok) Die("invalid metric or label name", name);
}

}  // namespace

void Counter::Increment(double by) {
  if (by > 0) AtomicAdd(value_, by);
}

void Gauge::Add(double by) { AtomicAdd(value_, by); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // The first bucket whose bound is >= value ("le"); past the last one, +Inf.
  const size_t index = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[index].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, value);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.bounds = bounds_;
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double>* buckets =
      new std::vector<double>{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  return *buckets;
}

Registry::Entry* Registry::Find(const std::string& name) {
  for (auto& entry : entries_) {
    if (entry->name == name) return entry.get();
  }
  return nullptr;
}

Registry::Entry& Registry::Add(const std::string& name, const std::string& help, Type type) {
  auto entry = std::make_unique<Entry>();
  entry->name = name;
  entry->help = help;
  entry->type = type;
  entries_.push_back(std::move(entry));
  return *entries_.back();
}

Family<Counter>& Registry::AddCounter(const std::string& name, const std::string& help,
                                      std::vector<std::string> label_names, size_t max_series) {
  absl::MutexLock lock(&mu_);
  if (Entry* e = Find(name); e != nullptr) {
    if (e->counters != nullptr) return *e->counters;
    Die("registered twice with different types", name);
  }
  CheckName(name, Type::kCounter, label_names);
  Entry& entry = Add(name, help, Type::kCounter);
  entry.counters =
      std::make_unique<Family<Counter>>(std::move(label_names), max_series, [] { return std::make_unique<Counter>(); });
  return *entry.counters;
}

Family<Gauge>& Registry::AddGauge(const std::string& name, const std::string& help,
                                  std::vector<std::string> label_names, size_t max_series) {
  absl::MutexLock lock(&mu_);
  if (Entry* e = Find(name); e != nullptr) {
    if (e->gauges != nullptr) return *e->gauges;
    Die("registered twice with different types", name);
  }
  CheckName(name, Type::kGauge, label_names);
  Entry& entry = Add(name, help, Type::kGauge);
  entry.gauges =
      std::make_unique<Family<Gauge>>(std::move(label_names), max_series, [] { return std::make_unique<Gauge>(); });
  return *entry.gauges;
}

Family<Histogram>& Registry::AddHistogram(const std::string& name, const std::string& help,
                                          std::vector<std::string> label_names, std::vector<double> bounds,
                                          size_t max_series) {
  absl::MutexLock lock(&mu_);
  if (Entry* e = Find(name); e != nullptr) {
    if (e->histograms != nullptr) return *e->histograms;
    Die("registered twice with different types", name);
  }
  CheckName(name, Type::kHistogram, label_names);
  Entry& entry = Add(name, help, Type::kHistogram);
  entry.histograms = std::make_unique<Family<Histogram>>(
      std::move(label_names), max_series, [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); });
  return *entry.histograms;
}

void Registry::AddCollector(Collector collector) {
  absl::MutexLock lock(&mu_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::Render() const {
  std::vector<Collector> collectors;
  std::string out;
  {
    absl::MutexLock lock(&mu_);
    collectors = collectors_;
    for (const auto& entry : entries_) {
      switch (entry->type) {
        case Type::kCounter: {
          AppendHeader(out, entry->name, entry->help, "counter");
          for (const auto& [labels, c] : entry->counters->Series()) {
            AppendSample(out, entry->name, entry->counters->label_names(), labels, c->Value());
          }
          break;
        }
        case Type::kGauge: {
          AppendHeader(out, entry->name, entry->help, "gauge");
          for (const auto& [labels, g] : entry->gauges->Series()) {
            AppendSample(out, entry->name, entry->gauges->label_names(), labels, g->Value());
          }
          break;
        }
        case Type::kHistogram: {
          AppendHeader(out, entry->name, entry->help, "histogram");
          const std::vector<std::string>& names = entry->histograms->label_names();
          for (const auto& [labels, h] : entry->histograms->Series()) {
            const Histogram::Snapshot s = h->Read();
            for (size_t i = 0; i < s.bounds.size(); ++i) {
              AppendSample(out, entry->name + "_bucket", names, labels, s.cumulative[i], "le",
                           FormatValue(s.bounds[i]));
            }
            AppendSample(out, entry->name + "_bucket", names, labels, s.cumulative.back(), "le", "+Inf");
            AppendSample(out, entry->name + "_sum", names, labels, s.sum);
            AppendSample(out, entry->name + "_count", names, labels, s.cumulative.back());
          }
          break;
        }
      }
    }
  }
  // Collectors may be slow (they read the store): outside the lock, so that hooks that
  // register a metric meanwhile do not wait.
  for (const Collector& collect : collectors) {
    for (const CollectedFamily& family : collect()) {
      AppendHeader(out, family.name, family.help, "gauge");
      for (const auto& [labels, value] : family.samples)
        AppendSample(out, family.name, family.label_names, labels, value);
    }
  }
  return out;
}

Registry& DefaultRegistry() {
  static Registry* registry = new Registry;
  return *registry;
}

}  // namespace statusphere::metrics
