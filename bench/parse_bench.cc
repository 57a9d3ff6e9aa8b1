// Parse throughput per provider on real captures (../shared/fixtures; skipped when absent)
// and on the repo's own fixtures for platforms without a capture, next to the raw parse of
// the same bytes by the underlying library in the same run (nlohmann::json for JSON,
// pugixml for feeds, gumbo for HTML pages), alone and with gumbo's parse of the HTML the
// documents carry (update bodies in JSON strings, feed entries): the ratios are our
// overhead (mapping, normalization, HTML to text).
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
#include "providers/common/html_document.h"
#include "providers/registry.h"
#include "pugixml.hpp"

namespace {

using statusphere::providers::Document;
using statusphere::providers::Documents;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Case {
  std::string provider;
  std::string label;
  std::string page_url;
  std::vector<Documents::Entry> documents;  // in the order the provider fetches them
};

// Which library a document's raw parse is timed with, and its name in the output.
enum class Format { kJson, kXml, kHtml };

Format FormatOf(const std::string& body) {
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || body[first] == '{' || body[first] == '[') return Format::kJson;
  const bool xml = body.compare(first, 5, "<?xml") == 0 || body.compare(first, 4, "<rss") == 0 ||
                   body.compare(first, 5, "<feed") == 0;
  return xml ? Format::kXml : Format::kHtml;
}

size_t ParseEmbeddedHtml(const nlohmann::json& value) {
  size_t nodes = 0;
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find('<') != std::string::npos) {
      nodes += statusphere::providers::HtmlDocument(text).output().document->v.document.children.length;
    }
  } else if (value.is_structured()) {
    for (const auto& child : value) nodes += ParseEmbeddedHtml(child);
  }
  return nodes;
}

// The raw parse of one document by its library; with `embedded_html`, also gumbo's parse
// of the HTML the document carries (JSON strings with markup, feed entry bodies), which
// no parser of these platforms can skip. Returns something that depends on the result so
// that the work cannot be optimised away.
size_t RawParse(const std::string& body, bool embedded_html) {
  switch (FormatOf(body)) {
    case Format::kJson: {
      const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
      return json.size() + (embedded_html ? ParseEmbeddedHtml(json) : 0);
    }
    case Format::kXml: {
      pugi::xml_document doc;
      if (!doc.load_buffer(body.data(), body.size())) return 0;
      if (!embedded_html) return 1;
      size_t nodes = 1;
      for (const pugi::xpath_node& n : doc.select_nodes("//*[local-name()='description' or local-name()='content']")) {
        nodes +=
            statusphere::providers::HtmlDocument(n.node().child_value()).output().document->v.document.children.length;
      }
      return nodes;
    }
    case Format::kHtml:
      return statusphere::providers::HtmlDocument(body).output().document->v.document.children.length;
  }
  return 0;
}

std::string LibrariesOf(const std::vector<Documents::Entry>& documents) {
  bool json = false, xml = false, html = false;
  for (const auto& [role, d] : documents) {
    if (d.body.empty()) continue;
    const Format f = FormatOf(d.body);
    json |= f == Format::kJson;
    xml |= f == Format::kXml;
    html |= f == Format::kHtml;
  }
  std::string out;
  for (const auto& [used, name] : {std::pair<bool, const char*>{json, "json"}, {xml, "xml"}, {html, "html"}}) {
    if (used) out += out.empty() ? name : std::string("+") + name;
  }
  return out;
}

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
  std::string repo = ".";
  if (const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY"); workspace != nullptr) {
    repo = workspace;
    if (shared[0] != '/') shared = repo + "/" + shared;
  }
  auto capture = [&](const std::string& path) { return Read(shared + "/" + path); };
  auto own = [&](const std::string& path) { return Read(repo + "/providers/" + path); };
  auto ok = [](const char* role, std::string body) { return Documents::Entry{role, {"", 200, "", std::move(body)}}; };
  const Document not_found{"", 404, "", ""};

  // Captures first (a case whose file is missing is skipped), then the platforms that have
  // only the repo's own fixtures.
  std::vector<Case> cases = {
      {"atlassian-statuspage",
       "githubstatus summary + 50 incidents",
       "https://www.githubstatus.com",
       {ok("summary", capture("atlassian-statuspage/githubstatus-summary-2026-07-31.json")),
        ok("incidents", capture("atlassian-statuspage/githubstatus-incidents-2026-07-31.json")),
        {"scheduled-maintenances", not_found}}},
      {"atlassian-statuspage",
       "cloudamqp summary under maintenance",
       "https://status.cloudamqp.com",
       {ok("summary", capture("atlassian-statuspage/cloudamqp-summary-under-maintenance-2020-07-16.json")),
        ok("incidents", R"({"incidents":[]})"),
        {"scheduled-maintenances", not_found}}},
      {"rss",
       "githubstatus history.atom",
       "https://www.githubstatus.com",
       {ok("feed", capture("atlassian-statuspage/githubstatus-history-2022-06-11.atom"))}},
      {"rss",
       "status.parse.com history.rss",
       "https://status.parse.com",
       {ok("feed", capture("atlassian-statuspage/status.parse.com-history-2014-01.rss"))}},
      {"aws",
       "status.aws.amazon.com data.json",
       "https://status.aws.amazon.com",
       {ok("events", capture("aws/aws-status-data-2022-07-03.json"))}},
      {"azure",
       "Azure status feed (empty)",
       "https://azure.status.microsoft",
       {ok("feed", capture("azure/azure-status-feed-en-us-empty.xml"))}},
      {"betterstack",
       "status.betterstack.com index.json",
       "https://status.betterstack.com",
       {ok("index", capture("betterstack/betterstack-status-index-json-trimmed.json"))}},
      {"cachet",
       "Cachet demo incidents + components + schedules",
       "https://demo.cachethq.io",
       {ok("incidents", capture("cachet/cachet-demo-api-v1-incidents.json")),
        ok("components", capture("cachet/cachet-demo-api-v1-components.json")),
        ok("schedules", capture("cachet/cachet-demo-api-v1-schedules.json"))}},
      {"google-cloud",
       "status.cloud.google.com incidents.json",
       "https://status.cloud.google.com",
       {ok("incidents", capture("google-cloud/gcp-incidents-2022-07-03.json"))}},
      {"heroku",
       "status.heroku.com current-status",
       "https://status.heroku.com",
       {ok("current-status", capture("heroku/heroku-status-api-v4-current-status-incident-2019-10-24.json"))}},
      {"instatus",
       "Instatus demo summary + gcore components",
       "https://instatus.instatus.com",
       {ok("summary", capture("instatus/instatus-demo-summary-incident.json")),
        ok("components", capture("instatus/gcore-v3-components-truncated.json"))}},
      {"slack",
       "slack-status.com current",
       "https://slack-status.com",
       {ok("incidents", capture("slack/slack-status-api-v2-current-active-incident.json"))}},
      {"slack",
       "slack-status.com history (8 incidents)",
       "https://slack-status.com",
       {ok("incidents", capture("slack/slack-status-api-v2-history-first8.json"))}},
      // status.io's first document is the home page, for the page id its links carry.
      {"status-io",
       "docker (partial disruption)",
       "https://status.docker.com",
       {ok("home-page", R"(<a href="/pages/history/533c6539221ae15e3f000031">History</a>)"),
        ok("status", capture("status-io/docker-statusio-1.0-status-partial-disruption-2020-07-16.json"))}},
      {"status-io",
       "gitlab (planned maintenance)",
       "https://status.gitlab.com",
       {ok("home-page", R"(<a href="/pages/history/5b36dc6502d06804c08349f7">History</a>)"),
        ok("status", capture("status-io/gitlab-statusio-1.0-status-planned-maintenance-2020-09-05.json"))}},
      {"salesforce",
       "Trust preview (1528 instances) + localizations",
       "https://status.salesforce.com",
       {ok("instances", capture("salesforce/salesforce-trust-v1-instances-status-preview-incident-2021-01.json")),
        ok("localizations", capture("salesforce/salesforce-trust-v1-localizations.json"))}},
      {"statuspal",
       "exoscale summary (83 services, maintenances)",
       "https://exoscalestatus.com",
       {ok("summary", capture("statuspal/exoscalestatus-v2-summary-emergency-maintenance-in-progress-2025-10.json"))}},
      {"uptimerobot",
       "hivelocity monitor list, page 1 of 2 (250 kB)",
       "https://stats.uptimerobot.com/hv",
       {ok("monitors", capture("uptimerobot/hivelocity-psp-getMonitorList-page1-of-43-2025-03-08.json"))}},
      {"site24x7-statusiq",
       "inriver /rss (50 items, 14 components)",
       "https://status.inriver.com",
       {ok("feed", capture("site24x7-statusiq/inriver-statusiq-rss-50-components-2025-02-24.xml"))}},
      {"statuscast",
       "fastlystatus.com home (160 components, 21 incidents)",
       "https://www.fastlystatus.com",
       {ok("home", capture("statuscast/www.fastlystatus.com-statuscast-home-normal-2023-02-10.html"))}},
      {"uptime-com",
       "status.uptime.com /ajax (trimmed)",
       "https://status.uptime.com",
       {ok("ajax",
           capture("uptime-com/status.uptime.com-statuspage-ajax-components-operational-trimmed-2026-09.json"))}},
      {"atlassian-statuspage",
       "own fixture (3 incidents)",
       "https://status.example.com",
       {ok("summary", own("atlassian_statuspage/testdata/summary.json")),
        ok("incidents", own("atlassian_statuspage/testdata/incidents.json")),
        ok("scheduled-maintenances", own("atlassian_statuspage/testdata/scheduled-maintenances.json"))}},
      {"incident-io",
       "own fixture (both APIs, backfill)",
       "https://status.example-cloud.test",
       {ok("summary", own("incident_io/testdata/summary.json")),
        ok("incidents", own("incident_io/testdata/incidents.json")),
        ok("native-summary", own("incident_io/testdata/proxy_summary.json")),
        ok("native-incidents", own("incident_io/testdata/proxy_incidents.json"))}},
      // No real Kuma capture exists: the repo's own fixture (a pinned incident, two maintenance windows).
      {"uptime-kuma",
       "own fixture (6 monitors, 3 incidents)",
       "https://status.example.com/status/main",
       {ok("status-page", own("uptime_kuma/testdata/status-page.json")),
        ok("heartbeat", own("uptime_kuma/testdata/heartbeat.json"))}},
      // Vendors' own pages: no capture of any exists, so their own fixtures (written to the
      // published formats). Apple's document is JSON inside a script call, which the raw
      // column parses as HTML (gumbo), not as JSON.
      {"stripe",
       "own fixture (degraded)",
       "https://status.stripe.com",
       {ok("current", own("stripe/testdata/current-full-degraded.json"))}},
      {"okta",
       "own fixture (home page, 2 records)",
       "https://status.okta.com",
       {ok("home", own("okta/testdata/home-incident-open.html"))}},
      {"zendesk",
       "own fixture (services + 2 incidents)",
       "https://status.zendesk.com",
       {ok("services", own("zendesk/testdata/services.json")),
        ok("incidents", own("zendesk/testdata/incidents-open.json"))}},
      {"microsoft-365",
       "own fixture (a degradation post)",
       "https://status.cloud.microsoft",
       {ok("feed", own("microsoft_365/testdata/feed-degradation.xml"))}},
      {"oracle-cloud",
       "own fixture (status.json + 2-incident feed)",
       "https://ocistatus.oraclecloud.com",
       {ok("status", own("oracle_cloud/testdata/status-minor.json")),
        ok("feed", own("oracle_cloud/testdata/incident-summary-open.rss"))}},
      {"oracle-netsuite",
       "own fixture (status.json)",
       "https://status.netsuite.com",
       {ok("status", own("oracle_netsuite/testdata/status-major.json"))}},
      {"paypal",
       "own fixture (4 entries, disruption)",
       "https://www.paypal-status.com",
       {ok("components", own("paypal/testdata/components-disruption.json"))}},
      {"adobe",
       "own fixture (2 incident events)",
       "https://status.adobe.com",
       {ok("events", own("adobe/testdata/status-events-incident-open.json"))}},
      {"algolia",
       "own fixture (degraded)",
       "https://status.algolia.com",
       {ok("status", own("algolia/testdata/current-degraded.json"))}},
      {"broadcom",
       "own fixture (maintenance)",
       "https://status.broadcom.com",
       {ok("status", own("broadcom/testdata/status-maintenance.json"))}},
      {"signalwire",
       "own fixture (4 components)",
       "https://status.signalwire.com",
       {ok("components", own("signalwire/testdata/components-outage.json"))}},
      {"apple",
       "own fixture (5 services, 2 events)",
       "https://www.apple.com/support/systemstatus",
       {ok("status", own("apple/testdata/system_status-outage.js"))}},
      // Platforms built from published formats, without a recorded response: the repo's own fixtures.
      {"cstate",
       "own fixture (index, 6 issues, 1 body)",
       "https://status.nordwind.example",
       {ok("index", own("cstate/testdata/index.json")), ok("issues", own("cstate/testdata/issues.json")),
        ok("issue", own("cstate/testdata/issue.json"))}},
      {"gatus",
       "own fixture (4 endpoints, events, announcements)",
       "https://health.nordwind.example",
       {ok("statuses", own("gatus/testdata/statuses.json")), ok("config", own("gatus/testdata/config.json")),
        ok("endpoint", own("gatus/testdata/endpoint-core_api.json"))}},
      {"statping",
       "own fixture (3 services, 2 incidents, 3 messages)",
       "https://status.nordwind.example",
       {ok("services", own("statping/testdata/services.json")), ok("groups", own("statping/testdata/groups.json")),
        ok("messages", own("statping/testdata/messages.json"))}},
      // The event's JSON alone (Hund's Parse takes a saved event too), so that the raw parse
      // it is measured against is the JSON parser's, not gumbo's on the stream's text.
      {"hund",
       "own fixture (init_event's JSON, 4 issues)",
       "https://vaultco.hund.io",
       {ok("live",
           [&] {
             const std::string stream = own("hund/testdata/live-degraded.txt");
             const size_t data = stream.find("data: ");
             return data == std::string::npos ? std::string()
                                              : stream.substr(data + 6, stream.find('\n', data) - data - 6);
           }())}},
      {"openstatus",
       "own fixture (feed: 3 reports, 3 maintenances)",
       "https://nordwind.openstatus.dev",
       {ok("feed", own("openstatus/testdata/feed.json"))}},
      {"hyperping",
       "own fixture (status.json, 3 services)",
       "https://nordwind.hyperping.app",
       {ok("status", own("hyperping/testdata/status.json"))}},
      {"sorry",
       "own fixture (components, 4 notices)",
       "https://nordwind.sorryapp.com",
       {ok("components", own("sorry/testdata/components.json")), ok("page", own("sorry/testdata/page.json"))}},
      {"statushub",
       "own fixture (counters: 11 up, 1 affected, 2 down)",
       "https://nordwind.statushub.io",
       {ok("statuses", own("statushub/testdata/statuses-down.json"))}},
      {"statuscake",
       "own fixture (report: 3 tests, 1 down)",
       "https://uptime.statuscake.com/?TestID=Nw3xAmpl3Q",
       {ok("report", own("statuscake/testdata/report-one-down.json"))}},
      {"rootly",
       "own fixture (status.json, 4 active incidents)",
       "https://status.nordwind.example",
       {ok("status", own("rootly/testdata/status.json")), ok("incidents", own("rootly/testdata/incidents.json"))}},
  };

  std::cout << "parse benchmark (same bytes, same run). raw = the structure's library alone (nlohmann::json, pugixml,\n"
               "gumbo); +html = also gumbo on the HTML the document carries. ratio = our time / each.\n";
  // STATUSPHERE_BENCH_ONLY=<provider> runs that provider's cases only (for a profiler).
  const char* only = std::getenv("STATUSPHERE_BENCH_ONLY");
  for (Case& c : cases) {
    if (only != nullptr && c.provider != only) continue;
    const auto* provider = statusphere::providers::FindProvider(c.provider);
    size_t bytes = 0;
    bool missing = false;
    for (const auto& [role, d] : c.documents) {
      bytes += d.body.size();
      missing |= d.http_status == 200 && d.body.empty();
    }
    if (missing) {
      std::cout << absl::StrFormat("  %-20s %-48s skipped: capture not found under %s\n", c.provider, c.label, shared);
      continue;
    }
    const Documents documents(c.documents);
    auto parsed = provider->Parse(c.page_url, documents);
    if (!parsed.ok()) {
      std::cout << absl::StrFormat("  %-20s %-48s parse failed: %s\n", c.provider, c.label, parsed.status().ToString());
      continue;
    }
    const size_t incidents = parsed->incidents.size();
    const double ours = TimePerRun([&] { (void)provider->Parse(c.page_url, documents); });
    size_t sink = 0;  // keeps the raw parse from being optimised away
    auto raw_time = [&](bool embedded_html) {
      return TimePerRun([&] {
        for (const auto& [role, d] : c.documents) {
          if (d.http_status == 200) sink += RawParse(d.body, embedded_html);
        }
      });
    };
    const double raw = raw_time(false), raw_with_html = raw_time(true);
    if (sink == 0) std::cout << "";
    std::cout << absl::StrFormat(
        "  %-20s %-48s %6.1f MB/s %7.0f incidents/s | raw %-6s %6.1f MB/s, +html %6.1f MB/s | ratio %5.2fx, %5.2fx\n",
        c.provider, c.label, bytes / ours / 1e6, incidents / ours, LibrariesOf(c.documents), bytes / raw / 1e6,
        bytes / raw_with_html / 1e6, ours / raw, ours / raw_with_html);
  }
  return 0;
}
