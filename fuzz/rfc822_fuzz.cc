// Fuzz target for RSS's RFC 822 dates ("Wed, 01 Jan 2014 09:09:00 -0800").
#include <cstddef>
#include <cstdint>

#include "providers/feed/feed_parser.h"
#include "providers/fuzzing/documents.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusphere::providers::ParseRfc822(statusphere::fuzz::AsText(data, size));
  return 0;
}
