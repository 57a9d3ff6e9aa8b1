// The store conformance suite: the behaviour the store must show on every database.
// A backend's test instantiates it with a factory that returns a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(StoreFactory{"sqlite", &MakeStore}));
#ifndef STATUSPHERE_SERVER_STORE_STORE_CONFORMANCE_H_
#define STATUSPHERE_SERVER_STORE_STORE_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store {

struct StoreFactory {
  std::string name;
  // Returns a fresh, empty store, or nullptr after calling GTEST_SKIP() when the backend
  // is unavailable (e.g. no PostgreSQL server configured).
  std::function<std::unique_ptr<Store>()> make;
};

inline std::ostream& operator<<(std::ostream& os, const StoreFactory& f) { return os << f.name; }

class StoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;
  std::unique_ptr<Store> store_;
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_STORE_CONFORMANCE_H_
