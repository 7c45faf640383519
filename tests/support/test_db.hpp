// OpenTestDatabase: a fresh, migrated database for storage tests (`*_dbtest.cpp`): a SQLite
// file in a temp directory, or a new database on the test PostgreSQL server when
// EMPORION_TEST_DB=postgres. Dropped/removed by the returned handle's destructor.
#pragma once

#include <memory>
#include <string>

#include "platform/db/database.hpp"
#include "platform/db/migration.hpp"

namespace emporion::test {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  /// Applies the given migration sets (e.g. {&platform::Migrations()}).
  void Migrate(const std::vector<const std::vector<db::Migration>*>& sets);
  db::Database& db() { return *db_; }
  [[nodiscard]] const std::string& url() const { return url_; }

 private:
  std::string dir_;
  std::string url_;
  std::string pg_name_;
  std::unique_ptr<db::Database> db_;
};

}  // namespace emporion::test
