#include "server/server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/metrics/rpc_metrics.h"

namespace statusphere {

absl::StatusOr<std::unique_ptr<StatusphereServer>> StatusphereServer::Start(store::Store* store,
                                                                            ServerOptions options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<StatusphereServer> server(new StatusphereServer);
  server->answer_cache_ = std::make_unique<AnswerCache>(options.answer_cache);
  server->status_pages_ =
      std::make_unique<StatusPageServiceImpl>(store, &server->notifier_, options.api, server->answer_cache_.get());
  server->scrape_ = std::make_unique<ScrapeServiceImpl>(store, &server->notifier_, options.schedule, options.scrape);
  server->admin_ = std::make_unique<AdminServiceImpl>(store, options.admin_token, options.page_addresses);
  server->subscriptions_ = std::make_unique<SubscriptionServiceImpl>(store, options.admin_token);

  const std::shared_ptr<grpc::ServerCredentials> credentials =
      options.credentials ? options.credentials : grpc::InsecureServerCredentials();
  auto builder_for = [&](const std::string& address, int* port) {
    auto builder = std::make_unique<grpc::ServerBuilder>();
    builder->AddListeningPort(address, credentials, port);
    builder->experimental().SetInterceptorCreators(metrics::RpcMetricsInterceptors());
    // Reports carry whole incident histories: allow up to 64 MiB per message.
    builder->SetMaxReceiveMessageSize(64 << 20);
    return builder;
  };
  std::unique_ptr<grpc::ServerBuilder> builder = builder_for(options.listen_address, &server->port_);
  builder->RegisterService(server->status_pages_.get());
  // The services with a credential go on the internal address when there is one, and are
  // then not served on the public one at all (UNIMPLEMENTED there).
  std::unique_ptr<grpc::ServerBuilder> internal;
  if (!options.internal_listen_address.empty()) {
    internal = builder_for(options.internal_listen_address, &server->internal_port_);
  }
  grpc::ServerBuilder& credentialed = internal != nullptr ? *internal : *builder;
  credentialed.RegisterService(server->scrape_.get());
  credentialed.RegisterService(server->admin_.get());
  credentialed.RegisterService(server->subscriptions_.get());
  server->server_ = builder->BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  if (internal != nullptr) {
    server->internal_server_ = internal->BuildAndStart();
    if (server->internal_server_ == nullptr || server->internal_port_ == 0) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", options.internal_listen_address));
    }
    server->internal_server_->GetHealthCheckService()->SetServingStatus(false);
  }
  server->store_ = store;
  server->options_ = std::move(options);
  server->server_->GetHealthCheckService()->SetServingStatus(false);
  if (server->options_.store_ready) server->StoreReady();
  return server;
}

void StatusphereServer::StoreReady() {
  absl::MutexLock lock(&lifecycle_mu_);
  if (stopping_ || server_ == nullptr || delivery_ != nullptr) return;
  if (options_.notify) {
    delivery_ = std::make_unique<notify::DeliveryLoop>(store_, &notifier_, options_.delivery);
    delivery_->Start();
  }
  server_->GetHealthCheckService()->SetServingStatus(true);
  if (internal_server_ != nullptr) internal_server_->GetHealthCheckService()->SetServingStatus(true);
}

StatusphereServer::~StatusphereServer() { Shutdown(absl::ZeroDuration()); }

void StatusphereServer::Shutdown(absl::Duration grace) {
  {
    absl::MutexLock lock(&lifecycle_mu_);
    stopping_ = true;
  }
  // First, and quickly: sends in flight are interrupted and retried after the restart.
  if (delivery_ != nullptr) delivery_->Stop();
  if (server_ == nullptr) return;
  server_->GetHealthCheckService()->SetServingStatus(false);
  if (internal_server_ != nullptr) internal_server_->GetHealthCheckService()->SetServingStatus(false);
  // Watch streams never end by themselves: end them now, each with its resume cursor,
  // instead of holding the grace period and being cancelled at its end.
  status_pages_->StopWatches();
  const auto deadline = std::chrono::system_clock::now() + absl::ToChronoMilliseconds(grace);
  // Both at once: the calls under way on each get the same grace.
  if (internal_server_ != nullptr) internal_server_->Shutdown(deadline);
  server_->Shutdown(deadline);
  server_->Wait();
  server_.reset();
  if (internal_server_ != nullptr) {
    internal_server_->Wait();
    internal_server_.reset();
  }
}

void StatusphereServer::Wait() {
  if (server_ != nullptr) server_->Wait();
  if (internal_server_ != nullptr) internal_server_->Wait();
}

}  // namespace statusphere
