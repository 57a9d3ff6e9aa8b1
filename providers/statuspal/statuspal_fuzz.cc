// Fuzz target for a provider's Parse. Statuspal: the page's summary.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("statuspal", "https://acme.statuspal.io", {
      R"({"status_page":{"subdomain":"acme"},"services":[{"id":1,"name":"API","children":[]}],"incidents":[]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
