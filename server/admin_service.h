// Run-time catalog administration (AdminService), behind a bearer token.
#ifndef STATUSPHERE_SERVER_ADMIN_SERVICE_H_
#define STATUSPHERE_SERVER_ADMIN_SERVICE_H_

#include <string>

#include "server/store/store.h"
#include "statusphere/v1/admin_service.grpc.pb.h"

namespace statusphere {

class AdminServiceImpl final : public statusphere::v1::AdminService::Service {
 public:
  AdminServiceImpl(store::Store* store, std::string token) : store_(store), token_(std::move(token)) {}

  grpc::Status AddStatusPage(grpc::ServerContext*, const v1::AddStatusPageRequest*,
                             v1::AddStatusPageResponse*) override;
  grpc::Status RemoveStatusPage(grpc::ServerContext*, const v1::RemoveStatusPageRequest*,
                                v1::RemoveStatusPageResponse*) override;
  grpc::Status RenameStatusPage(grpc::ServerContext*, const v1::RenameStatusPageRequest*,
                                v1::RenameStatusPageResponse*) override;

 private:
  store::Store* store_;
  std::string token_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_ADMIN_SERVICE_H_
