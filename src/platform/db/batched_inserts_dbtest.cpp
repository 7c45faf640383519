// BatchedInserts on both databases: held-back rows are all written, in order, in multi-row
// statements; reads in the transaction see them; other statements pass through; an insert's
// error surfaces at the flush and fails the commit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/db/batched_inserts.hpp"
#include "platform/db/migration.hpp"
#include "support/test_db.hpp"

namespace emporion::db {
namespace {

const std::vector<Migration>& TestTables() {
  static const std::vector<Migration> kTables = {
      {"batchtest", 1, "rows", Dialect::kAny,
       "CREATE TABLE batch_rows (id TEXT PRIMARY KEY, n BIGINT, code TEXT UNIQUE);"
       "CREATE TABLE batch_other (id TEXT PRIMARY KEY, n BIGINT);"},
  };
  return kTables;
}

constexpr const char* kInsertRow = "INSERT INTO batch_rows (id, n, code) VALUES (?, ?, ?)";

class BatchedInsertsTest : public ::testing::Test {
 protected:
  BatchedInsertsTest() { test_db_.Migrate({&TestTables()}); }

  std::unique_ptr<Transaction> Begin(TxMode mode) {
    auto tx = test_db_.db().Begin(mode);
    EXPECT_TRUE(tx.ok());
    return std::move(tx).value();
  }

  std::string Id(int i) {
    std::string s = std::to_string(i);
    return "r" + std::string(5 - s.size(), '0') + s;
  }

  test::TestDatabase test_db_;
};

TEST(BatchedInsertsParse, HoldsBackOnlyPlainSingleRowInserts) {
  EXPECT_EQ(BatchedInserts::InsertColumns(kInsertRow), 3u);
  EXPECT_EQ(BatchedInserts::InsertColumns("INSERT INTO t (a) VALUES (?)"), 1u);
  EXPECT_EQ(BatchedInserts::InsertColumns("INSERT INTO t (a, b) VALUES (?, 1)"), 0u);
  EXPECT_EQ(BatchedInserts::InsertColumns("INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING"),
            0u);
  EXPECT_EQ(BatchedInserts::InsertColumns("INSERT INTO t (a) VALUES (?) RETURNING a"), 0u);
  EXPECT_EQ(BatchedInserts::InsertColumns("INSERT INTO t (a) VALUES (?), (?)"), 0u);
  EXPECT_EQ(BatchedInserts::InsertColumns("UPDATE t SET a = ?"), 0u);
  EXPECT_EQ(BatchedInserts::InsertColumns("INSERT INTO t (a) SELECT a FROM u"), 0u);
}

TEST_F(BatchedInsertsTest, WritesEveryRowInOrderAndReadsSeeThem) {
  // 1,300 rows: full statements and power-of-two pieces of the rest.
  constexpr int kRows = 1300;
  auto tx = Begin(TxMode::kWrite);
  BatchedInserts batched(*tx);
  for (int i = 0; i < kRows; ++i) {
    auto r = batched.Exec(kInsertRow, {Param(Id(i)), Param(i), Param("C" + std::to_string(i))});
    ASSERT_TRUE(r.ok()) << r.error().detail();
    EXPECT_EQ(*r, 1);
    if (i == 10) {
      // A statement of another form writes what is held back first.
      auto other = batched.Exec("INSERT INTO batch_other (id, n) SELECT id, n FROM batch_rows", {});
      ASSERT_TRUE(other.ok()) << other.error().detail();
      EXPECT_EQ(*other, 11);
    }
  }
  auto count = batched.QueryOne("SELECT COUNT(*), SUM(n) FROM batch_rows", {});
  ASSERT_TRUE(count.ok() && count->has_value());
  EXPECT_EQ((*count)->Int(0), kRows);
  EXPECT_EQ((*count)->Int(1), std::int64_t{kRows} * (kRows - 1) / 2);
  std::int64_t visited = 0;
  ASSERT_TRUE(batched.Exec(kInsertRow, {Param("held"), Param(0), Param("HELD")}).ok());
  ASSERT_TRUE(batched
                  .ForEachRow("SELECT id FROM batch_rows WHERE id = ?", {Param("held")},
                              [&](const RowView& r) { visited += r.Text(0) == "held" ? 1 : 0; })
                  .ok());
  EXPECT_EQ(visited, 1) << "ForEachRow writes what is held back first";
  ASSERT_TRUE(batched.Exec("DELETE FROM batch_rows WHERE id = ?", {Param("held")}).ok());
  ASSERT_TRUE(batched.Exec(kInsertRow, {Param("last"), Param(-1), Param("LAST")}).ok());
  ASSERT_TRUE(batched.Commit().ok());

  auto read = Begin(TxMode::kRead);
  auto rows = read->Query("SELECT id, n, code FROM batch_rows ORDER BY id", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(kRows + 1));
  EXPECT_EQ((*rows)[0].Text(0), "last");
  for (int i = 0; i < kRows; ++i) {
    const auto& row = (*rows)[static_cast<std::size_t>(i + 1)];
    ASSERT_EQ(row.Text(0), Id(i));
    EXPECT_EQ(row.Int(1), i);
    EXPECT_EQ(row.Text(2), "C" + std::to_string(i));
  }
}

TEST_F(BatchedInsertsTest, AnInsertErrorSurfacesAtTheFlushAndKeepsNothing) {
  auto tx = Begin(TxMode::kWrite);
  BatchedInserts batched(*tx);
  ASSERT_TRUE(batched.Exec(kInsertRow, {Param("a"), Param(1), Param("SAME")}).ok());
  ASSERT_TRUE(batched.Exec(kInsertRow, {Param("b"), Param(2), Param("SAME")}).ok());
  auto flushed = batched.Flush();
  ASSERT_FALSE(flushed.ok());
  EXPECT_EQ(flushed.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_FALSE(batched.Commit().ok());

  auto read = Begin(TxMode::kRead);
  auto count = read->QueryOne("SELECT COUNT(*) FROM batch_rows", {});
  ASSERT_TRUE(count.ok() && count->has_value());
  EXPECT_EQ((*count)->Int(0), 0);
}

}  // namespace
}  // namespace emporion::db
