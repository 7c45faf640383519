#include "platform/db/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <chrono>
#include <iterator>
#include <unordered_map>
#include <utility>

namespace emporion::db {

namespace {

/// The current row of a stepped statement (SqliteConnection::Each): columns are read straight
/// from SQLite, text without a copy.
class StatementRowView final : public RowView {
 public:
  explicit StatementRowView(sqlite3_stmt* stmt) : stmt_(stmt) {}
  [[nodiscard]] bool IsNull(std::size_t i) const override {
    return sqlite3_column_type(stmt_, static_cast<int>(i)) == SQLITE_NULL;
  }
  [[nodiscard]] std::int64_t Int(std::size_t i) const override {
    return sqlite3_column_int64(stmt_, static_cast<int>(i));
  }
  [[nodiscard]] std::string_view Text(std::size_t i) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, static_cast<int>(i)));
    if (p == nullptr) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, static_cast<int>(i)))};
  }

 private:
  sqlite3_stmt* stmt_;
};

// Resets a cached statement and clears its bindings when the query is done with it.
struct StatementReset {
  sqlite3_stmt* stmt;
  ~StatementReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

}  // namespace

class SqliteConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* handle() { return db_; }

  // Unmaps the mmap window: its file pages count as the process's resident memory while mapped
  // (the kernel keeps them in its page cache, so the next read maps them again without disk
  // I/O). SQLite unmaps when the window shrinks to 0 and maps again lazily, at the next read,
  // once it is restored.
  void UnmapWindow(std::int64_t mmap_size, std::int64_t now_ms) {
    window_reset_ms = now_ms;
    if (mmap_size <= 0) return;
    (void)Simple("PRAGMA mmap_size=0");
    (void)Simple(("PRAGMA mmap_size=" + std::to_string(mmap_size)).c_str());
  }

  // When the connection last went back to the pool, whether its page cache was handed back
  // since, and when its mmap window was last unmapped (SqliteDatabase::ReleaseIdleCaches).
  // Touched only by whoever holds the connection: the pool (under its mutex), a transaction, or
  // ReleaseIdleCaches while it has taken it out of the pool.
  std::int64_t idle_since_ms = 0;
  bool cache_released = false;
  std::int64_t window_reset_ms = 0;

  Error MakeError(int rc, std::string_view what) {
    std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
    const int primary = rc & 0xFF;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Error::AlreadyExists(msg);
    }
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::Conflict(msg);
    if (primary == SQLITE_CONSTRAINT) return Error(ErrorCode::kUnprocessable, msg);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::Unavailable(msg);
    return Error::Internal(msg);
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return MakeError(rc, "prepare");
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status Bind(sqlite3_stmt* stmt, const Params& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return MakeError(rc, "bind");
    }
    return Ok();
  }

  /// Steps a query and hands each row to `visit` in place (ForEachRow).
  Status Each(std::string_view sql, const Params& params, const RowVisitor& visit) {
    EMPORION_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    const StatementReset reset{stmt};
    EMPORION_RETURN_IF_ERROR(Bind(stmt, params));
    const StatementRowView view(stmt);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return Ok();
      if (rc != SQLITE_ROW) return MakeError(sqlite3_extended_errcode(db_), "step");
      visit(view);
    }
  }

  Result<Rows> Run(std::string_view sql, const Params& params, std::int64_t* changes) {
    EMPORION_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    const StatementReset reset{stmt};
    EMPORION_RETURN_IF_ERROR(Bind(stmt, params));
    Rows rows;
    const int ncol = sqlite3_column_count(stmt);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return MakeError(sqlite3_extended_errcode(db_), "step");
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(ncol));
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            values.emplace_back(std::int64_t{sqlite3_column_int64(stmt, c)});
            break;
          case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
            values.emplace_back(Blob{std::string(p == nullptr ? "" : p, n)});
            break;
          }
          default: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
            values.emplace_back(std::string(p == nullptr ? "" : p, n));
          }
        }
      }
      rows.emplace_back(std::move(values));
    }
    if (changes != nullptr) *changes = sqlite3_changes64(db_);
    return rows;
  }

  Status Simple(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return rc == SQLITE_BUSY ? Error::Unavailable(msg) : Error::Internal(msg);
    }
    return Ok();
  }

 private:
  sqlite3* db_;
  // Looked up by the caller's string_view without copying the SQL text.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

namespace {

constexpr int kCheckpointerCacheKib = 1024;

std::int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase* owner, std::unique_ptr<SqliteConnection> reader,
                    SqliteConnection* writer, std::unique_lock<std::mutex> lock)
      : owner_(owner), reader_(std::move(reader)), writer_(writer), lock_(std::move(lock)) {}

  ~SqliteTransaction() override {
    if (open_) (void)conn()->Simple("ROLLBACK");
    if (reader_) owner_->ReleaseReader(std::move(reader_));
  }

  Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
    std::int64_t changes = 0;
    EMPORION_RETURN_IF_ERROR(Track(conn()->Run(sql, params, &changes)));
    return changes;
  }
  Result<Rows> Query(std::string_view sql, const Params& params) override {
    return Track(conn()->Run(sql, params, nullptr));
  }
  Status ForEachRow(std::string_view sql, const Params& params, const RowVisitor& visit) override {
    return Track(conn()->Each(sql, params, visit));
  }
  Status Commit() override {
    if (!open_) return Error::Internal("commit on a finished transaction");
    open_ = false;
    if (failed_) {
      // SQLite undid only the failed statement, PostgreSQL undoes the whole transaction; refuse
      // here too, so code that ignores an error behaves the same on both databases.
      (void)conn()->Simple("ROLLBACK");
      return Error::Internal("commit after a failed statement: the transaction was rolled back");
    }
    Status s = conn()->Simple("COMMIT");
    if (!s.ok()) (void)conn()->Simple("ROLLBACK");
    return s;
  }
  Status ExecScript(std::string_view sql) override {
    std::string owned(sql);
    return Track(conn()->Simple(owned.c_str()));
  }
  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }

  Status Start() {
    open_ = true;
    Status s = conn()->Simple(writer_ != nullptr ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!s.ok()) open_ = false;
    return s;
  }

 private:
  SqliteConnection* conn() { return writer_ != nullptr ? writer_ : reader_.get(); }
  template <typename R>
  R Track(R result) {
    if (!result.ok()) failed_ = true;
    return result;
  }

  SqliteDatabase* owner_;
  std::unique_ptr<SqliteConnection> reader_;
  SqliteConnection* writer_;
  std::unique_lock<std::mutex> lock_;
  bool open_ = false;
  bool failed_ = false;
};

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, SqliteOptions options)
    : path_(std::move(path)), options_(std::move(options)) {}

SqliteDatabase::~SqliteDatabase() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    stopping_ = true;
  }
  checkpoint_wake_.notify_one();
  if (checkpointer_.joinable()) checkpointer_.join();
}

int SqliteDatabase::OnWalCommit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  auto* database = static_cast<SqliteDatabase*>(self);
  if (pages >= database->options_.checkpoint_pages) {
    {
      std::lock_guard lock(database->checkpoint_mutex_);
      database->checkpoint_due_ = true;
    }
    database->checkpoint_wake_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteDatabase::CheckpointLoop() {
  std::unique_ptr<SqliteConnection> conn;  // opened at the first checkpoint
  const auto period = std::chrono::milliseconds(
      options_.idle_release_ms > 0 ? options_.idle_release_ms : 24 * 3600 * 1000);
  std::unique_lock lock(checkpoint_mutex_);
  while (true) {
    const bool woken =
        checkpoint_wake_.wait_for(lock, period, [this] { return checkpoint_due_ || stopping_; });
    if (stopping_) return;
    if (!woken) {
      if (options_.idle_release_ms > 0) {
        lock.unlock();
        ReleaseIdleCaches();
        lock.lock();
      }
      continue;
    }
    checkpoint_due_ = false;
    lock.unlock();
    if (!conn) {
      // A checkpoint copies WAL frames into the file without going through the page cache.
      if (auto opened = Connect(kCheckpointerCacheKib, 0); opened.ok()) conn = std::move(*opened);
    }
    // A busy or failed checkpoint is retried after the next commit; readers see the WAL anyway.
    if (conn) {
      (void)sqlite3_wal_checkpoint_v2(conn->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                      nullptr);
    }
    lock.lock();
  }
}

void SqliteDatabase::ReleaseIdleCaches() {
  const std::int64_t now = SteadyMillis();
  const auto long_enough = [&](std::int64_t since) {
    return now - since >= options_.idle_release_ms;
  };
  // Loaded: more reads per second began since the last period than the pollers of an idle
  // server begin. Then a busy window stays mapped for busy_window_ms (its pages are the working
  // set of the load); when quiet, for one period.
  const std::uint64_t reads = reads_begun_.load(std::memory_order_relaxed);
  const std::int64_t elapsed = now - last_release_ms_;
  const bool loaded = last_release_ms_ > 0 && elapsed > 0 &&
                      (reads - reads_at_release_) * 1000 >
                          static_cast<std::uint64_t>(options_.busy_reads_per_second) *
                              static_cast<std::uint64_t>(elapsed);
  reads_at_release_ = reads;
  last_release_ms_ = now;
  const auto window_expired = [&](std::int64_t since) {
    return now - since >= (loaded ? options_.busy_window_ms : options_.idle_release_ms);
  };
  // Readers leave the pool while this runs, so a request taking a reader never waits for it
  // (it opens another connection if the pool ran empty meanwhile). An idle one hands its page
  // cache back; every one whose window was mapped long enough unmaps it, busy ones too: a
  // connection that a poller keeps using would otherwise hold every page it ever mapped (a
  // rebuild's walk of the whole file), and the hot pages come back as cheap minor faults.
  std::vector<std::unique_ptr<SqliteConnection>> taken;
  {
    std::lock_guard guard(pool_mutex_);
    for (auto it = readers_.begin(); it != readers_.end();) {
      const bool idle = !(*it)->cache_released && long_enough((*it)->idle_since_ms);
      if (idle || window_expired((*it)->window_reset_ms)) {
        taken.push_back(std::move(*it));
        it = readers_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& reader : taken) {
    if (!reader->cache_released && long_enough(reader->idle_since_ms)) {
      (void)sqlite3_db_release_memory(reader->handle());
      reader->cache_released = true;
    }
    reader->UnmapWindow(options_.mmap_size, now);
  }
  if (!taken.empty()) {
    std::lock_guard guard(pool_mutex_);
    // At the bottom of the pool: Begin takes from the top, where the recently used ones are.
    readers_.insert(readers_.begin(), std::make_move_iterator(taken.begin()),
                    std::make_move_iterator(taken.end()));
  }
  // The writer, unless a write transaction holds it now (the next period retries): its window
  // like a reader's, its cache when no write transaction began for a period.
  std::unique_lock writer(write_mutex_, std::try_to_lock);
  if (!writer.owns_lock()) return;
  if (window_expired(writer_->window_reset_ms)) writer_->UnmapWindow(options_.mmap_size, now);
  const std::int64_t last_write = last_write_ms_.load(std::memory_order_relaxed);
  if (last_write == writer_released_after_ || !long_enough(last_write)) return;
  (void)sqlite3_db_release_memory(writer_->handle());
  writer_released_after_ = last_write;
}

std::int64_t SqliteDatabase::IdleCacheBytes() {
  const auto cache_bytes = [](sqlite3* db) {
    int current = 0;
    int highest = 0;
    (void)sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0);
    return static_cast<std::int64_t>(current);
  };
  std::int64_t total = 0;
  {
    std::lock_guard guard(pool_mutex_);
    for (const auto& reader : readers_) total += cache_bytes(reader->handle());
  }
  std::lock_guard writer(write_mutex_);
  return total + cache_bytes(writer_->handle());
}

Result<std::unique_ptr<SqliteConnection>> SqliteDatabase::Connect(int cache_kib,
                                                                  std::int64_t mmap_size) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path_.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto conn = std::make_unique<SqliteConnection>(raw);
  if (rc != SQLITE_OK) {
    return Error::Unavailable("cannot open SQLite database " + path_ + ": " + sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(raw, options_.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  const std::string pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + options_.synchronous +
      "; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
      " PRAGMA cache_size=-" +
      std::to_string(cache_kib) + "; PRAGMA mmap_size=" + std::to_string(mmap_size) + ";";
  EMPORION_RETURN_IF_ERROR(conn->Simple(pragmas.c_str()));
  return conn;
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                             const SqliteOptions& options) {
  if (path.empty()) return Error::InvalidArgument("empty SQLite path");
  // SQLite's memory statistics take a global mutex around every allocation of every
  // connection; nothing here reads them. Only possible before SQLite initializes itself.
  static std::once_flag configured;
  std::call_once(configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, options));
  EMPORION_ASSIGN_OR_RETURN(db->writer_, db->Connect(options.writer_cache_kib, options.mmap_size));
  // Replaces the writer's auto-checkpoint: commits only signal the checkpointer thread.
  sqlite3_wal_hook(db->writer_->handle(), &SqliteDatabase::OnWalCommit, db.get());
  db->checkpointer_ = std::thread([raw = db.get()] { raw->CheckpointLoop(); });
  return db;
}

Result<std::unique_ptr<Transaction>> SqliteDatabase::Begin(TxMode mode) {
  if (mode == TxMode::kWrite) {
    last_write_ms_.store(SteadyMillis(), std::memory_order_relaxed);
    std::unique_lock<std::mutex> lock(write_mutex_);
    auto tx = std::make_unique<SqliteTransaction>(this, nullptr, writer_.get(), std::move(lock));
    EMPORION_RETURN_IF_ERROR(tx->Start());
    return std::unique_ptr<Transaction>(std::move(tx));
  }
  reads_begun_.fetch_add(1, std::memory_order_relaxed);
  std::unique_ptr<SqliteConnection> reader;
  {
    std::lock_guard<std::mutex> guard(pool_mutex_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!reader) {
    EMPORION_ASSIGN_OR_RETURN(reader, Connect(options_.reader_cache_kib, options_.mmap_size));
  }
  auto tx = std::make_unique<SqliteTransaction>(this, std::move(reader), nullptr,
                                                std::unique_lock<std::mutex>());
  EMPORION_RETURN_IF_ERROR(tx->Start());
  return std::unique_ptr<Transaction>(std::move(tx));
}

void SqliteDatabase::ReleaseReader(std::unique_ptr<SqliteConnection> conn) {
  conn->idle_since_ms = SteadyMillis();
  conn->cache_released = false;
  std::lock_guard<std::mutex> guard(pool_mutex_);
  readers_.push_back(std::move(conn));
}

Status SqliteDatabase::Ping() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, Begin(TxMode::kRead));
  EMPORION_RETURN_IF_ERROR(tx->Query("SELECT 1", {}));
  return Ok();
}

}  // namespace emporion::db
