// API metrics of every gRPC call the server answers, taken by a server interceptor (the one
// place that sees each call's method name and final status): calls by service, method and
// code, the latency of unary calls, and the watch streams open now. The call boundary adds
// the calls it turned away for their client's rate.
#ifndef STATUSPHERE_SERVER_METRICS_RPC_METRICS_H_
#define STATUSPHERE_SERVER_METRICS_RPC_METRICS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"

namespace statusphere::metrics {

// For ServerBuilder::experimental().SetInterceptorCreators.
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> RpcMetricsInterceptors();

// Counts a call refused by the public API's per-client rate limit.
void CountRateLimited();

// "OK", "NOT_FOUND", ...: the canonical code's name, as Prometheus labels show it.
std::string CodeName(grpc::StatusCode code);

// "/statusphere.v1.StatusPageService/ListStatusPages" -> {"statusphere.v1.StatusPageService", "ListStatusPages"}.
std::pair<std::string, std::string> SplitMethod(absl::string_view full_method);

// The labels a call is counted under: its service and method when the method is one this
// program knows (a method of a service compiled into it), else {"unknown", "unknown"}. A
// caller picks the path it calls: counted by name, each made-up path would add a series.
std::pair<std::string, std::string> MethodLabels(absl::string_view full_method);

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_SERVER_METRICS_RPC_METRICS_H_
