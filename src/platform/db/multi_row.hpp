// Multi-row statements ("INSERT ... VALUES (?, ?), (?, ?), ... [tail]") for writing many rows
// with few statements (on PostgreSQL, few round trips). Rows are split into statements of a few
// sizes, so each connection's prepared-statement cache holds few texts per table.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"

namespace emporion::db {

/// Parameters per statement at most: SQLite's default SQLITE_MAX_VARIABLE_NUMBER (32766 since
/// 3.32) is the lower of the two databases' limits.
inline constexpr std::size_t kMaxStatementParams = 32766;

/// `head` ("INSERT INTO t (a, b) VALUES "), `rows` copies of `tuple` ("(?, ?)") separated by
/// ", ", then `tail` (an ON CONFLICT or RETURNING clause, or nothing).
std::string MultiRowSql(std::string_view head, std::string_view tuple, std::size_t rows,
                        std::string_view tail = {});

/// Calls write(first, count) for consecutive slices covering rows [0, rows): slices of
/// `max_rows` while that many are left, then the rest in power-of-two pieces. Stops at the first
/// error and returns it.
Status ForEachStatementSlice(std::size_t rows, std::size_t max_rows,
                             const std::function<Status(std::size_t first, std::size_t count)>& write);

}  // namespace emporion::db
