// Fuzz target for a provider's Parse. Slack's status API: /current (an object) or /history (an array).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("slack", "https://slack-status.com", {
      R"([])",
  });
  fuzzer->Run(data, size);
  return 0;
}
