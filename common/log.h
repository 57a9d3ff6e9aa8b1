// Structured logs: one JSON object per line on stderr, e.g.
//   {"time":"2026-11-25T04:20:00.123Z","level":"info","event":"server.started","address":"127.0.0.1:50051"}
// so that log shippers parse them without patterns.
#ifndef STATUSPHERE_COMMON_LOG_H_
#define STATUSPHERE_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace statusphere::log {

// A field value; numbers are written as JSON numbers, everything else as strings.
struct Value {
  Value(absl::string_view s) : text(s), quoted(true) {}       // NOLINT: implicit on purpose
  Value(const std::string& s) : text(s), quoted(true) {}      // NOLINT
  Value(const char* s) : text(s), quoted(true) {}             // NOLINT
  Value(int v) : text(std::to_string(v)), quoted(false) {}    // NOLINT
  Value(long v) : text(std::to_string(v)), quoted(false) {}   // NOLINT
  Value(long long v) : text(std::to_string(v)), quoted(false) {}  // NOLINT
  Value(bool v) : text(v ? "true" : "false"), quoted(false) {}    // NOLINT
  std::string text;
  bool quoted;
};

using Fields = std::initializer_list<std::pair<absl::string_view, Value>>;

void Info(absl::string_view event, Fields fields = {});
void Warn(absl::string_view event, Fields fields = {});
void Error(absl::string_view event, Fields fields = {});

// Escapes text for a JSON string literal (also used by tests).
std::string JsonEscape(absl::string_view text);

}  // namespace statusphere::log

#endif  // STATUSPHERE_COMMON_LOG_H_
