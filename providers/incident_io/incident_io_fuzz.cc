// Fuzz target for a provider's Parse. incident.io: the Statuspage-compatible summary and
// incidents, then the native widget API's summary and incident history; and the home
// page's parser (flight data), which Parse reaches only when an API failed (a second fetch
// round).
#include <cstddef>
#include <cstdint>

#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"
#include "providers/fuzzing/provider_fuzzer.h"
#include "providers/incident_io/home_page.h"
#include "providers/incident_io/incident_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer =
      new statusphere::fuzz::ProviderFuzzer(*new statusphere::providers::IncidentIo(), "https://status.example.com",
                                            {
                                                R"({"page":{"id":"p"},"components":[]})",
                                                R"({"incidents":[]})",
                                                R"({"summary":{"ongoing_incidents":[],"structure":{"items":[]}}})",
                                                R"({"incidents":[]})",
                                            });
  fuzzer->Run(data, size);
  absl::StatusOr<statusphere::providers::NativeSummary> home = statusphere::providers::ParseIncidentIoHomePage(
      "https://status.example.com", "https://status.example.com", statusphere::fuzz::AsText(data, size));
  statusphere::providers::ParsedPage page;
  if (home.ok()) {
    page.components = std::move(home->components);
    page.incidents = std::move(home->incidents);
  }
  statusphere::fuzz::CheckParseResult("incident-io home page",
                                      home.ok() ? absl::StatusOr<statusphere::providers::ParsedPage>(std::move(page))
                                                : absl::StatusOr<statusphere::providers::ParsedPage>(home.status()));
  return 0;
}
