#include "server/server.h"

#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/metrics/rpc_metrics.h"
#include "server/store/sqlite/sqlite_store.h"

namespace statusphere {

absl::StatusOr<std::unique_ptr<StatusphereServer>> StatusphereServer::Start(ServerOptions options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<StatusphereServer> server(new StatusphereServer);
  if (!options.store.postgres_url.empty()) {
    // Not connected yet: PrepareStore connects, so that a database that is down does not
    // keep the server from listening.
    std::unique_ptr<store::PostgresStore> postgres =
        store::PostgresStore::Connect(options.store.postgres_url, options.store.postgres_pool_size);
    postgres->set_limits(options.store.limits);
    server->postgres_ = postgres.get();
    server->store_ = std::move(postgres);
  } else {
    absl::StatusOr<std::unique_ptr<store::SqliteStore>> sqlite = store::SqliteStore::Open(options.store.sqlite_path);
    if (!sqlite.ok()) return sqlite.status();
    log::Info("store.opened", {{"backend", "sqlite"}, {"path", options.store.sqlite_path}});
    (*sqlite)->set_limits(options.store.limits);
    server->store_ = *std::move(sqlite);
  }
  server->options_ = options;
  absl::Status prepared = server->PrepareStore();
  if (!prepared.ok() && prepared.code() != absl::StatusCode::kUnavailable) return prepared;
  if (!prepared.ok()) log::Warn("store.unavailable", {{"error", prepared.ToString()}, {"retry", "in the background"}});

  store::Store* store = server->store_.get();
  server->answer_cache_ = std::make_unique<AnswerCache>(options.answer_cache);
  server->status_pages_ =
      std::make_unique<StatusPageServiceImpl>(store, &server->notifier_, options.api, server->answer_cache_.get());
  server->scrape_ = std::make_unique<ScrapeServiceImpl>(store, &server->notifier_, options.schedule, options.scrape);
  server->admin_ = std::make_unique<AdminServiceImpl>(store, options.admin_token, options.page_addresses);
  server->subscriptions_ =
      std::make_unique<SubscriptionServiceImpl>(store, options.admin_token, options.delivery.relay.has_value());

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
  server->server_->GetHealthCheckService()->SetServingStatus(false);
  if (prepared.ok()) {
    server->StoreReady();
  } else {
    server->preparer_ = std::thread([server = server.get()] { server->KeepPreparing(); });
  }
  return server;
}

absl::Status StatusphereServer::PrepareStore() {
  if (postgres_ != nullptr) {
    RETURN_IF_ERROR(postgres_->Prepare());
    log::Info("store.opened", {{"backend", "postgres"}});
  }
  if (!options_.catalog.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(store::CatalogReconciliation result, store_->ReconcileCatalog(*options_.catalog, absl::Now()));
  log::Info("catalog.reconciled", {{"source", options_.catalog_source},
                                   {"entries", static_cast<int>(options_.catalog->size())},
                                   {"added", result.added},
                                   {"updated", result.updated},
                                   {"removed", result.removed},
                                   {"skipped", static_cast<int>(result.skipped.size())}});
  for (const std::string& skipped : result.skipped) log::Warn("catalog.entry_skipped", {{"entry", skipped}});
  return absl::OkStatus();
}

void StatusphereServer::KeepPreparing() {
  // Jittered, so that servers restarted together do not knock in step.
  absl::BitGen random;
  absl::Duration backoff = absl::Milliseconds(500);
  auto stopping = [this] {
    absl::MutexLock lock(&lifecycle_mu_);
    return stopping_;
  };
  while (true) {
    for (absl::Time until = absl::Now() + backoff * absl::Uniform(random, 0.8, 1.2); absl::Now() < until;) {
      if (stopping()) return;
      absl::SleepFor(absl::Milliseconds(50));
    }
    absl::Status s = PrepareStore();
    if (s.ok()) {
      StoreReady();
      log::Info("store.ready", {{"health", "SERVING"}});
      return;
    }
    if (s.code() != absl::StatusCode::kUnavailable) {
      // The database answers but cannot be used (a schema newer than this server): as at a
      // start with the database up, the server does not run.
      log::Error("server.store_failed", {{"error", s.ToString()}});
      std::_Exit(1);
    }
    log::Warn("store.unavailable", {{"error", s.ToString()}, {"retry_in", absl::FormatDuration(backoff)}});
    backoff = std::min(backoff * 2, absl::Seconds(10));
  }
}

bool StatusphereServer::ready() {
  absl::MutexLock lock(&lifecycle_mu_);
  return ready_;
}

void StatusphereServer::StoreReady() {
  absl::MutexLock lock(&lifecycle_mu_);
  if (stopping_ || server_ == nullptr || ready_) return;
  ready_ = true;
  if (options_.notify) {
    delivery_ = std::make_unique<notify::DeliveryLoop>(store_.get(), &notifier_, options_.delivery);
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
  if (preparer_.joinable()) preparer_.join();
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
