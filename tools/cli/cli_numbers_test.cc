// statusphere-cli sends LIMIT and --days as the typed fields (max_incidents, window_days):
// the real binary against an in-process server on 127.0.0.1. The server's refusal names
// the typed field, which is how this test tells the integer from the REST text.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/in_process_server.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

constexpr char kPage[] = "https://numbers.example.com";

// The CLI's exit code and what it printed (stdout and stderr).
using CliRun = testing::CommandRun;

CliRun RunCli(const std::string& server, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {testing::BinaryPath("tools/cli/statusphere-cli"), "--server=" + server,
                                   "--timeout_seconds=10"};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::RunCommand(argv, testing::CommandStderr::kMerged);
}

class CliNumbersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::InProcessServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    const absl::Time now = absl::Now();
    store::Store& store = server_->store();
    ASSERT_TRUE(store.AddPage({"Numbers", kPage, "atlassian-statuspage", store::PageOrigin::kAdmin}, now).ok());
    auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
    ASSERT_TRUE(leases.ok() && leases->size() == 1u);
    store::ScrapeReport report;
    for (int k = 0; k < 3; ++k) {
      v1::Incident incident;
      incident.set_id(absl::StrCat("i", k));
      incident.set_title(absl::StrCat("Incident ", k));
      incident.set_impact("major");
      *incident.mutable_start_time() = ToProto(now - absl::Hours(10 + k));
      *incident.mutable_end_time() = ToProto(now - absl::Hours(9 + k));
      report.incidents.push_back(incident);
    }
    auto applied = store.ApplyReport((*leases)[0].lease_id, report,
                                     [](const store::ScheduleInput& in) { return in.now + absl::Hours(1); }, now);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  std::unique_ptr<testing::InProcessServer> server_;
};

TEST_F(CliNumbersTest, LimitIsSentAsMaxIncidents) {
  CliRun two = RunCli(server_->address(), {"incidents", kPage, "", "2"});
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_EQ(nlohmann::json::parse(two.output)["incidents"].size(), 2u) << two.output;
  CliRun all = RunCli(server_->address(), {"incidents", kPage});
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(nlohmann::json::parse(all.output)["incidents"].size(), 3u) << all.output;

  // "--": a negative number is otherwise read as a flag.
  CliRun negative = RunCli(server_->address(), {"--", "incidents", kPage, "", "-1"});
  EXPECT_EQ(negative.exit_code, 1) << negative.output;
  EXPECT_TRUE(absl::StrContains(negative.output, "max_incidents: -1 is not a non-negative integer")) << negative.output;
  CliRun words = RunCli(server_->address(), {"incidents", kPage, "", "ten"});
  EXPECT_EQ(words.exit_code, 2) << words.output;
  EXPECT_TRUE(absl::StrContains(words.output, "LIMIT 'ten' is not an integer")) << words.output;
}

TEST_F(CliNumbersTest, DaysIsSentAsWindowDays) {
  CliRun week = RunCli(server_->address(), {"uptime", kPage, "--days=7"});
  ASSERT_EQ(week.exit_code, 0) << week.output;
  EXPECT_EQ(nlohmann::json::parse(week.output)["days"], 7) << week.output;
  CliRun unset = RunCli(server_->address(), {"uptime", kPage});
  ASSERT_EQ(unset.exit_code, 0) << unset.output;
  EXPECT_EQ(nlohmann::json::parse(unset.output)["days"], 90) << unset.output;

  CliRun too_many = RunCli(server_->address(), {"uptime", kPage, "--days=366"});
  EXPECT_EQ(too_many.exit_code, 1) << too_many.output;
  EXPECT_TRUE(absl::StrContains(too_many.output, "window_days: 366 is not a whole number of days from 1 to 365"))
      << too_many.output;
}

}  // namespace
}  // namespace statusphere
