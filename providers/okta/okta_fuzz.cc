// Fuzz target for a provider's Parse. Okta's home page and the JSON in its data-id elements.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("okta", "https://status.okta.com", {
      R"(<html><body><span data-id="incidents">[]</span></body></html>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
