#include "providers/statuscake/statuscake.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "providers/common/counted_services.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kReportRole[] = "report";
constexpr char kReportHost[] = "uptime.statuscake.com";

// Pages on their owners' domains, with the public id their page loads (inket/stts's
// services.json names Mailchimp's).
constexpr std::pair<absl::string_view, absl::string_view> kCustomDomains[] = {
    {"status.mailchimp.com", "58JncZazfp"},
};

// A public id is StatusCake's short key (letters and digits); anything else is not sent on.
bool IsPublicId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string StatusCake::PublicId(absl::string_view page_url) {
  // A copy of a report page on this machine (a test's) says its id as the report page does.
  if (HostOf(page_url) == kReportHost || IsLoopback(page_url)) {
    const size_t query = page_url.find('?');
    if (query == absl::string_view::npos) return "";
    for (absl::string_view pair : absl::StrSplit(page_url.substr(query + 1), '&')) {
      if (absl::StartsWith(pair, "TestID=") && IsPublicId(pair.substr(7))) return std::string(pair.substr(7));
    }
    return "";
  }
  for (const auto& [domain, id] : kCustomDomains) {
    if (HomeIsOneOf({domain})(page_url)) return std::string(id);
  }
  return "";
}

Detection StatusCake::detection() const {
  Detection d;
  // Its report host with a page's TestID, and the custom domains whose id is known; no probe:
  // a custom domain's page does not say its id in any markup established.
  d.known_host = [](absl::string_view page_url) { return !IsLoopback(page_url) && !PublicId(page_url).empty(); };
  return d;
}

FetchPlan StatusCake::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  // The report is on StatusCake's app host whatever the page's; a copy of a page on this
  // machine serves the report's path itself.
  absl::string_view base = "https://app.statuscake.com";
  if (IsLoopback(page_url)) {
    base = page_url.substr(0, page_url.find('?'));
    if (absl::EndsWith(base, "/")) base.remove_suffix(1);
  }
  return {{{kReportRole, absl::StrCat(base, "/Workfloor/PublicReportHandler.php?PublicID=", PublicId(page_url))}}};
}

absl::StatusOr<ParsedPage> StatusCake::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kReportRole));
  ASSIGN_OR_RETURN(const Json json, ParseJsonObject(doc->url, doc->body));
  if (!json.contains("TestData") || !json["TestData"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'TestData' array: not StatusCake's public report"));
  }
  // The tests' states, as stts reads them: Up, Down; any other word is counted apart.
  ServiceCounts t;
  for (const Json& test : json["TestData"]) {
    if (!test.is_object())
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": a TestData entry is not an object"));
    const std::string status = StringField(test, "Status");
    ++(status == "Up" ? t.up : status == "Down" ? t.down : t.other);
  }
  return CountedServicesPage("tests", "Tests", t, absl::StrCat(t.up, " up, ", t.down, " down"));
}

}  // namespace statusphere::providers
