// Fuzz target for a provider's Parse. Sorry™: the page's components, then the page with its
// notices and their updates.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("sorry", "https://example.sorryapp.com", {
      R"({"response":[{"id":1,"name":"API","state":"degraded"}]})",
      R"({"response":{"notices":[{"id":2,"type":"unplanned","state":"investigating","subject":"Down","began_at":"2026-03-02T09:41:12.104Z",)"
      R"("updates":[{"id":3,"content":"Looking","created_at":"2026-03-02T09:41:12.300Z"}]}]}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
