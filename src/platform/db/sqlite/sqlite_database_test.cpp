// SQLite specifics: WAL checkpoints happen on the background thread, not in the commit.
#include "platform/db/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

namespace emporion::db {
namespace {

namespace fs = std::filesystem;

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("emporion-sqlite-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path() const { return (dir_ / "test.db").string(); }

  // Waits (at most 20 s) until the background checkpoint moved ~3 MB of the WAL into the
  // database file; returns the file's size.
  std::uintmax_t WaitForCheckpoint() const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (fs::file_size(Path()) < 3'000'000u && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return fs::file_size(Path());
  }

  // The table t with 4 MB written through `options` with a 64 MB mmap window and a checkpoint
  // every 100 pages, all of it checkpointed into the file (reads then use the window, not the
  // WAL); null (with a failure) when that does not happen within 20 s.
  std::unique_ptr<SqliteDatabase> OpenCheckpointed(SqliteOptions options) const;

  // Commits `commits` write transactions of about 1 MB each.
  static void Write(SqliteDatabase& db, int commits) {
    const std::string blob(1000, 'x');
    for (int c = 0; c < commits; ++c) {
      auto tx = db.Begin(TxMode::kWrite);
      ASSERT_TRUE(tx.ok()) << tx.error().detail();
      for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE((*tx)->Exec("INSERT INTO t (v) VALUES (?)", {Param(blob)}).ok());
      }
      ASSERT_TRUE((*tx)->Commit().ok());
    }
  }

  fs::path dir_;
};

// Opens a database with the empty table t.
std::unique_ptr<SqliteDatabase> OpenWithTable(const std::string& path,
                                              const SqliteOptions& options) {
  auto db = SqliteDatabase::Open(path, options);
  EXPECT_TRUE(db.ok()) << db.error().detail();
  if (!db.ok()) return nullptr;
  auto tx = (*db)->Begin(TxMode::kWrite);
  EXPECT_TRUE(tx.ok() &&
              (*tx)->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").ok() &&
              (*tx)->Commit().ok());
  return std::move(*db);
}

std::unique_ptr<SqliteDatabase> SqliteDatabaseTest::OpenCheckpointed(SqliteOptions options) const {
  options.mmap_size = 64LL << 20;
  options.checkpoint_pages = 100;
  auto db = OpenWithTable(Path(), options);
  if (db == nullptr) return nullptr;
  Write(*db, 4);
  const std::uintmax_t size = WaitForCheckpoint();
  EXPECT_GE(size, 3'000'000u);
  return size >= 3'000'000u ? std::move(db) : nullptr;
}

TEST_F(SqliteDatabaseTest, TheBackgroundThreadCheckpointsTheWal) {
  SqliteOptions options;
  options.checkpoint_pages = 100;
  auto db = OpenWithTable(Path(), options);
  ASSERT_NE(db, nullptr);
  Write(*db, 4);
  // The commits do not checkpoint themselves (the auto-checkpoint is replaced): only the
  // background thread moves the 4 MB from the WAL into the database file.
  EXPECT_GE(WaitForCheckpoint(), 3'000'000u);
  auto tx = db->Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto count = (*tx)->QueryOne("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->Int(0), 4000);
}

TEST_F(SqliteDatabaseTest, CommitsBelowTheThresholdLeaveTheDatabaseFileAlone) {
  SqliteOptions options;
  options.checkpoint_pages = 1'000'000;
  auto db = OpenWithTable(Path(), options);
  ASSERT_NE(db, nullptr);
  Write(*db, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_LT(fs::file_size(Path()), 1'000'000u) << "nothing checkpointed: the data is in the WAL";
  EXPECT_GT(fs::file_size(Path() + "-wal"), 3'000'000u);
}

TEST_F(SqliteDatabaseTest, IdleConnectionsHandTheirPageCachesBack) {
  SqliteOptions options;
  options.idle_release_ms = 300;
  options.mmap_size = 0;  // reads go through the readers' caches
  auto db = OpenWithTable(Path(), options);
  ASSERT_NE(db, nullptr);
  Write(*db, 4);
  const std::int64_t written = db->IdleCacheBytes();
  EXPECT_GT(written, 2'000'000) << "the writer's cache holds what it wrote";
  {
    auto read = db->Begin(TxMode::kRead);
    ASSERT_TRUE(read.ok());
    ASSERT_TRUE((*read)->QueryOne("SELECT SUM(LENGTH(v)) FROM t", {}).ok());
  }
  EXPECT_GT(db->IdleCacheBytes(), written + 2'000'000) << "and a reader's what it read";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (db->IdleCacheBytes() > 200'000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_LE(db->IdleCacheBytes(), 200'000);
  // The data is still there, read back through a cache that refills.
  auto tx = db->Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto count = (*tx)->QueryOne("SELECT COUNT(*), SUM(LENGTH(v)) FROM t", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->Int(0), 4000);
  EXPECT_EQ((*count)->Int(1), 4'000'000);
}

// Whether this process maps `path` (an mmap window of a connection), from /proc/self/maps.
bool Maps(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.size() >= path.size() &&
        line.compare(line.size() - path.size(), path.size(), path) == 0) {
      return true;
    }
  }
  return false;
}

TEST_F(SqliteDatabaseTest, IdleConnectionsUnmapTheirMmapWindows) {
  SqliteOptions options;
  options.idle_release_ms = 300;
  // Pages still in the WAL are read from it, not through the window: checkpointed first.
  auto db = OpenCheckpointed(options);
  ASSERT_NE(db, nullptr);
  const auto read_all = [&] {
    auto tx = db->Begin(TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    auto sum = (*tx)->QueryOne("SELECT COUNT(*), SUM(LENGTH(v)) FROM t", {});
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ((*sum)->Int(0), 4000);
    EXPECT_EQ((*sum)->Int(1), 4'000'000);
  };
  read_all();
  EXPECT_TRUE(Maps(Path())) << "a read maps the file";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Maps(Path()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(Maps(Path())) << "idle connections unmapped their windows";
  // The window comes back with the next read, which sees every row.
  read_all();
  EXPECT_TRUE(Maps(Path()));
}

TEST_F(SqliteDatabaseTest, UnderLoadABusyConnectionKeepsItsWindowUntilTheLoadEnds) {
  SqliteOptions options;
  options.idle_release_ms = 200;
  options.busy_reads_per_second = 5;
  options.busy_window_ms = 600000;
  auto db = OpenCheckpointed(options);
  ASSERT_NE(db, nullptr);
  // One thread reads the whole table (mapping the file), then keeps reading one row ~400 times
  // a second on the same pooled connection for 2.5 s: a dozen release periods under load.
  const auto read = [&](const char* sql) {
    auto tx = db->Begin(TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->QueryOne(sql, {}).ok());
  };
  read("SELECT COUNT(*), SUM(LENGTH(v)) FROM t");
  ASSERT_TRUE(Maps(Path()));
  // The first period of a load still counts as quiet (its reads are counted at its end), so
  // only what happens after 0.5 s of load is counted.
  int unmapped_while_loaded = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto counted = start + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < start + std::chrono::milliseconds(2500)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!Maps(Path()) && std::chrono::steady_clock::now() > counted) ++unmapped_while_loaded;
    read("SELECT v FROM t WHERE rowid = 1");  // maps the window again if it was unmapped
  }
  EXPECT_EQ(unmapped_while_loaded, 0) << "the busy window stayed mapped under load";
  // The load ends: the next quiet period unmaps it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Maps(Path()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(Maps(Path())) << "once quiet, the window was unmapped";
}

TEST_F(SqliteDatabaseTest, BusyConnectionsKeepTheirPageCaches) {
  SqliteOptions options;
  options.idle_release_ms = 0;  // never
  auto db = OpenWithTable(Path(), options);
  ASSERT_NE(db, nullptr);
  Write(*db, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_GT(db->IdleCacheBytes(), 2'000'000);
}

}  // namespace
}  // namespace emporion::db
