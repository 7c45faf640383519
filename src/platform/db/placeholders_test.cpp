// RewritePlaceholders: `?` -> `$n` for PostgreSQL, leaving literals, quoted names and comments.
#include <gtest/gtest.h>

#include "platform/db/postgres/postgres_database.hpp"

namespace emporion::db {
namespace {

TEST(RewritePlaceholdersTest, NumbersPlaceholdersOutsideLiteralsAndComments) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"SELECT 1", "SELECT 1"},
      {"SELECT ?", "SELECT $1"},
      {"INSERT INTO t (a, b, c) VALUES (?, ?, ?)", "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)"},
      {"WHERE a = '?' AND b = ?", "WHERE a = '?' AND b = $1"},
      {"WHERE a = 'it''s ?' AND b = ?", "WHERE a = 'it''s ?' AND b = $1"},
      {"SELECT \"odd?name\" FROM t WHERE x = ?", "SELECT \"odd?name\" FROM t WHERE x = $1"},
      {"SELECT ? -- why?\nFROM t WHERE x = ?", "SELECT $1 -- why?\nFROM t WHERE x = $2"},
      {"SELECT ? -- trailing comment?", "SELECT $1 -- trailing comment?"},
      {"SELECT /* a? b? */ ? FROM t", "SELECT /* a? b? */ $1 FROM t"},
      {"SELECT /* unterminated ?", "SELECT /* unterminated ?"},
      {"SELECT 5-?", "SELECT 5-$1"},
      {"SELECT 10/?", "SELECT 10/$1"},
      {"SELECT ?,?,?,?,?,?,?,?,?,?,?", "SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11"},
  };
  for (const auto& c : cases) EXPECT_EQ(RewritePlaceholders(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace emporion::db
