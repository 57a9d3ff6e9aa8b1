// Fuzz target for the detection cascade: every probe fetch of an unknown page is answered
// from the input's documents in fetch order (documents.h), or all with the one document
// when there is one; fetches past the input get a 404.
#include <cstddef>
#include <cstdint>
#include <string>

#include "providers/detect.h"
#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using statusphere::providers::Document;
  const std::vector<statusphere::fuzz::FuzzDocument> parts =
      statusphere::fuzz::SplitDocuments(statusphere::fuzz::AsText(data, size));
  size_t fetches = 0;
  auto fetch = [&](const std::string& url) {
    const size_t i = parts.size() == 1 ? 0 : fetches++;
    if (i >= parts.size()) return Document{url, 404, "text/plain", "not found"};
    return Document{url, parts[i].http_status, "", parts[i].body};
  };
  const absl::StatusOr<const statusphere::providers::Provider*> found =
      statusphere::providers::Detect("https://status.example.com", fetch);
  if (!found.ok() && found.status().code() != absl::StatusCode::kNotFound) {
    statusphere::fuzz::Fail("detect", found.status().ToString());
  }
  if (found.ok() && *found == nullptr) statusphere::fuzz::Fail("detect", "success without a provider");
  return 0;
}
