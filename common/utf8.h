// Protobuf `string` fields must hold valid UTF-8: a message with one bad byte fails to
// serialize, and a scrape report with it would be lost whole. Status pages do send bad
// bytes (in feed titles, in the snippet an error message quotes), so reports are repaired
// before they leave the scraper: each invalid sequence becomes U+FFFD, as browsers do.
#ifndef STATUSPHERE_COMMON_UTF8_H_
#define STATUSPHERE_COMMON_UTF8_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace statusphere {

bool IsValidUtf8(absl::string_view text);

// `text` with every invalid byte sequence replaced by U+FFFD (overlong forms, surrogates
// and code points past U+10FFFF count as invalid).
std::string ToValidUtf8(absl::string_view text);

// Appends `code_point` encoded as UTF-8; a surrogate or a value past U+10FFFF becomes U+FFFD,
// so that what decoders of escapes (\uXXXX, UTF-16) append is always valid.
void AppendUtf8(uint32_t code_point, std::string& out);

// The longest prefix of `text` of at most `max_bytes` that ends on a character boundary
// (a multi-byte character is never split), for cutting vendor text to a bound.
absl::string_view Utf8Prefix(absl::string_view text, size_t max_bytes);

// Repairs every string field of `message`, recursively (repeated fields and maps too).
// Returns how many fields had to be changed.
int RepairUtf8Strings(google::protobuf::Message* message);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_UTF8_H_
