// GetUptime end to end inside one process: a real capture parsed by its provider, stored in
// the SQLite store, asked for over gRPC on 127.0.0.1 with the window's end pinned to the
// capture's day; and what it costs on a page with 5,000 incidents.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "providers/atlassian_statuspage/atlassian_statuspage.h"
#include "server/server.h"
#include "server/store/sqlite/sqlite_store.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere {
namespace {

using namespace statusphere::v1;  // NOLINT

constexpr char kGitHub[] = "https://www.githubstatus.com";

absl::Time At(const std::string& text) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &t, &error)) << text << ": " << error;
  return t;
}

class UptimeServiceTest : public ::testing::Test {
 protected:
  // The server on its own in-memory store; GetUptime's now is the test's (StartServer).
  void SetUp() override {
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.admin_token = "test-admin-token-0123456789";
    options.notify = false;
    options.api.rate_limit.requests_per_second = 0;
    options.api.uptime_clock = [this] { return now_.load(); };
    auto server = StatusphereServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    store_ = &server_->store();
  }

  void TearDown() override {
    if (server_) server_->Shutdown(absl::Seconds(1));
  }

  void StartServer(absl::Time now) {
    now_ = now;
    stub_ = StatusPageService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
  }

  void Store(const std::string& name, const std::string& url, const std::vector<Incident>& incidents,
             const std::vector<Component>& components, absl::Time now) {
    ASSERT_TRUE(store_->AddPage({name, url, "atlassian-statuspage", store::PageOrigin::kAdmin}, now).ok());
    auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), now);
    ASSERT_TRUE(leases.ok() && leases->size() == 1u);
    store::ScrapeReport report;
    report.incidents = incidents;
    report.components = components;
    auto applied = store_->ApplyReport((*leases)[0].lease_id, report,
                                       [](const store::ScheduleInput& in) { return in.now + absl::Hours(1); }, now);
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_EQ(applied->created, static_cast<int>(incidents.size()));
  }

  GetUptimeResponse Uptime(const std::string& url, const std::string& days) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    GetUptimeRequest request;
    request.set_status_page_url(url);
    request.set_days(days);
    GetUptimeResponse response;
    grpc::Status status = stub_->GetUptime(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::atomic<absl::Time> now_{absl::UnixEpoch()};
  store::Store* store_ = nullptr;
  std::unique_ptr<StatusphereServer> server_;
  std::unique_ptr<StatusPageService::Stub> stub_;
};

const UptimeDay& Day(const ComponentUptime& row, const std::string& date) {
  for (const auto& day : row.days()) {
    if (day.date() == date) return day;
  }
  ADD_FAILURE() << row.name() << " has no day " << date;
  static const UptimeDay kNone;
  return kNone;
}

const ComponentUptime& Row(const GetUptimeResponse& response, const std::string& name) {
  for (const auto& row : response.components()) {
    if (row.name() == name) return row;
  }
  ADD_FAILURE() << "no component " << name;
  static const ComponentUptime kNone;
  return kNone;
}

// GitHub's incidents.json of 2026-07-31 (50 incidents back to 2026-05-28) and its summary.
// The minutes below were counted by hand from the capture's started_at/resolved_at:
// - 8vfyvq16hzh9, critical, 2026-07-19 23:34:03 to 2026-07-20 04:44:03 (API Requests,
//   Issues, Actions, Pages): 26 minutes on the 19th, 00:00-04:45 = 285 on the 20th;
// - ph5nns5y4gxj, major, 00:25-01:46 on the 20th, naming no component: inside the critical
//   one, so no partial minute; fd7j2mw8xw94, minor, 16:03:51-18:37:08: 16:03-18:38 = 155;
// - on 2026-07-16, d35pngcy6sb9 critical 09:13:51-12:20:56 (page only): 09:13-12:21 = 188;
//   gxycch3076xk major from 22:51:13 (API Requests): 69 to midnight, 15 on the 17th;
//   0f6hndclsk21 minor 21:05:43-22:04:49: 60. The page's partial minutes: 69 + 60 = 129.
TEST_F(UptimeServiceTest, GitHubCaptureOver90And365Days) {
  auto summary = testing::ReadSharedFixture("atlassian-statuspage/githubstatus-summary-2026-07-31.json");
  auto incidents = testing::ReadSharedFixture("atlassian-statuspage/githubstatus-incidents-2026-07-31.json");
  if (!summary || !incidents) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  providers::AtlassianStatuspage provider;
  auto parsed = provider.Parse(
      kGitHub,
      std::vector<providers::Documents::Entry>{
          {"summary", {std::string(kGitHub) + "/api/v2/summary.json", 200, "application/json", *summary}},
          {"incidents", {std::string(kGitHub) + "/api/v2/incidents.json", 200, "application/json", *incidents}},
          {"scheduled-maintenances",
           {std::string(kGitHub) + "/api/v2/scheduled-maintenances.json", 200, "application/json",
            "{\"scheduled_maintenances\":[]}"}}});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->incidents.size(), 50u);
  const absl::Time captured = At("2026-07-31T03:29:01Z");  // the capture's page.updated_at
  ASSERT_NO_FATAL_FAILURE(Store("GitHub", kGitHub, parsed->incidents, parsed->components, captured));
  ASSERT_NO_FATAL_FAILURE(StartServer(captured));

  for (const std::string days : {"90", "365"}) {
    SCOPED_TRACE(days);
    const GetUptimeResponse response = Uptime(kGitHub, days);
    EXPECT_EQ(response.days(), std::stoi(days));
    ASSERT_EQ(response.page().days_size(), std::stoi(days));
    EXPECT_EQ(response.page().days(response.page().days_size() - 1).date(), "2026-07-31");
    EXPECT_EQ(FromProto(response.window_start()),
              days == "90" ? At("2026-05-03T00:00:00Z") : At("2025-08-01T00:00:00Z"));
    EXPECT_TRUE(response.is_indexed());

    const ComponentUptime& page = response.page();
    EXPECT_EQ(Day(page, "2026-07-19").major_outage_minutes(), 26);
    EXPECT_EQ(Day(page, "2026-07-19").incident_count(), 1);
    EXPECT_EQ(Day(page, "2026-07-20").major_outage_minutes(), 285);
    EXPECT_EQ(Day(page, "2026-07-20").partial_outage_minutes(), 155);
    EXPECT_EQ(Day(page, "2026-07-20").incident_count(), 3);
    EXPECT_EQ(Day(page, "2026-07-16").major_outage_minutes(), 188);
    EXPECT_EQ(Day(page, "2026-07-16").partial_outage_minutes(), 129);
    EXPECT_EQ(Day(page, "2026-07-17").partial_outage_minutes(), 15);
    EXPECT_EQ(Day(page, "2026-07-31").incident_count(), 0);

    // Totals over the capture, counted minute by minute from its started_at/resolved_at (the
    // earlier of created_at and started_at, as the provider reads it): the page 1,675 minutes
    // of major and 4,287 of partial outage, Actions 999 and 520. The window holds the whole
    // days before 2026-07-31 and 03:00-03:30 of it.
    const double window_minutes = (std::stoi(days) - 1) * 1440.0 + 210;
    EXPECT_EQ(page.major_outage_minutes(), 1675);
    EXPECT_EQ(page.partial_outage_minutes(), 4287);
    EXPECT_DOUBLE_EQ(page.uptime_percent(), 100.0 * (1 - (1675 + 0.3 * 4287) / window_minutes));
    const ComponentUptime& actions = Row(response, "Actions");
    EXPECT_EQ(actions.major_outage_minutes(), 999);
    EXPECT_EQ(actions.partial_outage_minutes(), 520);
    EXPECT_DOUBLE_EQ(actions.uptime_percent(), 100.0 * (1 - (999 + 0.3 * 520) / window_minutes));
    EXPECT_EQ(Day(actions, "2026-07-19").major_outage_minutes(), 26);
    EXPECT_EQ(Day(actions, "2026-07-20").major_outage_minutes(), 285);
    EXPECT_EQ(Day(actions, "2026-07-20").partial_outage_minutes(), 0);  // the page-only major is not its
    EXPECT_EQ(Day(Row(response, "API Requests"), "2026-07-16").partial_outage_minutes(), 69);
    EXPECT_EQ(Day(Row(response, "API Requests"), "2026-07-16").major_outage_minutes(), 0);

    // The page's eleven components in the page's order, and no other name: every incident
    // names a current component.
    ASSERT_EQ(response.components_size(), static_cast<int>(parsed->components.size()));
    for (size_t i = 0; i < parsed->components.size(); ++i) {
      EXPECT_EQ(response.components(i).name(), parsed->components[i].name());
    }
    // Every incident began in either window: 11 critical, 10 major, 26 minor, 3 none.
    ASSERT_EQ(response.impacts_size(), 5);
    EXPECT_EQ(response.impacts(0).incident_count(), 11);
    EXPECT_EQ(response.impacts(0).resolved_count(), 11);
    EXPECT_EQ(response.impacts(1).incident_count(), 10);
    EXPECT_EQ(response.impacts(2).incident_count(), 26);
    EXPECT_EQ(response.impacts(3).incident_count(), 0);
    EXPECT_EQ(response.impacts(4).incident_count(), 3);
    EXPECT_GT(response.impacts(0).mean_time_to_resolve_minutes(), 26.0);
  }
  // Today only: nothing has happened on 2026-07-31 by 03:29.
  const GetUptimeResponse today = Uptime(kGitHub, "1");
  ASSERT_EQ(today.page().days_size(), 1);
  EXPECT_EQ(today.page().major_outage_minutes() + today.page().partial_outage_minutes(), 0);
  EXPECT_EQ(today.page().uptime_percent(), 100.0);
  EXPECT_EQ(today.impacts(0).incident_count(), 0);
}

// 5,000 incidents over five years, one every 8 h 45 min, 40 minutes each, impacts in turn.
// GetUptime reads only the window's incidents (the store's bounded query) and answers in a
// bounded time; the figure is printed for the report.
TEST_F(UptimeServiceTest, FiveThousandIncidentsCost) {
  const absl::Time now = At("2026-07-31T12:00:00Z");
  const char* kImpacts[] = {"critical", "major", "minor", "maintenance", "none"};
  std::vector<Component> components;
  for (int c = 0; c < 10; ++c) {
    Component component;
    component.set_id(absl::StrCat("c", c));
    component.set_name(absl::StrCat("Service ", c));
    component.set_status("operational");
    components.push_back(component);
  }
  std::vector<Incident> incidents;
  for (int k = 0; k < 5000; ++k) {
    Incident incident;
    incident.set_id(absl::StrCat("i", k));
    incident.set_title(absl::StrCat("Incident ", k));
    incident.set_impact(kImpacts[k % 5]);
    const absl::Time start = now - absl::Hours(1) - k * (absl::Hours(8) + absl::Minutes(45));
    *incident.mutable_start_time() = ToProto(start);
    *incident.mutable_end_time() = ToProto(start + absl::Minutes(40));
    incident.add_components(absl::StrCat("Service ", k % 10));
    IncidentEvent* event = incident.add_events();
    event->set_title("Resolved");
    event->set_description("Fixed.");
    *event->mutable_time() = ToProto(start + absl::Minutes(40));
    incidents.push_back(incident);
  }
  ASSERT_NO_FATAL_FAILURE(Store("Busy", "https://busy.example.com", incidents, components, now));
  ASSERT_NO_FATAL_FAILURE(StartServer(now));

  for (const std::string days : {"90", "365"}) {
    // Those that began in the window, counted here from the seed's own rule.
    const absl::Time window_start =
        absl::FromCivil(absl::ToCivilDay(now, absl::UTCTimeZone()) - (std::stoi(days) - 1), absl::UTCTimeZone());
    int expected_critical = 0;
    int64_t expected_major_minutes = 0;  // the window start may cut one
    for (int k = 0; k < 5000; k += 5) {
      const absl::Time start = FromProto(incidents[k].start_time());
      const absl::Time end = FromProto(incidents[k].end_time());
      if (start >= window_start) ++expected_critical;
      if (end > window_start) expected_major_minutes += absl::ToInt64Minutes(end - std::max(start, window_start));
    }
    Uptime("https://busy.example.com", days);  // warm
    constexpr int kRuns = 10;
    const absl::Time began = absl::Now();
    GetUptimeResponse response;
    for (int i = 0; i < kRuns; ++i) response = Uptime("https://busy.example.com", days);
    const absl::Duration each = (absl::Now() - began) / kRuns;
    std::cout << "GetUptime days=" << days << " on 5,000 incidents: " << absl::FormatDuration(each) << " per call\n";
    EXPECT_EQ(response.components_size(), 10);
    EXPECT_EQ(response.impacts(0).incident_count(), expected_critical);
    EXPECT_EQ(response.impacts(0).mean_time_to_resolve_minutes(), 40.0);
    // Critical incidents start on the minute and never overlap.
    EXPECT_EQ(response.page().major_outage_minutes(), expected_major_minutes);
    EXPECT_LT(each, absl::Seconds(2));  // generous: a loaded 2-core machine
  }
  const absl::Time began = absl::Now();
  auto everything = store_->ListIncidents({"https://busy.example.com"});
  std::cout << "ListIncidents of all 5,000 (what an unbounded read costs): "
            << absl::FormatDuration(absl::Now() - began) << "\n";
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->size(), 5000u);
}

// A typed client asks with window_days: the integer sizes the window as the REST text
// does, 0 is the default, and a value out of range is INVALID_ARGUMENT naming window_days.
TEST_F(UptimeServiceTest, TypedClientsAskWithWindowDays) {
  const absl::Time now = At("2026-07-31T12:00:00Z");
  Incident incident;
  incident.set_id("outage");
  incident.set_title("API down");
  incident.set_impact("critical");
  *incident.mutable_start_time() = ToProto(At("2026-07-30T10:00:00Z"));
  *incident.mutable_end_time() = ToProto(At("2026-07-30T11:30:00Z"));
  ASSERT_NO_FATAL_FAILURE(Store("Typed", "https://typed.example.com", {incident}, {}, now));
  ASSERT_NO_FATAL_FAILURE(StartServer(now));

  auto ask = [&](int32_t window_days, const std::string& days, GetUptimeResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    GetUptimeRequest request;
    request.set_status_page_url("https://typed.example.com");
    request.set_window_days(window_days);
    request.set_days(days);
    return stub_->GetUptime(&context, request, response);
  };
  for (int32_t window_days : {1, 7, 365}) {
    GetUptimeResponse response;
    grpc::Status status = ask(window_days, "", &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.days(), window_days);
    EXPECT_EQ(response.page().days_size(), window_days);
    EXPECT_EQ(response.page().major_outage_minutes(), window_days == 1 ? 0 : 90) << window_days;
  }
  GetUptimeResponse unset;
  ASSERT_TRUE(ask(0, "", &unset).ok());
  EXPECT_EQ(unset.days(), 90);

  for (int32_t bad : {-1, 366}) {
    GetUptimeResponse response;
    grpc::Status status = ask(bad, "", &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message(),
              absl::StrCat("window_days: ", bad, " is not a whole number of days from 1 to 365"));
  }
  GetUptimeResponse both;
  grpc::Status both_status = ask(7, "7", &both);
  EXPECT_EQ(both_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(both_status.error_message(), "days and window_days are the same setting: give only one of them");
  // The REST spelling over gRPC still answers as before.
  GetUptimeResponse text;
  grpc::Status text_status = ask(0, "0", &text);
  EXPECT_EQ(text_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(text_status.error_message(), "days: '0' is not a whole number of days from 1 to 365");
}

}  // namespace
}  // namespace statusphere
