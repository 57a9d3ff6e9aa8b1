// Fuzz target for a provider's Parse. StatusCake's public report.
#include <cstddef>
#include <cstdint>

#include "fuzz/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer("statuscake", "https://uptime.statuscake.com/?TestID=Nw3xAmpl3Q", {
      R"({"TestData":[{"Status":"Up"},{"Status":"Down"}]})",
  });
  fuzzer->Run(data, size);
  return 0;
}
