// Fuzz target for a provider's Parse. PayPal's status document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("paypal", "https://www.paypal-status.com", {
      R"({"result":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
