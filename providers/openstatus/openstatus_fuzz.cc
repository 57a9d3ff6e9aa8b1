// Fuzz target for a provider's Parse. OpenStatus: the page's JSON feed.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("openstatus", "https://example.openstatus.dev", {
      R"({"status":"error","updatedAt":"2026-03-02T10:00:00.000Z","monitors":[{"id":1,"name":"API","status":"error"}],)"
      R"("pageComponents":[{"id":11,"name":"API","monitorId":1,"groupId":1}],"pageComponentGroups":[{"id":1,"name":"Platform"}],)"
      R"("maintenances":[{"id":3,"name":"Upgrade","from":"2026-03-02T09:30:00.000Z","to":"2026-03-02T11:30:00.000Z","pageComponents":[11]}],)"
      R"("statusReports":[{"id":2,"title":"Down","updatedAt":"2026-03-02T09:52:00.000Z","status":"investigating","pageComponents":[11],)"
      R"("statusReportUpdates":[{"id":5,"status":"investigating","message":"Looking","date":"2026-03-02T09:41:00.000Z"}]}]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
