#include "server/metrics/rpc_metrics.h"

#include "absl/strings/str_cat.h"
#include "common/metrics/metrics.h"
#include "google/protobuf/descriptor.h"

namespace statusphere::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

Family<Counter>& Requests() {
  static Family<Counter>& f = DefaultRegistry().AddCounter(
      "statusphere_api_requests_total", "gRPC calls answered by this server, by service, method and status code.",
      {"service", "method", "code"});
  return f;
}

Family<Histogram>& Latency() {
  static Family<Histogram>& f = DefaultRegistry().AddHistogram(
      "statusphere_api_request_duration_seconds",
      "Time from a unary gRPC call's arrival to its status, by service and method (streams excluded).",
      {"service", "method"}, LatencyBuckets());
  return f;
}

Gauge& OpenStreams() {
  static Gauge& g = DefaultRegistry()
                        .AddGauge("statusphere_watch_streams_open",
                                  "WatchIncidents streams open now, on gRPC or through the gateway's /api/v1/watch.")
                        .With({});
  return g;
}

class RpcMetrics : public grpc::experimental::Interceptor {
 public:
  explicit RpcMetrics(ServerRpcInfo* info)
      : streaming_(info->type() != ServerRpcInfo::Type::UNARY),
        method_(MethodLabels(info->method() != nullptr ? info->method() : "")),
        // Reflection and health watches stream too; only the incident watch is counted.
        watch_(streaming_ && method_.second == "WatchIncidents") {
    if (watch_) OpenStreams().Add(1);
  }
  ~RpcMetrics() override {
    if (watch_) OpenStreams().Add(-1);
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Requests().With({method_.first, method_.second, CodeName(methods->GetSendStatus().error_code())}).Increment();
      if (!streaming_) Latency().With({method_.first, method_.second}).Observe(stopwatch_.Seconds());
    }
    methods->Proceed();
  }

 private:
  const bool streaming_;
  const std::pair<std::string, std::string> method_;
  const bool watch_;
  const Stopwatch stopwatch_;
};

class RpcMetricsFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new RpcMetrics(info);
  }
};

}  // namespace

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> RpcMetricsInterceptors() {
  // Registered now, so that /metrics shows the families (empty) before the first call.
  Requests();
  Latency();
  OpenStreams();
  DefaultRegistry().AddCounter("statusphere_api_rate_limited_total",
                               "Public API calls refused with RESOURCE_EXHAUSTED for their client's rate.");
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<RpcMetricsFactory>());
  return creators;
}

void CountRateLimited() {
  static Counter& c = DefaultRegistry()
                          .AddCounter("statusphere_api_rate_limited_total",
                                      "Public API calls refused with RESOURCE_EXHAUSTED for their client's rate.")
                          .With({});
  c.Increment();
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

std::pair<std::string, std::string> SplitMethod(absl::string_view full_method) {
  if (!full_method.empty() && full_method.front() == '/') full_method.remove_prefix(1);
  const size_t slash = full_method.find('/');
  if (slash == absl::string_view::npos || full_method.empty()) return {"unknown", "unknown"};
  return {std::string(full_method.substr(0, slash)), std::string(full_method.substr(slash + 1))};
}

std::pair<std::string, std::string> MethodLabels(absl::string_view full_method) {
  std::pair<std::string, std::string> labels = SplitMethod(full_method);
  // The generated pool holds every service compiled into the program (statusphere's, health,
  // reflection): a bounded set, whoever calls.
  const google::protobuf::MethodDescriptor* known =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrCat(labels.first, ".", labels.second));
  if (known == nullptr) return {"unknown", "unknown"};
  return labels;
}

}  // namespace statusphere::metrics
