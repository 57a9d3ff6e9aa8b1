// A fixed-size pool of libpqxx connections, opened lazily and re-opened after the database
// went away, so that a PostgreSQL restart costs the calls in flight and nothing more.
#ifndef STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_
#define STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "pqxx/pqxx"

namespace statusphere::store::postgres {

class ConnectionPool {
 public:
  ConnectionPool(std::string connection_string, int size);

  // Runs `body` in a transaction on a pooled connection and commits it. libpqxx exceptions
  // become canonical errors: a unique violation ALREADY_EXISTS, a lost connection
  // UNAVAILABLE (after one retry on a fresh connection), anything else INTERNAL. A body
  // returning an error rolls back.
  template <typename T>
  absl::StatusOr<T> Transact(const std::function<absl::StatusOr<T>(pqxx::work&)>& body);

 private:
  struct Slot {
    std::unique_ptr<pqxx::connection> connection;
    bool busy = false;
  };
  // A free slot's index, or -1 after waiting 10 s in vain.
  int Acquire();
  void Release(int slot, bool broken);
  absl::StatusOr<pqxx::connection*> Connection(int slot);

  const std::string connection_string_;
  absl::Mutex mu_;
  std::vector<Slot> slots_ ABSL_GUARDED_BY(mu_);
};

absl::Status FromException(const std::exception& e);

template <typename T>
absl::StatusOr<T> ConnectionPool::Transact(const std::function<absl::StatusOr<T>(pqxx::work&)>& body) {
  absl::Status last = absl::UnavailableError("postgres: no attempt made");
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int slot = Acquire();
    if (slot < 0) return absl::UnavailableError("postgres: every pooled connection stayed busy for 10 s");
    bool broken = false;
    try {
      absl::StatusOr<pqxx::connection*> connection = Connection(slot);
      if (!connection.ok()) {
        Release(slot, true);
        last = connection.status();
        continue;
      }
      pqxx::work tx(**connection);
      absl::StatusOr<T> result = body(tx);
      if (result.ok()) tx.commit();  // otherwise the destructor rolls back
      Release(slot, false);
      return result;
    } catch (const pqxx::broken_connection& e) {
      broken = true;
      last = FromException(e);
    } catch (const std::exception& e) {
      Release(slot, false);
      return FromException(e);
    }
    Release(slot, broken);
  }
  return last;
}

}  // namespace statusphere::store::postgres

#endif  // STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_
