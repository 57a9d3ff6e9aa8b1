#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace statusphere::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::atomic<Format> g_format{Format::kJson};

absl::string_view LevelWord(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// A text value needs quotes when a reader could not tell where it ends.
bool NeedsQuotes(absl::string_view text) {
  if (text.empty()) return true;
  for (unsigned char c : text) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return true;
  }
  return false;
}

void Write(Level level, absl::string_view event, Fields fields) {
  if (!Enabled(level)) return;
  const absl::Time now = absl::Now();
  const Format format = g_format.load(std::memory_order_relaxed);
  std::string line =
      format == Format::kJson
          ? FormatLine(format, level, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", now, absl::UTCTimeZone()), "", event,
                       fields)
          : FormatLine(format, level, "", absl::FormatTime("%H:%M:%E3S", now, absl::LocalTimeZone()), event, fields);
  line += '\n';
  // One write per line so that lines from concurrent threads never interleave.
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

std::string FormatLine(Format format, Level level, absl::string_view time_json, absl::string_view time_text,
                       absl::string_view event, Fields fields) {
  std::string line;
  if (format == Format::kJson) {
    line = absl::StrCat("{\"time\":\"", time_json, "\",\"level\":\"", LevelWord(level), "\",\"event\":\"",
                        JsonEscape(event), "\"");
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, ",\"", JsonEscape(key), "\":");
      if (value.quoted) {
        absl::StrAppend(&line, "\"", JsonEscape(value.text), "\"");
      } else {
        absl::StrAppend(&line, value.text);
      }
    }
    line += "}";
    return line;
  }
  line = absl::StrFormat("%s %-5s %s", time_text, absl::AsciiStrToUpper(LevelWord(level)), event);
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&line, " ", key, "=");
    if (value.quoted && NeedsQuotes(value.text)) {
      absl::StrAppend(&line, "\"", JsonEscape(value.text), "\"");
    } else {
      absl::StrAppend(&line, value.text);
    }
  }
  return line;
}

absl::Status Configure(absl::string_view format, absl::string_view level) {
  Format f;
  if (format == "json") {
    f = Format::kJson;
  } else if (format == "text") {
    f = Format::kText;
  } else if (format == "auto" || format.empty()) {
    f = ::isatty(STDERR_FILENO) ? Format::kText : Format::kJson;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("--log_format: '", format, "' is not text, json or auto"));
  }
  Level l;
  if (level == "debug") {
    l = Level::kDebug;
  } else if (level == "info" || level.empty()) {
    l = Level::kInfo;
  } else if (level == "warn") {
    l = Level::kWarn;
  } else if (level == "error") {
    l = Level::kError;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("--log_level: '", level, "' is not debug, info, warn or error"));
  }
  g_format = f;
  g_level = l;
  return absl::OkStatus();
}

bool Enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

std::string JsonEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
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

void Debug(absl::string_view event, Fields fields) { Write(Level::kDebug, event, fields); }
void Info(absl::string_view event, Fields fields) { Write(Level::kInfo, event, fields); }
void Warn(absl::string_view event, Fields fields) { Write(Level::kWarn, event, fields); }
void Error(absl::string_view event, Fields fields) { Write(Level::kError, event, fields); }

}  // namespace statusphere::log
