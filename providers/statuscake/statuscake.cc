#include "providers/statuscake/statuscake.h"

#include <cstdint>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kReportRole[] = "report";
constexpr char kReportHost[] = "uptime.statuscake.com";

namespace vocabulary = statusphere::vocabulary;

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

struct Tests {
  int64_t up = 0;
  int64_t down = 0;
  int64_t other = 0;
};

// The tests' states, as stts reads them: Up, Down; any other word is counted apart and says
// nothing. The page is one component: every test down is the whole page out, some is part of it.
const char* ComponentStatus(const Tests& t) {
  if (t.down > 0) return t.up == 0 && t.other == 0 ? vocabulary::kComponentMajorOutage : vocabulary::kComponentPartialOutage;
  if (t.up > 0) return vocabulary::kComponentOperational;
  return "unknown";
}

}  // namespace

std::string StatusCake::PublicId(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  if (host == kReportHost) {
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
  d.known_host = [](absl::string_view page_url) { return !PublicId(page_url).empty(); };
  return d;
}

FetchPlan StatusCake::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kReportRole, absl::StrCat("https://app.statuscake.com/Workfloor/PublicReportHandler.php?PublicID=",
                                      PublicId(page_url))}}};
}

absl::StatusOr<ParsedPage> StatusCake::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kReportRole));
  ASSIGN_OR_RETURN(const Json json, ParseJsonObject(doc->url, doc->body));
  if (!json.contains("TestData") || !json["TestData"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'TestData' array: not StatusCake's public report"));
  }
  Tests t;
  for (const Json& test : json["TestData"]) {
    if (!test.is_object()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": a TestData entry is not an object"));
    const std::string status = StringField(test, "Status");
    if (status == "Up") {
      ++t.up;
    } else if (status == "Down") {
      ++t.down;
    } else {
      ++t.other;
    }
  }
  ParsedPage page;
  page.platform_indicator = absl::StrCat(t.up, " up, ", t.down, " down");
  statusphere::v1::Component tests;
  tests.set_id("tests");
  tests.set_name("Tests");
  tests.set_status(ComponentStatus(t));
  page.components.push_back(std::move(tests));
  // The report lists no incidents, so none it lists can be open.
  page.lists_every_open_incident = true;
  return page;
}

}  // namespace statusphere::providers
