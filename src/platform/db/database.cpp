#include "platform/db/database.hpp"

#include "platform/db/postgres/postgres_database.hpp"
#include "platform/db/sqlite/sqlite_database.hpp"

namespace emporion::db {
namespace {
const std::string kEmpty;
}

std::int64_t Row::Int(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

const std::string& Row::Text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  return kEmpty;
}

std::optional<std::string> Row::OptText(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<std::int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

namespace {
/// A materialized Row seen through the RowView interface (the default ForEachRow).
class MaterializedRowView final : public RowView {
 public:
  explicit MaterializedRowView(const Row& row) : row_(row) {}
  [[nodiscard]] bool IsNull(std::size_t i) const override { return row_.IsNull(i); }
  [[nodiscard]] std::int64_t Int(std::size_t i) const override { return row_.Int(i); }
  [[nodiscard]] std::string_view Text(std::size_t i) const override { return row_.Text(i); }

 private:
  const Row& row_;
};
}  // namespace

Status Transaction::ForEachRow(std::string_view sql, const Params& params,
                               const RowVisitor& visit) {
  EMPORION_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  for (const Row& row : rows) visit(MaterializedRowView(row));
  return Ok();
}

Result<std::optional<Row>> Transaction::QueryOne(std::string_view sql, const Params& params) {
  EMPORION_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>{};
  return std::optional<Row>(std::move(rows.front()));
}

Result<std::unique_ptr<Database>> Open(const std::string& url) {
  return Open(url, SqliteOptions{});
}

Result<std::unique_ptr<Database>> Open(const std::string& url,
                                       const SqliteOptions& sqlite_options) {
  if (url.rfind("sqlite://", 0) == 0) {
    std::string path = url.substr(9);
    EMPORION_ASSIGN_OR_RETURN(auto sqlite, SqliteDatabase::Open(path, sqlite_options));
    return std::unique_ptr<Database>(std::move(sqlite));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    EMPORION_ASSIGN_OR_RETURN(auto pg, PostgresDatabase::Open(url, PostgresOptions{}));
    return std::unique_ptr<Database>(std::move(pg));
  }
  return Error::InvalidArgument("--db must start with sqlite:// or postgresql://, got '" + url +
                                "'");
}

}  // namespace emporion::db
