// Fuzz target for a provider's Parse. PagerDuty: one home page whose JSON island holds the page.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("pagerduty", "https://status.example.com", {
      R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[],"open_incidents":[]}}</script>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
