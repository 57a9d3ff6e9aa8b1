// Fuzz target for a provider's Parse. The generic RSS / Atom feed parser (Statuspage feeds split into updates).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("rss", "https://status.example.com/history.rss", {
      R"(<rss version="2.0"><channel><title>Example</title></channel></rss>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
