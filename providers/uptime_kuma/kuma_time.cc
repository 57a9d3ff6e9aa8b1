#include "providers/uptime_kuma/kuma_time.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace statusphere::providers {
namespace {

// Whether the text after the date ends in a zone designator ("Z", "+hh:mm", "-hh:mm").
bool HasZone(absl::string_view text) {
  if (text.size() <= 10) return false;
  const absl::string_view clock = text.substr(10);
  return clock.find_first_of("Zz+-") != absl::string_view::npos;
}

// Kuma's variants rewritten as RFC 3339, or "" when the text is none of them.
std::string AsRfc3339(absl::string_view text, absl::string_view zoneless_offset) {
  if (text.size() < 16 || (text[10] != ' ' && text[10] != 'T')) return "";
  std::string out(text);
  out[10] = 'T';
  if (HasZone(text)) return out;
  if (out.size() == 16) absl::StrAppend(&out, ":00");  // minutes only, as typed in the form
  absl::StrAppend(&out, zoneless_offset.empty() ? "Z" : zoneless_offset);
  return out;
}

}  // namespace

absl::StatusOr<std::optional<absl::Time>> KumaTimeField(const Json& object, const char* key,
                                                        absl::string_view zoneless_offset) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time string"));
  const std::string text = it->get<std::string>();
  const std::optional<absl::Time> t = ParseRfc3339(AsRfc3339(text, zoneless_offset));
  if (!t) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: '", text, "'"));
  if (!IsPlausibleTime(*t))
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is an absurd time: '", text, "'"));
  return t;
}

}  // namespace statusphere::providers
