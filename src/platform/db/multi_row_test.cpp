#include "platform/db/multi_row.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

namespace emporion::db {
namespace {

TEST(MultiRowTest, SqlRepeatsTheTupleBetweenHeadAndTail) {
  EXPECT_EQ(MultiRowSql("INSERT INTO t (a, b) VALUES ", "(?, ?)", 3, " RETURNING a"),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?) RETURNING a");
  EXPECT_EQ(MultiRowSql("V ", "(?)", 1), "V (?)");
}

TEST(MultiRowTest, SlicesCoverEveryRowOnceWithFewSizes) {
  for (std::size_t rows : {0u, 1u, 7u, 200u, 201u, 687u}) {
    std::vector<std::pair<std::size_t, std::size_t>> slices;
    ASSERT_TRUE(ForEachStatementSlice(rows, 200,
                                      [&](std::size_t first, std::size_t count) -> Status {
                                        slices.emplace_back(first, count);
                                        return Ok();
                                      })
                    .ok());
    std::size_t next = 0;
    for (const auto& [first, count] : slices) {
      EXPECT_EQ(first, next) << rows;
      EXPECT_TRUE(count == 200 || (count & (count - 1)) == 0) << "size " << count;
      next += count;
    }
    EXPECT_EQ(next, rows);
  }
  // 687 = 3 x 200 + 64 + 16 + 4 + 2 + 1
  std::vector<std::size_t> sizes;
  (void)ForEachStatementSlice(687, 200, [&](std::size_t, std::size_t count) -> Status {
    sizes.push_back(count);
    return Ok();
  });
  EXPECT_EQ(sizes, (std::vector<std::size_t>{200, 200, 200, 64, 16, 4, 2, 1}));
}

TEST(MultiRowTest, TheFirstErrorStopsTheSlices) {
  int calls = 0;
  Status s = ForEachStatementSlice(1000, 100, [&](std::size_t, std::size_t) -> Status {
    return ++calls == 2 ? Status(Error::Internal("boom")) : Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace emporion::db
