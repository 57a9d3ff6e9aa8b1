// Fuzz target for a provider's Parse. Oracle Cloud's status.json rollup and its incident feed.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("oracle-cloud", "https://ocistatus.oraclecloud.com", {
      R"({"status":{"indicator":"none","description":"All Systems Operational"}})",
      R"(<rss version="2.0"><channel><title>t</title></channel></rss>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
