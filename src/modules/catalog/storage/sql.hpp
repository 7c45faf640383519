// Small helpers the repositories share: WHERE builders with bound parameters, LIKE patterns
// with escaping, ORDER BY from whitelisted sort fields, meta columns and paging. Internal to
// storage/. Reentrant.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "modules/catalog/storage/repository.hpp"
#include "platform/core/entity.hpp"
#include "platform/db/database.hpp"

namespace emporion::catalog::storage {

/// The five meta columns, in the order ReadMeta / AppendMeta use.
inline constexpr const char* kMetaColumns =
    "version, created_at, created_by, modified_at, modified_by";

EntityMeta ReadMeta(const db::Row& row, std::size_t first, std::string id);
void AppendMeta(db::Params& params, const EntityMeta& meta);

/// Conditions joined by AND, with their parameters in order.
class Where {
 public:
  Where& Add(const std::string& clause, db::Params params = {});
  /// `column IN (?, ?, ...)`; an empty list matches nothing.
  Where& In(const std::string& column, const std::vector<std::string>& values);
  /// Limits to the catalogs of `scope` through `column` (nothing to add when unlimited).
  Where& Scope(const std::string& column, const CatalogScope& scope);
  [[nodiscard]] std::string Sql() const;  // " WHERE a AND b" or ""
  [[nodiscard]] const db::Params& params() const { return params_; }

 private:
  std::vector<std::string> clauses_;
  db::Params params_;
};

/// `%text%` lower-cased, with LIKE wildcards escaped by '!' (use `LIKE ? ESCAPE '!'`).
std::string LikeContains(const std::string& text);
/// `text%` with wildcards escaped by '!'.
std::string LikePrefix(const std::string& text);
/// A placeholder list "?, ?, ?" for n values (n >= 1).
std::string Placeholders(std::size_t n);
void AppendAll(db::Params& params, const std::vector<std::string>& values);

/// " ORDER BY ..." from sort keys mapped through `columns` (API field -> SQL expression), or
/// `fallback` when none is given; `tiebreak` (the id column) is always appended last.
std::string OrderBy(const std::vector<Sort>& sort,
                    const std::map<std::string, std::string>& columns, const std::string& fallback,
                    const std::string& tiebreak = "id");

/// Runs COUNT(*) and the page query: `select` is "SELECT cols FROM t", `from` the FROM clause
/// for the count ("FROM t").
template <typename T>
Result<Slice<T>> QueryPage(db::Transaction& tx, const std::string& select, const std::string& from,
                           const Where& where, const std::string& order, const Window& w,
                           const std::function<Result<T>(const db::Row&)>& map) {
  Slice<T> out;
  EMPORION_ASSIGN_OR_RETURN(auto count,
                            tx.QueryOne("SELECT COUNT(*) " + from + where.Sql(), where.params()));
  out.total = count ? count->Int(0) : 0;
  if (w.limit == 0 || out.total <= w.offset) return out;
  db::Params params = where.params();
  params.push_back(db::Param(std::int64_t{w.limit}));
  params.push_back(db::Param(std::int64_t{w.offset}));
  EMPORION_ASSIGN_OR_RETURN(auto rows,
                            tx.Query(select + where.Sql() + order + " LIMIT ? OFFSET ?", params));
  out.items.reserve(rows.size());
  for (const auto& r : rows) {
    EMPORION_ASSIGN_OR_RETURN(T item, map(r));
    out.items.push_back(std::move(item));
  }
  return out;
}

/// Maps every row.
template <typename T>
Result<std::vector<T>> MapRows(const db::Rows& rows,
                               const std::function<Result<T>(const db::Row&)>& map) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    EMPORION_ASSIGN_OR_RETURN(T item, map(r));
    out.push_back(std::move(item));
  }
  return out;
}

/// Runs a statement for its effect only.
Status Run(db::Transaction& tx, std::string_view sql, const db::Params& params);
/// Turns a unique violation into a 409 naming `field`; passes other results through.
Status NameConflict(Status status, const std::string& field, const std::string& message);
/// kPreconditionFailed when an update changed no row (a concurrent writer won).
Status ExpectOneRow(const Result<std::int64_t>& changed, const std::string& what);

}  // namespace emporion::catalog::storage
