// Fuzz target for a provider's Parse. Microsoft 365's status RSS (items with a <status>).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("microsoft-365", "https://status.cloud.microsoft", {
      R"(<rss version="2.0"><channel><title>t</title></channel></rss>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
