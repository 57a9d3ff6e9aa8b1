// statusphere-parse: shows what status-page documents parse to, so that a user can see why
// a page does or does not parse. Prints the result as JSON, or the error (exit code 1).
//
//   statusphere-parse --provider=atlassian-statuspage --url=https://www.githubstatus.com \
//       summary.json incidents.json scheduled-maintenances.json
//   statusphere-parse history.atom                 # --provider=auto: detected from content
//   statusphere-parse summary.json                 # one document parses to what it holds
//
// Each file is given the role it plays in a scrape (summary, incidents, feed, ...) by its
// name or its content, else in the order the provider fetches them (tools/parse/roles.h).
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "google/protobuf/util/json_util.h"
#include "providers/registry.h"
#include "statusphere/v1/scrape_service.pb.h"
#include "tools/parse/roles.h"

ABSL_FLAG(std::string, provider, "auto", "provider name, or 'auto' to detect it from the files' content");
ABSL_FLAG(std::string, url, "https://status.example.com", "the status page URL the files came from (for deep links)");

namespace {

using statusphere::parse::SavedFile;
using statusphere::providers::Documents;
using statusphere::providers::Provider;

absl::StatusOr<statusphere::providers::ParsedPage> ParseFiles(const Provider& provider,
                                                              const std::vector<SavedFile>& files) {
  ASSIGN_OR_RETURN(const Documents documents, statusphere::parse::ToRoles(provider, absl::GetFlag(FLAGS_url), files));
  return provider.Parse(absl::GetFlag(FLAGS_url), documents);
}

// Detection from content alone: the providers whose probe or home-page markers accept the
// first file, in cascade order. The first of them that parses the whole set wins; when none does, the
// first is returned with `recognised_only` set, so that its parse error explains why.
const Provider* DetectFromContent(const std::vector<SavedFile>& files, bool& recognised_only) {
  const Provider* first_recognising = nullptr;
  for (const Provider* p : statusphere::providers::AllProviders()) {
    const statusphere::providers::Detection d = p->detection();
    const statusphere::providers::Document first{files[0].path, 200, "", files[0].body};
    if (!d.ProbeMatches(first) && !d.HomePageMatches(first)) continue;
    if (ParseFiles(*p, files).ok()) return p;
    if (first_recognising == nullptr) first_recognising = p;
  }
  recognised_only = first_recognising != nullptr;
  return first_recognising;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> names;
  for (const Provider* p : statusphere::providers::AllProviders()) names.emplace_back(p->name());
  absl::SetProgramUsageMessage(absl::StrCat("statusphere-parse [--provider=NAME|auto] [--url=PAGE_URL] FILE...\n",
                                            "providers: ", absl::StrJoin(names, ", ")));
  std::vector<char*> files = absl::ParseCommandLine(argc, argv);
  if (files.size() < 2) {
    std::cerr << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  std::vector<SavedFile> files_read;
  for (size_t i = 1; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    if (!in) {
      std::cerr << "error: cannot read " << files[i] << "\n";
      return 1;
    }
    std::stringstream body;
    body << in.rdbuf();
    files_read.push_back({files[i], body.str()});
  }
  const std::string wanted = absl::GetFlag(FLAGS_provider);
  bool recognised_only = false;
  const Provider* provider =
      wanted == "auto" ? DetectFromContent(files_read, recognised_only) : statusphere::providers::FindProvider(wanted);
  if (provider == nullptr) {
    std::cerr << "error: "
              << (wanted == "auto" ? "no provider recognises these files" : "unknown provider '" + wanted + "'")
              << " (providers: " << absl::StrJoin(names, ", ") << ")\n";
    return 1;
  }
  auto parsed = ParseFiles(*provider, files_read);
  if (!parsed.ok()) {
    std::cerr << "error: " << (recognised_only ? "recognised as " : "") << provider->name() << ": "
              << parsed.status().message() << "\n(" << provider->name() << " reads, by file name or content: "
              << statusphere::parse::RolesRead(*provider, absl::GetFlag(FLAGS_url)) << ")\n";
    return 1;
  }
  // Printed as the report a scraper would send, so the JSON is the API's own shape.
  statusphere::v1::ReportScrapeResultRequest report;
  report.set_provider(std::string(provider->name()));
  for (auto& i : parsed->incidents) *report.mutable_success()->add_incidents() = std::move(i);
  for (auto& c : parsed->components) *report.mutable_success()->add_components() = std::move(c);
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(report, &json, options);
  std::cout << json;
  return 0;
}
