// Fuzz target for a provider's Parse. Uptime Kuma: /api/status-page/<slug>, then its
// heartbeat document.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("uptime-kuma", "https://status.example.com/status/prod", {
      R"({"config":{"slug":"prod"},"incident":null,"publicGroupList":[{"id":1,"name":"Services","monitorList":[{"id":1,"name":"API"}]}],"maintenanceList":[]})",
      R"({"heartbeatList":{"1":[{"status":1,"time":"2026-09-14 09:10:00.405","msg":"","ping":44}]},"uptimeList":{"1_24":1}})",
  });
  fuzzer->Run(data, size);
  return 0;
}
