// Logs on stderr, one line per event, in one of two formats:
//   json  {"time":"2026-11-25T04:20:00.123Z","level":"info","event":"server.started","address":"127.0.0.1:50051"}
//         for machines: log shippers parse it without patterns;
//   text  04:20:00.123 INFO  server.started address=127.0.0.1:50051
//         for people at a terminal (the default when stderr is one).
// Events below the configured level (info by default) are not written: per-page scrape
// lines are debug, a run's summary is info.
#ifndef STATUSPHERE_COMMON_LOG_H_
#define STATUSPHERE_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace statusphere::log {

// A field value; numbers are written as JSON numbers, everything else as strings.
struct Value {
  Value(absl::string_view s) : text(s), quoted(true) {}           // NOLINT: implicit on purpose
  Value(const std::string& s) : text(s), quoted(true) {}          // NOLINT
  Value(const char* s) : text(s), quoted(true) {}                 // NOLINT
  Value(int v) : text(std::to_string(v)), quoted(false) {}        // NOLINT
  Value(long v) : text(std::to_string(v)), quoted(false) {}       // NOLINT
  Value(long long v) : text(std::to_string(v)), quoted(false) {}  // NOLINT
  Value(bool v) : text(v ? "true" : "false"), quoted(false) {}    // NOLINT
  std::string text;
  bool quoted;
};

using Fields = std::initializer_list<std::pair<absl::string_view, Value>>;

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kJson, kText };

void Debug(absl::string_view event, Fields fields = {});
void Info(absl::string_view event, Fields fields = {});
void Warn(absl::string_view event, Fields fields = {});
void Error(absl::string_view event, Fields fields = {});

// Sets the format ("json", "text", or "auto": text when stderr is a terminal) and the
// lowest level written ("debug", "info", "warn", "error"). INVALID_ARGUMENT names a word
// that is neither.
absl::Status Configure(absl::string_view format, absl::string_view level);
// The same from --log_format and --log_level (common/log_flags.cc), for a program's main.
absl::Status ConfigureFromFlags();
bool Enabled(Level level);

// One event as a line in either format (without the newline; also used by tests).
std::string FormatLine(Format format, Level level, absl::string_view time_json, absl::string_view time_text,
                       absl::string_view event, Fields fields);

// Escapes text for a JSON string literal (also used by tests).
std::string JsonEscape(absl::string_view text);

}  // namespace statusphere::log

#endif  // STATUSPHERE_COMMON_LOG_H_
