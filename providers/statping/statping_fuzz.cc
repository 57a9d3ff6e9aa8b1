// Fuzz target for a provider's Parse. Statping: its services (with their incidents and
// updates), groups and messages.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("statping", "https://status.example.com", {
      R"([{"id":1,"name":"API","group_id":1,"online":false,"last_error":"2026-03-02T09:42:00Z","incidents":[{"id":7,"title":"Down","created_at":"2026-03-02T09:39:00Z","updates":[{"id":1,"message":"Looking","type":"Investigating","created_at":"2026-03-02T09:40:00Z"}]}]}])",
      R"([{"id":1,"name":"Platform"}])",
      R"([{"id":2,"title":"Upgrade","start_on":"2026-03-02T09:00:00Z","end_on":"2026-03-02T11:00:00Z","service":1}])",
  });
  fuzzer->Run(data, size);
  return 0;
}
