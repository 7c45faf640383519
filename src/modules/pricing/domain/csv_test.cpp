#include "modules/pricing/domain/csv.hpp"

#include <gtest/gtest.h>

namespace emporion::pricing::domain {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, std::string* error = nullptr) {
  CsvReader r(text);
  std::vector<std::vector<std::string>> out;
  while (auto rec = r.Next(error)) out.push_back(*rec);
  return out;
}

TEST(CsvReaderTest, PlainFieldsAndLineEnds) {
  auto rows = ReadAll("a,b,c\r\n1,2,3\n4,,6");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"4", "", "6"}));
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  CsvReader r("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row\n");
  auto first = r.Next();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, (std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"}));
  auto second = r.Next();
  ASSERT_TRUE(second);
  EXPECT_EQ(r.line(), 3u);
  EXPECT_EQ(*second, (std::vector<std::string>{"next", "row"}));
  EXPECT_FALSE(r.Next());
}

TEST(CsvReaderTest, TrailingCommaIsAnEmptyField) {
  auto rows = ReadAll("a,\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", ""}));
}

TEST(CsvReaderTest, UnclosedQuoteIsAnError) {
  std::string error;
  auto rows = ReadAll("ok\n\"never closed,1\n", &error);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_FALSE(error.empty());
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendCsvField(out, "plain");
  out += ',';
  AppendCsvField(out, "a,\"b\"");
  EXPECT_EQ(out, "plain,\"a,\"\"b\"\"\"");
  auto rows = ReadAll(out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "a,\"b\"");
}

}  // namespace
}  // namespace emporion::pricing::domain
