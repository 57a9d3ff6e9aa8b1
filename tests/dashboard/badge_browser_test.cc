// The badges in a real browser: the real server, scraper and gateway on 127.0.0.1, four
// Statuspage-shaped pages scraped from an HttpServer (one of them then failing until stale), and headless
// Chromium. It asserts what a person sees: each badge's colour in a screenshot's pixels,
// its words and accessible name in the SVG's DOM, a wall's rows in order, a live change;
// and over plain HTTP the validators (ETag, 304), Shields.io's JSON, errors, and that
// badges are outside the per-client rate limit. Screenshots go to $TEST_UNDECLARED_OUTPUTS_DIR.
// Without Debian's chromium and chromium-driver, the HTTP checks run and the browser's are skipped.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/dashboard/vendor_site.h"
#include "tests/dashboard/webdriver.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/stack.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

std::string Escaped(const std::string& s) { return absl::StrReplaceAll(s, {{"&", "%26"}, {"#", "%23"}}); }

std::string BadgePath(const std::string& page, const std::string& extra = "") {
  return "/api/v1/badge.svg?statusPageUrl=" + Escaped(page) + extra;
}

// The badge of `path` as its SVG document: the value's words, the accessible name.
struct SvgSeen {
  std::vector<std::string> labels, values;
  std::string role, aria_label, title;
};

SvgSeen OpenSvg(Browser& browser, const std::string& url) {
  SvgSeen seen;
  EXPECT_TRUE(browser.Navigate(url).ok());
  json got = Js(browser,
                "const svg = document.documentElement;"
                "return {role: svg.getAttribute('role'), aria: svg.getAttribute('aria-label'),"
                "  title: svg.querySelector('title').textContent,"
                "  labels: [...svg.querySelectorAll('text.label')].map(t => t.textContent),"
                "  values: [...svg.querySelectorAll('text.value')].map(t => t.textContent)};");
  if (!got.is_object()) return seen;
  seen.role = got.value("role", "");
  seen.aria_label = got.value("aria", "");
  seen.title = got.value("title", "");
  seen.labels = got["labels"].get<std::vector<std::string>>();
  seen.values = got["values"].get<std::vector<std::string>>();
  return seen;
}

// The colour of the screenshot at CSS pixel (x, y) as "r,g,b": the PNG is decoded by the
// browser itself (a data: URL drawn on a canvas), at the device pixel ratio.
std::vector<std::string> ScreenshotColours(Browser& browser, const std::string& png_path, const json& points) {
  std::ifstream in(png_path, std::ios::binary);
  std::stringstream png;
  png << in.rdbuf();
  json got =
      Js(browser,
         "const [png, points] = arguments;"
         "return new Promise(resolve => { const img = new Image(); img.onload = () => {"
         "  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;"
         "  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0); const r = devicePixelRatio;"
         "  resolve(points.map(([x, y]) => [...ctx.getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data]"
         "    .slice(0, 3).join(','))); }; img.src = 'data:image/png;base64,' + png; });",
         json::array({absl::Base64Escape(png.str()), points}));
  return got.is_array() ? got.get<std::vector<std::string>>() : std::vector<std::string>();
}

// How far apart two "r,g,b" colours are (the largest channel difference).
int Distance(const std::string& a, const std::string& b) {
  int ar, ag, ab, br, bg, bb;
  if (std::sscanf(a.c_str(), "%d,%d,%d", &ar, &ag, &ab) != 3 ||
      std::sscanf(b.c_str(), "%d,%d,%d", &br, &bg, &bb) != 3) {
    return 999;
  }
  return std::max({std::abs(ar - br), std::abs(ag - bg), std::abs(ab - bb)});
}

TEST(BadgeBrowserTest, BadgesOfScrapedPagesShowTheirStatusInARealBrowser) {
  GatewayStack stack("badges");
  stack.PrintLogsOnFailure();
  ASSERT_TRUE(stack.StartServer(0, {"--current_interval=1s", "--historical_interval=1h", "--stale_after=6s"}).ok());
  // A tight per-client limit: badges must not count against it.
  ASSERT_TRUE(stack
                  .StartGateway({"--listen=127.0.0.1:0", "--backend=" + stack.server_address(), "--rate_limit_rps=1",
                                 "--rate_limit_burst=3"})
                  .ok());

  HttpServer server;
  VendorSite acme(server, "acme"), bravo(server, "bravo"), delta(server, "delta"), echo(server, "echo");
  acme.SetComponents({{"API", "partial_outage", "Core"}, {"Web", "operational", "Core"}});
  acme.AddIncident({"acme-1",
                    "Elevated API errors",
                    "major",
                    {"API"},
                    {{"investigating", "Error rates are up on the API.", Ago(absl::Minutes(20))}}});
  bravo.SetComponents({{"SMTP", "operational", ""}, {"IMAP", "operational", ""}});
  delta.SetComponents({{"Edge", "major_outage", ""}});
  echo.SetComponents({{"Search", "operational", ""}});
  // Another platform: a self-hosted Uptime Kuma page (the provider's own test documents),
  // found by detection. Its "API (EU)" monitor is down, "Object storage" in maintenance.
  for (const auto& [path, file] : std::vector<std::pair<std::string, std::string>>{
           {"/api/status-page/main", "status-page.json"}, {"/api/status-page/heartbeat/main", "heartbeat.json"}}) {
    server.Set(path, JsonResponse(ReadRepoFile("providers/uptime_kuma/testdata/" + file)));
  }
  const std::string kuma_url = server.Url("/status/main");
  delta.AddIncident({"delta-1",
                     "Everything is down",
                     "critical",
                     {"Edge"},
                     {{"investigating", "Nothing answers.", Ago(absl::Minutes(5))}}});

  ASSERT_TRUE(stack.AddPage(acme.url(), "atlassian-statuspage", "Acme <Cloud> & Co").ok());
  ASSERT_TRUE(stack.AddPage(bravo.url(), "atlassian-statuspage", "Bravo Mail").ok());
  ASSERT_TRUE(stack.AddPage(delta.url(), "atlassian-statuspage", "Delta Edge").ok());
  ASSERT_TRUE(stack.AddPage(echo.url(), "atlassian-statuspage", "Stale Vendor").ok());
  ASSERT_TRUE(stack.AddPage(kuma_url, "", "Kuma Monitors").ok());
  // Never read: the scraper may not leave 127.0.0.0/8.
  const std::string never_url = "http://10.255.255.1/status";
  ASSERT_TRUE(stack.AddPage(never_url, "atlassian-statuspage", "Never Read").ok());
  const std::string stale_url = echo.url();

  const std::string dir = FreshTempDir("badge_browser");
  Subprocess& scraper = stack.StartScraper("badges");
  auto shields = [&](const std::string& page) {
    RestResponse r = Get(stack.Url("/api/v1/shields?statusPageUrl=" + Escaped(page)));
    return json::parse(r.body, nullptr, false);
  };
  // Echo is read once, then its page answers 503: past --stale_after its badge says stale.
  ASSERT_TRUE(Eventually([&] { return shields(stale_url).value("message", "") == "operational"; }, absl::Seconds(30)))
      << scraper.Log().substr(0, 5000);
  HttpResponse broken;
  broken.status = 503;
  broken.body = "down for a while";
  server.Set("/echo/api/v2/summary.json", broken);
  ASSERT_TRUE(Eventually(
      [&] {
        return shields(acme.url()).value("message", "") == "partial outage" &&
               shields(bravo.url()).value("message", "") == "operational" &&
               shields(delta.url()).value("message", "") == "major outage" &&
               shields(stale_url).value("message", "") == "stale" &&
               shields(kuma_url).value("message", "") == "major outage" &&
               shields(never_url).value("message", "") == "unknown";
      },
      absl::Seconds(30)))
      << scraper.Log().substr(0, 5000);

  // Shields.io's endpoint JSON, field by field.
  EXPECT_EQ(
      shields(acme.url()),
      json({{"schemaVersion", 1}, {"label", "Acme <Cloud> & Co"}, {"message", "partial outage"}, {"color", "orange"}}));

  // Over HTTP: validators, errors, and no per-client limit (rps 1, burst 3 here).
  RestResponse first = Get(stack.Url(BadgePath(delta.url())));
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("content-type"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(first.Header("cache-control"), "public, max-age=1");
  ASSERT_FALSE(first.Header("etag").empty());
  RestResponse again = Fetch({stack.Url(BadgePath(delta.url())), "GET", {"If-None-Match: " + first.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    if (Get(stack.Url(BadgePath(delta.url()))).status != 200) ++refused;
    if (Get(stack.Url("/api/v1/shields?statusPageUrl=" + Escaped(delta.url()))).status != 200) ++refused;
  }
  EXPECT_EQ(refused, 0);
  int limited = 0;
  for (int i = 0; i < 10; ++i) limited += Get(stack.Url("/api/v1/statusPages/count")).status == 429;
  EXPECT_GT(limited, 0) << "the JSON API is limited per client here";

  RestResponse bad = Get(stack.Url(BadgePath(acme.url(), "&style=plastic")));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Header("content-type"), "image/svg+xml; charset=utf-8");
  EXPECT_NE(
      bad.body.find(R"(aria-label="statusphere error: style must be flat or flat-square, not &#34;plastic&#34;")"),
      std::string::npos)
      << bad.body;
  RestResponse unknown = Get(stack.Url(BadgePath("https://nowhere.test")));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("statusPageUrl https://nowhere.test: "), std::string::npos) << unknown.body;
  RestResponse no_component =
      Get(stack.Url("/api/v1/shields?statusPageUrl=" + Escaped(acme.url()) + "&component=Billing"));
  EXPECT_EQ(no_component.status, 404);
  EXPECT_EQ(json::parse(no_component.body, nullptr, false).value("isError", false), true) << no_component.body;

  // The rest needs the browser.
  if (std::string missing = MissingBrowser(); !missing.empty()) GTEST_SKIP() << missing;
  auto started = Browser::Start(dir, 800, 600);
  ASSERT_TRUE(started.ok()) << started.status();
  Browser& browser = **started;
  const std::string shots = OutputsDir(dir);

  // Each badge as its own document: the words drawn and the accessible name.
  SvgSeen seen = OpenSvg(browser, stack.Url(BadgePath(acme.url())));
  EXPECT_EQ(seen.role, "img");
  EXPECT_EQ(seen.aria_label, "Acme <Cloud> & Co: partial outage");
  EXPECT_EQ(seen.title, seen.aria_label);
  EXPECT_EQ(seen.labels, std::vector<std::string>({"Acme <Cloud> & Co"}));
  EXPECT_EQ(seen.values, std::vector<std::string>({"partial outage"}));
  seen = OpenSvg(browser, stack.Url(BadgePath(acme.url(), "&component=web&label=acme%20web")));
  EXPECT_EQ(seen.aria_label, "acme web: operational");
  EXPECT_TRUE(browser.Screenshot(shots + "/badge-component.png").ok());
  seen = OpenSvg(browser, stack.Url(BadgePath(kuma_url, "&component=object%20storage")));
  EXPECT_EQ(seen.aria_label, "Object storage: maintenance");

  // A wall: one row per page, in the order asked.
  const std::string wall = "/api/v1/badge.svg?statusPageUrl=" + Escaped(bravo.url()) +
                           "&statusPageUrl=" + Escaped(acme.url()) + "&statusPageUrl=" + Escaped(delta.url()) +
                           "&statusPageUrl=" + Escaped(stale_url) + "&label=our%20vendors";
  seen = OpenSvg(browser, stack.Url(wall));
  EXPECT_EQ(seen.labels, std::vector<std::string>({"Bravo Mail", "Acme <Cloud> & Co", "Delta Edge", "Stale Vendor"}));
  EXPECT_EQ(seen.values, std::vector<std::string>({"operational", "partial outage", "major outage", "stale"}));
  EXPECT_EQ(seen.aria_label,
            "our vendors: Bravo Mail: operational; Acme <Cloud> & Co: partial outage; Delta Edge: major outage; "
            "Stale Vendor: stale");
  EXPECT_TRUE(browser.Screenshot(shots + "/badge-wall.png").ok());

  // As a README shows them: <img> elements on a page. The screenshot's pixels in each value
  // box (its left edge, clear of the text) have the level's colour.
  struct Shown {
    std::string id, path, colour;
  };
  const std::vector<Shown> shown = {
      {"bravo", BadgePath(bravo.url(), "&style=flat-square"), "26,127,55"},  // operational #1a7f37
      {"acme", BadgePath(acme.url(), "&style=flat-square"), "188,76,0"},     // partial outage #bc4c00
      {"delta", BadgePath(delta.url(), "&style=flat-square"), "207,34,46"},  // major outage #cf222e
      {"stale", BadgePath(stale_url, "&style=flat-square"), "110,119,129"},  // stale #6e7781
      {"kuma", BadgePath(kuma_url, "&style=flat-square"), "207,34,46"},      // major outage (a monitor down)
      {"storage", BadgePath(kuma_url, "&style=flat-square&component=Object%20storage"),
       "9,105,218"},                                  // maintenance #0969da
      {"flat", BadgePath(bravo.url()), "39,130,65"},  // #1a7f37 under the flat gradient's light top (a tenth of #bbb)
  };
  std::string html = "<!doctype html><body style='margin:0;background:#fff'>";
  for (const auto& badge : shown) {
    absl::StrAppend(&html, "<div style='margin:8px'><img id='", badge.id, "' src='", stack.Url(badge.path), "' alt='",
                    badge.id, "'></div>");
  }
  // Served from the vendors' HttpServer (another origin on 127.0.0.1, as a README's page is).
  HttpResponse readme;
  readme.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  readme.body = html;
  server.Set("/readme.html", readme);
  ASSERT_TRUE(browser.Navigate(server.Url("/readme.html")).ok());
  ASSERT_TRUE(
      browser.WaitFor("return [...document.images].every(i => i.complete && i.naturalWidth > 0);", absl::Seconds(10)))
      << browser.DriverLog();
  // The value box starts where the label's text box ends: the SVG says where.
  json points = json::array(), label_points = json::array();
  for (const auto& badge : shown) {
    const json box = Js(browser,
                        "const img = document.getElementById(arguments[0]); const r = img.getBoundingClientRect();"
                        "return [r.left, r.top, r.width, r.height];",
                        json::array({badge.id}));
    ASSERT_TRUE(box.is_array()) << badge.id;
    // 3 px into the value box from the badge's right end, 3 px below its top.
    points.push_back({box[0].get<double>() + box[2].get<double>() - 3, box[1].get<double>() + 3});
    label_points.push_back({box[0].get<double>() + 3, box[1].get<double>() + 3});
    EXPECT_EQ(box[3].get<double>(), 20) << badge.id;
  }
  ASSERT_TRUE(browser.Screenshot(shots + "/badges.png").ok());
  const std::vector<std::string> colours = ScreenshotColours(browser, shots + "/badges.png", points);
  ASSERT_EQ(colours.size(), shown.size());
  for (size_t i = 0; i < shown.size(); ++i) {
    EXPECT_LE(Distance(colours[i], shown[i].colour), 12) << shown[i].id << ": " << colours[i];
  }
  // The label side is the same grey (#555) on every badge.
  const std::vector<std::string> labels = ScreenshotColours(browser, shots + "/badges.png", label_points);
  ASSERT_EQ(labels.size(), shown.size());
  for (size_t i = 0; i < shown.size(); ++i)
    EXPECT_LE(Distance(labels[i], "85,85,85"), 12) << shown[i].id << ": " << labels[i];

  // A live change: Bravo's SMTP goes down; its badge follows (cache dropped, or its age bound).
  bravo.SetComponents({{"SMTP", "major_outage", ""}, {"IMAP", "operational", ""}});
  EXPECT_TRUE(
      Eventually([&] { return shields(bravo.url()).value("message", "") == "major outage"; }, absl::Seconds(15)));
  // The SVG is an answer of its own, cached apart from the JSON: it follows within its own bound.
  EXPECT_TRUE(Eventually(
      [&] {
        seen = OpenSvg(browser, stack.Url(BadgePath(bravo.url())));
        return seen.values == std::vector<std::string>({"major outage"});
      },
      absl::Seconds(15)));
  EXPECT_EQ(seen.values, std::vector<std::string>({"major outage"}));
}

}  // namespace
}  // namespace statusphere::testing
