// statusphere-cli: a small gRPC client for people and scripts (Debian ships no grpcurl).
// Prints responses as JSON with the same field names as the REST API.
//
//   statusphere-cli health
//   statusphere-cli pages | count | search QUERY | page URL | page-by-name NAME
//   statusphere-cli pages --page_size=N   every page, asked for N at a time (nextPageToken followed)
//   statusphere-cli pages --failing | --never_indexed | --unhealthy   (admin token needed)
//     the pages that do not work, longest failing first, grouped by failure reason
//   statusphere-cli status URL | incidents URL [IMPACTS [LIMIT]] | sitemap | watch [URL]
//   statusphere-cli uptime URL [--days=N]   minutes of outage per day, uptime %, MTTR (N: 1-365, default 90)
//   statusphere-cli add NAME URL [PROVIDER] | remove URL | rename URL NEW_NAME   (admin token needed)
//   statusphere-cli check NAME-OR-URL... [--fail-on=degraded|major|critical] [--components=A,B] [--json]
//     a deploy gate: exit 0 fine, 1 a vendor at or above the threshold, 2 unknown/stale/unreachable
//   statusphere-cli subscribe JSON | subscriptions | subscription ID | unsubscribe ID   (admin token needed)
//     JSON is a CreateSubscriptionRequest, e.g. '{"subscription": {"target": {"kind": "SLACK",
//     "url": "https://hooks.slack.com/services/..."}, "filter": {"minImpact": "major"}}}'
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/env_flags.h"
#include "common/tls_credentials.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "statusphere/v1/subscription_service.grpc.pb.h"
#include "tools/cli/check.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "statusphere-server address (host:port)");
ABSL_FLAG(std::string, admin_token_file, "data/admin_token", "file holding the admin bearer token");
ABSL_FLAG(std::string, tls_ca_file, "", "talk to the server over TLS, trusting this CA (PEM)");
ABSL_FLAG(std::string, tls_client_cert_file, "", "client certificate (PEM) for a server that requires mutual TLS");
ABSL_FLAG(std::string, tls_client_key_file, "", "private key (PEM) of --tls_client_cert_file");
ABSL_FLAG(int, timeout_seconds, 10, "deadline of each call (watch has none)");
ABSL_FLAG(bool, failing, false, "pages: only pages whose last scrape failed (an admin call)");
ABSL_FLAG(bool, never_indexed, false, "pages: only pages never indexed (an admin call)");
ABSL_FLAG(bool, unhealthy, false, "pages: pages never indexed or failing (an admin call)");
ABSL_FLAG(int32_t, days, 0, "uptime: days of history, 1 to 365 (0: the server's default, 90)");
ABSL_FLAG(int, page_size, 0,
          "pages: ask for the list in calls of this many pages (up to 1000), following "
          "nextPageToken to the end; 0 asks for every page in one call");

namespace statusphere {
namespace {

using namespace statusphere::v1;  // NOLINT

int Usage() {
  std::cerr << absl::ProgramUsageMessage() << "\n";
  return 2;
}

int Print(const grpc::Status& status, const google::protobuf::Message& message) {
  if (!status.ok()) {
    std::cerr << "error: " << status.error_code() << " " << status.error_message() << "\n";
    return 1;
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::cout << json;
  return 0;
}

std::unique_ptr<grpc::ClientContext> Context(bool admin) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(absl::GetFlag(FLAGS_timeout_seconds)));
  if (admin) {
    std::ifstream in(absl::GetFlag(FLAGS_admin_token_file));
    std::stringstream token;
    token << in.rdbuf();
    context->AddMetadata("authorization", absl::StrCat("Bearer ", absl::StripAsciiWhitespace(token.str())));
  }
  return context;
}

int Run(const std::vector<std::string>& args) {
  if (args.empty()) return Usage();
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeChannelCredentials({absl::GetFlag(FLAGS_tls_ca_file), absl::GetFlag(FLAGS_tls_client_cert_file),
                              absl::GetFlag(FLAGS_tls_client_key_file)});
  if (!credentials.ok()) {
    std::cerr << "error: " << credentials.status().message() << "\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_server), *credentials);
  auto pages = StatusPageService::NewStub(channel);
  auto admin = AdminService::NewStub(channel);
  const std::string& command = args[0];
  auto arg = [&](size_t i) { return i < args.size() ? args[i] : std::string(); };

  if (command == "check") {
    return cli::RunCheck(*pages, std::vector<std::string>(args.begin() + 1, args.end()),
                         absl::GetFlag(FLAGS_timeout_seconds));
  }
  if (command == "health") {
    grpc::health::v1::HealthCheckResponse response;
    return Print(grpc::health::v1::Health::NewStub(channel)->Check(Context(false).get(), {}, &response), response);
  }
  if (command == "pages" &&
      (absl::GetFlag(FLAGS_failing) || absl::GetFlag(FLAGS_never_indexed) || absl::GetFlag(FLAGS_unhealthy))) {
    ListUnhealthyStatusPagesRequest request;
    // One of the two alone narrows the list; both, or --unhealthy, give every page that does not work.
    if (absl::GetFlag(FLAGS_failing) != absl::GetFlag(FLAGS_never_indexed) && !absl::GetFlag(FLAGS_unhealthy)) {
      request.set_filter(absl::GetFlag(FLAGS_failing) ? PAGE_HEALTH_FILTER_FAILING : PAGE_HEALTH_FILTER_NEVER_INDEXED);
    }
    ListUnhealthyStatusPagesResponse response;
    return Print(admin->ListUnhealthyStatusPages(Context(true).get(), request, &response), response);
  }
  if (command == "pages" && absl::GetFlag(FLAGS_page_size) != 0) {
    // Every page still, asked for in slices (each call small and quick on a large
    // catalog); printed as one answer, as without --page_size, with the total.
    ListStatusPagesRequest request;
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    ListStatusPagesResponse all;
    do {
      ListStatusPagesResponse slice;
      grpc::Status status = pages->ListStatusPages(Context(false).get(), request, &slice);
      if (!status.ok()) return Print(status, slice);
      for (auto& page : *slice.mutable_status_pages()) *all.add_status_pages() = std::move(page);
      all.set_total_size(slice.total_size());
      request.set_page_token(slice.next_page_token());
    } while (!request.page_token().empty());
    return Print(grpc::Status::OK, all);
  }
  if (command == "pages") {
    ListStatusPagesResponse response;
    return Print(pages->ListStatusPages(Context(false).get(), {}, &response), response);
  }
  if (command == "count") {
    CountStatusPagesResponse response;
    return Print(pages->CountStatusPages(Context(false).get(), {}, &response), response);
  }
  if (command == "search") {
    SearchStatusPagesRequest request;
    request.set_query(arg(1));
    SearchStatusPagesResponse response;
    return Print(pages->SearchStatusPages(Context(false).get(), request, &response), response);
  }
  if (command == "page" || command == "page-by-name") {
    GetStatusPageRequest request;
    (command == "page" ? request.mutable_status_page_url() : request.mutable_status_page_name())->assign(arg(1));
    GetStatusPageResponse response;
    return Print(pages->GetStatusPage(Context(false).get(), request, &response), response);
  }
  if (command == "status") {
    GetCurrentStatusRequest request;
    request.set_status_page_url(arg(1));
    GetCurrentStatusResponse response;
    return Print(pages->GetCurrentStatus(Context(false).get(), request, &response), response);
  }
  if (command == "incidents") {
    ListIncidentsRequest request;
    request.set_status_page_url(arg(1));
    request.set_impact(arg(2));
    // The typed field: a LIMIT that is not a number stops here, one out of range is the
    // server's to refuse (its message names max_incidents).
    int32_t limit = 0;
    if (!arg(3).empty() && !absl::SimpleAtoi(arg(3), &limit)) {
      std::cerr << "error: LIMIT '" << arg(3) << "' is not an integer\n";
      return 2;
    }
    request.set_max_incidents(limit);
    ListIncidentsResponse response;
    return Print(pages->ListIncidents(Context(false).get(), request, &response), response);
  }
  if (command == "uptime") {
    GetUptimeRequest request;
    request.set_status_page_url(arg(1));
    request.set_window_days(absl::GetFlag(FLAGS_days));
    GetUptimeResponse response;
    return Print(pages->GetUptime(Context(false).get(), request, &response), response);
  }
  if (command == "sitemap") {
    GetSitemapResponse response;
    grpc::Status status = pages->GetSitemap(Context(false).get(), {}, &response);
    if (!status.ok()) return Print(status, response);
    std::cout << response.body();
    return 0;
  }
  if (command == "watch") {
    grpc::ClientContext context;
    WatchIncidentsRequest request;
    request.set_status_page_url(arg(1));
    request.set_cursor(arg(2));
    auto reader = pages->WatchIncidents(&context, request);
    IncidentChange change;
    while (reader->Read(&change)) Print(grpc::Status::OK, change);
    return Print(reader->Finish(), change);
  }
  if (command == "add") {
    AddStatusPageRequest request;
    request.set_name(arg(1));
    request.set_url(arg(2));
    request.set_provider(arg(3));
    AddStatusPageResponse response;
    return Print(admin->AddStatusPage(Context(true).get(), request, &response), response);
  }
  if (command == "remove") {
    RemoveStatusPageRequest request;
    request.set_status_page_url(arg(1));
    RemoveStatusPageResponse response;
    return Print(admin->RemoveStatusPage(Context(true).get(), request, &response), response);
  }
  if (command == "rename") {
    RenameStatusPageRequest request;
    request.set_status_page_url(arg(1));
    request.set_new_name(arg(2));
    RenameStatusPageResponse response;
    return Print(admin->RenameStatusPage(Context(true).get(), request, &response), response);
  }
  auto subscriptions = SubscriptionService::NewStub(channel);
  if (command == "subscribe") {
    CreateSubscriptionRequest request;
    if (auto parsed = google::protobuf::util::JsonStringToMessage(arg(1), &request); !parsed.ok()) {
      std::cerr << "subscribe: the argument is not a CreateSubscriptionRequest in JSON: " << parsed.ToString() << "\n";
      return 2;
    }
    CreateSubscriptionResponse response;
    return Print(subscriptions->CreateSubscription(Context(true).get(), request, &response), response);
  }
  if (command == "subscriptions") {
    ListSubscriptionsResponse response;
    return Print(subscriptions->ListSubscriptions(Context(true).get(), {}, &response), response);
  }
  if (command == "subscription") {
    GetSubscriptionRequest request;
    request.set_id(arg(1));
    GetSubscriptionResponse response;
    return Print(subscriptions->GetSubscription(Context(true).get(), request, &response), response);
  }
  if (command == "unsubscribe") {
    DeleteSubscriptionRequest request;
    request.set_id(arg(1));
    DeleteSubscriptionResponse response;
    return Print(subscriptions->DeleteSubscription(Context(true).get(), request, &response), response);
  }
  std::cerr << "unknown command '" << command << "'\n";
  return Usage();
}

}  // namespace
}  // namespace statusphere

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "statusphere-cli [--server=HOST:PORT] COMMAND [ARGS]\n"
      "  health | pages | count | search QUERY | page URL | page-by-name NAME | status URL\n"
      "  pages --page_size=N  (every page, N per call)\n"
      "  pages --failing | --never_indexed | --unhealthy  (uses --admin_token_file)\n"
      "  incidents URL [IMPACTS [LIMIT]] | sitemap | watch [URL [CURSOR]]\n"
      "  uptime URL [--days=N]  (N from 1 to 365, default 90)\n"
      "  add NAME URL [PROVIDER] | remove URL | rename URL NEW_NAME  (uses --admin_token_file)\n"
      "  subscribe JSON | subscriptions | subscription ID | unsubscribe ID  (uses --admin_token_file)\n"
      "  check NAME-OR-URL... [--fail-on=degraded|major|critical] [--components=A,B] [--json]\n"
      "    exit 0: all fine; 1: a vendor at or above --fail-on (default major); 2: unknown, stale or unreachable");
  // --fail-on and --fail_on alike: CI examples spell flags with dashes, Abseil with underscores.
  std::vector<std::string> spelled(argv, argv + argc);
  std::vector<char*> args;
  for (std::string& arg : spelled) {
    if (arg == "--") break;
    if (absl::StartsWith(arg, "--"))
      std::replace(arg.begin(), arg.begin() + std::min(arg.find('='), arg.size()), '-', '_');
    if (absl::StartsWith(arg, "__")) arg.replace(0, 2, "--");
  }
  for (std::string& arg : spelled) args.push_back(arg.data());
  std::vector<char*> positional = statusphere::ParseFlagsWithEnvironment(static_cast<int>(args.size()), args.data());
  return statusphere::Run(std::vector<std::string>(positional.begin() + 1, positional.end()));
}
