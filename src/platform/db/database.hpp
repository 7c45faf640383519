// Database: the one small storage interface every repository is written against, with a SQLite
// and a PostgreSQL implementation chosen by the `--db` URL.
//
// SQL is written once with `?` placeholders; the PostgreSQL driver rewrites them to `$n`. Only
// prepared statements are used (cached per connection), so no SQL is ever built from input.
// Types on the wire between C++ and SQL: NULL, 64-bit integer, text (also used for JSON
// documents and ISO timestamps), and blob. Booleans are integers 0/1 on both databases.
//
// Thread safety: Database is thread-safe. A Transaction belongs to one thread at a time and must
// not outlive its Database. Destroying a Transaction that was not committed rolls it back.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/core/result.hpp"

namespace emporion::db {

enum class Dialect { kAny, kSqlite, kPostgres };

struct Blob {
  std::string bytes;
};

/// A parameter or column value.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;

/// Converts C++ values to parameters: integers, bools (0/1), strings, optionals (null).
inline Value Param(std::nullptr_t) { return nullptr; }
inline Value Param(bool b) { return std::int64_t{b ? 1 : 0}; }
inline Value Param(int v) { return std::int64_t{v}; }
inline Value Param(std::int64_t v) { return v; }
inline Value Param(std::string v) { return v; }
inline Value Param(std::string_view v) { return std::string(v); }
inline Value Param(const char* v) { return std::string(v); }
inline Value Param(Blob b) { return b; }
template <typename T>
Value Param(const std::optional<T>& v) {
  return v ? Param(*v) : Value{nullptr};
}

/// One result row. Accessors take the column index; a NULL reads as 0 / "" / nullopt.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  [[nodiscard]] std::size_t size() const { return values_.size(); }
  [[nodiscard]] bool IsNull(std::size_t i) const {
    return std::holds_alternative<std::nullptr_t>(values_.at(i));
  }
  [[nodiscard]] std::int64_t Int(std::size_t i) const;
  [[nodiscard]] bool Bool(std::size_t i) const { return Int(i) != 0; }
  [[nodiscard]] const std::string& Text(std::size_t i) const;
  [[nodiscard]] std::optional<std::string> OptText(std::size_t i) const;
  [[nodiscard]] std::optional<std::int64_t> OptInt(std::size_t i) const;
  [[nodiscard]] const Value& At(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

/// One result row read in place while a query runs (Transaction::ForEachRow): valid only during
/// the callback, and a Text view only until the callback returns. A NULL reads as 0 / "".
class RowView {
 public:
  virtual ~RowView() = default;
  [[nodiscard]] virtual bool IsNull(std::size_t i) const = 0;
  [[nodiscard]] virtual std::int64_t Int(std::size_t i) const = 0;
  [[nodiscard]] virtual std::string_view Text(std::size_t i) const = 0;
  [[nodiscard]] std::optional<std::int64_t> OptInt(std::size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional<std::int64_t>(Int(i));
  }
};
/// Called once per row by Transaction::ForEachRow.
using RowVisitor = std::function<void(const RowView&)>;
using Params = std::vector<Value>;

enum class TxMode {
  kRead,   // a consistent snapshot for all reads of one request
  kWrite,  // serialized with other writers; commit is durable per the driver's settings
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Runs a statement; returns the number of rows it changed. A unique violation is
  /// kAlreadyExists (detail names the constraint), a foreign key violation kConflict, a lost
  /// connection kUnavailable, anything else kInternal.
  virtual Result<std::int64_t> Exec(std::string_view sql, const Params& params) = 0;
  /// Runs a query and returns every row.
  virtual Result<Rows> Query(std::string_view sql, const Params& params) = 0;
  /// Runs a query and calls `visit` for each row as it is read, in order. For hot paths with
  /// many rows: on SQLite no Row is built and text is read in place (no copy, no allocation per
  /// row); the default implementation runs Query and walks its rows. Errors as Query's.
  virtual Status ForEachRow(std::string_view sql, const Params& params, const RowVisitor& visit);
  /// Commits. After a failed commit the transaction is rolled back. When any statement of the
  /// transaction failed, Commit rolls back and fails (kInternal) on both databases: PostgreSQL
  /// aborts the whole transaction on an error, so continuing after one cannot work there. Use
  /// `INSERT ... ON CONFLICT` rather than catching kAlreadyExists and carrying on.
  virtual Status Commit() = 0;
  /// Runs a script of several statements with no parameters (migrations only).
  virtual Status ExecScript(std::string_view sql) = 0;

  [[nodiscard]] virtual Dialect dialect() const = 0;

  /// Convenience: the first row, or nullopt when the query returned none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params);
};

class Database {
 public:
  virtual ~Database() = default;
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Starts a transaction. Write transactions are serialized; a read sees one snapshot.
  virtual Result<std::unique_ptr<Transaction>> Begin(TxMode mode) = 0;
  [[nodiscard]] virtual Dialect dialect() const = 0;
  /// A short description for logs ("sqlite:/data/emporion.db"), without credentials.
  [[nodiscard]] virtual std::string Describe() const = 0;
  /// Cheap liveness probe for /health/ready.
  virtual Status Ping() = 0;
};

struct SqliteOptions;  // platform/db/sqlite/sqlite_database.hpp

/// Opens the database named by `url`: `sqlite:///abs/path.db` or
/// `postgresql://user:pass@host:port/dbname`. kInvalidArgument for an unknown scheme.
Result<std::unique_ptr<Database>> Open(const std::string& url);
/// The same, with the settings a SQLite database opens with (ignored for PostgreSQL).
Result<std::unique_ptr<Database>> Open(const std::string& url, const SqliteOptions& sqlite_options);

}  // namespace emporion::db
