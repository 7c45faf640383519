#include <gtest/gtest.h>

#include <string>

#include "emporion/search/engine.hpp"

namespace emporion::search {
namespace {

ResolvedField Resolve(std::string_view name) {
  if (name == "color" || name == "brand") return {std::string(name), FieldKind::kKeyword};
  if (name == "category.subtree") return {"__outline", FieldKind::kKeyword};
  if (name == "price" || name == "weight") return {std::string(name), FieldKind::kNumber};
  if (name == "created") return {"created", FieldKind::kDate};
  if (name == "name") return {"name", FieldKind::kText};
  return {};
}

// A compact rendering of a filter for table comparisons.
std::string Show(const Filter& f) {
  std::string out;
  auto list = [&](const char* op) {
    out = op;
    out += "(";
    for (size_t i = 0; i < f.children.size(); ++i) {
      out += (i ? " " : "") + Show(f.children[i]);
    }
    out += ")";
  };
  switch (f.kind) {
    case Filter::Kind::kAll:
      return "all";
    case Filter::Kind::kAnd:
      list("and");
      return out;
    case Filter::Kind::kOr:
      list("or");
      return out;
    case Filter::Kind::kNot:
      list("not");
      return out;
    case Filter::Kind::kExists:
      return "exists(" + f.field + ")";
    case Filter::Kind::kTerms:
      out = f.field + "=";
      for (size_t i = 0; i < f.values.size(); ++i) {
        out += (i ? "|" : "") + f.values[i];
      }
      return out;
    case Filter::Kind::kRange:
      out = f.field + (f.lower && f.lower->inclusive ? "[" : "(");
      out += f.lower ? std::to_string(f.lower->value) : "*";
      out += ",";
      out += f.upper ? std::to_string(f.upper->value) : "*";
      out += f.upper && f.upper->inclusive ? "]" : ")";
      return out;
  }
  return "?";
}

struct Case {
  const char* text;
  const char* expect;
};

TEST(FilterParserTest, ParsesTheFilterLanguage) {
  const Case cases[] = {
      {"", "all"},
      {"  \t ", "all"},
      {"color:red", "color=red"},
      {"color:red,blue", "color=red|blue"},
      {"brand:\"Acme Inc\"", "brand=Acme Inc"},
      {"brand:\"a\\\"b\\\\c\\td\"", "brand=a\"b\\c\td"},
      {"brand:\"x, y\",z", "brand=x, y|z"},
      {"price:[100 TO 500)", "price[1000000,5000000)"},
      {"price:(100 TO 500]", "price(1000000,5000000]"},
      {"price:[* TO 5]", "price(*,50000]"},
      {"price:[ TO 5]", "price(*,50000]"},
      {"price:[5 TO *]", "price[50000,*)"},
      {"price:[5 TO ]", "price[50000,*)"},
      {"price:[-1.5 TO 0.0001]", "price[-15000,1]"},
      {"price:[0 TO 10),[100 TO *]", "or(price[0,100000) price[1000000,*))"},
      {"price:12.5", "price[125000,125000]"},
      {"price:1,2", "or(price[10000,10000] price[20000,20000])"},
      {"!color:red", "not(color=red)"},
      {"NOT color:red", "not(color=red)"},
      {"color:red brand:acme", "and(color=red brand=acme)"},
      {"color:red,brand:acme", "and(color=red brand=acme)"},
      {"color:red, brand:acme", "and(color=red brand=acme)"},
      {"color:red,blue, brand:acme", "and(color=red|blue brand=acme)"},
      {"color:red AND brand:acme", "and(color=red brand=acme)"},
      {"color:red OR brand:acme", "or(color=red brand=acme)"},
      {"(color:red OR brand:acme) AND price:[1 TO 2]",
       "and(or(color=red brand=acme) price[10000,20000])"},
      {"color:red OR brand:a brand:b", "or(color=red and(brand=a brand=b))"},
      {"!(color:red OR color:blue) weight:[1 TO *]",
       "and(not(or(color=red color=blue)) weight[10000,*))"},
      {"((color:red))", "color=red"},
      {"category.subtree:c1/c2", "__outline=c1/c2"},
      {"color:a:b", "color=a:b"},
      {"created:[2024-01-01 TO 2024-01-02T00:00:00Z)", "created[1704067200000,1704153600000)"},
      {"created:[2024-01-01T01:00:00+01:00 TO *]", "created[1704067200000,*)"},
      {"created:[2024-02-29T12:30:15.250Z TO *]", "created[1709209815250,*)"},
      {"created:1970-01-01", "created[0,0]"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseFilter(c.text, Resolve);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().detail();
    EXPECT_EQ(Show(*parsed), c.expect) << c.text;
  }
}

struct ErrorCase {
  const char* text;
  const char* contains;
};

TEST(FilterParserTest, RejectsBadFiltersNamingPositionAndField) {
  const ErrorCase cases[] = {
      {"nope:x", "at 0: field 'nope': unknown field"},
      {"name:shirt", "field 'name': is a text field"},
      {"color:[a TO b]", "field 'color': is a keyword field and takes no range"},
      {"price:1.23456", "more than 4 decimal places"},
      {"price:99999999999999999", "out of range"},
      {"price:999999999999999", "out of range"},
      {"price:abc", "'abc' is not a number"},
      {"price:-", "is not a number"},
      {"created:2024-13-01", "not an ISO 8601 date"},
      {"created:2023-02-29", "not an ISO 8601 date"},
      {"created:[2024-01-01T25:00Z TO *]", "not an ISO 8601 date"},
      {"color:\"abc", "at 6: unterminated quoted value"},
      {"color:\"a\\qb\"", "unknown escape"},
      {"(color:red", "at 0: '(' is never closed"},
      {"color:red)", "at 9: unbalanced ')'"},
      {"color", "expected ':' after 'color'"},
      {"color:", "expected a value"},
      {"price:[1 TO 2", "not closed"},
      {"price:[1 2]", "expected 'TO'"},
      {"color:red AND", "AND needs a clause after it"},
      {"AND color:red", "AND needs a clause before it"},
      {"color:red OR", "expected a clause"},
      {"color:red price:abc", "at 16: field 'price'"},
      {"!", "a negation needs a clause"},
  };
  for (const ErrorCase& c : cases) {
    auto parsed = ParseFilter(c.text, Resolve);
    ASSERT_FALSE(parsed.ok()) << c.text << " parsed as " << Show(*parsed);
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(parsed.error().fields().size(), 1U);
    EXPECT_EQ(parsed.error().fields()[0].field, "filter");
    EXPECT_NE(parsed.error().detail().find(c.contains), std::string::npos)
        << c.text << " -> " << parsed.error().detail();
  }
}

}  // namespace
}  // namespace emporion::search
