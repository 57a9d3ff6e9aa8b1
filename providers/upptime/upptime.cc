#include "providers/upptime/upptime.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/upptime/downtime.h"
#include "providers/upptime/site_repository.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;

constexpr char kHomeRole[] = "home";
constexpr char kSummaryRole[] = "summary";

std::string ComponentStatus(absl::string_view status) {
  if (status == "up") return vocabulary::kComponentOperational;
  if (status == "degraded") return vocabulary::kComponentDegradedPerformance;  // slower than maxResponseTime
  if (status == "down") return vocabulary::kComponentMajorOutage;
  return "unknown";
}

// history/summary.json is a JSON array of sites. The array is parsed inside an object so that
// it passes the same bounds (nesting depth) as every other document.
absl::StatusOr<Json> SitesOf(const Document& doc) {
  absl::string_view body = absl::StripLeadingAsciiWhitespace(doc.body);
  if (body.empty() || body.front() != '[') {
    return absl::InvalidArgumentError(absl::StrCat(doc.url, ": not a JSON array of sites: not Upptime's summary"));
  }
  absl::StatusOr<Json> wrapped = ParseJsonObject(doc.url, absl::StrCat("{\"sites\":", body, "}"));
  if (!wrapped.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": not valid JSON"));
  return (*wrapped)["sites"];
}

bool IsSite(const Json& j) {
  return j.is_object() && !StringField(j, "slug").empty() && !StringField(j, "status").empty() && j.contains("name");
}

bool HasSummaryShape(const Document& doc) {
  if (doc.http_status != 200) return false;
  absl::StatusOr<Json> sites = SitesOf(doc);
  return sites.ok() && !sites->empty() && IsSite((*sites)[0]);
}

// Where the summary is: in the repository the home page names, else under the page itself.
std::string SummaryUrl(absl::string_view page_url, const Document* home) {
  if (home != nullptr && home->http_status == 200) {
    if (std::optional<SiteRepository> repository = UpptimeRepositoryOf(home->body)) return SummaryUrlOf(*repository);
  }
  return absl::StrCat(page_url, "/history/summary.json");
}

}  // namespace

FetchPlan Upptime::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan;
  plan.documents = {{kHomeRole, std::string(page_url)}};
  plan.follow_ups = [page_url = std::string(page_url)](const Documents& first) -> std::vector<DocumentToFetch> {
    return {{kSummaryRole, SummaryUrl(page_url, first.Find(kHomeRole))}};
  };
  return plan;
}

Detection Upptime::detection() const {
  Detection d;
  // A page given as the repository's files: the summary is right there.
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, "/history/summary.json"); };
  d.probe_matches = HasSummaryShape;
  d.home_page_matches = [](const Document& home) { return UpptimeRepositoryOf(home.body).has_value(); };
  return d;
}

absl::StatusOr<ParsedPage> Upptime::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* summary = documents.Find(kSummaryRole);
  if (summary == nullptr) {
    // A home page saved alone names its repository and holds nothing else.
    ASSIGN_OR_RETURN(const Document* home, documents.RequireOk(kHomeRole));
    if (!UpptimeRepositoryOf(home->body)) {
      return absl::InvalidArgumentError(absl::StrCat(home->url, ": names no Upptime repository"));
    }
    return ParsedPage{};
  }
  ASSIGN_OR_RETURN(summary, documents.RequireOk(kSummaryRole));
  ASSIGN_OR_RETURN(const Json sites, SitesOf(*summary));
  std::vector<UpptimeSite> parsed;
  std::optional<absl::CivilDay> latest_day;
  std::set<std::string> slugs;
  for (const Json& j : sites) {
    if (!IsSite(j)) {
      return absl::InvalidArgumentError(absl::StrCat(summary->url, ": a site without slug, name or status"));
    }
    UpptimeSite site{StringField(j, "slug"), StringField(j, "name"), StringField(j, "status"), {}};
    if (site.name.empty()) site.name = site.slug;
    if (!slugs.insert(site.slug).second) {
      return absl::InvalidArgumentError(absl::StrCat(summary->url, ": site '", site.slug, "' is listed twice"));
    }
    absl::StatusOr<std::vector<DownDay>> days = DownDaysOf(j);
    if (!days.ok())
      return absl::InvalidArgumentError(
          absl::StrCat(summary->url, ": site '", site.slug, "': ", days.status().message()));
    site.down_days = *std::move(days);
    if (!site.down_days.empty() && (!latest_day || site.down_days.back().day > *latest_day)) {
      latest_day = site.down_days.back().day;
    }
    parsed.push_back(std::move(site));
  }
  // The website shows each site's history at /history/<slug>; files given directly have no pages.
  const Document* home = documents.Find(kHomeRole);
  const bool website = home != nullptr && home->http_status == 200 && UpptimeRepositoryOf(home->body).has_value();
  ParsedPage page;
  page.lists_every_open_incident = true;  // every site is listed, with all its recorded downtime
  for (const UpptimeSite& site : parsed) {
    statusphere::v1::Component c;
    c.set_id(site.slug);
    c.set_name(site.name);
    c.set_status(ComponentStatus(site.status));
    page.components.push_back(std::move(c));
    if (latest_day) {
      const std::string link = website ? absl::StrCat(page_url, "/history/", site.slug) : std::string(page_url);
      for (auto& i : DowntimeIncidents(site, *latest_day, link)) {
        page.incidents.push_back(std::move(i));
      }
    }
  }
  return RequireUniqueIncidentIds(summary->url, std::move(page));
}

}  // namespace statusphere::providers
