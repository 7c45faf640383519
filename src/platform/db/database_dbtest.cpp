// Storage driver contract, one body for SQLite and PostgreSQL: value round trips, transactions
// (commit, rollback on destroy, failed statements), unique violations, placeholders inside
// literals, concurrent writers and read snapshots.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/db/migration.hpp"
#include "support/test_db.hpp"

namespace emporion::db {
namespace {

// Test tables, created through the migrator so each dialect gets its own DDL.
const std::vector<Migration>& TestTables() {
  static const std::vector<Migration> kTables = {
      {"dbtest", 1, "values", Dialect::kSqlite,
       "CREATE TABLE vals (id TEXT PRIMARY KEY, n INTEGER, t TEXT, b BLOB, code TEXT UNIQUE);"
       "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
       "INSERT INTO counter (id, n) VALUES (1, 0);"},
      {"dbtest", 1, "values", Dialect::kPostgres,
       "CREATE TABLE vals (id TEXT PRIMARY KEY, n BIGINT, t TEXT, b BYTEA, code TEXT UNIQUE);"
       "CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);"
       "INSERT INTO counter (id, n) VALUES (1, 0);"},
  };
  return kTables;
}

// A printable form of a value, so cases compare with one EXPECT_EQ.
std::string Show(const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return "NULL";
  if (const auto* n = std::get_if<std::int64_t>(&v)) return "int " + std::to_string(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return "text '" + *s + "'";
  return "blob[" + std::to_string(std::get<Blob>(v).bytes.size()) + "] '" +
         std::get<Blob>(v).bytes + "'";
}

class DatabaseTest : public ::testing::Test {
 protected:
  DatabaseTest() { test_db_.Migrate({&TestTables()}); }

  Database& db() { return test_db_.db(); }

  std::unique_ptr<Transaction> Begin(TxMode mode) {
    auto tx = db().Begin(mode);
    if (!tx.ok()) {
      ADD_FAILURE() << "Begin: " << tx.error().detail();
      return nullptr;
    }
    return std::move(tx).value();
  }

  void Insert(Transaction& tx, const std::string& id, Value n, Value t, Value b,
              Value code = nullptr) {
    auto r = tx.Exec("INSERT INTO vals (id, n, t, b, code) VALUES (?, ?, ?, ?, ?)",
                     {Param(id), std::move(n), std::move(t), std::move(b), std::move(code)});
    ASSERT_TRUE(r.ok()) << r.error().detail();
    EXPECT_EQ(*r, 1);
  }

  std::int64_t CountVals() {
    auto tx = Begin(TxMode::kRead);
    auto row = tx->QueryOne("SELECT COUNT(*) FROM vals", {});
    EXPECT_TRUE(row.ok() && row->has_value());
    return (row.ok() && row->has_value()) ? (*row)->Int(0) : -1;
  }

  test::TestDatabase test_db_;
};

TEST_F(DatabaseTest, EveryValueTypeRoundTrips) {
  const std::string unicode =
      "Gr\xc3\xbc\xc3\x9f"
      "e, \xe6\x9d\xb1\xe4\xba\xac, \xf0\x9f\x9b\x92";
  const std::string quotes = "it's \"quoted\" \\ back`tick ? $1 -- not a comment /* nor this */";
  const std::string nul_bytes("\0a\0\xff\x01\0", 6);
  struct Case {
    const char* id;
    Value n;
    Value t;
    Value b;
  } cases[] = {
      {"nulls", nullptr, nullptr, nullptr},
      {"min", std::numeric_limits<std::int64_t>::min(), std::string(""), Blob{""}},
      {"max", std::numeric_limits<std::int64_t>::max(), unicode, Blob{nul_bytes}},
      {"zero", std::int64_t{0}, quotes, Blob{std::string(1, '\0')}},
      {"minus-one", std::int64_t{-1}, std::string(100'000, 'x'), Blob{std::string(70'000, '\xab')}},
  };
  {
    auto tx = Begin(TxMode::kWrite);
    for (const auto& c : cases) Insert(*tx, c.id, c.n, c.t, c.b);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = Begin(TxMode::kRead);
  for (const auto& c : cases) {
    auto row = tx->QueryOne("SELECT n, t, b FROM vals WHERE id = ?", {Param(c.id)});
    ASSERT_TRUE(row.ok()) << row.error().detail();
    ASSERT_TRUE(row->has_value()) << c.id;
    const Row& r = **row;
    EXPECT_EQ(Show(r.At(0)), Show(c.n)) << c.id;
    EXPECT_EQ(Show(r.At(1)), Show(c.t)) << c.id;
    EXPECT_EQ(Show(r.At(2)), Show(c.b)) << c.id;
  }
}

TEST_F(DatabaseTest, RowAccessorsReadNullsAsDefaults) {
  {
    auto tx = Begin(TxMode::kWrite);
    Insert(*tx, "a", nullptr, nullptr, nullptr);
    Insert(*tx, "b", Param(true), Param("text"), Param(Blob{"bytes"}));
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = Begin(TxMode::kRead);
  auto rows = tx->Query("SELECT id, n, t, b FROM vals ORDER BY id", {});
  ASSERT_TRUE(rows.ok()) << rows.error().detail();
  ASSERT_EQ(rows->size(), 2u);
  const Row& a = (*rows)[0];
  EXPECT_EQ(a.size(), 4u);
  EXPECT_EQ(a.Text(0), "a");
  EXPECT_EQ(a.Int(1), 0);
  EXPECT_FALSE(a.Bool(1));
  EXPECT_EQ(a.Text(2), "");
  EXPECT_EQ(a.OptText(2), std::nullopt);
  EXPECT_EQ(a.OptInt(1), std::nullopt);
  const Row& b = (*rows)[1];
  EXPECT_TRUE(b.Bool(1));
  EXPECT_EQ(b.OptInt(1), 1);
  EXPECT_EQ(b.OptText(2), "text");
  EXPECT_EQ(b.Text(3), "bytes");
}

TEST_F(DatabaseTest, ForEachRowVisitsEveryRowInOrderAsQueryReadsThem) {
  {
    auto tx = Begin(TxMode::kWrite);
    Insert(*tx, "a", nullptr, nullptr, nullptr);
    Insert(*tx, "b", Param(std::int64_t{-7}), Param("text"), nullptr);
    Insert(*tx, "c", Param(std::numeric_limits<std::int64_t>::max()), Param(std::string(300, 'y')),
           nullptr);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = Begin(TxMode::kRead);
  const std::string sql = "SELECT id, n, t FROM vals WHERE id <> ? ORDER BY id";
  auto rows = tx->Query(sql, {Param("none")});
  ASSERT_TRUE(rows.ok()) << rows.error().detail();
  std::vector<std::string> seen;
  auto visited = tx->ForEachRow(sql, {Param("none")}, [&](const RowView& r) {
    std::string line(r.Text(0));
    line += r.IsNull(1) ? "|null" : "|" + std::to_string(r.Int(1));
    line += r.OptInt(1) ? "|some" : "|none";
    line += "|" + std::string(r.Text(2)) + (r.IsNull(2) ? "|null" : "|text");
    seen.push_back(line);
  });
  ASSERT_TRUE(visited.ok()) << visited.error().detail();
  std::vector<std::string> expected;
  for (const Row& r : *rows) {
    std::string line = r.Text(0);
    line += r.IsNull(1) ? "|null" : "|" + std::to_string(r.Int(1));
    line += r.OptInt(1) ? "|some" : "|none";
    line += "|" + r.Text(2) + (r.IsNull(2) ? "|null" : "|text");
    expected.push_back(line);
  }
  EXPECT_EQ(seen, expected);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "a|null|none||null");
  EXPECT_EQ(seen[1], "b|-7|some|text|text");

  // No rows: the visitor is not called; a bad statement is an error like Query's.
  int calls = 0;
  ASSERT_TRUE(
      tx->ForEachRow("SELECT id FROM vals WHERE id = ?", {Param("none")}, [&](const RowView&) {
          ++calls;
        }).ok());
  EXPECT_EQ(calls, 0);
  auto bad = tx->ForEachRow("SELECT nope FROM vals", {}, [&](const RowView&) { ++calls; });
  EXPECT_FALSE(bad.ok());
}

TEST_F(DatabaseTest, OptionalParametersBindNull) {
  auto tx = Begin(TxMode::kWrite);
  Insert(*tx, "o", Param(std::optional<std::int64_t>{}), Param(std::optional<std::string>("s")),
         nullptr);
  auto row = tx->QueryOne("SELECT n IS NULL, t FROM vals WHERE id = ?", {Param("o")});
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_TRUE((*row)->Bool(0));
  EXPECT_EQ((*row)->Text(1), "s");
}

TEST_F(DatabaseTest, ExecReportsChangedRows) {
  auto tx = Begin(TxMode::kWrite);
  Insert(*tx, "a", std::int64_t{1}, nullptr, nullptr);
  Insert(*tx, "b", std::int64_t{1}, nullptr, nullptr);
  Insert(*tx, "c", std::int64_t{2}, nullptr, nullptr);
  EXPECT_EQ(*tx->Exec("UPDATE vals SET t = ? WHERE n = ?", {Param("x"), Param(1)}), 2);
  EXPECT_EQ(*tx->Exec("UPDATE vals SET t = ? WHERE id = ?", {Param("x"), Param("none")}), 0);
  EXPECT_EQ(*tx->Exec("DELETE FROM vals WHERE id = ?", {Param("c")}), 1);
  EXPECT_EQ(*tx->Exec("DELETE FROM vals", {}), 2);
}

TEST_F(DatabaseTest, CommittedWritesAreVisibleToLaterTransactions) {
  {
    auto tx = Begin(TxMode::kWrite);
    Insert(*tx, "kept", std::int64_t{7}, Param("v"), nullptr);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(CountVals(), 1);
}

TEST_F(DatabaseTest, DestroyingAnUncommittedTransactionRollsBack) {
  {
    auto tx = Begin(TxMode::kWrite);
    Insert(*tx, "lost", std::int64_t{7}, Param("v"), nullptr);
    auto inside = tx->QueryOne("SELECT COUNT(*) FROM vals", {});
    ASSERT_TRUE(inside.ok());
    EXPECT_EQ((*inside)->Int(0), 1);  // a transaction sees its own writes
  }
  EXPECT_EQ(CountVals(), 0);
  // The writer is free again afterwards.
  auto tx = Begin(TxMode::kWrite);
  Insert(*tx, "next", std::int64_t{1}, nullptr, nullptr);
  EXPECT_TRUE(tx->Commit().ok());
  EXPECT_EQ(CountVals(), 1);
}

TEST_F(DatabaseTest, CommittingTwiceIsAnError) {
  auto tx = Begin(TxMode::kWrite);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_FALSE(tx->Commit().ok());
}

TEST_F(DatabaseTest, UniqueViolationIsAlreadyExists) {
  {
    auto tx = Begin(TxMode::kWrite);
    Insert(*tx, "a", nullptr, nullptr, nullptr, Param("CODE-1"));
    ASSERT_TRUE(tx->Commit().ok());
  }
  struct Case {
    const char* what;
    const char* id;
    const char* code;
  } cases[] = {
      {"primary key", "a", "CODE-2"},
      {"unique column", "b", "CODE-1"},
  };
  for (const auto& c : cases) {
    auto w = Begin(TxMode::kWrite);
    auto r = w->Exec("INSERT INTO vals (id, code) VALUES (?, ?)", {Param(c.id), Param(c.code)});
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.error().code(), ErrorCode::kAlreadyExists) << c.what << ": " << r.error().detail();
  }
  EXPECT_EQ(CountVals(), 1);
}

TEST_F(DatabaseTest, AFailedStatementMakesCommitFailAndKeepsNothing) {
  // PostgreSQL aborts the whole transaction on an error; SQLite only the statement. Both
  // drivers refuse to commit after a failure, so code behaves the same on either.
  {
    auto tx = Begin(TxMode::kWrite);
    Insert(*tx, "a", nullptr, nullptr, nullptr);
    auto dup = tx->Exec("INSERT INTO vals (id) VALUES (?)", {Param("a")});
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code(), ErrorCode::kAlreadyExists);
    Status commit = tx->Commit();
    EXPECT_FALSE(commit.ok());
  }
  EXPECT_EQ(CountVals(), 0);
  auto tx = Begin(TxMode::kWrite);
  Insert(*tx, "b", nullptr, nullptr, nullptr);
  EXPECT_TRUE(tx->Commit().ok());
  EXPECT_EQ(CountVals(), 1);
}

TEST_F(DatabaseTest, SyntaxErrorsAreInternalAndNameTheProblem) {
  auto tx = Begin(TxMode::kRead);
  auto r = tx->Query("SELEKT 1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInternal);
  EXPECT_NE(r.error().detail().find("SELEKT"), std::string::npos) << r.error().detail();
}

TEST_F(DatabaseTest, QuestionMarksInsideLiteralsAndCommentsAreNotPlaceholders) {
  auto tx = Begin(TxMode::kWrite);
  auto ins = tx->Exec(
      "INSERT INTO vals (id, t, n) -- why? because\n"
      "VALUES ('q?', 'what? ''really?''', /* one? */ ?)",
      {Param(5)});
  ASSERT_TRUE(ins.ok()) << ins.error().detail();
  auto row = tx->QueryOne("SELECT t, n, ? FROM vals WHERE id = 'q?' AND t <> '?'", {Param("p")});
  ASSERT_TRUE(row.ok()) << row.error().detail();
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->Text(0), "what? 'really?'");
  EXPECT_EQ((*row)->Int(1), 5);
  EXPECT_EQ((*row)->Text(2), "p");
}

TEST_F(DatabaseTest, TheSameStatementRunsManyTimesWithNewParameters) {
  auto tx = Begin(TxMode::kWrite);
  for (int i = 0; i < 500; ++i) {
    Insert(*tx, "id-" + std::to_string(i), std::int64_t{i}, nullptr, nullptr);
  }
  auto sum = tx->QueryOne("SELECT SUM(n), COUNT(*) FROM vals WHERE n >= ?", {Param(100)});
  ASSERT_TRUE(sum.ok() && sum->has_value());
  EXPECT_EQ((*sum)->Int(0), (100 + 499) * 400 / 2);
  EXPECT_EQ((*sum)->Int(1), 400);
}

TEST_F(DatabaseTest, ConcurrentReadModifyWriteTransactionsSerialize) {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto tx = db().Begin(TxMode::kWrite);
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        // Read, compute in C++, write back: only correct when writers are serialized.
        auto row = (*tx)->QueryOne("SELECT n FROM counter WHERE id = 1", {});
        if (!row.ok() || !row->has_value()) {
          ++failures;
          continue;
        }
        const std::int64_t n = (*row)->Int(0);
        if (!(*tx)->Exec("UPDATE counter SET n = ? WHERE id = 1", {Param(n + 1)}).ok() ||
            !(*tx)->Commit().ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = Begin(TxMode::kRead);
  auto row = tx->QueryOne("SELECT n FROM counter WHERE id = 1", {});
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Int(0), kThreads * kIncrements);
}

TEST_F(DatabaseTest, ConcurrentReadersRunBesideAWriter) {
  auto writer = Begin(TxMode::kWrite);
  Insert(*writer, "uncommitted", nullptr, nullptr, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> seen_uncommitted{0};
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto tx = db().Begin(TxMode::kRead);
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        auto row = (*tx)->QueryOne("SELECT COUNT(*) FROM vals", {});
        if (!row.ok()) {
          ++failures;
        } else if ((*row)->Int(0) != 0) {
          ++seen_uncommitted;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(seen_uncommitted.load(), 0);
  EXPECT_TRUE(writer->Commit().ok());
}

TEST_F(DatabaseTest, AReadTransactionKeepsItsSnapshot) {
  {
    auto tx = Begin(TxMode::kWrite);
    ASSERT_TRUE(tx->Exec("UPDATE counter SET n = 1 WHERE id = 1", {}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto reader = Begin(TxMode::kRead);
  auto before = reader->QueryOne("SELECT n FROM counter WHERE id = 1", {});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)->Int(0), 1);
  {
    auto tx = Begin(TxMode::kWrite);
    ASSERT_TRUE(tx->Exec("UPDATE counter SET n = 2 WHERE id = 1", {}).ok());
    Insert(*tx, "new", nullptr, nullptr, nullptr);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto again = reader->QueryOne("SELECT n FROM counter WHERE id = 1", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->Int(0), 1);
  auto count = reader->QueryOne("SELECT COUNT(*) FROM vals", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->Int(0), 0);
  reader.reset();
  auto fresh = Begin(TxMode::kRead);
  auto after = fresh->QueryOne("SELECT n FROM counter WHERE id = 1", {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->Int(0), 2);
}

TEST_F(DatabaseTest, PingAnswersAndDescribeHidesNothingSecret) {
  EXPECT_TRUE(db().Ping().ok());
  EXPECT_FALSE(db().Describe().empty());
  EXPECT_EQ(db().Describe().find("password"), std::string::npos);
}

TEST(DatabaseOpenTest, UnknownSchemeIsInvalidArgument) {
  for (const char* url : {"mysql://x", "", "sqlite:/relative"}) {
    auto db = Open(url);
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.error().code(), ErrorCode::kInvalidArgument) << url;
  }
}

}  // namespace
}  // namespace emporion::db
