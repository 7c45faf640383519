#include "search/index/index.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace emporion::search {
namespace {

// Thread CPU time: the machine is shared, wall time would measure the neighbours.
std::chrono::nanoseconds CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

using Kw = std::vector<std::pair<std::string, std::string>>;
using Nums = std::vector<std::pair<std::string, int64_t>>;

Document Doc(const std::string& id, const Kw& keywords, const Nums& numbers = {}) {
  Document d;
  d.id = id;
  for (const auto& [f, v] : keywords) d.keywords.push_back({f, v});
  for (const auto& [f, v] : numbers) d.numbers.push_back({f, v});
  d.stored = "{" + id + "}";
  return d;
}

Filter Terms(const std::string& field, std::vector<std::string> values) {
  Filter f;
  f.kind = Filter::Kind::kTerms;
  f.field = field;
  f.values = std::move(values);
  return f;
}

Filter Range(const std::string& field, std::optional<int64_t> lo, std::optional<int64_t> hi,
             bool lo_inclusive = true, bool hi_inclusive = true) {
  Filter f;
  f.kind = Filter::Kind::kRange;
  f.field = field;
  if (lo) f.lower = Filter::Bound{*lo, lo_inclusive};
  if (hi) f.upper = Filter::Bound{*hi, hi_inclusive};
  return f;
}

Filter Combine(Filter::Kind kind, std::vector<Filter> children) {
  Filter f;
  f.kind = kind;
  f.children = std::move(children);
  return f;
}

Filter Exists(const std::string& field) {
  Filter f;
  f.kind = Filter::Kind::kExists;
  f.field = field;
  return f;
}

std::vector<std::string> HitIds(const SearchResult& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

std::map<std::string, uint64_t> Counts(const SearchResult& r, const std::string& name) {
  std::map<std::string, uint64_t> out;
  for (const FacetResult& f : r.facets) {
    if (f.name == name) {
      for (const auto& v : f.values) out[v.value] = v.count;
    }
  }
  return out;
}

FacetRequest TermFacet(const std::string& field) {
  FacetRequest fr;
  fr.name = field;
  fr.field = field;
  return fr;
}

// The worked example: three colors, two brands, prices.
class ShopIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(index_
                    .Upsert({
                        Doc("1", {{"color", "red"}, {"brand", "A"}}, {{"price", 10}}),
                        Doc("2", {{"color", "red"}, {"brand", "B"}}, {{"price", 20}}),
                        Doc("3", {{"color", "blue"}, {"brand", "A"}}, {{"price", 30}}),
                        Doc("4", {{"color", "green"}, {"brand", "B"}}, {{"price", 40}}),
                        Doc("5", {{"color", "blue"}, {"brand", "B"}}),
                        Doc("6", {{"color", "red"}, {"brand", "A"}}, {{"price", 50}}),
                    })
                    .ok());
  }
  SearchResult Run(const Query& q) {
    auto r = index_.Search(q);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    return r.ok() ? *r : SearchResult{};
  }
  std::vector<std::string> Ids(const Filter& f) {
    Query q;
    q.filter = f;
    q.limit = 100;
    return HitIds(Run(q));
  }
  Index index_;
};

TEST_F(ShopIndexTest, FiltersTermsRangesNotOrAndNested) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Ids(Filter{}), (V{"1", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(Ids(Terms("color", {"red"})), (V{"1", "2", "6"}));
  EXPECT_EQ(Ids(Terms("color", {"blue", "green"})), (V{"3", "4", "5"}));
  EXPECT_EQ(Ids(Terms("color", {"purple"})), V{});
  EXPECT_EQ(Ids(Range("price", 20, 40)), (V{"2", "3", "4"}));
  EXPECT_EQ(Ids(Range("price", 20, 40, false, false)), (V{"3"}));
  EXPECT_EQ(Ids(Range("price", 20, 40, true, false)), (V{"2", "3"}));
  EXPECT_EQ(Ids(Range("price", std::nullopt, 20)), (V{"1", "2"}));
  EXPECT_EQ(Ids(Range("price", 41, std::nullopt)), (V{"6"}));
  EXPECT_EQ(Ids(Range("price", std::nullopt, std::nullopt)), (V{"1", "2", "3", "4", "6"}));
  EXPECT_EQ(Ids(Combine(Filter::Kind::kNot, {Terms("color", {"red"})})), (V{"3", "4", "5"}));
  EXPECT_EQ(Ids(Combine(Filter::Kind::kNot, {Range("price", 0, 100)})), (V{"5"}));
  EXPECT_EQ(Ids(Combine(Filter::Kind::kOr, {Terms("color", {"green"}), Range("price", 0, 10)})),
            (V{"1", "4"}));
  EXPECT_EQ(Ids(Combine(Filter::Kind::kAnd,
                        {Terms("brand", {"A"}),
                         Combine(Filter::Kind::kOr,
                                 {Terms("color", {"blue"}),
                                  Combine(Filter::Kind::kNot, {Range("price", 0, 20)})})})),
            (V{"3", "6"}));
  EXPECT_EQ(Ids(Exists("price")), (V{"1", "2", "3", "4", "6"}));
  EXPECT_EQ(Ids(Combine(Filter::Kind::kNot, {Exists("price")})), (V{"5"}));
  EXPECT_EQ(Ids(Exists("color")).size(), 6U);
}

TEST_F(ShopIndexTest, DisjunctiveFacetsLeaveOutTheirOwnClauses) {
  Query q;
  q.filter = Combine(Filter::Kind::kAnd, {Terms("color", {"red"}), Range("price", 0, 1000)});
  q.facets = {TermFacet("color"), TermFacet("brand")};
  FacetRequest price;
  price.name = "price";
  price.field = "price";
  price.type = FacetRequest::Type::kRange;
  price.ranges = {{"cheap", std::nullopt, 25}, {"dear", 25, std::nullopt}};
  q.facets.push_back(price);
  for (FacetStrategy s : {FacetStrategy::kAuto, FacetStrategy::kIterate, FacetStrategy::kBitmaps}) {
    index_.set_facet_strategy(s);
    const SearchResult r = Run(q);
    EXPECT_EQ(r.total, 3U);
    // The color facet ignores color:red: every other color counts over the price filter
    // (doc 5 has no price).
    EXPECT_EQ(Counts(r, "color"),
              (std::map<std::string, uint64_t>{{"red", 3}, {"blue", 1}, {"green", 1}}));
    // The brand facet counts only red items.
    EXPECT_EQ(Counts(r, "brand"), (std::map<std::string, uint64_t>{{"A", 2}, {"B", 1}}));
    // The price range facet ignores the price clause: red items 10, 20, 50.
    EXPECT_EQ(Counts(r, "price"), (std::map<std::string, uint64_t>{{"cheap", 2}, {"dear", 1}}));
    ASSERT_EQ(r.facets[2].values[0].to, std::optional<int64_t>(25));
  }
}

TEST_F(ShopIndexTest, FacetValuesOrderedByCountThenValueWithSizeAndInclude) {
  Query q;
  FacetRequest fr = TermFacet("color");
  fr.size = 1;
  fr.include = {"green", "purple"};
  q.facets = {fr};
  const SearchResult r = Run(q);
  ASSERT_EQ(r.facets.size(), 1U);
  ASSERT_EQ(r.facets[0].values.size(), 3U);
  EXPECT_EQ(r.facets[0].values[0].value, "red");
  EXPECT_EQ(r.facets[0].values[0].count, 3U);
  EXPECT_EQ(r.facets[0].values[1].value, "green");
  EXPECT_EQ(r.facets[0].values[1].count, 1U);
  EXPECT_EQ(r.facets[0].values[2].value, "purple");
  EXPECT_EQ(r.facets[0].values[2].count, 0U);
  fr.size = 3;
  fr.include = {};
  q.facets = {fr};
  const SearchResult all = Run(q);
  ASSERT_EQ(all.facets[0].values.size(), 3U);
  EXPECT_EQ(all.facets[0].values[1].value, "blue");  // 2 blue, 1 green
  EXPECT_EQ(all.facets[0].values[2].value, "green");
}

TEST_F(ShopIndexTest, UnknownOrMisusedFieldsAreRejectedNamingTheParameter) {
  struct Case {
    Query query;
    const char* param;
  };
  std::vector<Case> cases;
  Query q;
  q.filter = Terms("nope", {"x"});
  cases.push_back({q, "filter"});
  q = {};
  q.filter = Range("color", 1, 2);
  cases.push_back({q, "filter"});
  q = {};
  q.filter = Terms("price", {"1"});
  cases.push_back({q, "filter"});
  q = {};
  q.sort = {{"nope", false}};
  cases.push_back({q, "sort"});
  q = {};
  q.facets = {TermFacet("nope")};
  cases.push_back({q, "facets"});
  q = {};
  q.facets = {TermFacet("price")};
  cases.push_back({q, "facets"});
  for (const Case& c : cases) {
    auto r = index_.Search(c.query);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    ASSERT_FALSE(r.error().fields().empty());
    EXPECT_EQ(r.error().fields()[0].field, c.param) << r.error().detail();
  }
}

TEST_F(ShopIndexTest, ReplacedAndRemovedDocumentsAreNeverReturnedOrCounted) {
  ASSERT_TRUE(index_.Upsert({Doc("1", {{"color", "blue"}, {"brand", "C"}}, {{"price", 99}})}).ok());
  index_.Remove({"6", "unknown"});
  Query q;
  q.filter = Terms("color", {"red"});
  q.facets = {TermFacet("brand"), TermFacet("color")};
  q.limit = 100;
  for (FacetStrategy s : {FacetStrategy::kIterate, FacetStrategy::kBitmaps}) {
    index_.set_facet_strategy(s);
    const SearchResult r = Run(q);
    EXPECT_EQ(HitIds(r), (std::vector<std::string>{"2"}));
    EXPECT_EQ(r.total, 1U);
    EXPECT_EQ(Counts(r, "brand"), (std::map<std::string, uint64_t>{{"B", 1}}));
    EXPECT_EQ(Counts(r, "color"),
              (std::map<std::string, uint64_t>{{"red", 1}, {"blue", 3}, {"green", 1}}));
  }
  EXPECT_EQ(Ids(Combine(Filter::Kind::kNot, {Terms("color", {"blue"})})),
            (std::vector<std::string>{"2", "4"}));
  EXPECT_EQ(Ids(Range("price", 99, 99)), (std::vector<std::string>{"1"}));
  const IndexStats s = index_.Stats();
  EXPECT_EQ(s.documents, 5U);
  EXPECT_EQ(s.deleted, 2U);
  EXPECT_GT(s.memory_bytes, 0U);
  EXPECT_GT(s.last_update_millis, 0);
}

// Values held by one document each (ids, codes) live inline, not as bitmaps: filters over several
// of them, facets with both strategies, sorting, replacement and Trim answer as for shared values.
TEST(IndexTest, UniqueKeywordValuesFilterCountAndSurviveReplacementAndTrim) {
  Index index;
  std::vector<Document> docs;
  for (int i = 0; i < 300; ++i) {
    docs.push_back(Doc("d" + std::to_string(i), {{"code", "c" + std::to_string(i)},
                                                 {"color", i % 2 == 0 ? "red" : "blue"}}));
  }
  ASSERT_TRUE(index.Upsert(docs).ok());
  // Replace d7: its code moves to the new document; c8 moves to d9 (a value with two documents
  // over time, one live).
  ASSERT_TRUE(index
                  .Upsert({Doc("d7", {{"code", "c7"}, {"color", "red"}}),
                           Doc("d9", {{"code", "c8"}, {"color", "blue"}})})
                  .ok());
  index.Trim();
  Query q;
  q.filter = Terms("code", {"c7", "c8", "c9", "c299", "none"});
  q.facets = {TermFacet("color")};
  q.sort = {{"code", false}};
  q.limit = 10;
  for (FacetStrategy s : {FacetStrategy::kIterate, FacetStrategy::kBitmaps}) {
    index.set_facet_strategy(s);
    auto r = index.Search(q);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(HitIds(*r), (std::vector<std::string>{"d299", "d7", "d8", "d9"}));
    EXPECT_EQ(Counts(*r, "color"), (std::map<std::string, uint64_t>{{"red", 2}, {"blue", 2}}));
  }
  EXPECT_EQ(index.Stats().documents, 300U);
  EXPECT_EQ(index.Stats().memory_parts.empty(), false);
}

// Text with filters that no facet leaves out (applied inside the text search) and filters that
// a disjunctive facet leaves out: totals, hits and facet counts against a brute force, with
// live and dead documents, for an exact word and a prefix with many completions.
TEST(IndexTest, TextWithCoreAndFacetFiltersMatchesABruteForce) {
  Index index;
  const std::vector<std::string> words = {"kobax", "kodum", "kopag", "kozik", "kumab", "lodax"};
  const std::vector<std::string> colors = {"red", "blue", "green"};
  const std::vector<std::string> groups = {"g1", "g2", "g3", "g4"};
  struct Row {
    std::string text;
    std::string color;
    std::string group;
    bool active = false;
    bool live = true;
  };
  std::vector<Row> rows(3000);
  std::mt19937 rng(7);
  std::vector<Document> docs;
  for (size_t i = 0; i < rows.size(); ++i) {
    Row& row = rows[i];
    row.text = words[rng() % words.size()] + " " + words[rng() % words.size()];
    row.color = colors[rng() % colors.size()];
    row.group = groups[rng() % groups.size()];
    row.active = rng() % 5 != 0;
    Document d =
        Doc(std::to_string(i),
            {{"color", row.color}, {"group", row.group}, {"active", row.active ? "true" : "false"}},
            {{"price", static_cast<int64_t>(i % 100)}});
    d.texts.push_back({"name", "", row.text, 1.0F});
    docs.push_back(std::move(d));
  }
  ASSERT_TRUE(index.Upsert(docs).ok());
  // Some dead documents: removed, and replaced (the replacement is active and green).
  std::vector<std::string> removed;
  std::vector<Document> replaced;
  for (size_t i = 0; i < rows.size(); i += 7) {
    if (i % 2 == 0) {
      removed.push_back(std::to_string(i));
      rows[i].live = false;
    } else {
      rows[i].color = "green";
      rows[i].active = true;
      Document d =
          Doc(std::to_string(i), {{"color", "green"}, {"group", rows[i].group}, {"active", "true"}},
              {{"price", static_cast<int64_t>(i % 100)}});
      d.texts.push_back({"name", "", rows[i].text, 1.0F});
      replaced.push_back(std::move(d));
    }
  }
  index.Remove(removed);
  ASSERT_TRUE(index.Upsert(replaced).ok());

  for (const std::string text : {"kozik", "ko", "kodum lo"}) {
    const bool prefix = text != "kozik";
    auto text_matches = [&](const Row& row) {
      std::istringstream in(row.text);
      std::vector<std::string> tokens{std::istream_iterator<std::string>(in), {}};
      std::istringstream q(text);
      std::vector<std::string> want{std::istream_iterator<std::string>(q), {}};
      for (size_t w = 0; w < want.size(); ++w) {
        const bool last_prefix = prefix && w + 1 == want.size();
        bool found = false;
        for (const auto& t : tokens) {
          found = found || t == want[w] || (last_prefix && t.rfind(want[w], 0) == 0);
        }
        if (!found) return false;
      }
      return true;
    };
    Query q;
    q.text = text;
    q.language = "en";
    q.typos = false;
    q.filter = Combine(Filter::Kind::kAnd, {Terms("active", {"true"}), Terms("group", {"g1", "g3"}),
                                            Terms("color", {"red"}), Range("price", 10, 80)});
    q.facets = {TermFacet("color"), TermFacet("group")};
    q.sort = {SortKey{"price", false}};
    q.limit = 5000;
    auto r = index.Search(q);
    ASSERT_TRUE(r.ok()) << text;
    std::set<std::string> want_hits;
    std::map<std::string, uint64_t> want_color;
    std::map<std::string, uint64_t> want_group;
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& row = rows[i];
      const int64_t price = static_cast<int64_t>(i % 100);
      if (!row.live || !row.active || !text_matches(row) || price < 10 || price > 80) continue;
      const bool group_ok = row.group == "g1" || row.group == "g3";
      const bool color_ok = row.color == "red";
      if (group_ok && color_ok) want_hits.insert(std::to_string(i));
      if (group_ok) ++want_color[row.color];
      if (color_ok) ++want_group[row.group];
    }
    const std::vector<std::string> got = HitIds(*r);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), want_hits) << text;
    EXPECT_EQ(r->total, want_hits.size()) << text;
    EXPECT_EQ(Counts(*r, "color"), want_color) << text;
    EXPECT_EQ(Counts(*r, "group"), want_group) << text;
  }
}

TEST(IndexTest, KeywordsSortedByAFieldMatchAsByRelevanceWithoutScores) {
  Index index;
  std::vector<Document> docs;
  for (int i = 0; i < 8; ++i) {
    Document d =
        Doc(std::to_string(i), {{"color", i % 2 == 0 ? "red" : "blue"}}, {{"price", 100 - i}});
    d.texts.push_back({"name", "en", i % 3 == 0 ? "copper kettle" : "copper pan", 1.0F});
    docs.push_back(std::move(d));
  }
  ASSERT_TRUE(index.Upsert(docs).ok());
  auto run = [&](const std::string& text, bool by_price) {
    Query q;
    q.text = text;
    q.language = "en";
    q.facets = {TermFacet("color")};
    q.limit = 100;
    if (by_price) q.sort = {SortKey{"price", false}};
    auto r = index.Search(q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : SearchResult{};
  };
  auto sorted_ids = [](SearchResult r) {
    std::vector<std::string> ids = HitIds(r);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  // Before and after a replacement and a removal (dead documents are skipped either way).
  for (int round = 0; round < 2; ++round) {
    for (const std::string text : {"copper", "kettle", "ket", "coppr pan", "zebra"}) {
      const SearchResult relevance = run(text, false);
      const SearchResult price = run(text, true);
      EXPECT_EQ(sorted_ids(relevance), sorted_ids(price)) << text;
      EXPECT_EQ(relevance.total, price.total) << text;
      EXPECT_EQ(Counts(relevance, "color"), Counts(price, "color")) << text;
      for (const Hit& h : relevance.hits) EXPECT_GT(h.score, 0.0F) << text;
      for (const Hit& h : price.hits) EXPECT_EQ(h.score, 0.0F) << text;
      for (size_t i = 1; i < price.hits.size(); ++i) {
        EXPECT_GT(price.hits[i - 1].id, price.hits[i].id) << text;  // price 100 - id, ascending
      }
    }
    Document kettle = Doc("1", {{"color", "blue"}}, {{"price", 99}});
    kettle.texts.push_back({"name", "en", "copper kettle", 1.0F});
    ASSERT_TRUE(index.Upsert({kettle}).ok());
    index.Remove({"3"});
  }
  EXPECT_EQ(HitIds(run("kettle", true)), (std::vector<std::string>{"6", "1", "0"}));  // 3 removed
  // A removal adds no document: the unscored words' cached documents stay, masked by the live
  // ones (here without any filter), and agree with the scored search.
  index.Remove({"0"});
  EXPECT_EQ(HitIds(run("kettle", true)), (std::vector<std::string>{"6", "1"}));
  EXPECT_EQ(sorted_ids(run("kettle", false)), (std::vector<std::string>{"1", "6"}));
  EXPECT_EQ(run("copper", true).total, 6U);  // 8 less the two removed
}

TEST_F(ShopIndexTest, KindClashRejectsTheWholeBatch) {
  Document clash = Doc("8", {}, {{"color", 5}});
  auto st = index_.Upsert({Doc("7", {{"size", "XL"}, {"color", "red"}}), clash});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(st.error().fields().size(), 1U);
  EXPECT_EQ(st.error().fields()[0].field, "color");
  EXPECT_NE(st.error().detail().find("'8'"), std::string::npos) << st.error().detail();
  EXPECT_EQ(index_.KindOf("size"), FieldKind::kUnknown);
  EXPECT_EQ(index_.KindOf("color"), FieldKind::kKeyword);
  EXPECT_EQ(index_.Stats().documents, 6U);
  // Two documents of one batch that disagree on a new field.
  st = index_.Upsert({Doc("9", {{"fresh", "x"}}), Doc("10", {}, {{"fresh", 1}})});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(index_.KindOf("fresh"), FieldKind::kUnknown);
  // A number field given twice in one document.
  st = index_.Upsert({Doc("11", {}, {{"price", 1}, {"price", 2}})});
  EXPECT_FALSE(st.ok());
}

TEST(IndexTest, ComputedNumberIsFirstPresentFieldInFilterFacetAndSort) {
  Index index;
  ASSERT_TRUE(index
                  .Upsert({
                      Doc("a", {}, {{"p1", 100}, {"p2", 5}}),  // eff 100
                      Doc("b", {}, {{"p2", 50}, {"p3", 1}}),   // eff 50
                      Doc("c", {}, {{"p3", 70}}),              // eff 70
                      Doc("d", {}, {}),                        // none
                      Doc("e", {}, {{"p1", 10}}),              // eff 10
                  })
                  .ok());
  Query q;
  q.computed = {{"eff", {"p1", "p2", "p3", "never_used"}}};
  q.filter = Range("eff", 50, 100);
  q.sort = {{"eff", false}};
  FacetRequest fr;
  fr.name = "eff";
  fr.field = "eff";
  fr.type = FacetRequest::Type::kRange;
  fr.ranges = {{"lo", std::nullopt, 60}, {"hi", 60, std::nullopt}};
  q.facets = {fr};
  auto r = index.Search(q);
  ASSERT_TRUE(r.ok()) << r.error().detail();
  EXPECT_EQ(HitIds(*r), (std::vector<std::string>{"b", "c", "a"}));
  ASSERT_EQ(r->hits[0].computed.size(), 1U);
  EXPECT_EQ(r->hits[0].computed[0], std::optional<int64_t>(50));
  // The facet leaves out the eff clause: 10 and 50 below 60, 70 and 100 above.
  EXPECT_EQ(Counts(*r, "eff"), (std::map<std::string, uint64_t>{{"lo", 2}, {"hi", 2}}));
  q.filter = {};
  q.facets = {};
  q.sort = {{"eff", true}};
  r = index.Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(HitIds(*r), (std::vector<std::string>{"a", "c", "b", "e", "d"}));
  EXPECT_EQ(r->hits[4].computed[0], std::nullopt);
  q.filter = Exists("eff");
  r = index.Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 4U);
}

TEST(IndexTest, SortsByNumberKeywordAndSeveralKeysWithMissingLast) {
  Index index;
  ASSERT_TRUE(index
                  .Upsert({
                      Doc("a", {{"name", "pear"}}, {{"w", 3}}),
                      Doc("b", {{"name", "apple"}}, {}),
                      Doc("c", {}, {{"w", 1}}),
                      Doc("d", {{"name", "fig"}, {"name", "aaa"}}, {{"w", 3}}),
                      Doc("e", {{"name", "apple"}}, {{"w", 2}}),
                  })
                  .ok());
  auto sorted = [&](std::vector<SortKey> keys) {
    Query q;
    q.sort = std::move(keys);
    auto r = index.Search(q);
    EXPECT_TRUE(r.ok());
    return HitIds(*r);
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(sorted({{"w", false}}), (V{"c", "e", "a", "d", "b"}));
  EXPECT_EQ(sorted({{"w", true}}), (V{"a", "d", "e", "c", "b"}));
  // Keyword sort uses the first value ("fig" for d, not "aaa").
  EXPECT_EQ(sorted({{"name", false}}), (V{"b", "e", "d", "a", "c"}));
  EXPECT_EQ(sorted({{"name", true}}), (V{"a", "d", "b", "e", "c"}));
  EXPECT_EQ(sorted({{"name", false}, {"w", true}}), (V{"e", "b", "d", "a", "c"}));
  EXPECT_EQ(sorted({{"w", true}, {"name", false}}), (V{"d", "a", "e", "c", "b"}));
  EXPECT_EQ(sorted({}), (V{"a", "b", "c", "d", "e"}));
}

TEST(IndexTest, PagesWithOffsetAndLimitOverTopK) {
  Index index;
  std::vector<Document> docs;
  for (int i = 0; i < 1000; ++i) {
    docs.push_back(Doc("d" + std::to_string(i), {{"parity", i % 2 ? "odd" : "even"}},
                       {{"n", (i * 7919) % 1000}}));
  }
  ASSERT_TRUE(index.Upsert(docs).ok());
  Query q;
  q.sort = {{"n", true}};
  q.offset = 10;
  q.limit = 5;
  auto r = index.Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 1000U);
  ASSERT_EQ(r->hits.size(), 5U);
  // n = (i * 7919) % 1000 is a permutation of 0..999; descending from 989.
  for (size_t k = 0; k < 5; ++k) {
    const int n = 989 - static_cast<int>(k);
    int i = 0;
    while ((i * 7919) % 1000 != n) ++i;
    EXPECT_EQ(r->hits[k].id, "d" + std::to_string(i));
  }
  q.sort = {};
  q.filter = Terms("parity", {"odd"});
  q.offset = 495;
  q.limit = 20;
  r = index.Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 500U);
  EXPECT_EQ(HitIds(*r), (std::vector<std::string>{"d991", "d993", "d995", "d997", "d999"}));
  q.offset = 600;
  r = index.Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->hits.empty());
  EXPECT_EQ(r->total, 500U);
  q.offset = 0;
  q.limit = 0;
  r = index.Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->hits.empty());
  EXPECT_EQ(r->total, 500U);
}

// Random documents and filters against a brute-force oracle; both facet strategies.
TEST(IndexTest, RandomFiltersAndFacetsMatchBruteForce) {
  std::mt19937 rng(11);
  Index index;
  struct Row {
    std::set<std::string> tags;
    std::string color;
    std::optional<int64_t> n;
    bool live = true;
  };
  std::vector<Row> rows;
  std::map<std::string, size_t> row_of;
  const std::vector<std::string> colors = {"c0", "c1", "c2", "c3", "c4"};
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<Document> docs;
    for (int k = 0; k < 400; ++k) {
      const std::string id = "id" + std::to_string(rng() % 6000);
      Row row;
      Document d;
      d.id = id;
      row.color = colors[rng() % colors.size()];
      d.keywords.push_back({"color", row.color});
      const int ntags = static_cast<int>(rng() % 3);
      for (int t = 0; t < ntags; ++t) {
        std::string tag = "t" + std::to_string(rng() % 40);
        d.keywords.push_back({"tag", tag});
        row.tags.insert(tag);
      }
      if (rng() % 4 != 0) {
        row.n = static_cast<int64_t>(rng() % 1000);
        d.numbers.push_back({"n", *row.n});
      }
      if (auto it = row_of.find(id); it != row_of.end()) rows[it->second].live = false;
      // Within one batch a later copy of an id replaces an earlier one, as across batches.
      row_of[id] = rows.size();
      rows.push_back(row);
      docs.push_back(std::move(d));
    }
    ASSERT_TRUE(index.Upsert(docs).ok());
    std::vector<std::string> gone;
    for (int k = 0; k < 30; ++k) {
      const std::string id = "id" + std::to_string(rng() % 6000);
      gone.push_back(id);
      if (auto it = row_of.find(id); it != row_of.end()) {
        rows[it->second].live = false;
        row_of.erase(it);
      }
    }
    index.Remove(gone);
  }
  for (int round = 0; round < 40; ++round) {
    const std::string c = colors[rng() % colors.size()];
    const std::string t1 = "t" + std::to_string(rng() % 40);
    const std::string t2 = "t" + std::to_string(rng() % 40);
    const auto lo = static_cast<int64_t>(rng() % 600);
    const auto hi = lo + static_cast<int64_t>(rng() % 500);
    Query q;
    q.filter = Combine(Filter::Kind::kAnd,
                       {Combine(Filter::Kind::kNot, {Terms("color", {c})}),
                        Combine(Filter::Kind::kOr, {Terms("tag", {t1, t2}), Range("n", lo, hi)})});
    q.facets = {TermFacet("tag"), TermFacet("color")};
    q.facets[0].size = 100;
    q.limit = 0;
    uint64_t total = 0;
    std::map<std::string, uint64_t> tag_counts;
    std::map<std::string, uint64_t> color_counts;
    for (const Row& row : rows) {
      if (!row.live) continue;
      const bool not_c = row.color != c;
      const bool any =
          row.tags.count(t1) || row.tags.count(t2) || (row.n && *row.n >= lo && *row.n <= hi);
      if (any) {
        ++color_counts[row.color];  // the color facet leaves out the color clause
      }
      if (not_c && any) {
        ++total;
        for (const auto& t : row.tags) ++tag_counts[t];
      }
    }
    for (FacetStrategy s : {FacetStrategy::kIterate, FacetStrategy::kBitmaps}) {
      index.set_facet_strategy(s);
      auto r = index.Search(q);
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(r->total, total);
      EXPECT_EQ(Counts(*r, "tag"), tag_counts);
      EXPECT_EQ(Counts(*r, "color"), color_counts);
    }
  }
}

// Keyword filter results and the facets' shared core come from the query cache until the next
// write: a replacement, an addition and a removal each show in the next answer.
TEST(IndexTest, CachedKeywordFiltersFollowEveryWrite) {
  Index index;
  auto doc = [](const std::string& id, const std::string& active, const std::string& color) {
    return Doc(id, {{"shop", "s"}, {"active", active}, {"color", color}});
  };
  ASSERT_TRUE(
      index.Upsert({doc("a", "true", "red"), doc("b", "true", "blue"), doc("c", "false", "red")})
          .ok());
  auto answer = [&]() {
    Query q;  // two core clauses (their intersection is cached too) and a faceted one
    q.filter = Combine(Filter::Kind::kAnd, {Terms("shop", {"s"}), Terms("active", {"true"}),
                                            Terms("color", {"red", "blue"})});
    q.facets = {TermFacet("color")};
    auto r = index.Search(q);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> ids = r.ok() ? HitIds(*r) : std::vector<std::string>{};
    std::sort(ids.begin(), ids.end());
    return std::make_pair(ids, r.ok() ? Counts(*r, "color") : std::map<std::string, uint64_t>{});
  };
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(answer().first, (std::vector<std::string>{"a", "b"}));
  }
  ASSERT_TRUE(index.Upsert({doc("c", "true", "blue")}).ok());
  EXPECT_EQ(answer().first, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(answer().second, (std::map<std::string, uint64_t>{{"blue", 2}, {"red", 1}}));
  ASSERT_TRUE(index.Upsert({doc("a", "false", "red")}).ok());
  EXPECT_EQ(answer().first, (std::vector<std::string>{"b", "c"}));
  index.Remove({"b"});
  EXPECT_EQ(answer().first, (std::vector<std::string>{"c"}));
  EXPECT_EQ(answer().second, (std::map<std::string, uint64_t>{{"blue", 1}}));
}

// A cached range result answers bounds that select the same documents; a document added in
// between narrows that window, and is itself counted by the bound it falls under.
TEST(IndexTest, CachedRangeWindowNarrowsWithAddedDocuments) {
  Index index;
  std::vector<Document> docs;
  for (int i = 1; i <= 60; ++i) docs.push_back(Doc("d" + std::to_string(i), {}, {{"t", i * 10}}));
  ASSERT_TRUE(index.Upsert(docs).ok());
  auto total = [&](int64_t upto) {
    Query q;
    q.filter = Range("t", std::nullopt, upto);
    q.limit = 0;
    auto r = index.Search(q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->total : 0;
  };
  for (int round = 0; round < 2; ++round) {  // the second round answers from the cache
    EXPECT_EQ(total(150), 15U);
    EXPECT_EQ(total(159), 15U);
  }
  ASSERT_TRUE(index.Upsert({Doc("new", {}, {{"t", 155}})}).ok());
  EXPECT_EQ(total(154), 15U);
  EXPECT_EQ(total(155), 16U);
  EXPECT_EQ(total(159), 16U);
  EXPECT_EQ(total(150), 15U);
  index.Remove({"d1"});
  EXPECT_EQ(total(157), 15U);
}

// The query cache (materialized computed numbers, full-column range results reused for bounds
// that select the same documents) answers exactly as a brute force: ranges whose bounds move a
// little from query to query (as `now` does), open bounds, a narrow keyword clause (small hints,
// then the same column again: a full pass), the computed number in filter, facet, sort and hits,
// across upserts, replacements and removals between the queries. Every query runs with each
// facet strategy (range buckets as cached bitmaps or a visit per document) and with or without a
// keyword clause that every document passes (with one, the cached window joins the core).
TEST(IndexTest, CachedRangesAndComputedNumbersMatchBruteForceAcrossWrites) {
  std::mt19937 rng(5);
  Index index;
  struct Row {
    std::optional<int64_t> d, p1, p2;
    bool rare = false;
    bool live = true;
  };
  std::map<std::string, Row> rows;
  auto write = [&](int n) {
    std::vector<Document> docs;
    std::map<std::string, Row> batch;
    for (int k = 0; k < n; ++k) {
      const std::string id = "id" + std::to_string(rng() % 5000);
      Row row;
      Document doc;
      doc.id = id;
      doc.stored = id;
      row.rare = rng() % 100 == 0;
      doc.keywords.push_back({"rare", row.rare ? "yes" : "no"});
      // Dates are sparse at first (multiples of 10: a cached window spans several `now`s),
      // later writes land between them (the window must narrow).
      if (rng() % 5 != 0) {
        row.d = static_cast<int64_t>(rng() % 100) * 10 + (rows.empty() ? 0 : rng() % 10);
      }
      if (rng() % 3 != 0) row.p1 = static_cast<int64_t>(rng() % 500);
      if (rng() % 2 != 0) row.p2 = static_cast<int64_t>(rng() % 500);
      if (row.d) doc.numbers.push_back({"d", *row.d});
      if (row.p1) doc.numbers.push_back({"p1", *row.p1});
      if (row.p2) doc.numbers.push_back({"p2", *row.p2});
      docs.push_back(std::move(doc));
      batch[id] = row;
    }
    ASSERT_TRUE(index.Upsert(docs).ok());
    for (auto& [id, row] : batch) rows[id] = row;
    std::vector<std::string> gone;
    for (int k = 0; k < n / 20; ++k) gone.push_back("id" + std::to_string(rng() % 5000));
    index.Remove(gone);
    for (const auto& id : gone) rows.erase(id);
  };
  auto eff = [](const Row& row) { return row.p1 ? row.p1 : row.p2; };
  write(4000);
  int64_t now = 300;
  for (int round = 0; round < 60; ++round) {
    if (round % 10 == 9) write(300);
    now += static_cast<int64_t>(rng() % 7);  // moves a little, sometimes not at all
    const bool narrow = round % 3 == 0;
    const auto plo = static_cast<int64_t>(rng() % 300);
    const std::optional<int64_t> phi =
        rng() % 4 == 0 ? std::nullopt : std::optional<int64_t>(plo + 150);
    Query q;
    q.computed = {{"eff", {"p1", "p2"}}};
    std::vector<Filter> all = {Range("d", std::nullopt, now),               // started
                               Range("d", now - 400, std::nullopt, false),  // not ended
                               Range("eff", plo, phi, true, false)};
    if (narrow) {
      all.push_back(Terms("rare", {"yes"}));
    } else if (round % 3 == 1) {
      all.push_back(Terms("rare", {"yes", "no"}));
    }
    q.filter = Combine(Filter::Kind::kAnd, all);
    FacetRequest fr;
    fr.name = "eff";
    fr.field = "eff";
    fr.type = FacetRequest::Type::kRange;
    fr.ranges = {{"lo", std::nullopt, 200}, {"hi", 200, std::nullopt}};
    q.facets = {fr};
    q.sort = {{"eff", round % 2 == 0}};
    q.limit = 15;
    uint64_t total = 0;
    std::map<std::string, uint64_t> counts;
    std::vector<std::pair<int64_t, std::string>> ranked;
    for (const auto& [id, row] : rows) {
      const bool window = row.d && *row.d <= now && *row.d > now - 400;
      if (!window || (narrow && !row.rare)) continue;
      const std::optional<int64_t> e = eff(row);
      if (e) ++counts[*e < 200 ? "lo" : "hi"];  // the facet leaves out its own clause
      if (!e || *e < plo || (phi && *e >= *phi)) continue;
      ++total;
      ranked.emplace_back(round % 2 == 0 ? -*e : *e, id);
    }
    std::sort(ranked.begin(), ranked.end());
    for (FacetStrategy s :
         {FacetStrategy::kIterate, FacetStrategy::kBitmaps, FacetStrategy::kAuto}) {
      index.set_facet_strategy(s);
      auto r = index.Search(q);
      ASSERT_TRUE(r.ok()) << r.error().detail();
      ASSERT_EQ(r->total, total) << "round " << round;
      std::map<std::string, uint64_t> got;
      for (const auto& v : r->facets[0].values) {
        if (v.count > 0) got[v.value] = v.count;
      }
      EXPECT_EQ(got, counts) << "round " << round << " strategy " << static_cast<int>(s);
      ASSERT_EQ(r->hits.size(), std::min<size_t>(15, ranked.size()));
      for (size_t i = 0; i < r->hits.size(); ++i) {
        // Ties in eff are ordered by DocId, which the brute force does not know: compare values.
        const Row& row = rows.at(r->hits[i].id);
        EXPECT_EQ(r->hits[i].computed[0], eff(row));
        const int64_t want = round % 2 == 0 ? -ranked[i].first : ranked[i].first;
        EXPECT_EQ(*eff(row), want) << "round " << round << " hit " << i;
      }
    }
  }
}

// A large result sorted by a number visits only the documents below (or above) a sampled
// threshold that at least a page of them passes: pages match a brute force for both directions,
// offsets, ties (ordered by DocId, the order of addition here), missing values (last) and documents
// added after the sampling.
TEST(IndexTest, SortedPagesOfLargeResultsMatchBruteForce) {
  std::mt19937 rng(9);
  Index index;
  struct Row {
    std::string id;
    bool a = false;
    std::optional<int64_t> v;
    bool live = true;
  };
  std::vector<Row> rows;  // in order of addition (DocId order)
  auto add = [&](int n) {
    std::vector<Document> docs;
    for (int k = 0; k < n; ++k) {
      Row row;
      row.id = "id" + std::to_string(rows.size());
      if (rng() % 10 != 0) row.v = static_cast<int64_t>(rng() % 500);
      // Rare among the lowest and highest values: the first thresholds hold some of the
      // result, but fewer than a page (the next, wider one must be taken).
      const bool edge = row.v && (*row.v < 10 || *row.v >= 490);
      row.a = edge ? rng() % 50 == 0 : rng() % 3 != 0;
      Nums nums;
      if (row.v) nums.push_back({"v", *row.v});
      docs.push_back(Doc(row.id, {{"k", row.a ? "a" : "b"}}, nums));
      rows.push_back(row);
    }
    ASSERT_TRUE(index.Upsert(docs).ok());
  };
  add(30000);
  for (int round = 0; round < 12; ++round) {
    if (round == 6) add(3000);  // the samples stay those of the first 30,000
    const bool descending = round % 2 == 1;
    const uint32_t offset = round % 4 < 2 ? 0 : 37;
    Query q;
    q.filter = Terms("k", {"a"});
    q.sort = {{"v", descending}};
    q.offset = offset;
    q.limit = 20;
    std::vector<std::pair<int64_t, size_t>> ranked;  // (rank, DocId)
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].a) continue;
      const int64_t rank = !rows[i].v   ? std::numeric_limits<int64_t>::max()
                           : descending ? -*rows[i].v
                                        : *rows[i].v;
      ranked.emplace_back(rank, i);
    }
    std::sort(ranked.begin(), ranked.end());
    auto r = index.Search(q);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->total, ranked.size());
    ASSERT_EQ(r->hits.size(), 20U);
    for (size_t i = 0; i < r->hits.size(); ++i) {
      EXPECT_EQ(r->hits[i].id, rows[ranked[offset + i].second].id)
          << "round " << round << " hit " << i;
    }
  }
}

// Measures both term-facet strategies on a 1M-doc index at several result sizes (prints; no
// timing assertion). Runs only when EMPORION_SEARCH_MEASURE is set: it takes a few seconds.
TEST(IndexTest, MeasuresFacetStrategiesByResultSize) {
  if (std::getenv("EMPORION_SEARCH_MEASURE") == nullptr) {
    GTEST_SKIP() << "set EMPORION_SEARCH_MEASURE=1 to measure";
  }
  Index index;
  std::mt19937 rng(5);
  const int n = 1000000;
  std::vector<Document> docs;
  auto t0 = CpuNow();
  for (int i = 0; i < n; ++i) {
    Document d;
    d.id = "p" + std::to_string(i);
    d.keywords.push_back({"color", "c" + std::to_string(rng() % 20)});
    d.keywords.push_back({"brand", "b" + std::to_string(rng() % 500)});
    d.keywords.push_back({"bucket", "k" + std::to_string(i % 1000)});
    d.keywords.push_back({"size", "s" + std::to_string(rng() % 10)});
    d.keywords.push_back({"material", "m" + std::to_string(rng() % 30)});
    d.numbers.push_back({"price", static_cast<int64_t>(rng() % 100000)});
    docs.push_back(std::move(d));
    if (docs.size() == 10000) {
      ASSERT_TRUE(index.Upsert(docs).ok());
      docs.clear();
    }
  }
  auto t1 = CpuNow();
  std::printf("[facets] build 1M docs: %.0f ms, memory %.0f MB\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count(),
              static_cast<double>(index.Stats().memory_bytes) / 1e6);
  {
    // The bench's mix without keywords: 2 filters + price range + 5 facets + sort by price.
    Query q;
    q.filter = Combine(Filter::Kind::kAnd, {Terms("color", {"c1", "c2"}), Terms("material", {"m3"}),
                                            Range("price", 10000, 60000)});
    q.facets = {TermFacet("color"), TermFacet("brand"), TermFacet("size"), TermFacet("material")};
    FacetRequest pr;
    pr.name = "price";
    pr.field = "price";
    pr.type = FacetRequest::Type::kRange;
    pr.ranges = {{"a", std::nullopt, 20000}, {"b", 20000, 50000}, {"c", 50000, std::nullopt}};
    q.facets.push_back(pr);
    q.sort = {{"price", false}};
    index.set_facet_strategy(FacetStrategy::kAuto);
    const bool only_mix = std::string(std::getenv("EMPORION_SEARCH_MEASURE")) == "mix";
    const int reps = only_mix ? 500 : 50;
    auto a = CpuNow();
    uint64_t total = 0;
    for (int k = 0; k < reps; ++k) total += index.Search(q)->total;
    auto b = CpuNow();
    std::printf("[facets] mix (2 filters + range + 5 facets + sort), result %llu: %.1f us/query\n",
                static_cast<unsigned long long>(total / reps),
                std::chrono::duration<double, std::micro>(b - a).count() / reps);
    if (only_mix) {
      return;
    }
  }
  {
    // Snapshot image save and load (wall time here: it is I/O).
    const std::string path = "/tmp/emporion_index_measure_" + std::to_string(::getpid());
    auto a = std::chrono::steady_clock::now();
    {
      std::ofstream out(path, std::ios::binary);
      index.Save(out);
    }
    auto b = std::chrono::steady_clock::now();
    Index loaded;
    {
      std::ifstream in(path, std::ios::binary);
      ASSERT_TRUE(loaded.Load(in).ok());
    }
    auto c = std::chrono::steady_clock::now();
    std::printf("[facets] image save %.0f ms, load %.0f ms, %.0f MB\n",
                std::chrono::duration<double, std::milli>(b - a).count(),
                std::chrono::duration<double, std::milli>(c - b).count(),
                static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    std::filesystem::remove(path);
    EXPECT_EQ(loaded.Stats().documents, index.Stats().documents);
  }
  for (int buckets : {1, 10, 100, 1000}) {
    Query q;
    std::vector<std::string> values;
    for (int b = 0; b < buckets; ++b) values.push_back("k" + std::to_string(b));
    Filter f = Terms("bucket", values);
    q.filter = f;
    q.facets = {TermFacet("color"), TermFacet("brand")};
    q.limit = 20;
    q.sort = {{"price", false}};
    for (FacetStrategy s :
         {FacetStrategy::kIterate, FacetStrategy::kBitmaps, FacetStrategy::kAuto}) {
      index.set_facet_strategy(s);
      const int reps = 20;
      auto a = CpuNow();
      uint64_t total = 0;
      for (int k = 0; k < reps; ++k) total += index.Search(q)->total;
      auto b = CpuNow();
      std::printf("[facets] result %7llu docs, strategy %s: %8.1f us/query\n",
                  static_cast<unsigned long long>(total / reps),
                  s == FacetStrategy::kIterate   ? "iterate"
                  : s == FacetStrategy::kBitmaps ? "bitmaps"
                                                 : "auto   ",
                  std::chrono::duration<double, std::micro>(b - a).count() / reps);
    }
  }
}

}  // namespace
}  // namespace emporion::search
