#include "providers/cstate/cstate.h"

#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/cstate/hugo_time.h"

namespace statusphere::providers {
namespace {

constexpr char kIndexRole[] = "index";
constexpr char kIssuesRole[] = "issues";
constexpr char kIssueRole[] = "issue";
// Bodies fetched per scrape: the open issues' (a page rarely has more than a few open).
constexpr size_t kMaxBodies = 10;

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// cState's words and ours. cState has three severities; "notice" is what its pages show as
// "This is maintenance" (i18n thisIsMaintenance), and an issue marked informational (an
// announcement) has none.
struct SeverityWords {
  const char* severity;
  const char* impact;
  const char* component_status;
};
constexpr SeverityWords kSeverities[] = {
    {"down", vocabulary::kImpactMajor, vocabulary::kComponentMajorOutage},
    {"disrupted", vocabulary::kImpactMinor, vocabulary::kComponentPartialOutage},
    {"notice", vocabulary::kImpactMaintenance, vocabulary::kComponentUnderMaintenance},
};

std::string ComponentStatus(absl::string_view status) {
  if (status == "ok") return vocabulary::kComponentOperational;
  for (const SeverityWords& w : kSeverities) {
    if (status == w.severity) return w.component_status;
  }
  return "unknown";
}

std::string Impact(const Json& issue) {
  const std::string severity = StringField(issue, "severity");
  for (const SeverityWords& w : kSeverities) {
    if (severity == w.severity) return w.impact;
  }
  if (BoolField(issue, "informational") || severity.empty()) return vocabulary::kImpactNone;
  return vocabulary::kImpactMinor;  // a severity cState may add
}

bool IsIndex(const Json& json) {
  return json.contains("systems") && json["systems"].is_array() && json.contains("summaryStatus") &&
         json["summaryStatus"].is_string();
}

// "2018-05-25-us-east-conn-issues.md" -> "2018-05-25-us-east-conn-issues": the content
// file's name is what an issue is written as, and stays put when its title is edited.
std::string IssueId(const Json& issue) {
  std::string id = StringField(issue, "filename");
  if (absl::EndsWith(id, ".md")) id.resize(id.size() - 3);
  if (!id.empty()) return id;
  const std::string field = StringField(issue, "permalink");  // kept: the view below points into it
  absl::string_view permalink = absl::StripSuffix(field, "/");
  const size_t slash = permalink.rfind('/');
  return std::string(slash == absl::string_view::npos ? permalink : permalink.substr(slash + 1));
}

// Where the site's own links point under this page: the site's baseURL may name another host
// (or a staging copy) than the one the page is read from, so a link is rebased onto the page.
std::string UnderPage(absl::string_view page_url, absl::string_view base_url, absl::string_view link) {
  if (!base_url.empty() && absl::ConsumePrefix(&link, absl::StripSuffix(base_url, "/"))) {
    return absl::StrCat(page_url, absl::StartsWith(link, "/") ? "" : "/", link);
  }
  if (absl::StartsWith(link, "/")) return absl::StrCat(page_url, link);
  return std::string(link);
}

absl::StatusOr<absl::Time> RequiredTime(const Json& issue, const char* key) {
  std::optional<absl::Time> t = cstate::ParseHugoTime(StringField(issue, key));
  if (!t || !IsPlausibleTime(*t)) {
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: '", StringField(issue, key), "'"));
  }
  return *t;
}

std::optional<absl::Time> OptionalTime(const Json& issue, const char* key) {
  std::optional<absl::Time> t = cstate::ParseHugoTime(StringField(issue, key));
  if (t && !IsPlausibleTime(*t)) return std::nullopt;
  return t;
}

absl::StatusOr<Incident> ReadIssue(absl::string_view page_url, absl::string_view base_url, const Json& issue,
                                   const std::map<std::string, std::string>& bodies) {
  Incident i;
  i.set_id(IssueId(issue));
  if (i.id().empty()) return absl::InvalidArgumentError("an issue has no filename or permalink");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("issue '", i.id(), "': ", s.message()));
  };
  absl::StatusOr<absl::Time> created = RequiredTime(issue, "createdAt");
  if (!created.ok()) return error(created.status());
  i.set_title(StringField(issue, "title"));
  i.set_impact(Impact(issue));
  *i.mutable_start_time() = ToProto(*created);
  const std::string permalink = StringField(issue, "permalink");
  i.set_deep_link(permalink.empty() ? absl::StrCat(page_url, "/issues/", i.id(), "/")
                                    : UnderPage(page_url, base_url, permalink));
  for (const Json& system : ArrayField(issue, "affected")) {
    if (system.is_string()) i.add_components(system.get<std::string>());
  }
  if (auto body = bodies.find(i.id()); body != bodies.end()) i.set_description(body->second);

  const bool maintenance = i.impact() == vocabulary::kImpactMaintenance;
  const bool announcement = i.impact() == vocabulary::kImpactNone;
  const bool resolved = BoolField(issue, "resolved");
  // resolvedAt is the front matter's resolvedWhen; a page that leaves it out was resolved
  // by the edit that set resolved: true, its lastMod.
  std::optional<absl::Time> resolved_at = OptionalTime(issue, "resolvedAt");
  if (maintenance) {
    // A notice's resolvedWhen is when the work ends, written with it in advance.
    *i.mutable_scheduled_start_time() = i.start_time();
    if (resolved_at && *resolved_at >= *created) *i.mutable_scheduled_end_time() = ToProto(*resolved_at);
  }
  auto* opened = i.add_events();
  opened->set_status(maintenance    ? vocabulary::kLifecycleInProgress
                     : announcement ? vocabulary::kLifecycleUpdate
                                    : vocabulary::kLifecycleInvestigating);
  opened->set_title(HeadingOf(opened->status()));
  *opened->mutable_time() = i.start_time();
  if (resolved) {
    const absl::Time end = std::max(*created, resolved_at.value_or(OptionalTime(issue, "lastMod").value_or(*created)));
    *i.mutable_end_time() = ToProto(end);
    i.set_status(maintenance ? vocabulary::kLifecycleCompleted : vocabulary::kLifecycleResolved);
    auto* closed = i.add_events();
    closed->set_status(i.status());
    closed->set_title(HeadingOf(i.status()));
    *closed->mutable_time() = i.end_time();
    std::swap(*i.mutable_events(0), *i.mutable_events(1));  // newest first
  } else {
    i.set_status(opened->status());
  }
  return i;
}

// The issue's own JSON: its permalink with index.json (Hugo's JSON output of the page).
std::string IssueUrl(absl::string_view page_url, absl::string_view base_url, const Json& issue) {
  const std::string permalink = StringField(issue, "permalink");
  if (permalink.empty()) return "";
  std::string url = UnderPage(page_url, base_url, permalink);
  if (!absl::StartsWith(url, page_url)) return "";  // a link off the page is not fetched
  if (!absl::EndsWith(url, "/")) url += "/";
  return url + "index.json";
}

absl::StatusOr<Json> OkJson(const Document& d) {
  if (d.http_status != 200) return absl::UnavailableError(absl::StrCat(d.url, ": ", OutcomeOf(d)));
  return ParseJsonObject(d.url, d.body);
}

// The unresolved issues of the issue list, else of the index (each system lists those
// affecting it).
std::vector<Json> OpenIssues(const Documents& documents) {
  std::vector<Json> open;
  std::set<std::string> seen;
  auto take = [&](const Json& issue) {
    if (issue.is_object() && !BoolField(issue, "resolved") && seen.insert(IssueId(issue)).second) open.push_back(issue);
  };
  if (const Document* list = documents.Find(kIssuesRole)) {
    if (absl::StatusOr<Json> json = OkJson(*list); json.ok()) {
      for (const Json& issue : ArrayField(*json, "pages")) {
        if (StringField(issue, "is") == "issue") take(issue);
      }
      return open;
    }
  }
  if (const Document* index = documents.Find(kIndexRole)) {
    if (absl::StatusOr<Json> json = OkJson(*index); json.ok()) {
      for (const Json& system : ArrayField(*json, "systems")) {
        for (const Json& issue : ArrayField(system, "unresolvedIssues")) take(issue);
      }
    }
  }
  return open;
}

std::string BaseUrlOf(const Documents& documents) {
  for (const char* role : {kIndexRole, kIssuesRole}) {
    if (const Document* d = documents.Find(role)) {
      if (absl::StatusOr<Json> json = OkJson(*d); json.ok()) {
        if (std::string base = StringField(*json, "baseURL"); !base.empty()) return base;
      }
    }
  }
  return "";
}

}  // namespace

FetchPlan CState::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan;
  plan.documents = {{kIndexRole, absl::StrCat(page_url, "/index.json")},
                    {kIssuesRole, absl::StrCat(page_url, "/issues/index.json")}};
  plan.follow_ups = [page_url = std::string(page_url)](const Documents& first) {
    std::vector<DocumentToFetch> bodies;
    const std::string base_url = BaseUrlOf(first);
    for (const Json& issue : OpenIssues(first)) {
      if (bodies.size() == kMaxBodies) break;
      if (std::string url = IssueUrl(page_url, base_url, issue); !url.empty()) bodies.push_back({kIssueRole, url});
    }
    return bodies;
  };
  return plan;
}

Detection CState::detection() const {
  Detection d;
  // The same document Better Stack probes: no fetch more.
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, "/index.json"); };
  d.probe_matches = JsonProbeOfShape(IsIndex);
  return d;
}

absl::StatusOr<ParsedPage> CState::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* index_doc = documents.Find(kIndexRole);
  const Document* list_doc = documents.Find(kIssuesRole);
  // Sites whose config leaves the section's JSON output out answer 404 for the issue list:
  // the index still names every open issue.
  if (list_doc != nullptr && list_doc->http_status == 404 && index_doc != nullptr) list_doc = nullptr;
  if (index_doc == nullptr && list_doc == nullptr) {
    return absl::InvalidArgumentError("no cState index.json or issues/index.json to parse");
  }
  ParsedPage page;
  std::string base_url;
  std::vector<Json> issues;
  if (index_doc != nullptr) {
    ASSIGN_OR_RETURN(const Json index, OkJson(*index_doc));
    if (!IsIndex(index)) {
      return absl::InvalidArgumentError(
          absl::StrCat(index_doc->url, ": no 'systems' array and 'summaryStatus': not a cState index"));
    }
    base_url = StringField(index, "baseURL");
    page.platform_indicator = StringField(index, "summaryStatus");
    for (const Json& system : index["systems"]) {
      const std::string name = StringField(system, "name");
      if (name.empty()) continue;  // nothing to name it by
      statusphere::v1::Component c;
      c.set_id(name);  // cState systems are named, not numbered; issues name them too
      c.set_name(name);
      c.set_status(ComponentStatus(StringField(system, "status")));
      c.set_group(StringField(system, "category"));
      page.components.push_back(std::move(c));
    }
    if (list_doc == nullptr) issues = OpenIssues(documents);
  }
  if (list_doc != nullptr) {
    ASSIGN_OR_RETURN(const Json list, OkJson(*list_doc));
    if (!list.contains("pages") || !list["pages"].is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(list_doc->url, ": no 'pages' array: not a cState issue list"));
    }
    if (base_url.empty()) base_url = StringField(list, "baseURL");
    for (const Json& entry : list["pages"]) {
      if (StringField(entry, "is") == "issue") issues.push_back(entry);
    }
  }
  std::map<std::string, std::string> bodies;  // by issue id
  for (const Document* d : documents.FindAll(kIssueRole)) {
    // A site whose config leaves out the pages' JSON output: the issue stays without its body.
    if (d->http_status == 404) continue;
    ASSIGN_OR_RETURN(const Json issue, OkJson(*d));
    if (StringField(issue, "is") != "issue")
      return absl::InvalidArgumentError(absl::StrCat(d->url, ": not a cState issue"));
    bodies[IssueId(issue)] = TextOf(StringField(issue, "body"));
  }
  // The list holds every issue, the index every open one: an issue no longer listed as open has ended.
  page.lists_every_open_incident = true;
  const Document* source = list_doc != nullptr ? list_doc : index_doc;
  for (const Json& issue : issues) {
    absl::StatusOr<Incident> incident = ReadIssue(page_url, base_url, issue, bodies);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(source->url, ": ", incident.status().message()));
    page.incidents.push_back(*std::move(incident));
  }
  return RequireUniqueIncidentIds(source->url, std::move(page));
}

}  // namespace statusphere::providers
