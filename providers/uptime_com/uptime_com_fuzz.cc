// Fuzz target for a provider's Parse. Uptime.com: the page's JSON (`<page>/ajax`), and the
// history it names. (The home page that stands in for a refused /ajax is a fallback, which
// the detection fuzz target reaches through its marker.)
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("uptime-com", "https://status.example.com", {
      R"({"error": null, "data": {"public_url": "/statuspage/x", "components": [], "global_is_operational": true}})",
      R"({"error": null, "data": {"past_incidents": []}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
