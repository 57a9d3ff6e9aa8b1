// Conformance of the SQL store's own machinery on every backend (placeholders, bytes,
// the times it writes), seen through its Connection. Instantiated by each backend's test
// next to the Store conformance suite.
#ifndef STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_CONFORMANCE_H_
#define STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "gtest/gtest.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store::sql {

struct SqlStoreFactory {
  std::string name;
  // A fresh, empty store, or nullptr after GTEST_SKIP() when the backend is unavailable.
  std::function<std::unique_ptr<SqlStore>()> make;
};

inline std::ostream& operator<<(std::ostream& os, const SqlStoreFactory& f) { return os << f.name; }

class SqlStoreConformanceTest : public ::testing::TestWithParam<SqlStoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    if (IsSkipped()) return;
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<SqlStore> store_;
};

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_CONFORMANCE_H_
