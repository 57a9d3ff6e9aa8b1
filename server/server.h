// Assembles the gRPC server: the four statusphere services, grpc.health.v1 and server
// reflection, and the webhook delivery loop. One listening address serves them all, unless
// an internal one is given: then the public address serves only StatusPageService and the
// internal one ScrapeService, AdminService and SubscriptionService. Used by the binary and
// by in-process tests.
#ifndef STATUSPHERE_SERVER_SERVER_H_
#define STATUSPHERE_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "common/address_policy.h"
#include "server/admin_service.h"
#include "server/change_notifier.h"
#include "server/answer_cache.h"
#include "server/notify/delivery_loop.h"
#include "server/schedule.h"
#include "server/scrape_service.h"
#include "server/status_page_service.h"
#include "server/store/store.h"
#include "server/subscription_service.h"

namespace statusphere {

struct ServerOptions {
  // host:port; port 0 picks a free one (see StatusphereServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // host:port of the scrapers' and administrators' services (port 0 picks a free one, see
  // internal_port()); empty serves them on listen_address.
  std::string internal_listen_address;
  // Transport security (see common/tls_credentials.h); null serves plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::string admin_token;
  // The scraper token, the providers reports may name, the lease bounds.
  ScrapeServiceOptions scrape;
  // Addresses that pages added through AdminService may point at (public ones by default).
  AddressPolicy page_addresses;
  ScheduleConfig schedule;
  StatusPageServiceOptions api;
  // Serialized answers of every idempotent StatusPageService call.
  AnswerCacheOptions answer_cache;
  // Webhook notifications: delivered by this server when enabled (SubscriptionService is
  // served either way, so that several servers can share the sending).
  bool notify = true;
  notify::DeliveryOptions delivery;
  // False when the store does not answer yet (its database is down at start): the server
  // listens but reports NOT_SERVING on grpc.health.v1, and sends no notifications, until
  // StoreReady() is called.
  bool store_ready = true;
};

class StatusphereServer {
 public:
  // Starts serving; the store must outlive the server.
  static absl::StatusOr<std::unique_ptr<StatusphereServer>> Start(store::Store* store, ServerOptions options);
  ~StatusphereServer();

  int port() const { return port_; }
  // The internal listener's port; port() when there is none.
  int internal_port() const { return internal_server_ != nullptr ? internal_port_ : port_; }
  // The store answers now: health turns SERVING and notifications start.
  void StoreReady();
  // Marks the server NOT_SERVING, then stops accepting calls and finishes those under way
  // within `grace` (streams are cancelled at its end).
  void Shutdown(absl::Duration grace);
  void Wait();

 private:
  StatusphereServer() = default;

  ChangeNotifier notifier_;
  // Before the services, which use them: destroyed after them.
  std::unique_ptr<AnswerCache> answer_cache_;
  std::unique_ptr<StatusPageServiceImpl> status_pages_;
  std::unique_ptr<ScrapeServiceImpl> scrape_;
  std::unique_ptr<AdminServiceImpl> admin_;
  std::unique_ptr<SubscriptionServiceImpl> subscriptions_;
  std::unique_ptr<notify::DeliveryLoop> delivery_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> internal_server_;  // null: everything on server_
  store::Store* store_ = nullptr;
  ServerOptions options_;
  // StoreReady may come from another thread than Shutdown.
  absl::Mutex lifecycle_mu_;
  bool stopping_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
  int port_ = 0;
  int internal_port_ = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SERVER_H_
