#include "tools/cli/check.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "tools/cli/check_verdict.h"

ABSL_FLAG(std::string, fail_on, "major",
          "check: the severity that fails the check: degraded (any open incident or degraded component), "
          "major, or critical");
ABSL_FLAG(std::string, components, "",
          "check: comma-separated component names; each vendor is judged on those of them it has");
ABSL_FLAG(bool, json, false, "check: print one JSON document instead of one line per vendor");

namespace statusphere::cli {
namespace {

using nlohmann::json;

class Lookup {
 public:
  Lookup(v1::StatusPageService::StubInterface& pages, int deadline_seconds)
      : pages_(pages), deadline_seconds_(deadline_seconds) {}

  // The page a command-line argument names, with its components; nullopt when none.
  absl::StatusOr<std::optional<v1::StatusPage>> Page(const std::string& query) {
    v1::GetStatusPageRequest request;
    const bool is_url = query.find("://") != std::string::npos;
    (is_url ? request.mutable_status_page_url() : request.mutable_status_page_name())->assign(query);
    v1::GetStatusPageResponse response;
    grpc::Status status = pages_.GetStatusPage(Context().get(), request, &response);
    if (status.ok()) return response.status_page();
    if (status.error_code() != grpc::StatusCode::NOT_FOUND &&
        status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
      return Failure(status);
    }
    if (is_url) return std::nullopt;
    // Not a page's exact name: the page search's best match ("github" finds "GitHub").
    v1::SearchStatusPagesRequest search;
    search.set_query(query);
    v1::SearchStatusPagesResponse found;
    status = pages_.SearchStatusPages(Context().get(), search, &found);
    if (!status.ok()) return Failure(status);
    if (found.status_pages().empty()) return std::nullopt;
    request.Clear();
    request.set_status_page_url(found.status_pages(0).url());
    status = pages_.GetStatusPage(Context().get(), request, &response);
    if (!status.ok()) return Failure(status);
    return response.status_page();
  }

  absl::StatusOr<v1::GetCurrentStatusResponse> Current(const std::string& url) {
    v1::GetCurrentStatusRequest request;
    request.set_status_page_url(url);
    v1::GetCurrentStatusResponse response;
    grpc::Status status = pages_.GetCurrentStatus(Context().get(), request, &response);
    if (!status.ok()) return Failure(status);
    return response;
  }

 private:
  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(deadline_seconds_));
    return context;
  }

  static absl::Status Failure(const grpc::Status& status) {
    return absl::UnavailableError(
        absl::StrCat("statusphere-server did not answer (", status.error_code(), " ", status.error_message(), ")"));
  }

  v1::StatusPageService::StubInterface& pages_;
  int deadline_seconds_;
};

std::string When(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone()); }

json Rfc3339OrNull(absl::Time t) {
  return t == absl::InfinitePast() ? json(nullptr)
                                   : json(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()));
}

// "FAIL" (at or above the threshold), "ok", or "UNKNOWN".
std::string Mark(const VendorVerdict& verdict, Severity threshold) {
  if (verdict.knowledge != Knowledge::kKnown) return "UNKNOWN";
  return verdict.severity >= threshold ? "FAIL" : "ok";
}

// One line: mark, vendor, status, since when, and the open incidents with their impact.
std::string Line(const VendorVerdict& verdict, Severity threshold) {
  std::string line = absl::StrCat(Mark(verdict, threshold), " ", verdict.name.empty() ? verdict.query : verdict.name);
  if (!verdict.url.empty()) absl::StrAppend(&line, " (", verdict.url, ")");
  absl::StrAppend(&line, ": ", verdict.Status());
  if (verdict.since != absl::InfinitePast()) absl::StrAppend(&line, " since ", When(verdict.since));
  if (!verdict.components.empty()) {
    absl::StrAppend(
        &line, " [",
        absl::StrJoin(verdict.components, ", ",
                      [](std::string* out, const ComponentStatus& c) { absl::StrAppend(out, c.name, ": ", c.status); }),
        "]");
  }
  if (!verdict.incidents.empty()) {
    absl::StrAppend(&line, "; ", verdict.incidents.size(), " open: ",
                    absl::StrJoin(verdict.incidents, "; ", [](std::string* out, const OpenIncident& incident) {
                      absl::StrAppend(out, incident.impact, " \"", incident.title, "\" since ", When(incident.since));
                    }));
  }
  if (!verdict.reason.empty()) absl::StrAppend(&line, " (", verdict.reason, ")");
  return line;
}

json Json(const VendorVerdict& verdict, Severity threshold) {
  json incidents = json::array();
  for (const OpenIncident& incident : verdict.incidents) {
    incidents.push_back({{"title", incident.title},
                         {"impact", incident.impact},
                         {"since", Rfc3339OrNull(incident.since)},
                         {"link", incident.link},
                         {"components", incident.components}});
  }
  json components = json::array();
  for (const ComponentStatus& component : verdict.components) {
    components.push_back({{"name", component.name}, {"status", component.status}});
  }
  const std::string mark = Mark(verdict, threshold);
  return {{"query", verdict.query},
          {"name", verdict.name},
          {"url", verdict.url},
          {"status", verdict.Status()},
          {"verdict", mark == "FAIL" ? "fail"
                      : mark == "ok" ? "ok"
                                     : "unknown"},
          {"since", Rfc3339OrNull(verdict.since)},
          {"lastRead", Rfc3339OrNull(verdict.last_read)},
          {"reason", verdict.reason},
          {"openIncidents", incidents},
          {"components", components}};
}

}  // namespace

int RunCheck(v1::StatusPageService::StubInterface& pages, const std::vector<std::string>& vendors,
             int deadline_seconds) {
  const bool as_json = absl::GetFlag(FLAGS_json);
  auto usage_error = [&](const std::string& message) {
    if (as_json) {
      std::cout << json{{"exitCode", 2}, {"error", message}, {"vendors", json::array()}}.dump(2) << "\n";
    }
    std::cerr << "check: " << message << "\n";
    return 2;
  };
  absl::StatusOr<Severity> threshold = ParseThreshold(absl::GetFlag(FLAGS_fail_on));
  if (!threshold.ok()) return usage_error(std::string(threshold.status().message()));
  if (vendors.empty()) return usage_error("name at least one vendor (a status page's name or URL)");
  std::vector<std::string> component_names;
  for (absl::string_view name : absl::StrSplit(absl::GetFlag(FLAGS_components), ',', absl::SkipWhitespace())) {
    component_names.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(name)));
  }

  Lookup lookup(pages, deadline_seconds);
  std::vector<VendorVerdict> verdicts;
  for (const std::string& query : vendors) {
    absl::StatusOr<std::optional<v1::StatusPage>> page = lookup.Page(query);
    if (!page.ok()) return usage_error(std::string(page.status().message()));
    if (!page->has_value()) {
      verdicts.push_back(NotFound(query));
      continue;
    }
    absl::StatusOr<v1::GetCurrentStatusResponse> current = lookup.Current((*page)->url());
    if (!current.ok()) return usage_error(std::string(current.status().message()));
    verdicts.push_back(Judge(query, **page, *current, component_names));
  }
  // A component asked for that no vendor has is a typo, not a fine component (vendors not
  // known list none: their exit code is 2 anyway).
  bool all_known = true;
  for (const VendorVerdict& verdict : verdicts) all_known &= verdict.knowledge == Knowledge::kKnown;
  for (const std::string& name : all_known ? component_names : std::vector<std::string>{}) {
    bool found = false;
    for (const VendorVerdict& verdict : verdicts) {
      for (const ComponentStatus& component : verdict.components)
        found |= absl::AsciiStrToLower(component.name) == name;
    }
    if (!found) return usage_error("no vendor checked has a component named '" + name + "'");
  }

  const int exit_code = ExitCode(verdicts, *threshold);
  if (as_json) {
    json document = {{"exitCode", exit_code}, {"failOn", SeverityWord(*threshold)}, {"vendors", json::array()}};
    for (const VendorVerdict& verdict : verdicts) document["vendors"].push_back(Json(verdict, *threshold));
    std::cout << document.dump(2) << "\n";
  } else {
    for (const VendorVerdict& verdict : verdicts) std::cout << Line(verdict, *threshold) << "\n";
  }
  return exit_code;
}

}  // namespace statusphere::cli
