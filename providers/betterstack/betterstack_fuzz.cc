// Fuzz target for a provider's Parse. Better Stack's JSON:API index.json.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("betterstack", "https://status.example.com", {
      R"({"data":{"type":"status_page"},"included":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
