// Fuzz target for a provider's Parse. Azure's status feed.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("azure", "https://azure.status.microsoft/en-us/status", {
      R"(<rss version="2.0"><channel><title>Example</title></channel></rss>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
