// Migrator, on SQLite and PostgreSQL: order, dialect filtering, recording, idempotence and
// failure handling.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/db/migration.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::db {
namespace {

std::vector<Migration> Base() {
  return {
      // Deliberately out of order: the migrator sorts by version.
      {"shop", 2, "add_price", Dialect::kAny, "ALTER TABLE items ADD COLUMN price INTEGER;"},
      {"shop", 1, "items", Dialect::kAny,
       "CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT NOT NULL);"
       "CREATE INDEX items_name ON items (name);"},
      {"shop", 3, "sqlite_only", Dialect::kSqlite, "CREATE TABLE only_here (x INTEGER);"},
      {"shop", 3, "pg_only", Dialect::kPostgres, "CREATE TABLE only_here (x BIGINT);"},
  };
}

class MigrationTest : public ::testing::Test {
 protected:
  Database& db() { return test_db_.db(); }

  std::vector<std::string> Recorded() {
    auto tx = db().Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = (*tx)->Query(
        "SELECT module, version, name, applied_at FROM schema_migrations ORDER BY module, version",
        {});
    EXPECT_TRUE(rows.ok()) << rows.error().detail();
    std::vector<std::string> out;
    for (const auto& r : *rows) {
      EXPECT_TRUE(ParseIso8601(r.Text(3)).has_value()) << r.Text(3);
      out.push_back(r.Text(0) + "/" + std::to_string(r.Int(1)) + "_" + r.Text(2));
    }
    return out;
  }

  bool TableExists(const std::string& table) {
    auto tx = db().Begin(TxMode::kRead);
    return tx.ok() && (*tx)->Query("SELECT COUNT(*) FROM " + table, {}).ok();
  }

  test::TestDatabase test_db_;
};

TEST_F(MigrationTest, AppliesEachMigrationOnceAndRecordsIt) {
  const auto set = Base();
  auto first = Migrate(db(), {&set});
  ASSERT_TRUE(first.ok()) << first.error().detail();
  EXPECT_EQ(*first, 3);
  const std::string dialect_specific =
      db().dialect() == Dialect::kSqlite ? "shop/3_sqlite_only" : "shop/3_pg_only";
  EXPECT_EQ(Recorded(),
            (std::vector<std::string>{"shop/1_items", "shop/2_add_price", dialect_specific}));
  auto again = Migrate(db(), {&set});
  ASSERT_TRUE(again.ok()) << again.error().detail();
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(Recorded().size(), 3u);

  auto tx = db().Begin(TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  auto ins = (*tx)->Exec("INSERT INTO items (id, name, price) VALUES (?, ?, ?)",
                         {Param("i1"), Param("Item"), Param(100)});
  EXPECT_TRUE(ins.ok()) << ins.error().detail();
  EXPECT_TRUE(TableExists("only_here"));
}

TEST_F(MigrationTest, ANewerBinaryAppliesOnlyTheNewMigrations) {
  auto set = Base();
  ASSERT_TRUE(Migrate(db(), {&set}).ok());
  set.push_back({"shop", 4, "orders", Dialect::kAny, "CREATE TABLE orders (id TEXT PRIMARY KEY);"});
  auto r = Migrate(db(), {&set});
  ASSERT_TRUE(r.ok()) << r.error().detail();
  EXPECT_EQ(*r, 1);
  EXPECT_TRUE(TableExists("orders"));
}

TEST_F(MigrationTest, ModulesAreTrackedSeparately) {
  const std::vector<Migration> a = {
      {"alpha", 1, "t", Dialect::kAny, "CREATE TABLE alpha_t (x TEXT);"}};
  const std::vector<Migration> b = {
      {"beta", 1, "t", Dialect::kAny, "CREATE TABLE beta_t (x TEXT);"}};
  auto r = Migrate(db(), {&a, &b});
  ASSERT_TRUE(r.ok()) << r.error().detail();
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(Recorded(), (std::vector<std::string>{"alpha/1_t", "beta/1_t"}));
}

TEST_F(MigrationTest, AFailingMigrationIsRolledBackAndNotRecorded) {
  const std::vector<Migration> set = {
      {"shop", 1, "items", Dialect::kAny, "CREATE TABLE items (id TEXT PRIMARY KEY);"},
      {"shop", 2, "broken", Dialect::kAny,
       "CREATE TABLE half_done (x TEXT); CREATE TABLE items (id TEXT PRIMARY KEY);"},
  };
  auto r = Migrate(db(), {&set});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail().find("shop/2_broken"), std::string::npos) << r.error().detail();
  EXPECT_EQ(Recorded(), std::vector<std::string>{"shop/1_items"});
  EXPECT_TRUE(TableExists("items"));
  EXPECT_FALSE(TableExists("half_done"));
}

TEST_F(MigrationTest, ThePlatformMigrationsApplyCleanly) {
  // The same path the server takes at start-up.
  auto r = Migrate(db(), {&platform::Migrations()});
  ASSERT_TRUE(r.ok()) << r.error().detail();
  EXPECT_GE(*r, 1);
  EXPECT_TRUE(TableExists("outbox"));
  EXPECT_TRUE(TableExists("changes"));
  EXPECT_TRUE(TableExists("idempotency_keys"));
  auto again = Migrate(db(), {&platform::Migrations()});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

}  // namespace
}  // namespace emporion::db
