// Fuzz target for a provider's Parse. Instatus: summary.json, then v3/components.json.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("instatus", "https://status.example.com", {
      R"({"page":{"status":"UP"}})",
      R"({"components":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
