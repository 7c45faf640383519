// JSON helpers: Parse errors, FieldReader type errors, RFC 7396 merge patch (appendix A vectors)
// and the Writer.
#include "platform/json/json.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "platform/core/clock.hpp"

namespace emporion::json {
namespace {

Document MustParse(std::string_view text) {
  auto doc = Parse(text);
  if (!doc.ok()) ADD_FAILURE() << text << ": " << doc.error().detail();
  return doc.ok() ? std::move(doc).value() : Document();
}

TEST(JsonParseTest, AcceptsEveryTopLevelValue) {
  for (const char* text :
       {"{}", "[]", "null", "true", "1", "-2.5e3", "\"s\"", " {\"a\": [1, {\"b\": null}]} \n"}) {
    EXPECT_TRUE(Parse(text).ok()) << text;
  }
}

TEST(JsonParseTest, RejectsMalformedTextNamingTheOffset) {
  struct Case {
    const char* text;
    const char* offset;
  } cases[] = {
      {"", "offset 0"},        {"{", "offset 1"},
      {"[1,]", "offset 3"},    {"{\"a\" 1}", "offset 5"},
      {"nul", "offset"},       {"{\"a\":1} x", "offset 8"},
      {"{'a':1}", "offset 1"}, {"\"unterminated", "offset"},
      {"[1] [2]", "offset 4"},
  };
  for (const auto& c : cases) {
    auto r = Parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().detail().find("malformed JSON"), std::string::npos) << c.text;
    EXPECT_NE(r.error().detail().find(c.offset), std::string::npos)
        << c.text << " -> " << r.error().detail();
  }
}

TEST(JsonParseTest, RejectsInvalidUtf8InStrings) {
  auto r = Parse("{\"name\": \"caf\xe9\"}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Parse("{\"name\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9b\x92\"}").ok());
}

TEST(JsonParseTest, RefusesHostileNestingWithoutCrashing) {
  // Deep documents would overflow the stack later (merge patch, copy, serialization recurse).
  const std::string open_only(200'000, '[');
  EXPECT_FALSE(Parse(open_only).ok());
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  auto r = Parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().detail().find("deep"), std::string::npos) << r.error().detail();
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100'000, '}');
  EXPECT_FALSE(Parse(objects).ok());
}

TEST(JsonParseTest, AcceptsNestingUpToTheLimitAndIgnoresBracketsInStrings) {
  const auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') + "\"[[[{{{\"" +
           std::string(static_cast<std::size_t>(depth), ']');
  };
  auto at_limit = Parse(nested(256));
  ASSERT_TRUE(at_limit.ok()) << at_limit.error().detail();
  const Value* v = &*at_limit;
  for (int i = 0; i < 256; ++i) {
    ASSERT_TRUE(v->IsArray());
    v = &(*v)[0];
  }
  EXPECT_STREQ(v->GetString(), "[[[{{{");
  EXPECT_FALSE(Parse(nested(257)).ok());
}

TEST(JsonParseTest, AcceptsReasonableNestingAndBracketsInsideStrings) {
  const std::string nested = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(Parse(nested).ok());
  const std::string brackets = "{\"s\": \"" + std::string(10'000, '[') + "\\\"{{{\"}";
  EXPECT_TRUE(Parse(brackets).ok());
}

TEST(JsonParseObjectTest, RequiresANonEmptyObject) {
  struct Case {
    const char* text;
    const char* detail;
  } cases[] = {
      {"", "empty"},
      {"  \n", "empty"},
      {"[]", "must be a JSON object"},
      {"42", "must be a JSON object"},
      {"{", "malformed JSON"},
  };
  for (const auto& c : cases) {
    auto r = ParseObject(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().detail().find(c.detail), std::string::npos) << r.error().detail();
  }
  EXPECT_TRUE(ParseObject("{\"a\":1}").ok());
}

TEST(JsonStringifyTest, IsCompactAndKeepsMemberOrder) {
  Document d = MustParse("{ \"b\" : 1 , \"a\" : [ true , null , \"x\" ] }");
  EXPECT_EQ(Stringify(d), R"({"b":1,"a":[true,null,"x"]})");
}

// RFC 7396 appendix A, every example.
TEST(MergePatchTest, MatchesRfc7396AppendixA) {
  struct Case {
    const char* target;
    const char* patch;
    const char* result;
  } cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", R"(null)", R"(null)"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const auto& c : cases) {
    Document target = MustParse(c.target);
    const Document patch = MustParse(c.patch);
    ApplyMergePatch(target, patch, target.GetAllocator());
    const Document expected = MustParse(c.result);
    EXPECT_TRUE(target == expected)
        << c.target << " + " << c.patch << " = " << Stringify(target) << ", want " << c.result;
  }
}

TEST(MergePatchTest, CopiesPatchStringsSoThePatchMayDie) {
  Document target = MustParse(R"({"name":"old"})");
  {
    Document patch = MustParse(R"({"name":"new","tags":["x"],"dims":{"w":1}})");
    ApplyMergePatch(target, patch, target.GetAllocator());
  }
  EXPECT_EQ(Stringify(target), R"({"name":"new","tags":["x"],"dims":{"w":1}})");
}

TEST(FieldReaderTest, ReadsPresentFieldsOfTheRightType) {
  Document d = MustParse(
      R"({"s":"text","i":-42,"b":true,"t":"2026-11-24T17:05:00Z","arr":["x","y"],"n":null})");
  FieldReader r(d);
  EXPECT_EQ(r.String("s"), "text");
  EXPECT_EQ(r.Int("i"), -42);
  EXPECT_EQ(r.Bool("b"), true);
  EXPECT_EQ(r.Timestamp("t"), ParseIso8601("2026-11-24T17:05:00Z"));
  EXPECT_EQ(r.StringArray("arr"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(r.String("n"), std::nullopt);  // null reads as absent
  EXPECT_EQ(r.String("missing"), std::nullopt);
  EXPECT_NE(r.Raw("arr"), nullptr);
  EXPECT_EQ(r.Raw("n"), nullptr);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.ToStatus().ok());
}

TEST(FieldReaderTest, ReportsEveryTypeErrorWithItsField) {
  Document d = MustParse(R"({"s":1,"i":"1","f":1.5,"big":18446744073709551615,"b":"true",
      "t":"yesterday","zoneless":"2026-11-24T17:05:00","arr":"x","mixed":["a",2]})");
  struct Case {
    const char* field;
    const char* message;
  } expected[] = {
      {"items[3].s", "must be a string"},
      {"items[3].i", "must be an integer"},
      {"items[3].f", "must be an integer"},
      {"items[3].big", "must be an integer"},
      {"items[3].b", "must be a boolean"},
      {"items[3].t", "must be an ISO 8601 date-time"},
      {"items[3].zoneless", "must be an ISO 8601 date-time"},
      {"items[3].arr", "must be an array of strings"},
      {"items[3].mixed[1]", "must be a string"},
      {"items[3].required", "is required"},
  };
  FieldReader r(d, "items[3].");
  EXPECT_EQ(r.String("s"), std::nullopt);
  EXPECT_EQ(r.Int("i"), std::nullopt);
  EXPECT_EQ(r.Int("f"), std::nullopt);
  EXPECT_EQ(r.Int("big"), std::nullopt);
  EXPECT_EQ(r.Bool("b"), std::nullopt);
  EXPECT_EQ(r.Timestamp("t"), std::nullopt);
  EXPECT_EQ(r.Timestamp("zoneless"), std::nullopt);
  EXPECT_EQ(r.StringArray("arr"), std::nullopt);
  EXPECT_EQ(r.StringArray("mixed"), std::nullopt);
  EXPECT_EQ(r.String("required", true), std::nullopt);
  ASSERT_EQ(r.errors().size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(r.errors()[i].field, expected[i].field);
    EXPECT_EQ(r.errors()[i].message.rfind(expected[i].message, 0), 0u) << r.errors()[i].message;
  }
  Status s = r.ToStatus();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().fields().size(), std::size(expected));
  EXPECT_NE(s.error().detail().find("items[3].s must be a string"), std::string::npos);
  EXPECT_EQ(r.ToStatus(ErrorCode::kUnprocessable).error().code(), ErrorCode::kUnprocessable);
}

TEST(FieldReaderTest, RequiredFieldsThatAreNullOrMissingAreErrors) {
  Document d = MustParse(R"({"a":null})");
  FieldReader r(d);
  EXPECT_EQ(r.String("a", true), std::nullopt);
  EXPECT_EQ(r.Int("b", true), std::nullopt);
  EXPECT_EQ(r.Bool("c", true), std::nullopt);
  EXPECT_EQ(r.StringArray("d", true), std::nullopt);
  EXPECT_EQ(r.Timestamp("e", true), std::nullopt);
  ASSERT_EQ(r.errors().size(), 5u);
  for (const auto& e : r.errors()) EXPECT_EQ(e.message, "is required") << e.field;
}

TEST(FieldReaderTest, AReaderOverANonObjectSeesNothing) {
  Document d = MustParse("[1,2]");
  FieldReader r(d);
  EXPECT_EQ(r.String("a"), std::nullopt);
  EXPECT_EQ(r.Raw("a"), nullptr);
  EXPECT_TRUE(r.ok());
}

TEST(FieldReaderTest, Int64ExtremesRoundTrip) {
  Document d = MustParse(R"({"min":-9223372036854775808,"max":9223372036854775807})");
  FieldReader r(d);
  EXPECT_EQ(r.Int("min"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(r.Int("max"), std::numeric_limits<std::int64_t>::max());
}

TEST(JsonWriterTest, WritesEveryKindOfValueCompactly) {
  Document inner = MustParse(R"({"x":[1,2]})");
  Writer w;
  w.StartObject()
      .Key("s")
      .String("a\"b\\c\n\t\x01")
      .Key("u")
      .String("\xc3\xa9\xe2\x82\xac")
      .Key("i")
      .Int(std::numeric_limits<std::int64_t>::min())
      .Key("t")
      .Bool(true)
      .Key("f")
      .Bool(false)
      .Key("n")
      .Null()
      .Key("d")
      .Double(1.5)
      .Key("time")
      .Time(1'795'000'000'250'000)
      .Key("some")
      .OptString(std::string("v"))
      .Key("none")
      .OptString(std::nullopt)
      .Key("raw")
      .RawJson(R"({"pre":"serialized"})")
      .Key("dom")
      .Value(inner)
      .Key("arr")
      .StartArray()
      .Int(1)
      .String("two")
      .EndArray()
      .EndObject();
  EXPECT_EQ(w.view(),
            "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\",\"u\":\"\xc3\xa9\xe2\x82\xac\","
            "\"i\":-9223372036854775808,\"t\":true,\"f\":false,\"n\":null,\"d\":1.5,"
            "\"time\":\"2026-11-18T11:06:40.250Z\",\"some\":\"v\",\"none\":null,"
            "\"raw\":{\"pre\":\"serialized\"},\"dom\":{\"x\":[1,2]},\"arr\":[1,\"two\"]}");
  EXPECT_EQ(w.str(), std::string(w.view()));
  EXPECT_TRUE(Parse(w.view()).ok());
}

TEST(JsonWriterTest, KeysAndStringsMayContainNulBytes) {
  Writer w;
  w.StartObject().Key(std::string_view("k\0", 2)).String(std::string_view("a\0b", 3)).EndObject();
  EXPECT_EQ(w.view(), "{\"k\\u0000\":\"a\\u0000b\"}");
}

TEST(JsonHelpersTest, SetMemberReplacesOrAdds) {
  Document d = MustParse(R"({"a":1})");
  SetMember(d, "a", Value(2), d.GetAllocator());
  SetMember(d, "b", StringValue("x", d.GetAllocator()), d.GetAllocator());
  EXPECT_EQ(Stringify(d), R"({"a":2,"b":"x"})");
}

}  // namespace
}  // namespace emporion::json
