// Fuzz target for a provider's Parse. StatusCast: one home page of widgets (incident lists,
// the history grid); a backfill adds each listed incident's own page.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("statuscast", "https://status.example.com", {
      R"(<title>Powered by StatusCast</title><div class="widget widget-incidentlist"></div>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
