#include "server/metrics/rpc_metrics.h"

#include "gtest/gtest.h"

namespace statusphere::metrics {
namespace {

TEST(RpcMetrics, MethodNamesSplitIntoServiceAndMethod) {
  EXPECT_EQ(SplitMethod("/statusphere.v1.StatusPageService/ListStatusPages"),
            (std::pair<std::string, std::string>{"statusphere.v1.StatusPageService", "ListStatusPages"}));
  EXPECT_EQ(SplitMethod("/grpc.health.v1.Health/Check"),
            (std::pair<std::string, std::string>{"grpc.health.v1.Health", "Check"}));
  EXPECT_EQ(SplitMethod(""), (std::pair<std::string, std::string>{"unknown", "unknown"}));
  EXPECT_EQ(SplitMethod("/nonsense"), (std::pair<std::string, std::string>{"unknown", "unknown"}));
}

TEST(RpcMetrics, CodesAreNamedAsGrpcNamesThem) {
  EXPECT_EQ(CodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(CodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(CodeName(grpc::StatusCode::RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(CodeName(static_cast<grpc::StatusCode>(99)), "UNKNOWN");
}

}  // namespace
}  // namespace statusphere::metrics
