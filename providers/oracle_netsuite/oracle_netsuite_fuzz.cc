// Fuzz target for a provider's Parse. Oracle NetSuite's status.json rollup.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("oracle-netsuite", "https://status.netsuite.com", {
      R"({"status":{"indicator":"none","description":"All Systems Operational"}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
