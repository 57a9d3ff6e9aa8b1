// Fuzz target for a provider's Parse. Algolia's status document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("algolia", "https://status.algolia.com", {
      R"({"global":{"status":"operational"}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
