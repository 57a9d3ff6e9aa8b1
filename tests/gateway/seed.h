// Puts data into a running statusphere-server the way production does: pages through
// AdminService (bearer token), incidents through a ScrapeService lease and report.
#ifndef STATUSPHERE_TESTS_GATEWAY_SEED_H_
#define STATUSPHERE_TESTS_GATEWAY_SEED_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"

namespace statusphere::testing {

// One update of an incident.
struct EventSpec {
  std::string title;
  std::string description;
  absl::Time time;
};

struct IncidentSpec {
  std::string id;
  std::string impact;
  absl::Time start;
  absl::Time end = absl::InfinitePast();  // InfinitePast: still ongoing
  std::vector<EventSpec> events;          // any order; the server keeps newest first
  std::vector<std::string> components;
  // False: the platform wrote no description of its own (statusphere fills one in).
  bool with_description = true;
};

class Seeder {
 public:
  Seeder(const std::string& server_address, const std::string& admin_token);

  absl::Status AddPage(const std::string& name, const std::string& url);
  // Leases `url` (releasing any other page leased on the way) and reports a successful
  // scrape with these incidents (and these components; none leaves the stored ones).
  absl::Status ReportIncidents(const std::string& url, const std::vector<IncidentSpec>& incidents,
                               const std::vector<v1::Component>& components = {});

  static v1::Incident MakeIncident(const std::string& page_url, const IncidentSpec& spec);

 private:
  std::string admin_token_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
  std::unique_ptr<v1::ScrapeService::Stub> scrape_;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_GATEWAY_SEED_H_
