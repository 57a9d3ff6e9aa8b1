#include "providers/common/json_fields.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "providers/common/utf8.h"

namespace statusphere::providers {
namespace {

const Json& EmptyArray() {
  static const Json* empty = new Json(Json::array());
  return *empty;
}

}  // namespace

// The deepest nesting of arrays and objects, found by a linear scan that skips strings.
// Cheaper than a parser callback, and it keeps hostile documents off the parser's stack.
int MaxNestingDepth(absl::string_view body) {
  int depth = 0, max_depth = 0;
  const char* p = body.data();
  const char* const end = p + body.size();
  while (p < end) {
    const char c = *p++;
    if (c == '"') {
      // Most bytes of a status document are inside strings: jump to the closing quote with
      // memchr, skipping quotes escaped by an odd run of backslashes.
      while (true) {
        const char* quote = static_cast<const char*>(std::memchr(p, '"', end - p));
        if (quote == nullptr) return max_depth;  // unterminated: the parser will say so
        const char* b = quote;
        while (b > p && b[-1] == '\\') --b;
        p = quote + 1;
        if ((quote - b) % 2 == 0) break;
      }
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

namespace {

// Any JSON value, within the depth bound.
absl::StatusOr<Json> ParseJsonValue(absl::string_view url, absl::string_view body) {
  constexpr int kMaxDepth = 64;
  if (MaxNestingDepth(body) > kMaxDepth) {
    return absl::InvalidArgumentError(absl::StrCat(url, ": JSON nested deeper than ", kMaxDepth, " levels"));
  }
  Json doc = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // The message is reported in a proto string: the snippet may cut a character or not be UTF-8.
    return absl::InvalidArgumentError(
        absl::StrCat(url, ": not valid JSON (starts with \"", ValidUtf8(body.substr(0, 40)), "\")"));
  }
  return doc;
}

}  // namespace

absl::StatusOr<Json> ParseJsonObject(absl::string_view url, absl::string_view body) {
  absl::StatusOr<Json> doc = ParseJsonValue(url, body);
  if (doc.ok() && !doc->is_object()) return absl::InvalidArgumentError(absl::StrCat(url, ": expected a JSON object"));
  return doc;
}

absl::StatusOr<Json> ParseJsonArray(absl::string_view url, absl::string_view body) {
  absl::StatusOr<Json> doc = ParseJsonValue(url, body);
  if (doc.ok() && !doc->is_array()) return absl::InvalidArgumentError(absl::StrCat(url, ": expected a JSON array"));
  return doc;
}

std::function<bool(const Document&)> JsonProbeOfShape(bool (*has_shape)(const Json&)) {
  return [has_shape](const Document& probe) {
    if (probe.http_status != 200) return false;
    absl::StatusOr<Json> json = ParseJsonObject(probe.url, probe.body);
    return json.ok() && has_shape(*json);
  };
}

std::string StringField(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

bool BoolField(const Json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

const Json& ArrayField(const Json& object, const char* key) {
  if (!object.is_object()) return EmptyArray();
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return EmptyArray();
  return *it;
}

namespace {

// Reads exactly `n` digits at `pos`.
bool Digits(absl::string_view text, size_t pos, size_t n, int64_t* out) {
  if (pos + n > text.size()) return false;
  int64_t value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// The common shape "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm)", read by hand: status
// documents carry thousands of times, and absl::ParseTime dominated the parse profile.
std::optional<absl::Time> ParseRfc3339Fast(absl::string_view t) {
  int64_t y, mo, d, h, mi, s;
  if (t.size() < 20 || !Digits(t, 0, 4, &y) || t[4] != '-' || !Digits(t, 5, 2, &mo) || t[7] != '-' ||
      !Digits(t, 8, 2, &d) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !Digits(t, 11, 2, &h) || t[13] != ':' ||
      !Digits(t, 14, 2, &mi) || t[16] != ':' || !Digits(t, 17, 2, &s)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < t.size() && t[pos] == '.') {
    int64_t scale = 100000000;
    ++pos;
    const size_t digits_start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      nanos += (t[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == digits_start) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    int64_t oh, om;
    if (!Digits(t, pos + 1, 2, &oh) || pos + 3 >= t.size() || t[pos + 3] != ':' || !Digits(t, pos + 4, 2, &om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = (t[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) return std::nullopt;
  // A leap second reads as the next second, its fraction dropped: what absl::ParseTime (the
  // slow path, and fuzz/rfc3339_fuzz's reference) does.
  if (s == 60) nanos = 0;
  const absl::CivilSecond civil(y, mo, d, h, mi, s);
  // CivilSecond normalizes out-of-range days (Feb 30 -> Mar 2): reject those instead.
  if (civil.day() != d || civil.month() != mo) return std::nullopt;
  return absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Seconds(offset_seconds) + absl::Nanoseconds(nanos);
}

}  // namespace

std::optional<absl::Time> ParseRfc3339(absl::string_view text) {
  if (std::optional<absl::Time> fast = ParseRfc3339Fast(text)) return fast;
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &error)) return t;
  return std::nullopt;
}

bool IsPlausibleTime(absl::Time t) {
  return t >= absl::FromCivil(absl::CivilSecond(1990, 1, 1), absl::UTCTimeZone()) &&
         t <= absl::Now() + absl::Hours(24 * 365 * 10);
}

absl::StatusOr<std::optional<absl::Time>> TimeField(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time string"));
  const std::string text = it->get<std::string>();
  std::optional<absl::Time> t = ParseRfc3339(text);
  if (!t) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not an RFC 3339 time: '", text, "'"));
  if (!IsPlausibleTime(*t))
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is an absurd time: '", text, "'"));
  return t;
}

}  // namespace statusphere::providers
