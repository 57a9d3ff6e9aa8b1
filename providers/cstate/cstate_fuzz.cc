// Fuzz target for a provider's Parse. cState: index.json, the issue list, then the open
// issue's own JSON (a follow-up the list names).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("cstate", "https://status.example.com", {
      R"({"is":"index","baseURL":"https://status.example.com/","summaryStatus":"down","systems":[{"name":"API","category":"Core","status":"down"}]})",
      R"({"is":"issues","pages":[{"is":"issue","title":"API down","createdAt":"2026-03-02 09:43:40 +0000 UTC","permalink":"https://status.example.com/issues/api-down/","severity":"down","resolved":false,"affected":["API"],"filename":"api-down.md"}]})",
      R"({"is":"issue","title":"API down","body":"<p><em>Investigating</em> - Looking into it.</p>","filename":"api-down.md"})",
  });
  fuzzer->Run(data, size);
  return 0;
}
