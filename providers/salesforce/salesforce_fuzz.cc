// Fuzz target for a provider's Parse. Salesforce Trust: the instances preview, then the localizations.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("salesforce", "https://status.salesforce.com", {
      R"([])",
      R"([])",
  });
  fuzzer->Run(data, size);
  return 0;
}
