// Fuzz target for a provider's Parse. Hyperping: api.hyperping.io's status.json of the page.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("hyperping", "https://example.hyperping.app", {
      R"({"name":"N","indicator":"partialoutage","services":[{"name":"API","indicator":"down"},{"name":"Web","indicator":"up"}]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
