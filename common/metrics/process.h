// What every statusphere process does with metrics at start: its build info and start
// time, and the /metrics endpoint on --metrics_listen.
#ifndef STATUSPHERE_COMMON_METRICS_PROCESS_H_
#define STATUSPHERE_COMMON_METRICS_PROCESS_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "common/metrics/http_endpoint.h"

namespace statusphere::metrics {

inline constexpr char kVersion[] = "0.1.0";

// statusphere_build_info{program,version,detail} 1 and statusphere_process_start_time_seconds.
// `detail` says what differs between runs of one program (the server's store backend).
void RegisterProcessMetrics(absl::string_view program, absl::string_view detail = "");

// Serves the default registry on `listen` (empty: no endpoint, null returned) and writes
// the bound port to `port_file` when set. A port already taken is logged, not fatal: the
// process still does its job, and Prometheus shows the target down.
std::unique_ptr<HttpEndpoint> StartEndpoint(const std::string& listen, const std::string& port_file);

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_COMMON_METRICS_PROCESS_H_
