// Fuzz target for a provider's Parse. AWS: currentevents (UTF-16 or UTF-8 array) or the legacy data.json.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("aws", "https://health.aws.amazon.com/health/status", {
      R"([])",
  });
  fuzzer->Run(data, size);
  return 0;
}
