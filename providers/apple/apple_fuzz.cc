// Fuzz target for a provider's Parse. Apple's status document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("apple", "https://www.apple.com/support/systemstatus", {
      R"({"services":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
