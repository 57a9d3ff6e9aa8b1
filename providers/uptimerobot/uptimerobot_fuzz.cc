// Fuzz target for a provider's Parse. UptimeRobot: the monitor list (one page here).
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("uptimerobot", "https://stats.uptimerobot.com/Key1", {
      R"({"status":"ok","psp":{"perPage":30,"totalMonitors":1,"timezone":"+01:00","monitors":[
          {"monitorId":1,"statusClass":"danger","name":"API","dailyRatios":[{"ratio":"50.0","label":"warning"}]}]},
          "days":["2026-03-05"]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
