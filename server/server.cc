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
  server->scrape_ = std::make_unique<ScrapeServiceImpl>(store, &server->notifier_, options.schedule);
  server->admin_ = std::make_unique<AdminServiceImpl>(store, options.admin_token, options.page_addresses);
  server->subscriptions_ = std::make_unique<SubscriptionServiceImpl>(store, options.admin_token);

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address,
                           options.credentials ? options.credentials : grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.experimental().SetInterceptorCreators(metrics::RpcMetricsInterceptors());
  builder.RegisterService(server->status_pages_.get());
  builder.RegisterService(server->scrape_.get());
  builder.RegisterService(server->admin_.get());
  builder.RegisterService(server->subscriptions_.get());
  // Reports carry whole incident histories: allow up to 64 MiB per message.
  builder.SetMaxReceiveMessageSize(64 << 20);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
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
  // Watch streams never end by themselves: end them now, each with its resume cursor,
  // instead of holding the grace period and being cancelled at its end.
  status_pages_->StopWatches();
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(grace));
  server_->Wait();
  server_.reset();
}

void StatusphereServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace statusphere
