#include "common/log.h"

#include "gtest/gtest.h"

namespace statusphere::log {
namespace {

TEST(Log, JsonLinesAreOneObject) {
  EXPECT_EQ(FormatLine(Format::kJson, Level::kInfo, "2026-12-01T10:00:00.000Z", "", "scraper.started",
                       {{"server", "127.0.0.1:50051"}, {"workers", 16}, {"tls", false}}),
            "{\"time\":\"2026-12-01T10:00:00.000Z\",\"level\":\"info\",\"event\":\"scraper.started\","
            "\"server\":\"127.0.0.1:50051\",\"workers\":16,\"tls\":false}");
}

TEST(Log, TextLinesAreForPeople) {
  EXPECT_EQ(
      FormatLine(
          Format::kText, Level::kWarn, "", "10:00:00.000", "scraper.report_rejected",
          {{"page", "https://status.example.com"}, {"error", "lease \"x\" expired"}, {"empty", ""}, {"attempt", 3}}),
      "10:00:00.000 WARN  scraper.report_rejected page=https://status.example.com "
      "error=\"lease \\\"x\\\" expired\" empty=\"\" attempt=3");
  // A newline in a value cannot forge a second line.
  EXPECT_EQ(FormatLine(Format::kText, Level::kDebug, "", "t", "e", {{"k", "a\nb"}}), "t DEBUG e k=\"a\\nb\"");
}

TEST(Log, ConfigureChecksWordsAndSetsTheLevel) {
  ASSERT_TRUE(Configure("json", "warn").ok());
  EXPECT_FALSE(Enabled(Level::kInfo));
  EXPECT_TRUE(Enabled(Level::kWarn));
  ASSERT_TRUE(Configure("text", "debug").ok());
  EXPECT_TRUE(Enabled(Level::kDebug));
  EXPECT_EQ(Configure("xml", "info").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Configure("json", "loud").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Enabled(Level::kDebug));          // a refused configuration changes nothing
  ASSERT_TRUE(Configure("auto", "info").ok());  // stderr of a test is no terminal: json
  EXPECT_FALSE(Enabled(Level::kDebug));
}

}  // namespace
}  // namespace statusphere::log
