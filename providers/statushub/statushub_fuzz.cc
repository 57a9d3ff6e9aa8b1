// Fuzz target for a provider's Parse. StatusHub's /api/statuses.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("statushub", "https://nordwind.statushub.io", {
      R"({"counters":{"count_status_1":5,"count_status_2":1,"count_status_3":0}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
