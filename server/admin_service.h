// Run-time catalog administration (AdminService), behind a bearer token.
#ifndef STATUSPHERE_SERVER_ADMIN_SERVICE_H_
#define STATUSPHERE_SERVER_ADMIN_SERVICE_H_

#include <string>

#include "common/address_policy.h"
#include "server/call_boundary.h"
#include "server/store/sql/sql_store.h"
#include "statusphere/v1/admin_service.grpc.pb.h"

namespace statusphere {

class AdminServiceImpl final : public statusphere::v1::AdminService::Service {
 public:
  // Pages added at run time must point at addresses `page_addresses` allows (the SSRF
  // guard); the catalog is trusted and not checked.
  AdminServiceImpl(store::Store* store, std::string token, AddressPolicy page_addresses)
      : store_(store),
        boundary_(CallBoundary::BearerToken(kAdminRole, std::move(token))),
        page_addresses_(std::move(page_addresses)) {}

  grpc::Status AddStatusPage(grpc::ServerContext*, const v1::AddStatusPageRequest*,
                             v1::AddStatusPageResponse*) override;
  grpc::Status RemoveStatusPage(grpc::ServerContext*, const v1::RemoveStatusPageRequest*,
                                v1::RemoveStatusPageResponse*) override;
  grpc::Status RenameStatusPage(grpc::ServerContext*, const v1::RenameStatusPageRequest*,
                                v1::RenameStatusPageResponse*) override;
  grpc::Status ListUnhealthyStatusPages(grpc::ServerContext*, const v1::ListUnhealthyStatusPagesRequest*,
                                        v1::ListUnhealthyStatusPagesResponse*) override;

 private:
  // INVALID_ARGUMENT unless the URL's host resolves only to allowed addresses.
  absl::Status CheckPublicUrl(const std::string& url) const;

  store::Store* store_;
  CallBoundary boundary_;  // every RPC: the bearer token, then the handler
  AddressPolicy page_addresses_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_ADMIN_SERVICE_H_
