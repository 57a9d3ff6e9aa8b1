// Fuzz target for a provider's Parse. Hund.io: its live event stream, cut after the first
// event (init_event).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("hund", "https://example.hund.io", {
      "event: init_event\ndata: {\"state\":\"degraded\",\"issues\":[{\"id\":\"a1\",\"title\":\"Down\",\"body\":\"<p>x</p>\","
      "\"label\":\"Investigating\",\"components\":[{\"id\":\"c1\",\"name\":\"API\",\"state\":\"outage\"}],"
      "\"standing\":true,\"scheduled\":false,\"created_at\":1772444400,\"updates\":[]}]}\n\n",
  });
  fuzzer->Run(data, size);
  return 0;
}
