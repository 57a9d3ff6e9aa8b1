// Assembles the gRPC server: the four statusphere services, grpc.health.v1 and server
// reflection, and the webhook delivery loop. One listening address serves them all, unless
// an internal one is given: then the public address serves only StatusPageService and the
// internal one ScrapeService, AdminService and SubscriptionService. Used by the binary and
// by in-process tests.
#ifndef STATUSPHERE_SERVER_SERVER_H_
#define STATUSPHERE_SERVER_SERVER_H_

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/address_policy.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "server/admin_service.h"
#include "server/answer_cache.h"
#include "server/change_notifier.h"
#include "server/notify/delivery_loop.h"
#include "server/schedule.h"
#include "server/scrape_service.h"
#include "server/status_page_service.h"
#include "server/store/postgres/postgres_store.h"
#include "server/store/sql/sql_store.h"
#include "server/subscription_service.h"

namespace statusphere {

// Where the server keeps its data: PostgreSQL when a url is given, else the embedded SQLite
// file (":memory:" for a private in-memory database, as tests use).
struct StoreOptions {
  std::string postgres_url;
  int postgres_pool_size = 16;
  std::string sqlite_path = ":memory:";
  // What one page may make the store keep (updates per incident, bytes).
  store::StoreLimits limits;
};

struct ServerOptions {
  StoreOptions store;
  // Catalog pages reconciled into the store once it answers (see Store::ReconcileCatalog);
  // nullopt leaves the pages as they are. `catalog_source` names it in the log.
  std::optional<std::vector<store::NewPage>> catalog;
  std::string catalog_source = "built-in";
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
};

class StatusphereServer {
 public:
  // Opens the store, prepares it (migrations, then the catalog) and starts serving. When
  // PostgreSQL does not answer yet (a database restart, both started at once), the server
  // listens NOT_SERVING on grpc.health.v1 and sends no notifications, and retries in the
  // background (0.5 s doubling to 10 s, jittered) until the database answers: then it
  // serves. A database that answers but cannot be used (a newer schema) fails the start,
  // or, found in the background, ends the process.
  static absl::StatusOr<std::unique_ptr<StatusphereServer>> Start(ServerOptions options);
  ~StatusphereServer();

  // The server's store: for what the process adds around it (metrics) and for tests.
  store::Store& store() { return *store_; }
  // Whether the store has been prepared and the server serves.
  bool ready();

  int port() const { return port_; }
  // The internal listener's port; port() when there is none.
  int internal_port() const { return internal_server_ != nullptr ? internal_port_ : port_; }
  // Marks the server NOT_SERVING, then stops accepting calls and finishes those under way
  // within `grace` (streams are cancelled at its end).
  void Shutdown(absl::Duration grace);
  void Wait();

 private:
  StatusphereServer() = default;
  // Migrations (PostgreSQL), then the catalog. UNAVAILABLE: the database does not answer.
  absl::Status PrepareStore();
  // The store answers now: health turns SERVING and notifications start.
  void StoreReady();
  // Retries PrepareStore until it succeeds or the server stops.
  void KeepPreparing();

  // Before the services, which use them: destroyed after them.
  std::unique_ptr<store::Store> store_;
  store::PostgresStore* postgres_ = nullptr;  // store_ when on PostgreSQL
  ChangeNotifier notifier_;
  std::unique_ptr<AnswerCache> answer_cache_;
  std::unique_ptr<StatusPageServiceImpl> status_pages_;
  std::unique_ptr<ScrapeServiceImpl> scrape_;
  std::unique_ptr<AdminServiceImpl> admin_;
  std::unique_ptr<SubscriptionServiceImpl> subscriptions_;
  std::unique_ptr<notify::DeliveryLoop> delivery_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> internal_server_;  // null: everything on server_
  ServerOptions options_;
  // StoreReady may come from another thread than Shutdown.
  absl::Mutex lifecycle_mu_;
  bool stopping_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
  bool ready_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
  std::thread preparer_;
  int port_ = 0;
  int internal_port_ = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SERVER_H_
