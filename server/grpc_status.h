// absl::Status and grpc::Status share their canonical codes; this is the one place that
// crosses between them.
#ifndef STATUSPHERE_SERVER_GRPC_STATUS_H_
#define STATUSPHERE_SERVER_GRPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace statusphere {

inline grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

inline grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_GRPC_STATUS_H_
