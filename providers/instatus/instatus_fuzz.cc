// Fuzz target for a provider's Parse. Instatus: summary.json, v3/components.json, then the
// home page's flight data.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("instatus", "https://status.example.com", {
      R"({"page":{"status":"UP"}})",
      R"({"components":[]})",
      R"(<script>self.__next_f.push([1,"0:{\"site\":{\"components\":[]},\"activeIncidents\":[]}\n"])</script>)",
  });
  fuzzer->Run(data, size);
  return 0;
}
