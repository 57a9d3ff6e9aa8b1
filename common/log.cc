#include "common/log.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace statusphere::log {
namespace {

void Write(absl::string_view level, absl::string_view event, Fields fields) {
  std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":\"", level, "\",\"event\":\"", JsonEscape(event), "\"");
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, ",\"", JsonEscape(key), "\":");
    if (value.quoted) {
      absl::StrAppend(&line, "\"", JsonEscape(value.text), "\"");
    } else {
      absl::StrAppend(&line, value.text);
    }
  }
  line += "}\n";
  // One write per line so that lines from concurrent threads never interleave.
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

std::string JsonEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

void Info(absl::string_view event, Fields fields) { Write("info", event, fields); }
void Warn(absl::string_view event, Fields fields) { Write("warn", event, fields); }
void Error(absl::string_view event, Fields fields) { Write("error", event, fields); }

}  // namespace statusphere::log
