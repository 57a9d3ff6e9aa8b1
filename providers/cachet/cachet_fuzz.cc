// Fuzz target for a provider's Parse. Cachet 2.x: incidents, components, schedules.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("cachet", "https://status.example.com", {
      R"({"data":[],"meta":{"pagination":{}}})",
      R"({"data":[],"meta":{"pagination":{}}})",
      R"({"data":[],"meta":{"pagination":{}}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
