// Fuzz target for a provider's Parse. Zendesk's SSP services and incidents (JSON:API).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("zendesk", "https://status.zendesk.com", {
      R"({"data":[]})",
      R"({"data":[],"included":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
