// The Store conformance suite, continued: the incidents that can cover a time window
// (IncidentQuery.open_at_or_after), read without the rest of a page's history.
#include <optional>
#include <string>
#include <vector>

#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

Incident Window(const std::string& id, absl::Time start, std::optional<absl::Time> end,
                const std::string& impact = "minor") {
  Incident i;
  i.set_id(id);
  i.set_title("Incident " + id);
  i.set_impact(impact);
  *i.mutable_start_time() = ToProto(start);
  if (end) *i.mutable_end_time() = ToProto(*end);
  return i;
}

std::vector<std::string> Ids(const absl::StatusOr<std::vector<Incident>>& incidents) {
  std::vector<std::string> ids;
  if (!incidents.ok()) {
    ADD_FAILURE() << incidents.status();
    return ids;
  }
  for (const auto& incident : *incidents) ids.push_back(incident.id());
  return ids;
}

TEST_P(StoreConformanceTest, IncidentsOpenAtOrAfterATimeLeaveOutOlderHistory) {
  const std::string url = "https://a.example";
  ASSERT_TRUE(store_->AddPage({"A", url, "", PageOrigin::kAdmin}, kT0).ok());
  const absl::Time since = kT0 - absl::Hours(24);
  ScrapeReport report;
  report.outcome = ScrapeReport::Outcome::kSuccess;
  report.incidents = {
      Window("ancient", kT0 - absl::Hours(24 * 400), kT0 - absl::Hours(24 * 399)),
      Window("ended-before", since - absl::Hours(3), since - absl::Seconds(1)),
      Window("ends-at", since - absl::Hours(2), since),
      Window("cut", since - absl::Hours(1), since + absl::Hours(1), "critical"),
      Window("inside", kT0 - absl::Hours(2), kT0 - absl::Hours(1), "maintenance"),
      Window("open-for-years", kT0 - absl::Hours(24 * 800), std::nullopt, "major"),
      // End before start (a page's typo): it starts in the window, so it is read.
      Window("backwards", kT0 - absl::Hours(3), since - absl::Hours(5)),
  };
  auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0);
  ASSERT_TRUE(leases.ok() && leases->size() == 1u);
  ASSERT_TRUE(store_
                  ->ApplyReport((*leases)[0].lease_id, report,
                                [](const ScheduleInput& in) { return in.now + absl::Minutes(5); }, kT0)
                  .ok());

  IncidentQuery query{url};
  query.open_at_or_after = since;
  // Newest start first, as every list.
  EXPECT_EQ(Ids(store_->ListIncidents(query)),
            (std::vector<std::string>{"inside", "backwards", "cut", "ends-at", "open-for-years"}));
  query.impacts = {"critical", "major"};
  EXPECT_EQ(Ids(store_->ListIncidents(query)), (std::vector<std::string>{"cut", "open-for-years"}));
  query.impacts = {};
  query.limit = 2;
  EXPECT_EQ(Ids(store_->ListIncidents(query)), (std::vector<std::string>{"inside", "backwards"}));
  // Without the bound, the whole history.
  EXPECT_EQ(store_->ListIncidents({url})->size(), 7u);
  query = IncidentQuery{"https://nope.example"};
  query.open_at_or_after = since;
  EXPECT_EQ(store_->ListIncidents(query).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace statusphere::store
