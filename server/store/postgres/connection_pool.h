// A fixed-size pool of libpqxx connections, opened lazily and re-opened after the database
// went away, so that a PostgreSQL restart costs the calls in flight and nothing more.
#ifndef STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_
#define STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "pqxx/pqxx"

namespace statusphere::store::postgres {

class ConnectionPool {
 public:
  ConnectionPool(std::string connection_string, int size);

  // Runs `body` in a transaction on a pooled connection and commits it. libpqxx exceptions
  // become canonical errors: a unique violation ALREADY_EXISTS, a lost connection
  // UNAVAILABLE (after one retry on a fresh connection), a serialization failure or
  // deadlock ABORTED, anything else INTERNAL. A body returning an error rolls back.
  absl::Status Run(absl::FunctionRef<absl::Status(pqxx::work&)> body);

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

// A libpqxx exception as a canonical error (see ConnectionPool::Run).
absl::Status FromException(const std::exception& e);

}  // namespace statusphere::store::postgres

#endif  // STATUSPHERE_SERVER_STORE_POSTGRES_CONNECTION_POOL_H_
