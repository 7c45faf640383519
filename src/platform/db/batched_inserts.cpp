#include "platform/db/batched_inserts.hpp"

#include <algorithm>
#include <iterator>

#include "platform/db/multi_row.hpp"

namespace emporion::db {
namespace {

// At most this many rows per statement (and kMaxStatementParams parameters).
constexpr std::size_t kMaxRows = 512;

constexpr std::string_view kInsertInto = "INSERT INTO ";
constexpr std::string_view kValues = " VALUES (";

}  // namespace

std::size_t BatchedInserts::InsertColumns(std::string_view sql) {
  if (sql.substr(0, kInsertInto.size()) != kInsertInto) return 0;
  const auto values = sql.find(kValues);
  if (values == std::string_view::npos) return 0;
  std::size_t columns = 0;
  bool want_placeholder = true;
  for (std::size_t i = values + kValues.size(); i < sql.size(); ++i) {
    const char ch = sql[i];
    if (ch == ' ') continue;
    if (want_placeholder) {
      if (ch != '?') return 0;
      ++columns;
      want_placeholder = false;
    } else if (ch == ',') {
      want_placeholder = true;
    } else if (ch == ')') {
      return i + 1 == sql.size() ? columns : 0;
    } else {
      return 0;
    }
  }
  return 0;
}

Result<std::int64_t> BatchedInserts::Exec(std::string_view sql, const Params& params) {
  const std::size_t columns = InsertColumns(sql);
  if (columns == 0 || columns != params.size()) {
    EMPORION_RETURN_IF_ERROR(Flush());
    return inner_.Exec(sql, params);
  }
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const Pending& p) { return p.sql == sql; });
  if (it == pending_.end()) {
    pending_.push_back({std::string(sql), columns, 0, {}});
    it = std::prev(pending_.end());
  }
  it->params.insert(it->params.end(), params.begin(), params.end());
  ++it->rows;
  return std::int64_t{1};
}

Status BatchedInserts::Flush() {
  std::vector<Pending> pending;
  pending.swap(pending_);
  for (auto& p : pending) {
    const auto values = p.sql.find(kValues);
    const std::string head = p.sql.substr(0, values + kValues.size() - 1);  // "... VALUES "
    const std::string tuple = p.sql.substr(values + kValues.size() - 1);    // "(?, ..., ?)"
    Status written = ForEachStatementSlice(
        p.rows, std::min(kMaxRows, kMaxStatementParams / p.columns),
        [&](std::size_t done, std::size_t n) -> Status {
          const auto first = p.params.begin() + static_cast<std::ptrdiff_t>(done * p.columns);
          const Params chunk(first, first + static_cast<std::ptrdiff_t>(n * p.columns));
          EMPORION_RETURN_IF_ERROR(inner_.Exec(MultiRowSql(head, tuple, n), chunk));
          return Ok();
        });
    if (!written.ok()) return written;
  }
  return Ok();
}

Result<Rows> BatchedInserts::Query(std::string_view sql, const Params& params) {
  EMPORION_RETURN_IF_ERROR(Flush());
  return inner_.Query(sql, params);
}

Status BatchedInserts::ForEachRow(std::string_view sql, const Params& params,
                                  const RowVisitor& visit) {
  EMPORION_RETURN_IF_ERROR(Flush());
  return inner_.ForEachRow(sql, params, visit);
}

Status BatchedInserts::Commit() {
  EMPORION_RETURN_IF_ERROR(Flush());
  return inner_.Commit();
}

Status BatchedInserts::ExecScript(std::string_view sql) {
  EMPORION_RETURN_IF_ERROR(Flush());
  return inner_.ExecScript(sql);
}

}  // namespace emporion::db
