// Fuzz target for a provider's Parse. Adobe's status document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("adobe", "https://status.adobe.com", {
      R"({"incidentEvent":{"incidents":{}},"maintenanceEvent":{"maintenance":{}}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
