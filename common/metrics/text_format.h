// The pieces of the Prometheus text exposition format (version 0.0.4) that need care:
// numbers, escaping of label values and help text, and a series' line.
#ifndef STATUSPHERE_COMMON_METRICS_TEXT_FORMAT_H_
#define STATUSPHERE_COMMON_METRICS_TEXT_FORMAT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace statusphere::metrics {

// The shortest text that reads back as `value`; "+Inf", "-Inf", "NaN" as the format spells them.
std::string FormatValue(double value);

// Label values escape backslash, double quote and newline; help text backslash and newline.
std::string EscapeLabelValue(absl::string_view value);
std::string EscapeHelp(absl::string_view help);

// Whether `name` is a valid metric (or, with `label`, label) name.
bool ValidName(absl::string_view name, bool label = false);

// Appends `name{a="x",b="y"} value\n`; `extra_name`/`extra_value` add one more label (a
// histogram's "le") after the family's.
void AppendSample(std::string& out, absl::string_view name, const std::vector<std::string>& label_names,
                  const std::vector<std::string>& label_values, double value, absl::string_view extra_name = {},
                  absl::string_view extra_value = {});

// "# HELP name help\n# TYPE name type\n".
void AppendHeader(std::string& out, absl::string_view name, absl::string_view help, absl::string_view type);

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_COMMON_METRICS_TEXT_FORMAT_H_
