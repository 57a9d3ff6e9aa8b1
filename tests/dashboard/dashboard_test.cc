// The dashboard in a real browser: the real server, scraper and gateway on 127.0.0.1, three
// Statuspage-shaped pages scraped from an HttpServer, and headless Chromium driven through
// chromedriver. It asserts what a person sees: the list (degraded first, statuses, search,
// filter), the keyboard's skip link, a page's grouped components, open incident with its
// updates, history and uptime, live changes in both views without a reload, "my vendors"
// after a reload, and the phone layout. Screenshots go to $TEST_UNDECLARED_OUTPUTS_DIR.
// Skips when Debian's chromium or chromium-driver is not installed.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/dashboard/vendor_site.h"
#include "tests/dashboard/webdriver.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/seed.h"
#include "tests/gateway/stack.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

constexpr char kHostileName[] = "Charlie <img src=x onerror=\"window.__pwned=1\">";

// The names of the list's rows a person sees (laid out, not hidden), in their order on screen.
constexpr char kVisibleNames[] =
    "return [...document.querySelectorAll('#pages .page-row')].filter(r => r.getClientRects().length > 0)"
    "  .map(r => r.querySelector('.page-name').textContent);";

// Every page indexed and each status as expected ("*": any), read through the REST API.
bool PagesAre(const GatewayStack& stack, const std::map<std::string, std::string>& statuses) {
  RestResponse r = Get(stack.Url("/api/v1/statusPages"));
  if (r.status != 200) return false;
  json pages = json::parse(r.body, nullptr, false);
  if (pages.is_discarded()) return false;
  int matched = 0;
  for (const auto& page : pages["statusPages"]) {
    auto it = statuses.find(page.value("name", ""));
    if (it == statuses.end()) continue;
    if (!page.value("isIndexed", false)) return false;
    if (it->second != "*" && page.value("status", "") != it->second) return false;
    ++matched;
  }
  return matched == static_cast<int>(statuses.size());
}

TEST(DashboardTest, ShowsScrapedPagesLiveInARealBrowser) {
  if (std::string missing = MissingBrowser(); !missing.empty()) GTEST_SKIP() << missing;

  GatewayStack stack("dashboard");
  stack.PrintLogsOnFailure();
  ASSERT_TRUE(stack.StartServer(0, {"--current_interval=1s", "--historical_interval=1h"}).ok());
  ASSERT_TRUE(stack.StartGateway().ok());

  HttpServer server;
  VendorSite acme(server, "acme"), bravo(server, "bravo"), charlie(server, "charlie");
  acme.SetComponents(
      {{"API", "partial_outage", "Core"}, {"Web", "operational", "Core"}, {"Billing", "operational", ""}});
  acme.AddIncident({"acme-0",
                    "Login delays",
                    "minor",
                    {"Web"},
                    {{"investigating", "Logins are slow.", Ago(absl::Hours(30))},
                     {"resolved", "Logins are fast again.", Ago(absl::Hours(29))}}});
  acme.AddIncident({"acme-1",
                    "Elevated API errors",
                    "major",
                    {"API"},
                    {{"investigating", "We are investigating elevated error rates on the API.", Ago(absl::Minutes(40))},
                     {"identified", "We found the faulty deploy and are rolling back.", Ago(absl::Minutes(10))}}});
  bravo.SetComponents({{"SMTP", "operational", ""}, {"IMAP", "operational", ""}});
  charlie.SetComponents({{"<script>window.__pwned=2</script>", "operational", "Edge"}});

  ASSERT_TRUE(stack.AddPage(acme.url(), "atlassian-statuspage", "Acme Cloud").ok());
  ASSERT_TRUE(stack.AddPage(bravo.url(), "atlassian-statuspage", "Bravo Mail").ok());
  ASSERT_TRUE(stack.AddPage(charlie.url(), "atlassian-statuspage", kHostileName).ok());
  const std::string dir = FreshTempDir("dashboard_browser");
  Subprocess& scraper = stack.StartScraper("dashboard");
  ASSERT_TRUE(Eventually(
      [&] {
        return PagesAre(stack, {{"Acme Cloud", "DEGRADED"}, {"Bravo Mail", "UP"}, {kHostileName, "UP"}});
      },
      absl::Seconds(20)))
      << scraper.Log().substr(0, 5000);

  auto started = Browser::Start(dir, 1280, 900);
  ASSERT_TRUE(started.ok()) << started.status();
  Browser& browser = **started;
  const std::string shots = OutputsDir(dir);
  const absl::Duration kWait = absl::Seconds(10);

  // The list: every page, degraded first, each status in words.
  ASSERT_TRUE(browser.Navigate(stack.Url("/")).ok());
  ASSERT_TRUE(browser.WaitFor("return document.querySelectorAll('#pages .page-row').length === 3;", kWait))
      << browser.DriverLog();
  EXPECT_EQ(Js(browser, kVisibleNames), json({"Acme Cloud", "Bravo Mail", kHostileName}));
  EXPECT_EQ(Js(browser, "return [...document.querySelectorAll('#pages .page-row .badge')].map(b => b.textContent);"),
            json({"Degraded", "Operational", "Operational"}));
  EXPECT_EQ(Js(browser, "return document.getElementById('summary').textContent;"), "Showing 3 of 3 pages");
  // The hostile name is shown as the text it is, and ran nothing.
  EXPECT_EQ(Js(browser, "return typeof window.__pwned;"), "undefined");
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('#pages img').length;"), 0);
  EXPECT_EQ(Js(browser, "return document.querySelector('.page-row[data-url=\"' + arguments[0] + '\"] .external').href;",
               json::array({acme.url()})),
            acme.url());
  EXPECT_TRUE(browser.Screenshot(shots + "/list.png").ok());

  // Keyboard: the first Tab reaches the skip link, Enter moves focus to the content.
  ASSERT_TRUE(browser.PressKeys("\uE004").ok());
  EXPECT_EQ(Js(browser, "return document.activeElement.textContent;"), "Skip to content");
  ASSERT_TRUE(browser.PressKeys("\uE007").ok());
  EXPECT_EQ(Js(browser, "return document.activeElement.id;"), "main");
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('.star[aria-label][aria-pressed=\"false\"]').length;"), 3);

  // Search as you type narrows the list; clearing it brings every page back.
  auto search = browser.Find("#search");
  ASSERT_TRUE(search.ok()) << search.status();
  ASSERT_TRUE(browser.Type(*search, "brav").ok());
  EXPECT_TRUE(
      browser.WaitFor("return [...document.querySelectorAll('#pages .page-row')].filter(r => r.getClientRects().length "
                      "> 0).length === 1;",
                      kWait));
  EXPECT_EQ(Js(browser, kVisibleNames), json({"Bravo Mail"}));
  EXPECT_EQ(Js(browser, "return document.getElementById('summary').textContent;"), "Showing 1 of 3 pages");
  ASSERT_TRUE(browser.Type(*search, "\uE003\uE003\uE003\uE003").ok());
  EXPECT_EQ(Js(browser, kVisibleNames).size(), 3u);
  // The status filter.
  auto degraded = browser.Find("label[for='filter-DEGRADED']");
  ASSERT_TRUE(degraded.ok());
  ASSERT_TRUE(browser.Click(*degraded).ok());
  EXPECT_EQ(Js(browser, kVisibleNames), json({"Acme Cloud"}));
  EXPECT_EQ(Js(browser, "return document.querySelector('.filter-DEGRADED .count').textContent;"), "(1)");
  ASSERT_TRUE(browser.Click(*browser.Find("label[for='filter-all']")).ok());
  EXPECT_EQ(Js(browser, kVisibleNames).size(), 3u);

  // Live, in the list: Bravo reports an incident; its row turns degraded without a reload.
  Js(browser, "window.__sameDocument = 42; return true;");
  absl::Time reported = absl::Now();
  bravo.AddIncident({"bravo-1",
                     "Outbound mail delayed",
                     "major",
                     {"SMTP"},
                     {{"investigating", "Outbound mail is queued.", Ago(absl::Minutes(1))}}});
  EXPECT_TRUE(browser.WaitFor(
      "const row = [...document.querySelectorAll('#pages .page-row')].find(r => "
      "r.querySelector('.page-name').textContent === 'Bravo Mail');"
      "return row.dataset.status === 'DEGRADED' && row.querySelector('.badge').textContent === 'Degraded';",
      absl::Seconds(20)));
  std::cout << "list: live change shown " << absl::ToDoubleSeconds(absl::Now() - reported)
            << " s after it was published\n";
  EXPECT_EQ(Js(browser, kVisibleNames), json({"Acme Cloud", "Bravo Mail", kHostileName}));
  EXPECT_EQ(Js(browser, "return window.__sameDocument;"), 42);

  // Star Acme, then open its page.
  const std::string acme_row = absl::StrCat(".page-row[data-url='", acme.url(), "']");
  auto star = browser.Find(acme_row + " .star");
  ASSERT_TRUE(star.ok());
  ASSERT_TRUE(browser.Click(*star).ok());
  EXPECT_EQ(Js(browser, "return document.querySelector(arguments[0]).getAttribute('aria-pressed');",
               json::array({acme_row + " .star"})),
            "true");
  ASSERT_TRUE(browser.Click(*browser.Find(acme_row + " .page-name")).ok());
  ASSERT_TRUE(
      browser.WaitFor("const h = document.getElementById('page-name'); return !!h && h.textContent === 'Acme Cloud' && "
                      "!!document.querySelector('#open-list') && !!document.querySelector('#history-list');",
                      kWait));
  EXPECT_EQ(Js(browser, "return document.getElementById('page-status').textContent;"), "Degraded");
  // Components by group, each with its status.
  EXPECT_EQ(
      Js(browser,
         "return [...document.querySelectorAll('#components .group')].map(g => ({"
         "  group: g.querySelector('.group-name') ? g.querySelector('.group-name').textContent : '',"
         "  components: [...g.querySelectorAll('.component')].map(c =>"
         "    c.querySelector('.component-name').textContent + ': ' + c.querySelector('.badge').textContent)}));"),
      json::parse(R"([{"group": "Core", "components": ["API: Partial outage", "Web: Operational"]},
                            {"group": "Other", "components": ["Billing: Operational"]}])"));
  // The open incident with its two updates, newest first, and its link on the vendor's page.
  EXPECT_EQ(Js(browser, "return [...document.querySelectorAll('#open-list .incident-title')].map(t => t.textContent);"),
            json({"Elevated API errors"}));
  EXPECT_EQ(Js(browser, "return [...document.querySelectorAll('#open-list .update-body')].map(b => b.textContent);"),
            json({"We found the faulty deploy and are rolling back.",
                  "We are investigating elevated error rates on the API."}));
  EXPECT_EQ(Js(browser, "return document.querySelector('#open-list .incident .badge').textContent;"), "Major");
  EXPECT_EQ(Js(browser, "return document.querySelector('#open-list a.external').href;"), "https://stspg.io/acme-1");
  EXPECT_EQ(
      Js(browser, "return [...document.querySelectorAll('#history-list .incident-title')].map(t => t.textContent);"),
      json({"Login delays"}));
  EXPECT_EQ(Js(browser, "return document.querySelector('#history-list summary').textContent;"), "2 updates");

  // Uptime bars: 90 days per row, one row for the page and one per component, as GetUptime says.
  RestResponse uptime = Get(stack.Url("/api/v1/uptime?statusPageUrl=" + acme.url() + "&days=90"));
  ASSERT_EQ(uptime.status, 200) << uptime.body;
  ASSERT_TRUE(browser.WaitFor("return !!document.querySelector('#uptime-rows .uptime-row');", kWait));
  json response = json::parse(uptime.body);
  const size_t rows = 1 + response["components"].size();
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('#uptime-rows .uptime-row').length;"), rows);
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('#uptime-rows .uptime-row:first-child .bar').length;"), 90);
  // Today has the open major incident (partial outage) for the page as a whole.
  EXPECT_EQ(
      Js(browser, "return document.querySelector('#uptime-rows .uptime-row:first-child .bar:last-child').className;"),
      "bar warn");
  EXPECT_TRUE(Js(browser, "return document.querySelector('#uptime-rows .bar:last-child').title;")
                  .get<std::string>()
                  .find("partial outage") != std::string::npos);
  EXPECT_TRUE(browser.WaitFor("return document.getElementById('live-state').textContent === 'Live';", kWait));
  EXPECT_TRUE(browser.Screenshot(shots + "/page.png").ok());

  // Live, in the page view: a new incident appears among the open ones without a reload.
  Js(browser, "window.__sameDocument = 7; return true;");
  reported = absl::Now();
  acme.AddIncident({"acme-2",
                    "Webhooks delayed",
                    "minor",
                    {"Web"},
                    {{"investigating", "Webhook deliveries are delayed.", Ago(absl::Minutes(1))}}});
  EXPECT_TRUE(
      browser.WaitFor("return [...document.querySelectorAll('#open-list .incident-title')].map(t => "
                      "t.textContent).includes('Webhooks delayed');",
                      absl::Seconds(20)));
  std::cout << "page: live change shown " << absl::ToDoubleSeconds(absl::Now() - reported)
            << " s after it was published\n";
  EXPECT_EQ(Js(browser, "return window.__sameDocument;"), 7);
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('#open-list .incident').length;"), 2);

  // A hostile page's component name is text on its page too.
  Js(browser, "location.hash = '#/page/' + encodeURIComponent(arguments[0]); return true;",
     json::array({charlie.url()}));
  ASSERT_TRUE(browser.WaitFor("return !!document.querySelector('#components .component-name');", kWait));
  EXPECT_EQ(Js(browser, "return document.querySelector('#components .component-name').textContent;"),
            "<script>window.__pwned=2</script>");
  EXPECT_EQ(Js(browser, "return document.getElementById('page-name').textContent;"), kHostileName);
  EXPECT_EQ(Js(browser, "return typeof window.__pwned + document.querySelectorAll('main script, main img').length;"),
            "undefined0");

  // My vendors, after a reload: only the starred page.
  Js(browser, "location.hash = '#/mine'; return true;");
  ASSERT_TRUE(browser.Refresh().ok());
  ASSERT_TRUE(browser.WaitFor("return document.querySelectorAll('#pages .page-row').length === 3;", kWait));
  EXPECT_EQ(Js(browser, "return typeof window.__sameDocument;"), "undefined");  // it was reloaded
  EXPECT_EQ(Js(browser, kVisibleNames), json({"Acme Cloud"}));
  EXPECT_EQ(Js(browser, "return document.querySelector('h1').textContent;"), "My vendors");

  // A phone: nothing wider than the screen, in both views.
  ASSERT_TRUE(browser.SetWindowSize(390, 844).ok());
  ASSERT_TRUE(browser.WaitFor("return window.innerWidth <= 400;", kWait));
  ASSERT_TRUE(browser.Click(*browser.Find("#nav-all")).ok());
  ASSERT_TRUE(
      browser.WaitFor("return [...document.querySelectorAll('#pages .page-row')].filter(r => r.getClientRects().length "
                      "> 0).length === 3;",
                      kWait))
      << Js(browser,
            "return [location.hash, document.getElementById('summary').textContent, "
            "document.querySelectorAll('#pages .page-row:not([hidden])').length, "
            "document.querySelectorAll('#pages .page-row').length];");
  EXPECT_EQ(Js(browser, "return document.documentElement.scrollWidth <= window.innerWidth;"), true);
  EXPECT_TRUE(browser.Screenshot(shots + "/phone-list.png").ok());
  ASSERT_TRUE(browser.Click(*browser.Find(acme_row + " .page-name")).ok());
  ASSERT_TRUE(browser.WaitFor("return !!document.querySelector('#open-list');", kWait));
  EXPECT_EQ(Js(browser, "return document.documentElement.scrollWidth <= window.innerWidth;"), true);
  EXPECT_TRUE(browser.Screenshot(shots + "/phone-page.png").ok());
  EXPECT_TRUE(scraper.Running());
}

// Real captures (../shared, never copied into the repository) served on 127.0.0.1 and
// scraped: the dashboard on a vendor's real components and incident history, at the size
// the README's screenshot has (docs/dashboard.png is this test's readme-page.png).
TEST(DashboardTest, RealCapturesRender) {
  if (std::string missing = MissingBrowser(); !missing.empty()) GTEST_SKIP() << missing;
  const std::string base = "atlassian-statuspage/";
  auto github_summary = ReadSharedFixture(base + "githubstatus-summary-2026-07-31.json");
  auto github_incidents = ReadSharedFixture(base + "githubstatus-incidents-2026-07-31.json");
  auto cloudamqp_summary = ReadSharedFixture(base + "cloudamqp-summary-under-maintenance-2020-07-16.json");
  if (!github_summary || !github_incidents || !cloudamqp_summary) GTEST_SKIP() << "../shared/fixtures is absent";

  GatewayStack stack("dashboard_captures");
  ASSERT_TRUE(stack.StartServer(0, {"--current_interval=1s", "--historical_interval=1h"}).ok());
  ASSERT_TRUE(stack.StartGateway().ok());
  HttpServer server;
  const std::string none = R"({"page": {"id": "x"}, "incidents": [], "scheduled_maintenances": []})";
  server.Set("/github/api/v2/summary.json", JsonResponse(*github_summary));
  server.Set("/github/api/v2/incidents.json", JsonResponse(*github_incidents));
  server.Set("/github/api/v2/scheduled-maintenances.json", JsonResponse(none));
  server.Set("/cloudamqp/api/v2/summary.json", JsonResponse(*cloudamqp_summary));
  server.Set("/cloudamqp/api/v2/incidents.json", JsonResponse(none));
  server.Set("/cloudamqp/api/v2/scheduled-maintenances.json", JsonResponse(none));
  ASSERT_TRUE(stack.AddPage(server.Url("/github"), "atlassian-statuspage", "GitHub").ok());
  ASSERT_TRUE(stack.AddPage(server.Url("/cloudamqp"), "atlassian-statuspage", "CloudAMQP").ok());
  const std::string dir = FreshTempDir("dashboard_captures_browser");
  Subprocess& scraper = stack.StartScraper("dashboard-captures", {"--fetch_timeout=5s"});
  ASSERT_TRUE(Eventually(
      [&] {
        return PagesAre(stack, {{"GitHub", "UP"}, {"CloudAMQP", "*"}});
      },
      absl::Seconds(20)))
      << scraper.Log().substr(0, 5000) << stack.Logs().substr(0, 5000);

  auto started = Browser::Start(dir, 1280, 860);
  ASSERT_TRUE(started.ok()) << started.status();
  Browser& browser = **started;
  const std::string shots = OutputsDir(dir);
  ASSERT_TRUE(browser.Navigate(stack.Url("/")).ok());
  ASSERT_TRUE(browser.WaitFor("return document.querySelectorAll('#pages .page-row').length === 2;", absl::Seconds(10)));
  EXPECT_EQ(
      Js(browser, "return document.querySelector('.page-row[data-url=\"' + arguments[0] + '\"] .badge').textContent;",
         json::array({server.Url("/github")})),
      "Operational");
  EXPECT_TRUE(browser.Screenshot(shots + "/readme-list.png").ok());
  Js(browser, "location.hash = '#/page/' + encodeURIComponent(arguments[0]); return true;",
     json::array({server.Url("/github")}));
  ASSERT_TRUE(
      browser.WaitFor("return !!document.querySelector('#history-list') && "
                      "!!document.querySelector('#uptime-rows, #no-uptime');",
                      absl::Seconds(10)));
  // The capture's 12 components (less the placeholder row), and its 50 resolved incidents.
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('#components .component').length;"), 11);
  EXPECT_EQ(Js(browser, "return document.querySelectorAll('#history-list .incident').length;"), 50);
  EXPECT_EQ(Js(browser, "return document.getElementById('page-status').textContent;"), "Operational");
  EXPECT_TRUE(
      browser.WaitFor("return document.getElementById('live-state').textContent === 'Live';", absl::Seconds(10)));
  EXPECT_TRUE(browser.Screenshot(shots + "/readme-page.png").ok());
}

// A page read once and not since --stale_after: the list and the page say since when it was
// read, never "Operational".
TEST(DashboardTest, AStalePageSaysWhenItWasLastRead) {
  if (std::string missing = MissingBrowser(); !missing.empty()) GTEST_SKIP() << missing;
  GatewayStack stack("dashboard_stale");
  ASSERT_TRUE(stack.StartServer(0, {"--current_interval=1s", "--historical_interval=1h", "--stale_after=2s"}).ok());
  ASSERT_TRUE(stack.StartGateway().ok());
  const std::string url = "https://status.stale.test";
  Seeder seeder(stack.server_address(), kAdminToken);
  ASSERT_TRUE(seeder.AddPage("Stale Vendor", url).ok());
  const absl::Time start = absl::FromUnixSeconds(1'700'000'000);
  ASSERT_TRUE(Eventually(
      [&] {
        return seeder
            .ReportIncidents(url, {{"old", "minor", start, start + absl::Hours(1), {{"Resolved", "Fixed.", start}}}})
            .ok();
      },
      absl::Seconds(10)));
  ASSERT_TRUE(Eventually(
      [&] {
        return PagesAre(stack, {{"Stale Vendor", "UNKNOWN"}});
      },
      absl::Seconds(10)))
      << stack.Logs().substr(0, 5000);

  const std::string dir = FreshTempDir("dashboard_stale_browser");
  auto started = Browser::Start(dir, 1280, 860);
  ASSERT_TRUE(started.ok()) << started.status();
  Browser& browser = **started;
  ASSERT_TRUE(browser.Navigate(stack.Url("/")).ok());
  ASSERT_TRUE(browser.WaitFor("return document.querySelectorAll('#pages .page-row').length === 1;", absl::Seconds(10)));
  const json badge = Js(browser, "return document.querySelector('#pages .page-row .badge').textContent;");
  ASSERT_TRUE(badge.is_string());
  EXPECT_EQ(badge.get<std::string>().rfind("Not read since ", 0), 0u) << badge;
  EXPECT_NE(badge.get<std::string>().find("UTC"), std::string::npos) << badge;
  Js(browser, "location.hash = '#/page/' + encodeURIComponent(arguments[0]); return true;", json::array({url}));
  ASSERT_TRUE(browser.WaitFor("return !!document.getElementById('stale');", absl::Seconds(10))) << browser.DriverLog();
  EXPECT_EQ(Js(browser, "return document.getElementById('page-status').textContent;"), badge);
  const json reason = Js(browser, "return document.getElementById('stale').textContent;");
  EXPECT_NE(reason.get<std::string>().find("not read successfully since"), std::string::npos) << reason;
  EXPECT_TRUE(browser.Screenshot(OutputsDir(dir) + "/stale-page.png").ok());
}

}  // namespace
}  // namespace statusphere::testing
