// Conformance of the SQL store's own machinery on every backend (placeholders, bytes,
// the times it writes), seen through its Connection. Instantiated by each backend's test
// next to the Store conformance suite.
#ifndef STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_CONFORMANCE_H_
#define STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_CONFORMANCE_H_

#include <memory>

#include "gtest/gtest.h"
#include "server/store/sql/sql_store.h"
#include "server/store/store_conformance.h"

namespace statusphere::store::sql {

// Instantiated with the backend's StoreFactory, whose stores are SqlStores.
class SqlStoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    std::unique_ptr<Store> store = GetParam().make();
    if (IsSkipped()) return;
    store_.reset(dynamic_cast<SqlStore*>(store.release()));
    ASSERT_NE(store_, nullptr) << GetParam().name << " makes no SqlStore";
  }
  std::unique_ptr<SqlStore> store_;
};

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_CONFORMANCE_H_
