// Fuzz target for a provider's Parse. status.io in two rounds: the home page (for its page id), then the API document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("status-io", "https://status.example.com", {
      R"(<a href="/pages/history/5b36dc6502d06804c08349f7">History</a>)",
      R"({"result":{"status":[],"incidents":[],"maintenance":{"active":[],"upcoming":[]}}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
