// The hostile web: status pages that are huge, slow, compressed bombs, entity bombs,
// absurdly nested, loop or leave for private addresses, lie about their type, break UTF-8,
// fail TLS or reset the connection. The real server and a real scraper run against them
// next to one well-behaved page; each hostile page ends with a clear per-page error, the
// good page keeps being scraped on time, and the scraper's memory stays bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/common/html_document.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::Subprocess;
using namespace statusphere::v1;  // NOLINT

constexpr int64_t kMaxBody = 4 << 20;

// Answers every connection at once with a plaintext HTTP error and closes it: what a TLS
// client meets when a site's HTTPS port is misconfigured.
class PlaintextAnswerer {
 public:
  PlaintextAnswerer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 64);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      while (true) {
        const int client = ::accept(fd_, nullptr, nullptr);
        if (client < 0) return;  // the listening socket was shut down
        static constexpr char kAnswer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nplain HTTP here\n";
        (void)!::send(client, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL);
        ::close(client);
      }
    });
  }
  ~PlaintextAnswerer() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

class HostileWebTest : public testing::ServerFixture {
 protected:
  void SetUp() override { StartServer("hostile_web", "127.0.0.1/32"); }

  // Adds the page at `url` (on `provider`) and starts one scraper for it.
  Subprocess& ScrapeOnePage(const std::string& name, const std::string& url, const std::string& provider) {
    AddPage(name, url, provider);
    return StartScraper(name, {"--workers=1", "--batch_size=1", "--idle_wait=100ms"});
  }
};

// Serves `response` for every document a Statuspage-platform page at /<name> is read from.
void ServeStatuspage(HttpServer& site, const std::string& name, const HttpResponse& response) {
  for (const char* doc : {"summary.json", "incidents.json", "scheduled-maintenances.json"}) {
    site.Set(absl::StrCat("/", name, "/api/v2/", doc), response);
  }
}

TEST_F(HostileWebTest, EveryHostilePageFailsClearlyAndTheGoodOneStaysOnTime) {
  HttpServer site;
  FakeStatuspage good(site, "good", /*etag=*/false);
  good.AddIncident("inc1", "minor", statusphere::testing::Rfc3339(absl::Now() - absl::Hours(1)));

  // page name -> (provider, a piece of the error its page must show)
  struct Hostile {
    std::string provider;
    std::string expected_error;
  };
  std::map<std::string, Hostile> hostile;

  HttpResponse gigabyte;  // 1 GB, streamed; the scraper must stop reading at its cap
  gigabyte.stream_bytes = 1LL << 30;
  ServeStatuspage(site, "gigabyte", gigabyte);
  hostile["gigabyte"] = {"atlassian-statuspage", "larger than"};

  HttpResponse drip;  // one byte every 300 ms: never finishes within the fetch timeout
  drip.body = std::string(1000, ' ');
  drip.drip_bytes = 1;
  drip.drip_interval = absl::Milliseconds(300);
  ServeStatuspage(site, "drip", drip);
  hostile["drip"] = {"atlassian-statuspage", "timed out"};

  HttpResponse gzip_bomb;  // 5 KB on the wire, 64 MB decompressed
  gzip_bomb.headers = {{"Content-Encoding", "gzip"}, {"Content-Type", "application/json"}};
  gzip_bomb.body = statusphere::testing::Gzip(std::string(64 << 20, ' '));
  ServeStatuspage(site, "gzipbomb", gzip_bomb);
  hostile["gzipbomb"] = {"atlassian-statuspage", "larger than"};

  HttpResponse entity_bomb;
  entity_bomb.headers = {{"Content-Type", "application/rss+xml"}};
  entity_bomb.body =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n]>\n"
      "<rss version=\"2.0\"><channel><title>x</title><item><title>&lol2;</title><guid>1</guid>"
      "<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item></channel></rss>";
  site.Set("/entitybomb/history.rss", entity_bomb);  // where the feed provider reads a page's feed
  hostile["entitybomb"] = {"rss", "declares XML entities"};

  HttpResponse nested_html;  // a feed item nesting 600,000 <div>: gumbo would take hours
  nested_html.headers = {{"Content-Type", "application/rss+xml"}};
  nested_html.body =
      "<rss version=\"2.0\"><channel><title>x</title><item><title>Deep</title><guid>deep-1</guid>"
      "<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description><![CDATA[";
  for (int i = 0; i < 600000; ++i) nested_html.body += "<div>";
  nested_html.body += "]]></description></item></channel></rss>";
  site.Set("/nestedhtml/history.rss", nested_html);
  hostile["nestedhtml"] = {"rss", "item 'deep-1': HTML of 3000000 bytes nests elements deeper than 1024"};

  HttpResponse deep;
  deep.headers = {{"Content-Type", "application/json"}};
  deep.body = std::string(200000, '[') + std::string(200000, ']');
  ServeStatuspage(site, "deep", deep);
  hostile["deep"] = {"atlassian-statuspage", "nested deeper"};

  HttpResponse loop;
  loop.status = 302;
  loop.headers = {{"Location", "/loop/api/v2/summary.json"}};
  site.Set("/loop/api/v2/summary.json", loop);
  site.Set("/loop/api/v2/incidents.json", loop);
  site.Set("/loop/api/v2/scheduled-maintenances.json", loop);
  hostile["loop"] = {"atlassian-statuspage", "redirect"};

  HttpResponse leaves;  // a redirect to another host, on a private address
  leaves.status = 301;
  leaves.headers = {{"Location", absl::StrCat("http://127.0.0.2:", site.port(), "/good/api/v2/summary.json")}};
  ServeStatuspage(site, "leaves", leaves);
  hostile["leaves"] = {"atlassian-statuspage", "refused to connect: address 127.0.0.2 is a loopback"};

  HttpResponse html;  // HTML where JSON was expected, labelled as JSON
  html.headers = {{"Content-Type", "application/json"}};
  html.body = "<!doctype html><html><body><h1>We'll be right back</h1></body></html>";
  ServeStatuspage(site, "html", html);
  hostile["html"] = {"atlassian-statuspage", "not valid JSON"};

  HttpResponse bad_utf8;
  bad_utf8.headers = {{"Content-Type", "application/json"}};
  bad_utf8.body = "{\"page\":{\"id\":\"x\",\"name\":\"\xff\xfe\xc3\",\"url\":\"http://x\"},\"incidents\":[]}";
  ServeStatuspage(site, "badutf8", bad_utf8);
  hostile["badutf8"] = {"atlassian-statuspage", "not valid JSON"};

  HttpResponse reset;
  reset.reset = true;
  ServeStatuspage(site, "reset", reset);
  hostile["reset"] = {"atlassian-statuspage", "GET "};

  for (const auto& [name, h] : hostile) AddPage(name, site.Url("/" + name), h.provider);
  // TLS spoken to a server that answers in plaintext: the handshake fails.
  PlaintextAnswerer plaintext;
  const std::string tls_url = absl::StrCat("https://127.0.0.1:", plaintext.port(), "/tls");
  AddPage("tls", tls_url, "atlassian-statuspage");
  AddPage("good", good.url(), "atlassian-statuspage");

  Subprocess& scraper = StartScraper(
      "hostile", {"--workers=6", "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=2s", "--connect_timeout=1s",
                  absl::StrCat("--max_body_bytes=", kMaxBody), "--lease_duration=10s",
                  // every page is on 127.0.0.1 here; on the web they are separate hosts
                  "--max_workers_per_host=6"});

  auto all_failed = [&] {
    for (const auto& [name, h] : hostile) {
      if (Page(site.Url("/" + name)).last_error().empty()) return false;
    }
    return !Page(tls_url).last_error().empty();
  };
  ASSERT_TRUE(Eventually(all_failed, absl::Seconds(20))) << scraper.Log().substr(0, 4000);

  // Every hostile page names what went wrong; none is indexed, none has incidents.
  for (const auto& [name, h] : hostile) {
    const StatusPage page = Page(site.Url("/" + name));
    EXPECT_TRUE(absl::StrContains(page.last_error(), h.expected_error))
        << name << ": '" << page.last_error() << "' lacks '" << h.expected_error << "'";
    EXPECT_FALSE(page.is_indexed()) << name;
  }
  const std::string tls_error = Page(tls_url).last_error();
  EXPECT_TRUE(absl::StrContains(tls_error, "SSL") || absl::StrContains(tls_error, "TLS")) << tls_error;
  EXPECT_EQ(site.RequestCount("/good/api/v2/summary.json") > 0, true);

  // The good page keeps being scraped every second while the hostile ones keep failing.
  const int before = site.RequestCount("/good/api/v2/summary.json");
  absl::SleepFor(absl::Seconds(4));
  EXPECT_GE(site.RequestCount("/good/api/v2/summary.json") - before, 2) << scraper.Log().substr(0, 4000);
  EXPECT_TRUE(Page(good.url()).is_indexed());
  EXPECT_GT(FromProto(Page(good.url()).last_currently_scraped()), absl::Now() - absl::Seconds(3));
  EXPECT_TRUE(Page(good.url()).last_error().empty()) << Page(good.url()).last_error();

  // Memory: a gigabyte, a 64 MB bomb and 200k-deep JSON were thrown at it, repeatedly.
  const int64_t peak_kb = statusphere::testing::ProcessMemoryKb(scraper.pid(), "VmHWM");
  EXPECT_GT(peak_kb, 0);
  std::cout << "scraper peak RSS: " << peak_kb / 1024 << " MB\n";
  for (const auto& [name, h] : hostile) std::cout << name << ": " << Page(site.Url("/" + name)).last_error() << "\n";
  std::cout << "tls: " << tls_error << "\n";
  EXPECT_LT(peak_kb, 200 * 1024) << "scraper peak RSS " << peak_kb << " kB";
  EXPECT_TRUE(scraper.Running()) << scraper.Log().substr(0, 4000);
  scraper.Stop();
}

// What the server's SQLite file holds for one page, read beside the running server.
struct StoredBytes {
  int64_t incidents = 0;   // the page's incident rows
  int64_t change_log = 0;  // its change-log rows
  int64_t changes = 0;     // how many
};

StoredBytes ReadStoredBytes(const std::string& db_path, const std::string& page_url) {
  StoredBytes out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return out;
  }
  sqlite3_busy_timeout(db, 5000);
  auto one = [&](const char* sql, int64_t& into, int64_t& count) {
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_bind_text(statement, 1, page_url.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW) << sqlite3_errmsg(db);
    into = sqlite3_column_int64(statement, 0);
    count = sqlite3_column_int64(statement, 1);
    sqlite3_finalize(statement);
  };
  int64_t ignored = 0;
  one("SELECT coalesce(sum(length(data)), 0), count(*) FROM incidents WHERE page_url = ?", out.incidents, ignored);
  one("SELECT coalesce(sum(length(data) + coalesce(length(removed), 0)), 0), count(*) FROM incident_changes "
      "WHERE page_url = ?",
      out.change_log, out.changes);
  sqlite3_close(db);
  return out;
}

int64_t FileBytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

// A Statuspage-platform page whose one open incident gains 20 new 2 kB updates on every
// fetch of its summary (the attack: unbounded, the database grew 0.2 to 16.5 MB in
// a minute, the change log with the square of the updates). It lists every update so far.
class UpdateFlood {
 public:
  UpdateFlood(HttpServer& site, const std::string& name) : name_(name) {
    site.SetHandler("/" + name + "/api/v2/summary.json", [this](const statusphere::testing::RecordedRequest&) {
      absl::MutexLock lock(&mu_);
      ++fetches_;
      for (int i = 0; i < 20; ++i) {
        const int n = static_cast<int>(updates_.size());
        updates_.insert(updates_.begin(),
                        nlohmann::json{{"id", absl::StrCat("u", n)},
                                       {"status", "investigating"},
                                       {"body", absl::StrCat("update ", n, " ", std::string(2000, 'x'))},
                                       {"created_at", statusphere::testing::Rfc3339(start_ + absl::Seconds(n))},
                                       {"display_at", statusphere::testing::Rfc3339(start_ + absl::Seconds(n))}});
      }
      return statusphere::testing::JsonResponse(Document("incidents").dump());
    });
    site.SetHandler("/" + name + "/api/v2/incidents.json", [this](const statusphere::testing::RecordedRequest&) {
      absl::MutexLock lock(&mu_);
      return statusphere::testing::JsonResponse(Document("incidents").dump());
    });
    site.SetHandler("/" + name + "/api/v2/scheduled-maintenances.json",
                    [this](const statusphere::testing::RecordedRequest&) {
                      return statusphere::testing::JsonResponse(nlohmann::json{
                          {"page", {{"id", name_}, {"name", name_}}},
                          {"scheduled_maintenances",
                           nlohmann::json::array()}}.dump());
                    });
  }
  int fetches() {
    absl::MutexLock lock(&mu_);
    return fetches_;
  }
  int updates() {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(updates_.size());
  }

 private:
  nlohmann::json Document(const char* list) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    nlohmann::json incident = {{"id", "flood"},
                               {"name", "Everything is on fire"},
                               {"status", "investigating"},
                               {"impact", "minor"},
                               {"created_at", statusphere::testing::Rfc3339(start_)},
                               {"started_at", statusphere::testing::Rfc3339(start_)},
                               {"resolved_at", nullptr},
                               {"components", nlohmann::json::array()},
                               {"incident_updates", updates_}};
    return {{"page", {{"id", name_}, {"name", name_}}},
            {"status", {{"indicator", "minor"}}},
            {"components", nlohmann::json::array()},
            {list, nlohmann::json::array({incident})},
            {"scheduled_maintenances", nlohmann::json::array()}};
  }

  const std::string name_;
  const absl::Time start_ = absl::Now() - absl::Hours(1);
  absl::Mutex mu_;
  int fetches_ ABSL_GUARDED_BY(mu_) = 0;
  nlohmann::json updates_ ABSL_GUARDED_BY(mu_) = nlohmann::json::array();
};

TEST_F(HostileWebTest, AnUpdateFloodKeepsTheNewestUpdatesAndStaysWithinItsBound) {
  HttpServer site;
  UpdateFlood flood(site, "flood");
  const std::string url = site.Url("/flood");
  Subprocess& scraper = ScrapeOnePage("flood", url, "atlassian-statuspage");
  // 30 scrapes bring 600 updates of 2 kB: past the 500 an incident keeps.
  constexpr int kScrapes = 30;
  ASSERT_TRUE(Eventually([&] { return flood.fetches() >= kScrapes; }, absl::Seconds(90)))
      << scraper.Log().substr(0, 4000);
  scraper.Stop();
  const int fetched = flood.fetches();

  auto incidents = Incidents(url);
  ASSERT_EQ(incidents.size(), 1u);
  const v1::Incident& incident = incidents[0];
  EXPECT_EQ(incident.events_size(), 500);
  // The newest are kept: the last stored scrape's newest update first (the scraper was
  // stopped after the last fetch, perhaps before its report).
  const int last = flood.updates() - 1;
  EXPECT_TRUE(incident.events(0).id() == absl::StrCat("u", last) ||
              incident.events(0).id() == absl::StrCat("u", last - 20))
      << incident.events(0).id() << " is not among the newest of " << last + 1;
  EXPECT_EQ(incident.events(499).id(), absl::StrCat("u", std::stoi(incident.events(0).id().substr(1)) - 499));
  EXPECT_TRUE(absl::StrContains(server_->Log(), "report.bounded")) << "the dropped updates were not reported";
  EXPECT_TRUE(absl::StrContains(server_->Log(), "\"updates_dropped\"") ||
              absl::StrContains(server_->Log(), "updates_dropped="));

  // The bound: the incident holds at most 500 updates of ~2 kB; each change-log row what
  // one scrape added (20 updates) and, once the incident is full, the 20 it gave up.
  const std::string db = dir_ + "/data/statusphere.sqlite";
  const StoredBytes stored = ReadStoredBytes(db, url);
  const int64_t update_bytes = 2100;
  std::cout << "update flood, " << fetched << " fetches: incident " << stored.incidents << " bytes, change log "
            << stored.change_log << " bytes in " << stored.changes << " rows, database file " << FileBytes(db)
            << " + WAL " << FileBytes(db + "-wal") << " bytes\n";
  EXPECT_LE(stored.incidents, 500 * update_bytes);
  EXPECT_LE(stored.change_log, stored.changes * 2 * 20 * update_bytes);
  // Whole incidents per change, as before, were over 18 MB after 30 scrapes.
  EXPECT_LE(stored.change_log, int64_t{4} << 20);
  EXPECT_LE(FileBytes(db), int64_t{8} << 20);
}

// The same flood on a server that gives each page 1 MiB: the page meets its budget, fails
// with an error that says so, and stores nothing more.
class HostileBudgetTest : public HostileWebTest {
 protected:
  void SetUp() override { StartServer("hostile_budget", "127.0.0.1/32", {"--page_storage_budget_mb=1"}); }
};

TEST_F(HostileBudgetTest, AFloodedPageMeetsItsStorageBudgetAndSaysSo) {
  HttpServer site;
  UpdateFlood flood(site, "flood");
  const std::string url = site.Url("/flood");
  Subprocess& scraper = ScrapeOnePage("flood", url, "atlassian-statuspage");
  ASSERT_TRUE(
      Eventually([&] { return absl::StrContains(Page(url).last_error(), "storage budget"); }, absl::Seconds(90)))
      << scraper.Log().substr(0, 4000);
  scraper.Stop();
  std::cout << "flood with a 1 MiB budget, after " << flood.fetches() << " fetches: " << Page(url).last_error() << "\n";
  const StoredBytes stored = ReadStoredBytes(dir_ + "/data/statusphere.sqlite", url);
  EXPECT_LE(stored.incidents + stored.change_log, int64_t{1} << 20);
  EXPECT_GT(stored.incidents, 0);  // what was stored before stays
}

// A feed whose one item's text changes on every fetch: updates without an id are told
// apart by their content, so each fetch is a new update. The change log takes what each
// added, not the growing incident again.
TEST_F(HostileWebTest, AFeedItemChangingOnEveryFetchStaysWithinItsBound) {
  HttpServer site;
  absl::Mutex mu;
  int fetches = 0;
  site.SetHandler("/changing/history.rss", [&](const statusphere::testing::RecordedRequest&) {
    absl::MutexLock lock(&mu);
    ++fetches;
    HttpResponse r;
    r.headers = {{"Content-Type", "application/rss+xml"}};
    r.body = absl::StrCat(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Changing</title>"
        "<link>http://127.0.0.1/changing</link><item><title>Degraded performance</title><guid>item-1</guid>"
        "<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description>Fetch ",
        fetches, ": ", std::string(2000, 'y'), "</description></item></channel></rss>");
    return r;
  });
  const std::string url = site.Url("/changing");
  Subprocess& scraper = ScrapeOnePage("changing", url, "rss");
  constexpr int kScrapes = 30;
  ASSERT_TRUE(Eventually(
      [&] {
        absl::MutexLock lock(&mu);
        return fetches >= kScrapes;
      },
      absl::Seconds(90)))
      << scraper.Log().substr(0, 4000);
  scraper.Stop();

  auto incidents = Incidents(url);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_GE(incidents[0].events_size(), kScrapes - 2);
  const std::string db = dir_ + "/data/statusphere.sqlite";
  const StoredBytes stored = ReadStoredBytes(db, url);
  std::cout << "changing feed item: incident " << stored.incidents << " bytes, change log " << stored.change_log
            << " bytes in " << stored.changes << " rows\n";
  // One update of ~2 kB per change (whole incidents per change: ~1 MB after 30 fetches).
  EXPECT_LE(stored.change_log, stored.changes * 2600);
  EXPECT_LE(stored.incidents, 500 * 2600);
}

// The worst HTML within the scraper's default size cap (16 MB, scraper/main.cc), shaped for
// each part of gumbo's cost: nesting (its tree building walks the open elements for every
// tag), formatting elements it keeps reopening, and sheer size. Each is refused before gumbo
// or parsed within about a second; the largest prefix of each that HtmlDocument accepts is
// timed too, since that is what an attacker can make gumbo do.
class HostileHtml : public ::testing::Test {
 protected:
  static constexpr size_t kCap = 16 << 20;

  static std::string Fill(absl::string_view prefix, absl::string_view unit) {
    std::string out(prefix);
    out.reserve(kCap);
    while (out.size() + unit.size() <= kCap) out.append(unit.data(), unit.size());
    return out;
  }

  static double CpuSeconds() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }

  // CPU seconds HtmlDocument takes on `html`, printed with the outcome.
  static double TimeDocument(const std::string& label, absl::string_view html) {
    const double start = CpuSeconds();
    const absl::Time wall = absl::Now();
    const providers::HtmlDocument document(html);
    const double cpu = CpuSeconds() - start;
    std::cout << label << " (" << html.size() << " bytes): " << cpu << " s CPU, "
              << absl::ToDoubleSeconds(absl::Now() - wall) << " s wall, "
              << (document.status().ok() ? std::string("parsed") : std::string(document.status().message())) << "\n";
    return cpu;
  }

  // The longest prefix of `html` within the budget (the estimate only grows with length).
  static size_t AcceptedPrefix(absl::string_view html) {
    size_t low = 0, high = html.size();
    while (low < high) {
      const size_t mid = low + (high - low + 1) / 2;
      const providers::HtmlParseCost cost = providers::EstimateHtmlParseCost(
          html.substr(0, mid), providers::kMaxHtmlDepth, providers::kMaxHtmlParseWorkNs);
      if (cost.max_depth <= providers::kMaxHtmlDepth && cost.work_ns <= providers::kMaxHtmlParseWorkNs) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }
};

TEST_F(HostileHtml, NoBodyWithinTheSizeCapTakesMoreThanAboutASecond) {
  std::string hidden_formatting;
  for (int i = 0; hidden_formatting.size() < (1 << 20); ++i)
    absl::StrAppend(&hidden_formatting, "<div><b class=c", i, "></div>");
  std::string reopened;  // a thousand formatting elements gumbo reopens (clones) before every text
  for (int i = 0; i < 1000; ++i) absl::StrAppend(&reopened, "<div><b class=c", i, "></div>");
  std::string deep_prefix;
  for (int i = 0; i < 1000; ++i) deep_prefix += "<div>";
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"nested <div>", Fill("", "<div>")},
      {"nested <table><tr><td>", Fill("", "<table><tr><td>")},
      {"1000 deep, then sibling <div></div>", Fill(deep_prefix, "<div></div>")},
      {"1000 deep and a <b>, then text", Fill(deep_prefix + "<b>", "status text ")},
      {"<div><b class=N></div> reopened, then text", Fill(hidden_formatting, "status text ")},
      {"a thousand reopened formatting elements, then <div>x</div>", Fill(reopened, "<div>x</div>")},
      {"flat paragraphs", Fill("", "<p>An update about an incident.</p>\n")},
      {"text", Fill("", "status text ")},
  };
  for (const auto& [label, html] : shapes) {
    // A generous bound: CPU time, on a machine shared with other builds.
    EXPECT_LT(TimeDocument(label, html), 3.0) << label;
    const size_t accepted = AcceptedPrefix(html);
    EXPECT_LT(
        TimeDocument(absl::StrCat(label, ", the largest accepted prefix"), absl::string_view(html).substr(0, accepted)),
        3.0)
        << label;
  }
}

// Before the bound: gumbo alone on nested <div> (seconds at 20,000; 40,000 took over two
// minutes). Disabled: run with --gtest_also_run_disabled_tests to measure.
TEST_F(HostileHtml, DISABLED_GumboAloneOnNestedDivs) {
  for (int n : {5000, 10000, 20000}) {
    std::string html;
    for (int i = 0; i < n; ++i) html += "<div>";
    const double start = CpuSeconds();
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    std::cout << n << " nested <div>, gumbo alone: " << CpuSeconds() - start << " s CPU\n";
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
}

}  // namespace
}  // namespace statusphere
