// Fuzz target for a provider's Parse. Upptime in two rounds: the website's home page (for its
// repository), then the repository's history/summary.json.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("upptime", "https://status.example.com", {
      R"(<footer><a href="https://github.com/acme/status">open source</a> <a href="https://upptime.js.org">Upptime</a></footer>)",
      R"([{"name":"API","slug":"api","status":"up","dailyMinutesDown":{"2026-02-01":30}}])",
  });
  fuzzer->Run(data, size);
  return 0;
}
