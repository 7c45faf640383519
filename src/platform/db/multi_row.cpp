#include "platform/db/multi_row.hpp"

#include <algorithm>

namespace emporion::db {

std::string MultiRowSql(std::string_view head, std::string_view tuple, std::size_t rows,
                        std::string_view tail) {
  std::string sql(head);
  sql.reserve(head.size() + rows * (tuple.size() + 2) + tail.size());
  for (std::size_t i = 0; i < rows; ++i) {
    if (i != 0) sql += ", ";
    sql += tuple;
  }
  sql += tail;
  return sql;
}

Status ForEachStatementSlice(std::size_t rows, std::size_t max_rows,
                             const std::function<Status(std::size_t first, std::size_t count)>& write) {
  max_rows = std::max<std::size_t>(max_rows, 1);
  std::size_t done = 0;
  while (done < rows) {
    std::size_t n = std::min(max_rows, rows - done);
    if (n < max_rows) {
      std::size_t piece = 1;
      while (piece * 2 <= n) piece *= 2;
      n = piece;
    }
    EMPORION_RETURN_IF_ERROR(write(done, n));
    done += n;
  }
  return Ok();
}

}  // namespace emporion::db
