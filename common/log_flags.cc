// The logging flags every statusphere program shares (and their STATUSPHERE_LOG_FORMAT /
// STATUSPHERE_LOG_LEVEL equivalents); a program's main calls log::ConfigureFromFlags().
#include "absl/flags/flag.h"
#include "common/log.h"

ABSL_FLAG(std::string, log_format, "auto",
          "log lines as json (for machines) or text (for people); auto: text when stderr is a terminal");
ABSL_FLAG(std::string, log_level, "info", "lowest level logged: debug (every page scraped), info, warn or error");

namespace statusphere::log {

absl::Status ConfigureFromFlags() { return Configure(absl::GetFlag(FLAGS_log_format), absl::GetFlag(FLAGS_log_level)); }

}  // namespace statusphere::log
