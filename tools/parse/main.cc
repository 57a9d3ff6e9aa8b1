// statusphere-parse: shows what status-page documents parse to, so that a user can see why
// a page does or does not parse. Prints the result as JSON, or the error (exit code 1).
//
//   statusphere-parse --provider=atlassian-statuspage --url=https://www.githubstatus.com \
//       summary.json incidents.json scheduled-maintenances.json
//   statusphere-parse history.atom                 # --provider=auto: detected from content
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "providers/registry.h"
#include "statusphere/v1/scrape_service.pb.h"

ABSL_FLAG(std::string, provider, "auto", "provider name, or 'auto' to detect it from the files' content");
ABSL_FLAG(std::string, url, "https://status.example.com", "the status page URL the files came from (for deep links)");

namespace {

using statusphere::providers::Document;
using statusphere::providers::Provider;

// Detection from content alone: the providers whose probe accepts the first file, in
// cascade order. The first of them that parses the whole set wins; when none does, the
// first is returned with `recognised_only` set, so that its parse error explains why.
const Provider* DetectFromContent(const std::vector<Document>& documents, bool& recognised_only) {
  const Provider* first_recognising = nullptr;
  for (const Provider* p : statusphere::providers::AllProviders()) {
    if (!p->MatchesProbe(documents[0])) continue;
    if (p->Parse(absl::GetFlag(FLAGS_url), documents).ok()) return p;
    if (first_recognising == nullptr) first_recognising = p;
  }
  recognised_only = first_recognising != nullptr;
  return first_recognising;
}

// What the provider fetches for a page, in the order it wants the files.
std::string ExpectedDocuments(const Provider& provider) {
  std::vector<std::string> urls =
      provider.UrlsToFetch(absl::GetFlag(FLAGS_url), statusphere::v1::SCRAPE_KIND_CURRENT);
  std::string out = absl::StrCat(provider.name(), " reads, in this order: ", absl::StrJoin(urls, ", "));
  if (provider.HasFollowUps()) absl::StrAppend(&out, ", then documents named in those");
  return out;
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
  std::vector<Document> documents;
  for (size_t i = 1; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    if (!in) {
      std::cerr << "error: cannot read " << files[i] << "\n";
      return 1;
    }
    std::stringstream body;
    body << in.rdbuf();
    documents.push_back({files[i], 200, "", body.str()});
  }
  const std::string wanted = absl::GetFlag(FLAGS_provider);
  bool recognised_only = false;
  const Provider* provider =
      wanted == "auto" ? DetectFromContent(documents, recognised_only) : statusphere::providers::FindProvider(wanted);
  if (provider == nullptr) {
    std::cerr << "error: " << (wanted == "auto" ? "no provider recognises these files" : "unknown provider '" + wanted + "'")
              << " (providers: " << absl::StrJoin(names, ", ") << ")\n";
    return 1;
  }
  auto parsed = provider->Parse(absl::GetFlag(FLAGS_url), documents);
  if (!parsed.ok()) {
    std::cerr << "error: " << (recognised_only ? "recognised as " : "") << provider->name() << ": "
              << parsed.status().message() << "\n(" << ExpectedDocuments(*provider) << ")\n";
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
