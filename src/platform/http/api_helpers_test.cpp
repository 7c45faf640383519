// api_helpers: list parameters, If-Match versions, diffs for the change history, query values.
#include "platform/http/api_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/http/dispatcher.hpp"

namespace emporion::http {
namespace {

Request WithQuery(std::string_view query) {
  Request r;
  r.query = ParseQueryString(query);
  return r;
}

Request WithIfMatch(std::string value) {
  Request r;
  r.headers.emplace_back("if-match", std::move(value));
  return r;
}

const std::vector<std::string> kSortable = {"name", "code", "createdAt"};

TEST(ParseListParamsTest, DefaultsWhenNothingIsGiven) {
  auto p = ParseListParams(WithQuery(""), kSortable);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->limit, 20);
  EXPECT_EQ(p->offset, 0);
  EXPECT_TRUE(p->sort.empty());
  EXPECT_FALSE(p->q.has_value());
}

TEST(ParseListParamsTest, ReadsLimitOffsetSortAndQuery) {
  auto p = ParseListParams(
      WithQuery("limit=1000&offset=40&sort=name:asc,createdAt:desc,code&q=red+shoe"), kSortable);
  ASSERT_TRUE(p.ok()) << p.error().detail();
  EXPECT_EQ(p->limit, 1000);
  EXPECT_EQ(p->offset, 40);
  ASSERT_EQ(p->sort.size(), 3u);
  EXPECT_EQ(p->sort[0].field, "name");
  EXPECT_FALSE(p->sort[0].descending);
  EXPECT_EQ(p->sort[1].field, "createdAt");
  EXPECT_TRUE(p->sort[1].descending);
  EXPECT_EQ(p->sort[2].field, "code");
  EXPECT_FALSE(p->sort[2].descending);
  EXPECT_EQ(p->q, "red shoe");
}

TEST(ParseListParamsTest, RejectsBadValuesWith400NamingTheField) {
  struct Case {
    const char* query;
    const char* field;
    const char* message;
  } cases[] = {
      {"limit=1001", "limit", "at most 1000"},
      {"limit=99999999999999999999", "limit", "integer"},
      {"limit=-1", "limit", "integer"},
      {"limit=ten", "limit", "integer"},
      {"limit=", "limit", "integer"},
      {"limit=5x", "limit", "integer"},
      {"offset=-5", "offset", "non-negative"},
      {"offset=abc", "offset", "non-negative"},
      {"sort=price", "sort", "unknown sort field 'price'"},
      {"sort=name:up", "sort", "direction must be asc or desc"},
      {"sort=name:ASC", "sort", "direction must be asc or desc"},
      {"sort=name:asc,secret:desc", "sort", "unknown sort field 'secret'"},
  };
  for (const auto& c : cases) {
    auto p = ParseListParams(WithQuery(c.query), kSortable);
    ASSERT_FALSE(p.ok()) << c.query;
    EXPECT_EQ(p.error().code(), ErrorCode::kInvalidArgument) << c.query;
    ASSERT_EQ(p.error().fields().size(), 1u) << c.query;
    EXPECT_EQ(p.error().fields()[0].field, c.field) << c.query;
    EXPECT_NE(p.error().detail().find(c.message), std::string::npos)
        << c.query << " -> " << p.error().detail();
  }
}

TEST(ParseListParamsTest, UnknownSortFieldListsTheSortableOnes) {
  auto p = ParseListParams(WithQuery("sort=price"), kSortable);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().detail().find("name, code, createdAt"), std::string::npos)
      << p.error().detail();
}

TEST(ParseListParamsTest, AcceptsTheLimitBoundaries) {
  for (const char* q : {"limit=0", "limit=1", "limit=1000", "offset=0", "sort=", "q="}) {
    EXPECT_TRUE(ParseListParams(WithQuery(q), kSortable).ok()) << q;
  }
}

TEST(IfMatchVersionTest, ReadsEveryEtagForm) {
  struct Case {
    const char* header;
    std::optional<std::int64_t> version;
  } cases[] = {
      {"3", 3}, {"\"3\"", 3}, {"W/\"3\"", 3}, {"\"12345678901\"", 12345678901}, {"*", std::nullopt},
  };
  for (const auto& c : cases) {
    auto v = IfMatchVersion(WithIfMatch(c.header));
    ASSERT_TRUE(v.ok()) << c.header;
    EXPECT_EQ(*v, c.version) << c.header;
  }
  auto absent = IfMatchVersion(Request{});
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
}

TEST(IfMatchVersionTest, MalformedValuesAre400) {
  for (const char* bad : {"abc", "\"3", "3\"", "\"\"", "\"3\", \"4\"", "W/", "\"v3\""}) {
    auto v = IfMatchVersion(WithIfMatch(bad));
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.error().code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(v.error().fields()[0].field, "If-Match");
  }
}

TEST(CheckVersionTest, OnlyAMismatchIs412) {
  EXPECT_TRUE(CheckVersion(std::nullopt, 7).ok());
  EXPECT_TRUE(CheckVersion(7, 7).ok());
  Status s = CheckVersion(6, 7);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kPreconditionFailed);
  EXPECT_NE(s.error().detail().find("current version is 7"), std::string::npos);
}

TEST(ListEnvelopeTest, WrapsItemsAndTotal) {
  EXPECT_EQ(ListEnvelope({}, 0), R"({"items":[],"total":0})");
  EXPECT_EQ(ListEnvelope({R"({"id":"a"})", R"({"id":"b"})"}, 42),
            R"({"items":[{"id":"a"},{"id":"b"}],"total":42})");
}

TEST(WriteMetaTest, WritesTheAuditFields) {
  json::Writer w;
  w.StartObject();
  WriteMeta(w, EntityMeta{"p1", 3, 1'795'000'000'000'000, "alice", 1'795'000'000'250'000, "bob"});
  w.EndObject();
  EXPECT_EQ(w.view(),
            R"({"id":"p1","version":3,"createdAt":"2026-11-18T11:06:40Z","createdBy":"alice",)"
            R"("modifiedAt":"2026-11-18T11:06:40.250Z","modifiedBy":"bob"})");
}

TEST(DiffJsonTest, ListsChangedAddedAndRemovedMembers) {
  auto before = json::Parse(
      R"({"name":"Old","price":1,"tags":["a"],"gone":true,"same":{"x":1},"version":1,"modifiedAt":"t1"})");
  auto after = json::Parse(
      R"({"name":"New","price":1,"tags":["a","b"],"added":null,"same":{"x":1},"version":2,"modifiedAt":"t2"})");
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(DiffJson(*before, *after), R"({"changes":[{"field":"name","from":"Old","to":"New"},)"
                                       R"({"field":"tags","from":["a"],"to":["a","b"]},)"
                                       R"({"field":"added","from":null,"to":null},)"
                                       R"({"field":"gone","from":true,"to":null}]})");
}

TEST(DiffJsonTest, RedactsNamedMembers) {
  auto before = json::Parse(R"({"passwordHash":"h1","email":"a@x"})");
  auto after = json::Parse(R"({"passwordHash":"h2","email":"a@x"})");
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(DiffJson(*before, *after, {"passwordHash"}),
            R"({"changes":[{"field":"passwordHash","from":"***","to":"***"}]})");
}

TEST(DiffJsonTest, NoChangesOrNonObjectsGiveAnEmptyList) {
  auto a = json::Parse(R"({"a":1})");
  auto arr = json::Parse("[1]");
  ASSERT_TRUE(a.ok() && arr.ok());
  EXPECT_EQ(DiffJson(*a, *a), R"({"changes":[]})");
  EXPECT_EQ(DiffJson(*arr, *a), R"({"changes":[]})");
}

TEST(QueryValueTest, BoolAcceptsOnlyTrueAndFalse) {
  EXPECT_EQ(*QueryBool(WithQuery("x=true"), "x"), std::optional<bool>(true));
  EXPECT_EQ(*QueryBool(WithQuery("x=false"), "x"), std::optional<bool>(false));
  EXPECT_EQ(*QueryBool(WithQuery(""), "x"), std::nullopt);
  for (const char* bad : {"x=1", "x=TRUE", "x=yes", "x="}) {
    auto r = QueryBool(WithQuery(bad), "x");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().fields()[0].field, "x");
  }
}

TEST(QueryValueTest, IntAcceptsOnlyWholeIntegers) {
  EXPECT_EQ(*QueryInt(WithQuery("n=-12"), "n"), std::optional<std::int64_t>(-12));
  EXPECT_EQ(*QueryInt(WithQuery(""), "n"), std::nullopt);
  for (const char* bad : {"n=1.5", "n=", "n=0x10", "n=1e3", "n= 1"}) {
    EXPECT_FALSE(QueryInt(WithQuery(bad), "n").ok()) << bad;
  }
}

}  // namespace
}  // namespace emporion::http
