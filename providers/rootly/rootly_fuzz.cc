// Fuzz target for a provider's Parse. Rootly: the custom domain's status.json, then its
// incidents.json.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("rootly", "https://status.example.com", {
      R"({"page":{"name":"N"},"status":{"indicator":"major"},"incidents":[]})",
      R"({"incidents":[{"name":"Down","status":"started","impact":"major","started_at":"2026-03-02T09:40:00Z","url":"https://status.example.com/incidents/a",)"
      R"("incident_updates":[{"body":"Looking","status":"investigating","created_at":"2026-03-02T09:42:00Z"}]}]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
