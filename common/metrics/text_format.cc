#include "common/metrics/text_format.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace statusphere::metrics {

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return absl::StrFormat("%.0f", value);
  // %.15g reads back exactly for most values (0.005 stays "0.005"); else all 17 digits.
  std::string text = absl::StrFormat("%.15g", value);
  if (std::strtod(text.c_str(), nullptr) != value) text = absl::StrFormat("%.17g", value);
  return text;
}

namespace {

// Appends `value` escaped for a label, without a temporary: this runs for every label of
// every series on each scrape.
void AppendLabelValue(std::string& out, absl::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

std::string EscapeLabelValue(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  AppendLabelValue(out, value);
  return out;
}

std::string EscapeHelp(absl::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool ValidName(absl::string_view name, bool label) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = absl::ascii_isalpha(c) || c == '_' || (!label && c == ':') || (i > 0 && absl::ascii_isdigit(c));
    if (!ok) return false;
  }
  return true;
}

void AppendSample(std::string& out, absl::string_view name, const std::vector<std::string>& label_names,
                  const std::vector<std::string>& label_values, double value, absl::string_view extra_name,
                  absl::string_view extra_value) {
  out.append(name.data(), name.size());
  const bool has_labels = !label_names.empty() || !extra_name.empty();
  if (has_labels) {
    out += '{';
    for (size_t i = 0; i < label_names.size(); ++i) {
      if (i > 0) out += ',';
      absl::StrAppend(&out, label_names[i], "=\"");
      if (i < label_values.size()) AppendLabelValue(out, label_values[i]);
      out += '"';
    }
    if (!extra_name.empty()) {
      if (!label_names.empty()) out += ',';
      absl::StrAppend(&out, extra_name, "=\"");
      AppendLabelValue(out, extra_value);
      out += '"';
    }
    out += '}';
  }
  absl::StrAppend(&out, " ", FormatValue(value), "\n");
}

void AppendHeader(std::string& out, absl::string_view name, absl::string_view help, absl::string_view type) {
  absl::StrAppend(&out, "# HELP ", name, " ", EscapeHelp(help), "\n# TYPE ", name, " ", type, "\n");
}

}  // namespace statusphere::metrics
