#include "platform/db/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <unordered_map>
#include <utility>

namespace emporion::db {

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      // A line comment: copied as is, a `?` in it is no placeholder (SQLite agrees).
      const std::size_t end = std::min(sql.find('\n', i), sql.size());
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const std::size_t close = sql.find("*/", i + 2);
      const std::size_t end = close == std::string_view::npos ? sql.size() : close + 2;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class PgConnection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  [[nodiscard]] bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  Error MakeError(PGresult* res, std::string_view what) {
    std::string msg = std::string(what) + ": " +
                      (res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string code = state != nullptr ? state : "";
    if (code == "23505") {
      const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
      return Error::AlreadyExists(msg + (constraint != nullptr
                                             ? std::string(" (constraint ") + constraint + ")"
                                             : std::string()));
    }
    if (code == "23503") return Error::Conflict(msg);
    if (code.rfind("23", 0) == 0) return Error(ErrorCode::kUnprocessable, msg);
    if (code == "40001" || code == "40P01" || code == "55P03") return Error::Unavailable(msg);
    if (broken() || code.rfind("08", 0) == 0) return Error::Unavailable(msg);
    return Error::Internal(msg);
  }

  Result<Rows> Run(std::string_view sql, const Params& params, std::int64_t* changes) {
    const std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      const std::string pg_sql = RewritePlaceholders(sql);
      PGresult* res = PQprepare(conn_, name.c_str(), pg_sql.c_str(), 0, nullptr);
      const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
      if (!ok) {
        Error e = MakeError(res, "prepare");
        PQclear(res);
        return e;
      }
      PQclear(res);
      it = prepared_.emplace(key, std::move(name)).first;
    }
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    std::vector<std::string> scratch(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        scratch[i] = std::to_string(*n);
        values[i] = scratch[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        values[i] = s->c_str();
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        values[i] = b->bytes.data();
        lengths[i] = static_cast<int>(b->bytes.size());
        formats[i] = 1;
      }
    }
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                   values.data(), lengths.data(), formats.data(), 0);
    const auto st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      Error e = MakeError(res, "query");
      PQclear(res);
      return e;
    }
    Rows rows;
    const int nrows = PQntuples(res);
    const int ncols = PQnfields(res);
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> row;
      row.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c) != 0) {
          row.emplace_back(nullptr);
          continue;
        }
        const char* p = PQgetvalue(res, r, c);
        const auto len = static_cast<std::size_t>(PQgetlength(res, r, c));
        const Oid type = PQftype(res, c);
        // int8, int4, int2: integers; bool 't'/'f' as 1/0; bytea as Blob; everything else text.
        if (type == 20 || type == 23 || type == 21) {
          row.emplace_back(static_cast<std::int64_t>(std::stoll(std::string(p, len))));
        } else if (type == 16) {
          row.emplace_back(std::int64_t{p[0] == 't' ? 1 : 0});
        } else if (type == 17) {
          std::size_t out_len = 0;
          unsigned char* raw =
              PQunescapeBytea(reinterpret_cast<const unsigned char*>(p), &out_len);
          row.emplace_back(Blob{std::string(reinterpret_cast<char*>(raw), out_len)});
          PQfreemem(raw);
        } else {
          row.emplace_back(std::string(p, len));
        }
      }
      rows.emplace_back(std::move(row));
    }
    if (changes != nullptr) {
      const char* affected = PQcmdTuples(res);
      *changes = (affected != nullptr && *affected != 0) ? std::stoll(affected) : 0;
    }
    PQclear(res);
    return rows;
  }

  Status Simple(const std::string& sql) {
    PGresult* res = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = MakeError(res, "exec");
      PQclear(res);
      return e;
    }
    PQclear(res);
    return Ok();
  }

 private:
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

namespace {

constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
// The advisory lock key differs from the migrator's; every write transaction holds it.
constexpr const char* kBeginWrite =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7272000)";

class PgTransaction final : public Transaction {
 public:
  PgTransaction(PostgresDatabase* owner, std::unique_ptr<PgConnection> conn,
                std::unique_lock<std::mutex> write_lock)
      : owner_(owner), conn_(std::move(conn)), write_lock_(std::move(write_lock)) {}
  ~PgTransaction() override {
    if (open_) (void)conn_->Simple("ROLLBACK");
    owner_->Release(std::move(conn_));
  }

  Status Start(TxMode mode) {
    // Writers are serialized as the Database contract promises (SQLite does it by nature): an
    // in-process mutex, so waiting writers hold no pooled connection, and a transaction-scoped
    // advisory lock for other processes on the same database. Read-modify-write code is then
    // correct on both databases.
    Status s = conn_->Simple(mode == TxMode::kRead ? kBeginRead : kBeginWrite);
    open_ = s.ok();
    return s;
  }

  Result<std::int64_t> Exec(std::string_view sql, const Params& params) override {
    std::int64_t changes = 0;
    EMPORION_RETURN_IF_ERROR(Track(conn_->Run(sql, params, &changes)));
    return changes;
  }
  Result<Rows> Query(std::string_view sql, const Params& params) override {
    return Track(conn_->Run(sql, params, nullptr));
  }
  Status Commit() override {
    if (!open_) return Error::Internal("commit on a finished transaction");
    open_ = false;
    if (failed_) {
      // PostgreSQL has aborted the transaction; its COMMIT would answer "ROLLBACK" as success.
      (void)conn_->Simple("ROLLBACK");
      return Error::Internal("commit after a failed statement: the transaction was rolled back");
    }
    Status s = conn_->Simple("COMMIT");
    if (!s.ok()) (void)conn_->Simple("ROLLBACK");
    return s;
  }
  Status ExecScript(std::string_view sql) override {
    return Track(conn_->Simple(std::string(sql)));
  }
  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  template <typename R>
  R Track(R result) {
    if (!result.ok()) failed_ = true;
    return result;
  }

  PostgresDatabase* owner_;
  std::unique_ptr<PgConnection> conn_;
  std::unique_lock<std::mutex> write_lock_;  // held for the whole write transaction
  bool open_ = false;
  bool failed_ = false;
};

}  // namespace

PostgresDatabase::PostgresDatabase(std::string url, PostgresOptions options)
    : url_(std::move(url)), options_(options) {}

PostgresDatabase::~PostgresDatabase() = default;

std::string PostgresDatabase::Describe() const {
  // Hide the password: postgresql://user:***@host...
  std::string out = url_;
  const auto scheme = out.find("://");
  const auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos) {
    const auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  return out;
}

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const std::string& url,
                                                                 const PostgresOptions& options) {
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(url, options));
  EMPORION_ASSIGN_OR_RETURN(auto conn, db->Acquire());
  db->Release(std::move(conn));
  return db;
}

Result<std::unique_ptr<PgConnection>> PostgresDatabase::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return conn;
      }
      if (open_ < options_.pool_size) {
        ++open_;
        break;
      }
      if (!available_.wait_for(lock, std::chrono::seconds(30),
                               [this] { return !idle_.empty() || open_ < options_.pool_size; })) {
        return Error::Unavailable("no PostgreSQL connection available within 30 s");
      }
    }
  }
  const std::string timeout = std::to_string(options_.connect_timeout_seconds);
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* vals[] = {url_.c_str(), timeout.c_str(), "emporion", nullptr};
  PGconn* raw = PQconnectdbParams(keys, vals, 1);
  auto conn = std::make_unique<PgConnection>(raw);
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(raw);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --open_;
    }
    available_.notify_one();
    return Error::Unavailable("cannot connect to PostgreSQL (" + Describe() + "): " + msg);
  }
  if (Status s = conn->Simple("SET client_min_messages TO warning"); !s.ok()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --open_;
    }
    available_.notify_one();
    return std::move(s).error();
  }
  return conn;
}

void PostgresDatabase::Release(std::unique_ptr<PgConnection> conn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (conn->broken()) {
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  available_.notify_one();
}

Result<std::unique_ptr<Transaction>> PostgresDatabase::Begin(TxMode mode) {
  std::unique_lock<std::mutex> write_lock;
  if (mode == TxMode::kWrite) write_lock = std::unique_lock<std::mutex>(write_mutex_);
  EMPORION_ASSIGN_OR_RETURN(auto conn, Acquire());
  auto tx = std::make_unique<PgTransaction>(this, std::move(conn), std::move(write_lock));
  EMPORION_RETURN_IF_ERROR(tx->Start(mode));
  return std::unique_ptr<Transaction>(std::move(tx));
}

Status PostgresDatabase::Ping() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, Begin(TxMode::kRead));
  EMPORION_RETURN_IF_ERROR(tx->Query("SELECT 1", {}));
  return Ok();
}

}  // namespace emporion::db
