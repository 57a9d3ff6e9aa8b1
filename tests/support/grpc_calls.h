// What every test's gRPC call needs: a deadline, and for the admin and scrape services their
// bearer token;
// and the call most tests make first, adding a page.
#ifndef STATUSPHERE_TESTS_SUPPORT_GRPC_CALLS_H_
#define STATUSPHERE_TESTS_SUPPORT_GRPC_CALLS_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "statusphere/v1/admin_service.grpc.pb.h"

namespace statusphere::testing {

// A context whose call gives up after `timeout` (a hung server fails the test, not CI).
inline std::unique_ptr<grpc::ClientContext> CallContext(absl::Duration timeout = absl::Seconds(5)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  return context;
}

// The same, carrying "authorization: Bearer <token>" for AdminService and SubscriptionService.
inline std::unique_ptr<grpc::ClientContext> AdminCallContext(const std::string& token,
                                                             absl::Duration timeout = absl::Seconds(5)) {
  auto context = CallContext(timeout);
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  return context;
}

// The same, carrying the scraper token for ScrapeService.
inline std::unique_ptr<grpc::ClientContext> ScraperCallContext(const std::string& token,
                                                               absl::Duration timeout = absl::Seconds(5)) {
  return AdminCallContext(token, timeout);
}

// Adds a page through AdminService (name = url unless given).
inline grpc::Status AddPage(statusphere::v1::AdminService::StubInterface& admin, const std::string& token,
                            const std::string& url, const std::string& provider, const std::string& name = "") {
  statusphere::v1::AddStatusPageRequest request;
  request.set_name(name.empty() ? url : name);
  request.set_url(url);
  request.set_provider(provider);
  statusphere::v1::AddStatusPageResponse response;
  return admin.AddStatusPage(AdminCallContext(token).get(), request, &response);
}

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_GRPC_CALLS_H_
