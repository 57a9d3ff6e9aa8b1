// Fuzz target for a provider's Parse. Broadcom's status document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("broadcom", "https://status.broadcom.com", {
      R"({"page":{"state":"operational","state_text":"All systems are go"}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
