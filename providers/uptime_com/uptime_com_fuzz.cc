// Fuzz target for a provider's Parse. Uptime.com: one home page whose script starts the
// status page's controller with the page's state.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("uptime-com", "https://status.example.com", {
      R"(<script>createElement(StatusPageDisplayController, {"statuspage": {"components": [], "global_is_operational": true}})</script>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
