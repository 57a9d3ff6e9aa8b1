#include "common/metrics/metrics.h"

#include <thread>
#include <vector>

#include "common/metrics/text_format.h"
#include "gtest/gtest.h"

namespace statusphere::metrics {
namespace {

TEST(TextFormat, Values) {
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.005), "0.005");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(1.0 / 3), "0.33333333333333331");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatValue(0.0 / 0.0), "NaN");
}

TEST(TextFormat, Escaping) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(EscapeHelp("a\"b\\c\nd"), "a\"b\\\\c\\nd");
  EXPECT_TRUE(ValidName("statusphere_scrapes_total"));
  EXPECT_TRUE(ValidName("a:b"));
  EXPECT_FALSE(ValidName("a:b", /*label=*/true));
  EXPECT_FALSE(ValidName("1abc"));
  EXPECT_FALSE(ValidName("a-b"));
  EXPECT_FALSE(ValidName(""));
}

TEST(Registry, RendersCountersGaugesAndLabels) {
  Registry registry;
  Family<Counter>& scrapes = registry.AddCounter("t_scrapes_total", "Scrapes.", {"outcome"});
  scrapes.With({"success"}).Increment();
  scrapes.With({"success"}).Increment(2);
  scrapes.With({"fail\"ure"}).Increment();
  scrapes.With({"success"}).Increment(-5);  // ignored: counters only go up
  registry.AddGauge("t_open", "Open things.").With({}).Set(7);
  EXPECT_EQ(registry.Render(),
            "# HELP t_scrapes_total Scrapes.\n"
            "# TYPE t_scrapes_total counter\n"
            "t_scrapes_total{outcome=\"fail\\\"ure\"} 1\n"
            "t_scrapes_total{outcome=\"success\"} 3\n"
            "# HELP t_open Open things.\n"
            "# TYPE t_open gauge\n"
            "t_open 7\n");
  // The same name again is the same family.
  EXPECT_EQ(&registry.AddCounter("t_scrapes_total", "ignored", {"outcome"}), &scrapes);
}

TEST(Registry, HistogramBucketsAreCumulative) {
  Registry registry;
  Histogram& h = registry.AddHistogram("t_latency_seconds", "Latency.", {"rpc"}, {0.25, 1}).With({"Lease"});
  h.Observe(0.125);
  h.Observe(0.25);  // on the bound: counted in le="0.25"
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(registry.Render(),
            "# HELP t_latency_seconds Latency.\n"
            "# TYPE t_latency_seconds histogram\n"
            "t_latency_seconds_bucket{rpc=\"Lease\",le=\"0.25\"} 2\n"
            "t_latency_seconds_bucket{rpc=\"Lease\",le=\"1\"} 3\n"
            "t_latency_seconds_bucket{rpc=\"Lease\",le=\"+Inf\"} 4\n"
            "t_latency_seconds_sum{rpc=\"Lease\"} 7.875\n"
            "t_latency_seconds_count{rpc=\"Lease\"} 4\n");
}

TEST(Registry, SeriesBeyondTheBoundShareOneOtherSeries) {
  Registry registry;
  Family<Counter>& f = registry.AddCounter("t_requests_total", "Requests.", {"rpc", "code"}, /*max_series=*/2);
  f.With({"A", "OK"}).Increment();
  f.With({"B", "OK"}).Increment();
  f.With({"C", "OK"}).Increment();
  f.With({"D", "NOT_FOUND"}).Increment();
  f.With({"A", "OK"}).Increment();  // known series still count on their own
  const auto series = f.Series();
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].first, (Labels{"A", "OK"}));
  EXPECT_EQ(series[0].second->Value(), 2);
  EXPECT_EQ(series[2].first, (Labels{"other", "other"}));
  EXPECT_EQ(series[2].second->Value(), 2);
}

TEST(Registry, CollectorsAddGaugeFamiliesAtRender) {
  Registry registry;
  int calls = 0;
  registry.AddCollector([&calls] {
    ++calls;
    return std::vector<CollectedFamily>{{"t_page_up", "1 when up.", {"page"}, {{{"GitHub"}, 1}, {{"Stripe"}, 0}}}};
  });
  EXPECT_EQ(registry.Render(),
            "# HELP t_page_up 1 when up.\n"
            "# TYPE t_page_up gauge\n"
            "t_page_up{page=\"GitHub\"} 1\n"
            "t_page_up{page=\"Stripe\"} 0\n");
  registry.Render();
  EXPECT_EQ(calls, 2);
}

TEST(Registry, ConcurrentIncrementsAreNotLost) {
  Registry registry;
  Family<Counter>& f = registry.AddCounter("t_events_total", "Events.", {"kind"});
  Histogram& h = registry.AddHistogram("t_size_bytes", "Sizes.", {}, {10}).With({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        f.With({t % 2 == 0 ? "even" : "odd"}).Increment();
        h.Observe(i % 20);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(f.With({"even"}).Value(), 20000);
  EXPECT_EQ(f.With({"odd"}).Value(), 20000);
  const Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative[0], 22000u);  // 0..10 of every 20
  EXPECT_EQ(s.cumulative[1], 40000u);
}

}  // namespace
}  // namespace statusphere::metrics
