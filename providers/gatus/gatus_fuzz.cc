// Fuzz target for a provider's Parse. Gatus: the endpoint statuses, the config (its
// announcements), then the failing endpoint's own statuses with its events (a follow-up).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("gatus", "https://health.example.com", {
      R"([{"name":"api","group":"core","key":"core_api","results":[{"success":false,"errors":["timeout"],"timestamp":"2026-03-02T09:42:00Z"}]}])",
      R"({"announcements":[{"timestamp":"2026-03-02T09:50:00Z","type":"outage","message":"API down"}]})",
      R"({"name":"api","key":"core_api","results":[],"events":[{"type":"UNHEALTHY","timestamp":"2026-03-02T09:41:00Z"}]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
