#include "providers/common/flight_data.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/common/html_document.h"
#include "providers/common/utf8.h"

namespace statusphere::providers {
namespace {

constexpr absl::string_view kPushCall = "self.__next_f.push(";

// `digits` hex digits at text[at...], or -1.
int64_t HexAt(absl::string_view text, size_t at, size_t digits) {
  if (at + digits > text.size()) return -1;
  uint32_t value = 0;
  for (size_t i = at; i < at + digits; ++i) {
    const char c = text[i];
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return -1;
    value = value * 16 + (absl::ascii_isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return value;
}

bool IsLineTerminator(absl::string_view text, size_t at) {
  // \n, \r, and U+2028 / U+2029 (E2 80 A8 / A9), which end a line inside JS literals too.
  if (text[at] == '\n' || text[at] == '\r') return true;
  return text.substr(at, 3) == "\xE2\x80\xA8" || text.substr(at, 3) == "\xE2\x80\xA9";
}

// Replaces React's string encodings in every string of `value`, without recursion.
void UndoReactStrings(Json& value) {
  std::vector<Json*> pending = {&value};
  while (!pending.empty()) {
    Json* v = pending.back();
    pending.pop_back();
    if (v->is_string()) {
      const std::string& s = v->get_ref<const std::string&>();
      if (s == "$undefined") {
        *v = nullptr;
      } else if (absl::StartsWith(s, "$$")) {
        *v = s.substr(1);
      }
    } else if (v->is_structured()) {
      for (auto& child : *v) pending.push_back(&child);
    }
  }
}

}  // namespace

absl::StatusOr<std::string> DecodeJsStringLiteral(absl::string_view text, size_t* consumed) {
  if (text.empty() || (text[0] != '"' && text[0] != '\'')) {
    return absl::InvalidArgumentError("a JS string literal must start with a quote");
  }
  const char quote = text[0];
  std::string out;
  size_t i = 1;
  while (true) {
    if (i >= text.size()) return absl::InvalidArgumentError("unterminated JS string literal");
    const char c = text[i];
    if (c == quote) break;
    if (IsLineTerminator(text, i)) return absl::InvalidArgumentError("line break inside a JS string literal");
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= text.size()) return absl::InvalidArgumentError("unterminated escape in a JS string literal");
    const char e = text[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        // \0 only when no digit follows: \01 is a legacy octal escape, refused in strict code.
        if (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
          return absl::InvalidArgumentError("octal escape in a JS string literal");
        }
        out += '\0';
        break;
      case 'x': {
        const int64_t v = HexAt(text, i, 2);
        if (v < 0) return absl::InvalidArgumentError("bad \\x escape in a JS string literal");
        AppendUtf8(static_cast<uint32_t>(v), out);
        i += 2;
        break;
      }
      case 'u': {
        uint32_t cp;
        if (i < text.size() && text[i] == '{') {
          const size_t close = text.find('}', i);
          if (close == absl::string_view::npos || close == i + 1 || close - i - 1 > 6) {
            return absl::InvalidArgumentError("bad \\u{...} escape in a JS string literal");
          }
          const int64_t v = HexAt(text, i + 1, close - i - 1);
          if (v < 0 || v > 0x10FFFF) return absl::InvalidArgumentError("bad \\u{...} escape in a JS string literal");
          cp = static_cast<uint32_t>(v);
          i = close + 1;
        } else {
          const int64_t v = HexAt(text, i, 4);
          if (v < 0) return absl::InvalidArgumentError("bad \\u escape in a JS string literal");
          cp = static_cast<uint32_t>(v);
          i += 4;
          // A high surrogate followed by an escaped low one is one code point (JS strings
          // are UTF-16).
          if (cp >= 0xD800 && cp <= 0xDBFF && text.substr(i, 2) == "\\u") {
            const int64_t low = HexAt(text, i + 2, 4);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
              i += 6;
            }
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      case '\r':
        if (i < text.size() && text[i] == '\n') ++i;  // \ CR LF continues the line too
        break;
      case '\n':
        break;
      default:
        if (absl::ascii_isdigit(static_cast<unsigned char>(e))) {
          return absl::InvalidArgumentError("octal escape in a JS string literal");
        }
        if (IsLineTerminator(text, i - 1)) {  // \ U+2028 / U+2029: a continuation
          i += 2;
          break;
        }
        out += e;  // \" \' \\ \/ and every other character stand for themselves
    }
  }
  if (consumed != nullptr) *consumed = i + 1;
  return out;
}

namespace {

// Appends the text of one inline script's `self.__next_f.push([1, "..."])` to `payload`;
// `found` is set for any push call (a page of bootstrap chunks only is still flight data).
absl::Status AppendFlightChunk(absl::string_view script, bool* found, std::string* payload) {
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(script);
  if (!absl::ConsumePrefix(&rest, kPushCall)) return absl::OkStatus();
  *found = true;
  rest = absl::StripLeadingAsciiWhitespace(rest);
  if (!absl::ConsumePrefix(&rest, "[")) return absl::InvalidArgumentError("a flight data chunk is not an array");
  rest = absl::StripLeadingAsciiWhitespace(rest);
  size_t digits = 0;
  while (digits < rest.size() && absl::ascii_isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  int kind = 0;
  if (digits == 0 || digits > 3 || !absl::SimpleAtoi(rest.substr(0, digits), &kind)) {
    return absl::InvalidArgumentError("a flight data chunk has no kind");
  }
  if (kind != 1) return absl::OkStatus();  // bootstrap ([0]) and form state ([2, ...]) carry no rows
  rest = absl::StripLeadingAsciiWhitespace(rest.substr(digits));
  if (!absl::ConsumePrefix(&rest, ",")) return absl::InvalidArgumentError("a flight data chunk has no text");
  rest = absl::StripLeadingAsciiWhitespace(rest);
  size_t consumed = 0;
  absl::StatusOr<std::string> text = DecodeJsStringLiteral(rest, &consumed);
  if (!text.ok()) return absl::InvalidArgumentError(absl::StrCat("a flight data chunk: ", text.status().message()));
  rest = absl::StripLeadingAsciiWhitespace(rest.substr(consumed));
  if (!absl::StartsWith(rest, "]"))
    return absl::InvalidArgumentError("a flight data chunk does not end after its text");
  *payload += *text;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> NextFlightPayload(absl::string_view html) {
  const HtmlDocument document(html);
  if (!document.status().ok()) return document.status();
  std::string payload;
  bool found = false;
  absl::Status chunk_error;
  // Scripts in document order: the payload is their chunks put together.
  ForEachElement(document, [&](const GumboNode* node) {
    const GumboElement& e = node->v.element;
    if (e.tag != GUMBO_TAG_SCRIPT || gumbo_get_attribute(&e.attributes, "src") != nullptr) return true;
    chunk_error = AppendFlightChunk(NodeText(node), &found, &payload);
    return chunk_error.ok();
  });
  if (!chunk_error.ok()) return chunk_error;
  if (!found) return absl::NotFoundError("no Next.js flight data (self.__next_f.push scripts)");
  return payload;
}

absl::StatusOr<std::vector<Json>> FlightRows(absl::string_view payload) {
  std::vector<Json> rows;
  size_t at = 0;
  while (at < payload.size()) {
    const size_t colon = payload.find(':', at);
    if (colon == absl::string_view::npos) break;
    // A text row's length is in bytes, and its text may hold line breaks: skip it whole.
    if (colon + 1 < payload.size() && payload[colon + 1] == 'T') {
      const size_t comma = payload.find(',', colon);
      uint64_t length = 0;
      if (comma == absl::string_view::npos ||
          !absl::SimpleHexAtoi(payload.substr(colon + 2, comma - colon - 2), &length) ||
          length > payload.size() - comma - 1) {
        return absl::InvalidArgumentError("a flight data text row has a bad length");
      }
      at = comma + 1 + length;
      continue;
    }
    size_t end = payload.find('\n', colon);
    if (end == absl::string_view::npos) end = payload.size();
    const absl::string_view value = payload.substr(colon + 1, end - colon - 1);
    at = end + 1;
    if (value.empty() || !(value[0] == '[' || value[0] == '{')) continue;  // I[...], HL[...], "...", null
    // Wrapped in an object so that ParseJsonObject's bound on nesting applies.
    absl::StatusOr<Json> row = ParseJsonObject("flight data", absl::StrCat("{\"row\":", value, "}"));
    if (!row.ok()) {
      if (absl::StrContains(row.status().message(), "nested deeper")) return row.status();
      continue;  // a row this reader does not know; the caller looks for what it needs
    }
    Json value_json = std::move((*row)["row"]);
    UndoReactStrings(value_json);
    rows.push_back(std::move(value_json));
  }
  return rows;
}

const Json* FindFlightObject(const std::vector<Json>& rows, const std::function<bool(const Json&)>& matches) {
  for (const Json& row : rows) {
    std::vector<const Json*> pending = {&row};
    while (!pending.empty()) {
      const Json* v = pending.back();
      pending.pop_back();
      if (v->is_object() && matches(*v)) return v;
      if (!v->is_structured()) continue;
      std::vector<const Json*> children;
      for (const auto& child : *v) {
        if (child.is_structured()) children.push_back(&child);
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) pending.push_back(*it);
    }
  }
  return nullptr;
}

absl::StatusOr<Json> FindInFlightData(absl::string_view url, absl::string_view html, absl::string_view what,
                                      const std::function<bool(const Json&)>& matches) {
  absl::StatusOr<std::string> payload = NextFlightPayload(html);
  if (!payload.ok()) return absl::Status(payload.status().code(), absl::StrCat(url, ": ", payload.status().message()));
  absl::StatusOr<std::vector<Json>> rows = FlightRows(*payload);
  if (!rows.ok()) return absl::InvalidArgumentError(absl::StrCat(url, ": ", rows.status().message()));
  const Json* found = FindFlightObject(*rows, matches);
  if (found == nullptr) return absl::NotFoundError(absl::StrCat(url, ": the flight data holds no ", what));
  return *found;
}

}  // namespace statusphere::providers
