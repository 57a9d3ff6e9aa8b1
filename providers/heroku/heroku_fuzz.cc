// Fuzz target for a provider's Parse. Heroku's current-status API.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("heroku", "https://status.heroku.com", {
      R"({"status":[],"incidents":[],"scheduled":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
