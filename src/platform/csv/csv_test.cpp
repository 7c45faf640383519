#include "platform/csv/csv.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace emporion::csv {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text, std::string* error = nullptr) {
  std::istringstream in(text);
  Reader r(in);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  std::string err;
  while (r.Next(fields, err)) out.push_back(fields);
  if (error != nullptr) *error = err;
  return out;
}

TEST(CsvReaderTest, ReadsPlainRecordsWithLfOrCrlf) {
  auto rows = ReadAll("a,b,c\r\n1,2,3\nx,,z");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"x", "", "z"}));
}

TEST(CsvReaderTest, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  auto rows = ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\nnext,row\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a,b", "say \"hi\"", "line1\nline2"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"next", "row"}));
}

TEST(CsvReaderTest, CountsPhysicalLinesOfRecords) {
  std::istringstream in("h\n\"two\nlines\"\nthird\n");
  Reader r(in);
  std::vector<std::string> f;
  std::string err;
  ASSERT_TRUE(r.Next(f, err));
  EXPECT_EQ(r.line(), 1);
  ASSERT_TRUE(r.Next(f, err));
  EXPECT_EQ(r.line(), 2);
  ASSERT_TRUE(r.Next(f, err));
  EXPECT_EQ(r.line(), 4);
  EXPECT_FALSE(r.Next(f, err));
}

TEST(CsvReaderTest, UnclosedQuoteIsAnError) {
  std::string error;
  auto rows = ReadAll("a,\"never closed\nmore", &error);
  EXPECT_TRUE(rows.empty());
  EXPECT_NE(error.find("never closed"), std::string::npos);
}

TEST(CsvWriterTest, QuotesOnlyWhatNeedsItAndRoundTrips) {
  const std::vector<std::string> fields = {"plain", "a,b", "q\"uote", "multi\nline", "", " pad"};
  const std::string text = FormatRecord(fields);
  EXPECT_EQ(text, "plain,\"a,b\",\"q\"\"uote\",\"multi\nline\",,\" pad\"\r\n");
  auto rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], fields);
}

TEST(CsvValuesTest, SplitsAndJoinsWithEscapedBars) {
  const struct {
    std::vector<std::string> values;
    std::string cell;
  } cases[] = {
      {{}, ""},
      {{"red"}, "red"},
      {{"red", "blue"}, "red|blue"},
      {{"a|b", "c\\d"}, "a\\|b|c\\\\d"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(JoinValues(c.values), c.cell);
    EXPECT_EQ(SplitValues(c.cell), c.values) << c.cell;
  }
}

// The cases pricing's own reader was tested with before it moved onto this one.
std::vector<std::vector<std::string>> ReadAllOf(const std::string& text, std::string* error) {
  std::istringstream in(text);
  Reader r(in);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  std::string e;
  while (r.Next(fields, e)) out.push_back(fields);
  if (error != nullptr) *error = e;
  return out;
}

TEST(CsvReaderTest, PlainFieldsAndLineEnds) {
  auto rows = ReadAllOf("a,b,c\r\n1,2,3\n4,,6", nullptr);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"4", "", "6"}));
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  std::istringstream in("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row\n");
  Reader r(in);
  std::vector<std::string> first, second, third;
  std::string error;
  ASSERT_TRUE(r.Next(first, error));
  EXPECT_EQ(first, (std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"}));
  ASSERT_TRUE(r.Next(second, error));
  EXPECT_EQ(r.line(), 3);
  EXPECT_EQ(second, (std::vector<std::string>{"next", "row"}));
  EXPECT_FALSE(r.Next(third, error));
}

TEST(CsvReaderTest, TrailingCommaIsAnEmptyField) {
  auto rows = ReadAllOf("a,\n", nullptr);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", ""}));
}

TEST(CsvReaderTest, UnclosedQuoteAfterARecordIsAnError) {
  std::string error;
  auto rows = ReadAllOf("ok\n\"never closed,1\n", &error);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_FALSE(error.empty());
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendField(out, "plain");
  out += ',';
  AppendField(out, "a,\"b\"");
  EXPECT_EQ(out, "plain,\"a,\"\"b\"\"\"");
  auto rows = ReadAllOf(out, nullptr);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "a,\"b\"");
}

}  // namespace
}  // namespace emporion::csv
