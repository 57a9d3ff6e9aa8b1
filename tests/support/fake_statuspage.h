// A Statuspage-shaped status page played by an HttpServer under /<name>/api/v2/...: tests
// add incidents and post updates, and the served JSON changes at once.
#ifndef STATUSPHERE_TESTS_SUPPORT_FAKE_STATUSPAGE_H_
#define STATUSPHERE_TESTS_SUPPORT_FAKE_STATUSPAGE_H_

#include <map>
#include <string>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "tests/support/http_server.h"

namespace statusphere::testing {

std::string Rfc3339(absl::Time t);
// Rfc3339 of `d` before now: when a fake page's update happened.
std::string Ago(absl::Duration d);

class FakeStatuspage {
 public:
  // With `etag`, documents carry an ETag and answer 304 to a matching If-None-Match.
  FakeStatuspage(HttpServer& site, std::string name, bool etag);

  std::string url() const;
  // The path of its summary document on the site (every scrape fetches it).
  std::string summary_path() const { return "/" + name_ + "/api/v2/summary.json"; }
  // Each document is answered after `delay`, as a slow page would.
  void set_delay(absl::Duration delay);
  void AddIncident(const std::string& id, const std::string& impact, const std::string& started);
  void PostUpdate(const std::string& id, const std::string& status, const std::string& body, const std::string& at);
  // The status its one component ("API") shows; empty (the default) derives it from the
  // incidents: partial_outage while one is open. A page may turn a component red without
  // posting an incident.
  void SetComponentStatus(const std::string& status);
  // How many incidents and updates the page shows.
  int incident_count() const { return static_cast<int>(incidents_.size()); }
  int update_count(const std::string& id) const;

 private:
  void Publish();
  void Serve(const std::string& path, const std::string& body);

  HttpServer& site_;
  std::string name_;
  bool etag_;
  absl::Duration delay_ = absl::ZeroDuration();
  int version_ = 0;
  std::string component_status_;
  std::map<std::string, nlohmann::json> incidents_;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_FAKE_STATUSPAGE_H_
