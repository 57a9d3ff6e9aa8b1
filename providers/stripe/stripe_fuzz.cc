// Fuzz target for a provider's Parse. Stripe's /current/full.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("stripe", "https://status.stripe.com", {
      R"({"UptimeStatus":"up","message":""})",
  });
  fuzzer->Run(data, size);
  return 0;
}
