// How one fuzz input becomes the several documents a scrape fetches, so that every document
// parser of a multi-document provider is fuzzed: parts separated by kDocumentSeparator, and
// a part that starts with "status:NNN\n" answered with that HTTP status instead of 200.
#ifndef STATUSPHERE_PROVIDERS_FUZZING_DOCUMENTS_H_
#define STATUSPHERE_PROVIDERS_FUZZING_DOCUMENTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace statusphere::fuzz {

// Listed in fuzz/fuzz.dict, so libFuzzer inserts it as a whole.
inline constexpr absl::string_view kDocumentSeparator = "\n--next-document--\n";

struct FuzzDocument {
  int http_status = 200;
  std::string body;
};

// Never empty: an input without a separator is one document.
std::vector<FuzzDocument> SplitDocuments(absl::string_view input);

inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace statusphere::fuzz

#endif  // STATUSPHERE_PROVIDERS_FUZZING_DOCUMENTS_H_
