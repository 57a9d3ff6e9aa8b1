// The deploy gate end to end: the real server, scraper and gateway on 127.0.0.1, Statuspage-
// shaped pages scraped from an HttpServer (fine, degraded, major, critical, one gone stale,
// one never read), and both gates run as a CI job runs them: `statusphere-cli check` over
// gRPC and tools/cli/statusphere-check.sh (the GitHub Action's) over REST with curl and jq.
// Every exit code, the lines, the --json shape, and that the two say the same.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/dashboard/vendor_site.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/stack.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

using GateRun = CommandRun;

// The two gates, given the same arguments: the CLI (gRPC) and the Action's script (REST).
class Gates {
 public:
  Gates(std::string server, std::string gateway) : server_(std::move(server)), gateway_(std::move(gateway)) {}
  GateRun Cli(std::vector<std::string> args) const {
    args.insert(args.begin(),
                {BinaryPath("tools/cli/statusphere-cli"), "--server=" + server_, "--timeout_seconds=5", "check"});
    return RunCommand(args);
  }
  GateRun Script(std::vector<std::string> args) const {
    args.insert(args.begin(), {BinaryPath("tools/cli/statusphere-check.sh"), "--url=" + gateway_, "--timeout=5"});
    return RunCommand(args);
  }

 private:
  std::string server_, gateway_;
};

class CheckE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new GatewayStack("check");
    ASSERT_TRUE(stack_->StartServer(0, {"--current_interval=1s", "--historical_interval=1h", "--stale_after=6s"}).ok());
    ASSERT_TRUE(stack_->StartGateway().ok());
    site_ = new HttpServer();
    fine_ = new VendorSite(*site_, "fine"), minor_ = new VendorSite(*site_, "minor");
    major_ = new VendorSite(*site_, "major"), critical_ = new VendorSite(*site_, "critical");
    stale_ = new VendorSite(*site_, "stale");
    fine_->SetComponents({{"API", "operational", ""}});
    minor_->SetComponents({{"API", "operational", ""}});
    minor_->AddIncident({"m-1",
                         "Slow dashboards",
                         "minor",
                         {"API"},
                         {{"investigating", "Dashboards load slowly.", Ago(absl::Minutes(50))}}});
    major_->SetComponents({{"API", "partial_outage", ""}, {"Web", "operational", ""}});
    major_->AddIncident({"j-1",
                         "Elevated API errors",
                         "major",
                         {"API"},
                         {{"investigating", "Errors are up.", "2026-12-07T08:15:00Z"}}});
    critical_->SetComponents({{"Edge", "major_outage", ""}});
    critical_->AddIncident({"c-1",
                            "Everything is down",
                            "critical",
                            {"Edge"},
                            {{"investigating", "Nothing answers.", Ago(absl::Minutes(5))}}});
    stale_->SetComponents({{"API", "operational", ""}});
    // Another platform, found by detection: an Uptime Kuma page (the provider's own test
    // documents) with a monitor down.
    for (const auto& [path, file] : std::vector<std::pair<std::string, std::string>>{
             {"/api/status-page/main", "status-page.json"}, {"/api/status-page/heartbeat/main", "heartbeat.json"}}) {
      site_->Set(path, JsonResponse(ReadRepoFile("providers/uptime_kuma/testdata/" + file)));
    }

    for (const auto& [site, name] : std::vector<std::pair<VendorSite*, std::string>>{{fine_, "Fine Co"},
                                                                                     {minor_, "Minor Mail"},
                                                                                     {major_, "Major Cloud"},
                                                                                     {critical_, "Critical CDN"},
                                                                                     {stale_, "Stale Search"}}) {
      ASSERT_TRUE(stack_->AddPage(site->url(), "atlassian-statuspage", name).ok());
    }
    ASSERT_TRUE(stack_->AddPage(site_->Url("/status/main"), "", "Kuma Monitors").ok());
    // Never read: the scraper may not leave 127.0.0.0/8.
    ASSERT_TRUE(stack_->AddPage("http://10.255.255.1/status", "atlassian-statuspage", "Never Read").ok());
    scraper_ = &stack_->StartScraper("check");
    auto status_of = [](const std::string& url) {
      json page = json::parse(Get(stack_->Url("/api/v1/currentStatus?statusPageUrl=" + url)).body, nullptr, false);
      return page.is_object() ? page.value("status", "") : "";
    };
    ASSERT_TRUE(Eventually(
        [&] {
          return status_of(fine_->url()) == "UP" && status_of(stale_->url()) == "UP" &&
                 status_of(critical_->url()) == "DEGRADED" && status_of(major_->url()) == "DEGRADED" &&
                 status_of(minor_->url()) == "DEGRADED" && status_of(site_->Url("/status/main")) == "DEGRADED";
        },
        absl::Seconds(30)))
        << scraper_->Log().substr(0, 5000) << stack_->Logs().substr(0, 5000);
    // Then Stale Search's page answers 503 until it is stale.
    HttpResponse broken;
    broken.status = 503;
    site_->Set("/stale/api/v2/summary.json", broken);
    ASSERT_TRUE(Eventually([&] { return status_of(stale_->url()) == "UNKNOWN"; }, absl::Seconds(30)));
  }

  static void TearDownTestSuite() {
    scraper_ = nullptr;  // the stack's
    delete stack_;
    delete fine_, delete minor_, delete major_, delete critical_, delete stale_;
    delete site_;
  }

  void SetUp() override {
    if (stack_ == nullptr || scraper_ == nullptr) GTEST_SKIP() << "the stack did not start";
  }

  static Gates gates() { return Gates(stack_->server_address(), stack_->Url("")); }

  // Both gates give `exit_code` for `args`; returns the CLI's run.
  static GateRun Both(const std::vector<std::string>& args, int exit_code) {
    GateRun cli = gates().Cli(args), script = gates().Script(args);
    EXPECT_EQ(cli.exit_code, exit_code) << absl::StrJoin(args, " ") << "\n" << cli.output;
    EXPECT_EQ(script.exit_code, exit_code) << absl::StrJoin(args, " ") << "\n" << script.output;
    // The same lines, word for word.
    EXPECT_EQ(cli.output, script.output) << absl::StrJoin(args, " ");
    return cli;
  }

  static GatewayStack* stack_;
  static HttpServer* site_;
  static VendorSite *fine_, *minor_, *major_, *critical_, *stale_;
  static Subprocess* scraper_;  // the stack's
};

GatewayStack* CheckE2eTest::stack_ = nullptr;
HttpServer* CheckE2eTest::site_ = nullptr;
VendorSite *CheckE2eTest::fine_ = nullptr, *CheckE2eTest::minor_ = nullptr, *CheckE2eTest::major_ = nullptr,
           *CheckE2eTest::critical_ = nullptr, *CheckE2eTest::stale_ = nullptr;
Subprocess* CheckE2eTest::scraper_ = nullptr;

TEST_F(CheckE2eTest, FineVendorsExit0) {
  GateRun run = Both({fine_->url(), "Fine Co", "fine co"}, 0);
  EXPECT_EQ(run.output, absl::StrCat("ok Fine Co (", fine_->url(), "): operational\n", "ok Fine Co (", fine_->url(),
                                     "): operational\n", "ok Fine Co (", fine_->url(), "): operational\n"));
  // Not a page's exact name: the page search's best match.
  EXPECT_EQ(Both({"Major Clou"}, 1).output.rfind("FAIL Major Cloud (", 0), 0u);
}

TEST_F(CheckE2eTest, ADegradedVendorFailsOnlyFromDegraded) {
  Both({"Minor Mail"}, 0);  // the default threshold is major
  GateRun run = Both({"--fail-on=degraded", "Minor Mail", "Fine Co"}, 1);
  EXPECT_EQ(run.output.rfind(absl::StrCat("FAIL Minor Mail (", minor_->url(), "): degraded since "), 0), 0u)
      << run.output;
  EXPECT_NE(run.output.find("; 1 open: minor \"Slow dashboards\" since "), std::string::npos) << run.output;
  Both({"--fail_on=degraded", "Fine Co"}, 0);  // Abseil's spelling works too
}

TEST_F(CheckE2eTest, MajorAndCriticalVendorsAgainstEachThreshold) {
  GateRun run = Both({"Major Cloud"}, 1);
  EXPECT_EQ(run.output,
            absl::StrCat("FAIL Major Cloud (", major_->url(), "): major since 2026-12-07 08:15 UTC; 1 open: ",
                         "major \"Elevated API errors\" since 2026-12-07 08:15 UTC\n"));
  Both({"--fail-on=critical", "Major Cloud"}, 0);
  Both({"--fail-on=critical", "Major Cloud", "Critical CDN"}, 1);
  // Uptime Kuma: a monitor down is a component's major outage, critical; its open incident
  // ("danger") is major.
  run = Both({"--fail-on=critical", "Kuma Monitors"}, 1);
  EXPECT_EQ(run.output.rfind(absl::StrCat("FAIL Kuma Monitors (", site_->Url("/status/main"), "): critical since "), 0),
            0u)
      << run.output;
  EXPECT_NE(run.output.find("major \"API errors in the EU region\""), std::string::npos) << run.output;
  Both({"--fail-on=critical", "--components=Website", "Kuma Monitors"}, 0);
  // Components narrow the verdict: Web is fine, API is not, Billing is nobody's.
  run = Both({"--components=web", "Major Cloud"}, 0);
  EXPECT_EQ(run.output, absl::StrCat("ok Major Cloud (", major_->url(), "): operational [Web: operational]\n"));
  Both({"--components=Web,API", "Major Cloud"}, 1);
  Both({"--components=Billing", "Major Cloud"}, 2);
}

TEST_F(CheckE2eTest, UnknownStaleAndMissingVendorsExit2) {
  GateRun run = Both({"Fine Co", "Never Read"}, 2);
  EXPECT_NE(run.output.find("UNKNOWN Never Read (http://10.255.255.1/status): unknown (not indexed yet)"),
            std::string::npos)
      << run.output;
  run = Both({"Stale Search"}, 2);
  EXPECT_EQ(run.output.rfind(
                absl::StrCat("UNKNOWN Stale Search (", stale_->url(), "): stale (not read successfully since "), 0),
            0u)
      << run.output;
  run = Both({"https://nobody.example"}, 2);
  EXPECT_EQ(run.output,
            "UNKNOWN https://nobody.example: not found (statusphere has no status page matching "
            "'https://nobody.example')\n");
  Both({"zzqqxxvv"}, 2);
  // A vendor known to be down wins over one not known.
  Both({"Never Read", "Critical CDN"}, 1);
}

TEST_F(CheckE2eTest, AnUnreachableServerExits2) {
  GateRun cli = Gates("127.0.0.1:1", "").Cli({"Fine Co"});
  EXPECT_EQ(cli.exit_code, 2) << cli.output;
  GateRun script = Gates("", "http://127.0.0.1:1").Script({"Fine Co"});
  EXPECT_EQ(script.exit_code, 2) << script.output;
  GateRun json_run = Gates("127.0.0.1:1", "").Cli({"--json", "Fine Co"});
  json document = json::parse(json_run.output, nullptr, false);
  EXPECT_EQ(json_run.exit_code, 2);
  EXPECT_EQ(document.value("exitCode", 0), 2) << json_run.output;
  EXPECT_TRUE(document.contains("error")) << json_run.output;
  // Bad arguments are not "fine" either.
  Both({"--fail-on=minor", "Fine Co"}, 2);
  Both({}, 2);
}

TEST_F(CheckE2eTest, JsonShapeIsTheSameFromBothGates) {
  const std::vector<std::string> args = {"--json",  "--fail-on=degraded", "Major Cloud",
                                         "Fine Co", "Stale Search",       "nope-nope"};
  GateRun cli = gates().Cli(args), script = gates().Script(args);
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_EQ(script.exit_code, 1);
  json a = json::parse(cli.output, nullptr, false), b = json::parse(script.output, nullptr, false);
  ASSERT_TRUE(a.is_object()) << cli.output;
  ASSERT_TRUE(b.is_object()) << script.output;
  // lastRead moves with every scrape: compare it apart (both set, both RFC 3339).
  for (json* document : {&a, &b}) {
    for (json& vendor : (*document)["vendors"]) {
      if (vendor["lastRead"].is_string()) vendor["lastRead"] = vendor["lastRead"].get<std::string>().size() == 20;
    }
  }
  EXPECT_EQ(a, b) << a.dump(2) << "\n" << b.dump(2);
  EXPECT_EQ(a["exitCode"], 1);
  EXPECT_EQ(a["failOn"], "degraded");
  ASSERT_EQ(a["vendors"].size(), 4u);
  const json major = a["vendors"][0];
  EXPECT_EQ(major["query"], "Major Cloud");
  EXPECT_EQ(major["name"], "Major Cloud");
  EXPECT_EQ(major["url"], major_->url());
  EXPECT_EQ(major["status"], "major");
  EXPECT_EQ(major["verdict"], "fail");
  EXPECT_EQ(major["since"], "2026-12-07T08:15:00Z");
  EXPECT_EQ(major["lastRead"], true);
  EXPECT_EQ(major["reason"], "");
  EXPECT_EQ(major["components"], json::array());
  ASSERT_EQ(major["openIncidents"].size(), 1u);
  EXPECT_EQ(major["openIncidents"][0], json({{"title", "Elevated API errors"},
                                             {"impact", "major"},
                                             {"since", "2026-12-07T08:15:00Z"},
                                             {"link", "https://stspg.io/j-1"},
                                             {"components", {"API"}}}));
  EXPECT_EQ(a["vendors"][1]["verdict"], "ok");
  EXPECT_EQ(a["vendors"][2]["status"], "stale");
  EXPECT_EQ(a["vendors"][2]["verdict"], "unknown");
  EXPECT_EQ(a["vendors"][3], json({{"query", "nope-nope"},
                                   {"name", ""},
                                   {"url", ""},
                                   {"status", "not found"},
                                   {"verdict", "unknown"},
                                   {"since", nullptr},
                                   {"lastRead", nullptr},
                                   {"reason", "statusphere has no status page matching 'nope-nope'"},
                                   {"openIncidents", json::array()},
                                   {"components", json::array()}}));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// action.yml's step as GitHub runs it: inputs as STATUSPHERE_* variables, outputs to
// $GITHUB_OUTPUT, a table to $GITHUB_STEP_SUMMARY, the check's exit code.
TEST_F(CheckE2eTest, TheGitHubActionStepGivesTheExitCodeAndTheReport) {
  const std::string action = ReadFile(BinaryPath("action.yml"));
  for (const char* wired :
       {"using: composite", "run: bash \"${{ github.action_path }}/tools/cli/action_step.sh\"",
        "STATUSPHERE_URL: ${{ inputs.statusphere-url }}", "STATUSPHERE_VENDORS: ${{ inputs.vendors }}",
        "STATUSPHERE_FAIL_ON: ${{ inputs.fail-on }}", "STATUSPHERE_COMPONENTS: ${{ inputs.components }}",
        "STATUSPHERE_TIMEOUT: ${{ inputs.timeout }}", "value: ${{ steps.check.outputs.exit-code }}",
        "value: ${{ steps.check.outputs.report }}"}) {
    EXPECT_NE(action.find(wired), std::string::npos) << "action.yml lacks " << wired;
  }
  const std::string dir = FreshTempDir("action_step");
  auto step = [&](const std::string& vendors, const std::string& fail_on) {
    std::remove((dir + "/output").c_str());
    std::remove((dir + "/summary").c_str());
    return RunCommand({"env", "STATUSPHERE_URL=" + stack_->Url(""), "STATUSPHERE_VENDORS=" + vendors,
                       "STATUSPHERE_FAIL_ON=" + fail_on, "GITHUB_OUTPUT=" + dir + "/output",
                       "GITHUB_STEP_SUMMARY=" + dir + "/summary", "RUNNER_TEMP=" + dir, "bash",
                       BinaryPath("tools/cli/action_step.sh")});
  };
  // One vendor per line; names with spaces; blank lines ignored.
  GateRun run = step("  Major Cloud\n\nFine Co  \n", "major");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output, gates().Script({"Major Cloud", "Fine Co"}).output);
  const std::string output = ReadFile(dir + "/output");
  EXPECT_EQ(output.rfind("exit-code=1\nreport<<STATUSPHERE_REPORT_", 0), 0u) << output;
  const size_t json_start = output.find("\n{"), json_end = output.rfind("}\n");
  ASSERT_NE(json_start, std::string::npos) << output;
  json report = json::parse(output.substr(json_start + 1, json_end - json_start), nullptr, false);
  EXPECT_EQ(report.value("exitCode", -1), 1) << output;
  EXPECT_EQ(report["vendors"].size(), 2u) << output;
  const std::string summary = ReadFile(dir + "/summary");
  EXPECT_NE(summary.find("| Major Cloud | major | 2026-12-07T08:15:00Z | major: Elevated API errors |"),
            std::string::npos)
      << summary;
  EXPECT_EQ(step("Fine Co", "major").exit_code, 0);
  EXPECT_EQ(step("Stale Search", "critical").exit_code, 2);
  EXPECT_EQ(ReadFile(dir + "/output").rfind("exit-code=2\n", 0), 0u);
}

}  // namespace
}  // namespace statusphere::testing
