// Parse throughput per provider on real captures (../shared/fixtures, or the repo's own
// fixtures when absent), next to the raw parse of the same bytes by the underlying JSON
// library in the same run: the ratio is our overhead (mapping, normalization, HTML to text).
//
//   bazel run -c opt //bench:parse_bench
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "providers/registry.h"

namespace {

using statusphere::providers::Document;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Case {
  std::string provider;
  std::string label;
  std::vector<Document> documents;
};

// Runs `fn` repeatedly for about a second; returns seconds per run. With
// STATUSPHERE_BENCH_RUNS=N it runs exactly N times instead, so that an instruction counter
// (valgrind --tool=callgrind) compares ours and the raw parse on equal work, whatever else
// the machine is doing.
template <typename Fn>
double TimePerRun(Fn fn) {
  fn();  // warm up
  if (const char* fixed = std::getenv("STATUSPHERE_BENCH_RUNS"); fixed != nullptr && std::atoi(fixed) > 0) {
    const absl::Time start = absl::Now();
    for (int i = 0; i < std::atoi(fixed); ++i) fn();
    return absl::ToDoubleSeconds(absl::Now() - start) / std::atoi(fixed);
  }
  int runs = 0;
  const absl::Time start = absl::Now();
  absl::Duration elapsed;
  do {
    fn();
    ++runs;
    elapsed = absl::Now() - start;
  } while (elapsed < absl::Seconds(1));
  return absl::ToDoubleSeconds(elapsed) / runs;
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = argc > 1 ? argv[1] : "../shared/fixtures";
  std::string own = "providers/atlassian_statuspage/testdata";
  std::string kuma = "providers/uptime_kuma/testdata";
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  if (workspace != nullptr) {
    shared = std::string(workspace) + "/" + shared;
    own = std::string(workspace) + "/" + own;
    kuma = std::string(workspace) + "/" + kuma;
  }
  std::vector<Case> cases;
  const std::string gh_summary = Read(shared + "/atlassian-statuspage/githubstatus-summary-2026-07-31.json");
  const std::string gh_incidents = Read(shared + "/atlassian-statuspage/githubstatus-incidents-2026-07-31.json");
  if (!gh_summary.empty() && !gh_incidents.empty()) {
    cases.push_back({"atlassian-statuspage", "githubstatus (real capture, 50 incidents)",
                     {{"summary", 200, "", gh_summary}, {"incidents", 200, "", gh_incidents}, {"m", 404, "", ""}}});
  }
  const std::string trust_preview =
      Read(shared + "/salesforce/salesforce-trust-v1-instances-status-preview-incident-2021-01.json");
  const std::string trust_texts = Read(shared + "/salesforce/salesforce-trust-v1-localizations.json");
  if (!trust_preview.empty() && !trust_texts.empty()) {
    cases.push_back({"salesforce", "Trust preview (real capture, 1528 instances)",
                     {{"preview", 200, "", trust_preview}, {"localizations", 200, "", trust_texts}}});
  }
  cases.push_back({"atlassian-statuspage", "own fixture (3 incidents)",
                   {{"summary", 200, "", Read(own + "/summary.json")},
                    {"incidents", 200, "", Read(own + "/incidents.json")},
                    {"m", 200, "", Read(own + "/scheduled-maintenances.json")}}});
  // No real Kuma capture exists: the repo's own fixture (a pinned incident, two maintenance windows).
  cases.push_back({"uptime-kuma", "own fixture (6 monitors, 3 incidents)",
                   {{"page", 200, "", Read(kuma + "/status-page.json")},
                    {"heartbeat", 200, "", Read(kuma + "/heartbeat.json")}}});

  std::cout << "parse benchmark (same bytes, same run; ratio = ours / raw library parse time)\n";
  for (const Case& c : cases) {
    const auto* provider = statusphere::providers::FindProvider(c.provider);
    size_t bytes = 0;
    for (const auto& d : c.documents) bytes += d.body.size();
    auto parsed = provider->Parse("https://status.example.com", c.documents);
    if (!parsed.ok()) {
      std::cout << "  " << c.label << ": parse failed: " << parsed.status() << "\n";
      continue;
    }
    const size_t incidents = parsed->incidents.size();
    const double ours = TimePerRun([&] { (void)provider->Parse("https://status.example.com", c.documents); });
    size_t sink = 0;  // keeps the raw parse from being optimised away
    const double raw = TimePerRun([&] {
      for (const auto& d : c.documents) {
        if (d.http_status == 200) sink += nlohmann::json::parse(d.body, nullptr, false).size();
      }
    });
    if (sink == 0) std::cout << "";
    std::cout << absl::StrFormat(
        "  %-22s %-44s %8.1f MB/s %10.0f incidents/s | nlohmann::json::parse %8.1f MB/s | ratio %.2fx\n",
        c.provider, c.label, bytes / ours / 1e6, incidents / ours, bytes / raw / 1e6, ours / raw);
  }
  return 0;
}
