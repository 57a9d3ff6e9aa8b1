// Statuspage-shaped status pages for the dashboard test, served by one HttpServer under
// /<slug>/api/v2/...: grouped components with their statuses, open and resolved incidents
// with several updates. A change is served at once; the scraper picks it up on its next visit.
#ifndef STATUSPHERE_TESTS_DASHBOARD_VENDOR_SITE_H_
#define STATUSPHERE_TESTS_DASHBOARD_VENDOR_SITE_H_

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/support/http_server.h"

namespace statusphere::testing {

struct VendorComponent {
  std::string name;
  std::string status;  // operational, partial_outage, ...
  std::string group;   // "" when ungrouped
};

struct VendorUpdate {
  std::string status;  // investigating, identified, monitoring, resolved
  std::string body;
  std::string at;  // RFC 3339
};

struct VendorIncident {
  std::string id;
  std::string title;
  std::string impact;  // minor, major, critical
  std::vector<std::string> components;
  std::vector<VendorUpdate> updates;  // oldest first; a last "resolved" one resolves it
};

class VendorSite {
 public:
  VendorSite(HttpServer& server, std::string slug) : server_(server), slug_(std::move(slug)) {}
  std::string url() const { return server_.Url("/" + slug_); }

  void SetComponents(std::vector<VendorComponent> components);
  void AddIncident(VendorIncident incident);
  void Publish();

 private:
  HttpServer& server_;
  std::string slug_;
  std::vector<VendorComponent> components_;
  std::vector<VendorIncident> incidents_;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_DASHBOARD_VENDOR_SITE_H_
