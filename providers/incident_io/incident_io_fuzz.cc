// Fuzz target for a provider's Parse. incident.io: the Statuspage-compatible summary and
// incidents, then the native widget API's summary and incident history.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("incident-io", "https://status.example.com", {
      R"({"page":{"id":"p"},"components":[]})",
      R"({"incidents":[]})",
      R"({"summary":{"ongoing_incidents":[],"structure":{"items":[]}}})",
      R"({"incidents":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
