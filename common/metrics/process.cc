#include "common/metrics/process.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics/metrics.h"

namespace statusphere::metrics {

void RegisterProcessMetrics(absl::string_view program, absl::string_view detail) {
  DefaultRegistry()
      .AddGauge("statusphere_build_info", "Always 1: the program, its version and what this run is on.",
                {"program", "version", "detail"})
      .With({std::string(program), kVersion, std::string(detail)})
      .Set(1);
  DefaultRegistry()
      .AddGauge("statusphere_process_start_time_seconds", "When this process started, in Unix seconds.")
      .With({})
      .Set(absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
}

std::unique_ptr<HttpEndpoint> StartEndpoint(const std::string& listen, const std::string& port_file) {
  if (listen.empty()) return nullptr;
  absl::StatusOr<std::unique_ptr<HttpEndpoint>> endpoint = HttpEndpoint::Start(listen, DefaultRegistry());
  if (!endpoint.ok()) {
    log::Warn("metrics.listen_failed", {{"listen", listen}, {"error", endpoint.status().ToString()}});
    return nullptr;
  }
  log::Info("metrics.listening", {{"listen", listen}, {"port", (*endpoint)->port()}, {"path", "/metrics"}});
  if (!port_file.empty()) {
    const std::string tmp = port_file + ".tmp";
    if (FILE* f = std::fopen(tmp.c_str(), "w"); f != nullptr) {
      std::fputs(absl::StrCat((*endpoint)->port(), "\n").c_str(), f);
      std::fclose(f);
      std::rename(tmp.c_str(), port_file.c_str());
    }
  }
  return *std::move(endpoint);
}

}  // namespace statusphere::metrics
