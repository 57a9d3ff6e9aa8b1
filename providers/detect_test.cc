#include "providers/detect.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "providers/atlassian_statuspage/home_page_markers.h"
#include "providers/registry.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;

DocumentFetcher FakeWeb(std::map<std::string, Document> pages) {
  return [pages](const std::string& url) {
    auto it = pages.find(url);
    if (it != pages.end()) return it->second;
    return Document{url, 404, "text/plain", "not found"};
  };
}

TEST(Detect, KnownHostWinsWithoutFetching) {
  int fetches = 0;
  auto result = Detect("https://acme.statuspage.io", [&](const std::string& url) {
    ++fetches;
    return Document{url, 404, "", ""};
  });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)->name(), "atlassian-statuspage");
  EXPECT_EQ(fetches, 0);
}

TEST(Detect, VendorsOwnPagesByTheirHomePageWithoutFetching) {
  const std::pair<const char*, const char*> pages[] = {
      {"https://status.stripe.com", "stripe"},
      {"https://status.okta.com", "okta"},
      {"https://status.zendesk.com", "zendesk"},
      {"https://status.cloud.microsoft", "microsoft-365"},
      {"https://ocistatus.oraclecloud.com", "oracle-cloud"},
      {"https://status.netsuite.com", "oracle-netsuite"},
      {"https://www.paypal-status.com", "paypal"},
      {"https://status.adobe.com", "adobe"},
      {"https://status.algolia.com", "algolia"},
      {"https://status.broadcom.com", "broadcom"},
      {"https://status.signalwire.com", "signalwire"},
      {"https://www.apple.com/support/systemstatus", "apple"},
      {"https://developer.apple.com/system-status", "apple"},
  };
  for (const auto& [url, provider] : pages) {
    int fetches = 0;
    auto result = Detect(url, [&](const std::string& u) {
      ++fetches;
      return Document{u, 404, "", ""};
    });
    ASSERT_TRUE(result.ok()) << url << ": " << result.status();
    EXPECT_EQ((*result)->name(), provider) << url;
    EXPECT_EQ(fetches, 0) << url;
  }
  // A product's page under the vendor's host is another page: detection probes it.
  int fetches = 0;
  auto product = Detect("https://status.broadcom.com/services/rally", [&](const std::string& u) {
    ++fetches;
    return Document{u, 404, "", ""};
  });
  EXPECT_FALSE(product.ok() && (*product)->name() == "broadcom");
  EXPECT_GT(fetches, 0);
}

TEST(Detect, JsonProbeShapeMatches) {
  auto result = Detect("https://status.example.com",
                       FakeWeb({{"https://status.example.com/api/v2/summary.json",
                                 {"", 200, "application/json",
                                  R"({"page":{"id":"x"},"status":{"indicator":"none"},"components":[]})"}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "atlassian-statuspage");
}

TEST(Detect, UptimeKumaPageIsFoundThroughItsSlug) {
  auto result =
      Detect("https://kuma.example.com/status/prod",
             FakeWeb({{"https://kuma.example.com/api/status-page/prod",
                       {"", 200, "application/json",
                        R"({"config":{"slug":"prod"},"incident":null,"publicGroupList":[],"maintenanceList":[]})"}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "uptime-kuma");
}

TEST(Detect, ASinglePageAppAnsweringEverythingIsNotAMatch) {
  auto spa = [](const std::string& url) { return Document{url, 200, "text/html", "<!doctype html><div id=app>"}; };
  auto result = Detect("https://status.example.com", spa);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(result.status().message(), "atlassian-statuspage")) << result.status().message();
}

TEST(Detect, StatuspageHomePageMarkersWinOverItsFeedWhenTheApiIsRefused) {
  const std::string home = ReadRepoFile("providers/atlassian_statuspage/testdata/home.html");
  ASSERT_FALSE(home.empty());
  const std::string feed = ReadRepoFile("providers/feed/testdata/generic.rss");
  std::map<std::string, Document> web = {
      {"https://status.acme-cloud.test/api/v2/summary.json", {"", 403, "text/html", "<h1>Forbidden</h1>"}},
      {"https://status.acme-cloud.test", {"", 200, "text/html", home}},
      {"https://status.acme-cloud.test/history.rss", {"", 200, "application/rss+xml", feed}}};
  int home_fetches = 0;
  auto result = Detect("https://status.acme-cloud.test", [&](const std::string& url) {
    if (url == "https://status.acme-cloud.test") ++home_fetches;
    return FakeWeb(web)(url);
  });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "atlassian-statuspage");
  EXPECT_EQ(home_fetches, 1);  // status.io's probe and the markers share one fetch

  // Without the markers, the feed is what is left.
  web["https://status.acme-cloud.test"] = {"", 200, "text/html", "<!doctype html><title>Status</title>"};
  result = Detect("https://status.acme-cloud.test", FakeWeb(web));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "rss");
}

TEST(Detect, AFetchWithoutAResponseSaysWhyAndEndsTheCascade) {
  int fetches = 0;
  auto result = Detect("https://status.example.com", [&](const std::string& url) {
    ++fetches;
    return Document{url, 0, "", "", "GET " + url + ": refused to connect: 127.0.0.1 is not a public address"};
  });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  // The first probe's own words (whichever provider's probe came first).
  EXPECT_TRUE(absl::StrContains(result.status().message(), ": refused to connect: 127.0.0.1 is not a public address"))
      << result.status().message();
  EXPECT_TRUE(
      absl::StartsWith(result.status().message(),
                       "no provider could be asked about https://status.example.com: GET https://status.example.com/"))
      << result.status().message();
  EXPECT_FALSE(absl::StrContains(result.status().message(), "HTTP 0")) << result.status().message();
  // The other probes would ask the same server: a dead page costs one fetch, not one per provider.
  EXPECT_EQ(fetches, 1);
}

TEST(Detect, AnswersThatAreErrorsDoNotEndTheCascade) {
  int fetches = 0;
  auto result = Detect("https://status.example.com", [&](const std::string& url) {
    ++fetches;
    return Document{url, 404, "text/plain", "not found"};
  });
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_GT(fetches, 5);  // every provider's probe, the home page and the feeds were asked
}

TEST(HomePageMarkers, StatuspageAssetsOrGeneratedTags) {
  EXPECT_TRUE(HasStatuspageMarkers(
      R"(<link rel="icon" href="https://dka575ofm4ao0.cloudfront.net/pages-favicon_logos/original/1/x.png">)"));
  EXPECT_TRUE(HasStatuspageMarkers(R"(<script src="//acme.statuspage.io/embed/script.js"></script>)"));
  EXPECT_TRUE(HasStatuspageMarkers(ReadRepoFile("providers/atlassian_statuspage/testdata/home.html")));
  // One generated tag alone is not enough; neither is a CDN host in text or a look-alike host.
  EXPECT_FALSE(HasStatuspageMarkers(R"(<meta name="issued" content="1764201600"><p>hello</p>)"));
  EXPECT_FALSE(HasStatuspageMarkers("<p>assets on dka575ofm4ao0.cloudfront.net</p>"));
  EXPECT_FALSE(HasStatuspageMarkers(R"(<img src="https://dka575ofm4ao0.cloudfront.net.evil.test/x.png">)"));
  EXPECT_FALSE(HasStatuspageMarkers(std::string(200000, '<') + std::string(100000, 'a')));
  EXPECT_FALSE(HasStatuspageMarkers(""));
}

TEST(HomePageMarkers, RealStatuspageHomePage) {
  auto html = ReadSharedFixture("atlassian-statuspage/html/status.atlassian.com-access-home-2021.html.md");
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  EXPECT_TRUE(HasStatuspageMarkers(*html));
}

TEST(Registry, FindsProvidersByName) {
  ASSERT_NE(FindProvider("atlassian-statuspage"), nullptr);
  EXPECT_EQ(FindProvider("nope"), nullptr);
  EXPECT_FALSE(AllProviders().empty());
}

TEST(Detect, PagerDutyByTheIslandInItsHomePage) {
  // A page PagerDuty hosts on its customer's domain: only the home page tells.
  const std::string home = ReadRepoFile("providers/pagerduty/testdata/home.html");
  ASSERT_FALSE(home.empty());
  int home_fetches = 0;
  auto web = FakeWeb({{"https://status.acme.test", {"", 200, "text/html", home}}});
  auto hosted = Detect("https://status.acme.test", [&](const std::string& url) {
    if (url == "https://status.acme.test") ++home_fetches;
    return web(url);
  });
  ASSERT_TRUE(hosted.ok()) << hosted.status();
  EXPECT_EQ((*hosted)->name(), "pagerduty");
  EXPECT_EQ(home_fetches, 1);

  auto real = ReadSharedFixture("pagerduty/status.pagerduty.com-home-open-minor-incident-2023-12-15.html");
  if (!real) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto captured = Detect("https://status.pagerduty.com",
                         FakeWeb({{"https://status.pagerduty.com", {"", 200, "text/html", *real}}}));
  ASSERT_TRUE(captured.ok()) << captured.status();
  EXPECT_EQ((*captured)->name(), "pagerduty");
  // Were the host on Statuspage again, its API would answer first and win.
  auto statuspage = Detect("https://status.pagerduty.com",
                           FakeWeb({{"https://status.pagerduty.com", {"", 200, "text/html", *real}},
                                    {"https://status.pagerduty.com/api/v2/summary.json",
                                     {"", 200, "application/json",
                                      R"({"page":{"id":"x"},"status":{"indicator":"none"},"components":[]})"}}}));
  ASSERT_TRUE(statuspage.ok()) << statuspage.status();
  EXPECT_EQ((*statuspage)->name(), "atlassian-statuspage");
}

TEST(Detect, UpptimeByItsWebsiteOrByItsRepositoryFiles) {
  // The website on GitHub Pages: its home page's marks and repository link (its data lives
  // on raw.githubusercontent.com, which the detection does not need).
  const std::string home = ReadRepoFile("providers/upptime/testdata/home.html");
  ASSERT_FALSE(home.empty());
  auto website = Detect("https://acme.github.io/status",
                        FakeWeb({{"https://acme.github.io/status", {"", 200, "text/html", home}}}));
  ASSERT_TRUE(website.ok()) << website.status();
  EXPECT_EQ((*website)->name(), "upptime");

  // The repository's files given as the page: the summary under it has Upptime's shape.
  const std::string summary = ReadRepoFile("providers/upptime/testdata/summary.json");
  auto files = Detect("https://raw.githubusercontent.com/acme/status/master",
                      FakeWeb({{"https://raw.githubusercontent.com/acme/status/master/history/summary.json",
                                {"", 200, "text/plain", summary}}}));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)->name(), "upptime");

  // A GitHub Pages site that only links to its repository is not an Upptime site.
  auto other =
      Detect("https://acme.github.io/blog",
             FakeWeb({{"https://acme.github.io/blog",
                       {"", 200, "text/html", "<footer><a href='https://github.com/acme/blog'>source</a></footer>"}}}));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kNotFound) << other.status();
}

TEST(Detect, UptimeComByItsHostOrTheControllerInItsHomePage) {
  auto known = Detect("https://status.uptime.com", FakeWeb({}));
  ASSERT_TRUE(known.ok()) << known.status();
  EXPECT_EQ((*known)->name(), "uptime-com");
  const std::string home = ReadRepoFile("providers/uptime_com/testdata/home.html");
  ASSERT_FALSE(home.empty());
  auto hosted =
      Detect("https://status.acme.example", FakeWeb({{"https://status.acme.example", {"", 200, "text/html", home}}}));
  ASSERT_TRUE(hosted.ok()) << hosted.status();
  EXPECT_EQ((*hosted)->name(), "uptime-com");
}

TEST(Detect, StatuspalAndUptimeRobotHostsAreKnownWithoutFetching) {
  int fetches = 0;
  auto none = [&](const std::string& url) {
    ++fetches;
    return Document{url, 404, "", ""};
  };
  for (const auto& [url, provider] :
       std::vector<std::pair<std::string, std::string>>{{"https://ascentlogistics.statuspal.io", "statuspal"},
                                                        {"https://exoscalestatus.statuspal.eu", "statuspal"},
                                                        {"https://stats.uptimerobot.com/Xy12AbCdEf", "uptimerobot"}}) {
    auto result = Detect(url, none);
    ASSERT_TRUE(result.ok()) << url << ": " << result.status();
    EXPECT_EQ((*result)->name(), provider) << url;
  }
  EXPECT_EQ(fetches, 0);
}

TEST(Detect, AStatuspalCustomDomainByItsSummarysShape) {
  const std::string summary = ReadRepoFile("providers/statuspal/testdata/summary.json");
  ASSERT_FALSE(summary.empty());
  auto result =
      Detect("https://beispiel.example", FakeWeb({{"https://beispiel.example/api/v2/status_pages/beispiel/summary",
                                                   {"", 200, "application/json", summary}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "statuspal");
}

TEST(Detect, AnUptimeRobotCustomDomainByTheListItsHomePageNames) {
  const std::string home = ReadRepoFile("providers/uptimerobot/testdata/home.html");
  ASSERT_FALSE(home.empty());
  auto result =
      Detect("https://status.beispiel.de", FakeWeb({{"https://status.beispiel.de", {"", 200, "text/html", home}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "uptimerobot");
}

// StatusIQ's /rss is an RSS feed too: its marks win over the generic feed's last resort,
// also when the page is added by its feed's address.
TEST(Detect, AStatusIqFeedIsNotAGenericFeed) {
  const std::string rss = ReadRepoFile("providers/site24x7_statusiq/testdata/rss.xml");
  ASSERT_FALSE(rss.empty());
  for (const char* page : {"https://status.beispiel.de", "https://status.beispiel.de/rss"}) {
    auto result =
        Detect(page, FakeWeb({{"https://status.beispiel.de/rss", {"", 200, "application/rss+xml", rss}},
                              {"https://status.beispiel.de/history.rss", {"", 200, "application/rss+xml", rss}}}));
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ((*result)->name(), "site24x7-statusiq") << page;
  }
  // A generic feed at /rss stays the feed provider's.
  const std::string generic = ReadRepoFile("providers/feed/testdata/generic.rss");
  auto result = Detect("https://status.other.test/rss",
                       FakeWeb({{"https://status.other.test/rss", {"", 200, "application/rss+xml", generic}}}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->name(), "rss");
}

// cState is probed on the index.json Better Stack's probe fetched already, Gatus and Statping
// read from the home page the cascade fetches anyway: none costs a fetch more.
TEST(Detect, CStateByItsIndexGatusAndStatpingByTheirHomePagesWithoutAFetchMore) {
  const std::string index = ReadRepoFile("providers/cstate/testdata/index.json");
  const std::string gatus_home = ReadRepoFile("providers/gatus/testdata/home.html");
  ASSERT_FALSE(index.empty());
  ASSERT_FALSE(gatus_home.empty());
  std::map<std::string, int> fetches;
  auto counting = [&](std::map<std::string, Document> web) {
    return [&fetches, web = FakeWeb(std::move(web))](const std::string& url) {
      ++fetches[url];
      return web(url);
    };
  };
  auto cstate =
      Detect("https://status.nordwind.example",
             counting({{"https://status.nordwind.example/index.json", {"", 200, "application/json", index}}}));
  ASSERT_TRUE(cstate.ok()) << cstate.status();
  EXPECT_EQ((*cstate)->name(), "cstate");
  EXPECT_EQ(fetches["https://status.nordwind.example/index.json"], 1);

  fetches.clear();
  auto gatus = Detect("https://health.nordwind.example",
                      counting({{"https://health.nordwind.example", {"", 200, "text/html", gatus_home}}}));
  ASSERT_TRUE(gatus.ok()) << gatus.status();
  EXPECT_EQ((*gatus)->name(), "gatus");
  for (const auto& [url, n] : fetches) EXPECT_EQ(n, 1) << url;
  EXPECT_EQ(fetches.count("https://health.nordwind.example/api/v1/endpoints/statuses"), 0u);

  const std::string statping_home = ReadRepoFile("providers/statping/testdata/home.html");
  ASSERT_FALSE(statping_home.empty());
  fetches.clear();
  auto statping = Detect("https://status.nordwind.example",
                         counting({{"https://status.nordwind.example", {"", 200, "text/html", statping_home}}}));
  ASSERT_TRUE(statping.ok()) << statping.status();
  EXPECT_EQ((*statping)->name(), "statping");
  EXPECT_EQ(fetches.count("https://status.nordwind.example/api/services"), 0u);
}

TEST(Detect, HundOpenStatusHyperpingAndSorryHostsAreKnownWithoutFetching) {
  int fetches = 0;
  auto none = [&](const std::string& url) {
    ++fetches;
    return Document{url, 404, "", ""};
  };
  for (const auto& [url, provider] : std::vector<std::pair<std::string, std::string>>{
           {"https://vaultco.hund.io", "hund"},
           {"https://nordwind.openstatus.dev", "openstatus"},
           {"https://nordwind.hyperping.app", "hyperping"},
           {"https://nordwind.sorryapp.com", "sorry"},
           {"https://nordwind.statushub.io", "statushub"},
           {"https://wpenginestatus.com", "statushub"},
           {"https://uptime.statuscake.com/?TestID=Nw3xAmpl3Q", "statuscake"}}) {
    auto result = Detect(url, none);
    ASSERT_TRUE(result.ok()) << url << ": " << result.status();
    EXPECT_EQ((*result)->name(), provider) << url;
  }
  EXPECT_EQ(fetches, 0);
}

// Rootly's API on a custom domain is probed last, after the home pages' markers: a page told
// by its markers never pays for it; an unknown page pays one fetch before the feeds.
TEST(Detect, ARootlyCustomDomainByItsStatusJsonAfterTheMarkers) {
  const std::string status = ReadRepoFile("providers/rootly/testdata/status.json");
  ASSERT_FALSE(status.empty());
  auto rootly =
      Detect("https://status.nordwind.example",
             FakeWeb({{"https://status.nordwind.example/api/v1/status.json", {"", 200, "application/json", status}}}));
  ASSERT_TRUE(rootly.ok()) << rootly.status();
  EXPECT_EQ((*rootly)->name(), "rootly");

  std::map<std::string, int> fetches;
  const std::string gatus_home = ReadRepoFile("providers/gatus/testdata/home.html");
  auto web = FakeWeb({{"https://health.nordwind.example", {"", 200, "text/html", gatus_home}},
                      {"https://health.nordwind.example/api/v1/status.json", {"", 200, "application/json", status}}});
  auto gatus = Detect("https://health.nordwind.example", [&](const std::string& url) {
    ++fetches[url];
    return web(url);
  });
  ASSERT_TRUE(gatus.ok()) << gatus.status();
  EXPECT_EQ((*gatus)->name(), "gatus");
  EXPECT_EQ(fetches.count("https://health.nordwind.example/api/v1/status.json"), 0u);
}

}  // namespace
}  // namespace statusphere::providers
