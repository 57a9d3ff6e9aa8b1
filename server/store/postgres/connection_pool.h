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
  // Holds a slot for one attempt and gives it back when destroyed.
  class SlotLease {
   public:
    SlotLease(ConnectionPool& pool, int slot) : pool_(pool), slot_(slot) {}
    SlotLease(const SlotLease&) = delete;
    SlotLease& operator=(const SlotLease&) = delete;
    ~SlotLease() { pool_.Release(slot_, broken_); }
    // The connection is closed instead of reused.
    void MarkBroken() { broken_ = true; }

   private:
    ConnectionPool& pool_;
    const int slot_;
    bool broken_ = false;
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
    // Released when this iteration ends, on every path: declared before the transaction,
    // it is destroyed after it, so the connection goes back to the pool only once its
    // transaction has committed or rolled back and libpqxx no longer touches it.
    SlotLease lease(*this, slot);
    absl::StatusOr<pqxx::connection*> connection = Connection(slot);
    if (!connection.ok()) {
      lease.MarkBroken();
      last = connection.status();
      continue;
    }
    try {
      absl::StatusOr<T> result = [&]() -> absl::StatusOr<T> {
        pqxx::work tx(**connection);
        absl::StatusOr<T> out = body(tx);
        if (out.ok()) {
          tx.commit();
        } else {
          tx.abort();  // here, not in the destructor, so that its failure is seen below
        }
        return out;
      }();
      return result;
    } catch (const pqxx::broken_connection& e) {
      lease.MarkBroken();
      last = FromException(e);
      continue;
    } catch (const pqxx::in_doubt_error& e) {
      // The commit may or may not have happened: not retried (a report would be applied
      // twice only idempotently, but an AddPage could report a false ALREADY_EXISTS).
      lease.MarkBroken();
      return FromException(e);
    } catch (const std::exception& e) {
      // A connection whose transaction could not even be rolled back is not reused.
      if (!(*connection)->is_open()) lease.MarkBroken();
      return FromException(e);
    }
  }
  return last;
}

}  // namespace statusphere::store::postgres

#endif  // STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_
