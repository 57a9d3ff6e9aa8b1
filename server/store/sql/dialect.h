// What really differs between the SQL databases the store runs on; everything else is
// one statement text for both.
#ifndef STATUSPHERE_SERVER_STORE_SQL_DIALECT_H_
#define STATUSPHERE_SERVER_STORE_SQL_DIALECT_H_

#include <string>
#include <vector>

namespace statusphere::store::sql {

struct Dialect {
  // Whether SELECT ... FOR UPDATE [OF t] [SKIP LOCKED] locks rows (PostgreSQL). A
  // single-writer database (SQLite) serializes whole transactions and drops the clause.
  bool row_locks = false;
  // The two-argument minimum and maximum (LEAST/GREATEST, SQLite's scalar min/max); the
  // pages_by_due index is on the minimum, so the name must match the migration's.
  std::string least = "min";
  std::string greatest = "max";
  // The aggregate joining texts with a separator (SQLite's group_concat, string_agg).
  std::string text_agg = "group_concat";
  // Whether an aggregate takes ORDER BY (PostgreSQL); else rows are aggregated in the order an
  // ordered subquery gives them, which is SQLite's (3.40 has no ORDER BY in aggregates).
  bool agg_order_by = false;
  // A random 64-bit integer, a new one per row: pages.list_mark's new value on each write.
  std::string random_int64 = "random()";
  // Run before a transaction's first write to the change log and held to its commit, so
  // that the log's order is the commit order (empty: writers are serialized anyway).
  std::string change_log_writer_lock;
  // Run before reading the change log for an exact cut (fan-out, a subscription's start):
  // waits for the writers in flight and holds new ones off until commit.
  std::vector<std::string> change_log_reader_lock;

  // Column types of the schema (sql/schema.cc).
  std::string int64 = "INTEGER";
  std::string bytes = "BLOB";
  std::string boolean = "INTEGER";
  std::string false_value = "0";
  std::string serial = "INTEGER PRIMARY KEY AUTOINCREMENT";  // an increasing int64 key
  // schema_migrations.applied_at, and a lock that serializes servers migrating at once.
  std::string migration_time = "INTEGER NOT NULL DEFAULT (strftime('%s','now'))";
  std::string migration_lock;
};

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_DIALECT_H_
