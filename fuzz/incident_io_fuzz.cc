// Fuzz target for a provider's Parse. incident.io's Statuspage-compatible documents: summary, incidents, scheduled maintenances.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("incident-io", "https://status.example.com", {
      R"({"page":{"id":"p"},"components":[]})",
      R"({"incidents":[]})",
      R"({"scheduled_maintenances":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
