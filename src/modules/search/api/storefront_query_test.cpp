// Storefront request translation: parameters, field aliases, the visibility filter, the shopper's
// effective price as a computed number, facets and sort keys.
#include "modules/search/api/storefront_query.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace emporion::search_module {
namespace {

using search::FieldKind;
using search::Filter;

const std::map<std::string, FieldKind, std::less<>> kFields = {
    {"catalog", FieldKind::kKeyword},   {"type", FieldKind::kKeyword},
    {"active", FieldKind::kKeyword},    {"buyable", FieldKind::kKeyword},
    {"startDate", FieldKind::kDate},    {"endDate", FieldKind::kDate},
    {"code", FieldKind::kKeyword},      {"__outline", FieldKind::kKeyword},
    {"category", FieldKind::kKeyword},  {"brand", FieldKind::kKeyword},
    {"color", FieldKind::kKeyword},     {"weight", FieldKind::kNumber},
    {"priority", FieldKind::kNumber},   {"createdAt", FieldKind::kDate},
    {"name", FieldKind::kText},         {"sort.name.en-US", FieldKind::kKeyword},
    {"sort.name.de", FieldKind::kKeyword}, {"price.pl-a", FieldKind::kNumber},
};

FieldKind KindOf(std::string_view field) {
  auto it = kFields.find(field);
  return it == kFields.end() ? FieldKind::kUnknown : it->second;
}

http::Request RequestWith(std::vector<std::pair<std::string, std::string>> query) {
  http::Request r;
  r.query = std::move(query);
  return r;
}

StorefrontContext Context() {
  StorefrontContext ctx;
  ctx.store_id = "s1";
  ctx.catalog_id = "cat-1";
  ctx.language = "en-US";
  ctx.currency = "USD";
  ctx.price_lists = {"pl-b", "pl-a"};
  ctx.now_millis = 1'795'000'000'000;
  return ctx;
}

Result<search::Query> Build(std::vector<std::pair<std::string, std::string>> query,
                            const StorefrontContext& ctx = Context()) {
  auto params = ParseProductSearchParams(RequestWith(std::move(query)));
  if (!params.ok()) return params.error();
  return BuildProductQuery(*params, ctx, KindOf);
}

std::string FieldOfError(const Error& e) {
  return e.fields().empty() ? std::string() : e.fields().front().field;
}

TEST(StorefrontQueryTest, ParamsHaveDefaults) {
  auto p = ParseProductSearchParams(RequestWith({}));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->limit, 20U);
  EXPECT_EQ(p->offset, 0U);
  EXPECT_EQ(p->price_ranges, DefaultPriceRanges());
  EXPECT_TRUE(p->facets.empty());
  EXPECT_TRUE(p->sort.empty());
}

TEST(StorefrontQueryTest, MalformedParamsAreRefusedNamingTheParameter) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> query;
    std::string field;
  } cases[] = {
      {{{"limit", "0"}}, "limit"},
      {{{"limit", "1001"}}, "limit"},
      {{{"limit", "ten"}}, "limit"},
      {{{"offset", "-1"}}, "offset"},
      {{{"sort", "price:up"}}, "sort"},
      {{{"sort", ":asc"}}, "sort"},
      {{{"priceRanges", "0,50,20"}}, "priceRanges"},
      {{{"priceRanges", "0,abc"}}, "priceRanges"},
      {{{"priceRanges", "-5,10"}}, "priceRanges"},
  };
  for (const auto& c : cases) {
    auto p = ParseProductSearchParams(RequestWith(c.query));
    ASSERT_FALSE(p.ok()) << c.query[0].second;
    EXPECT_EQ(p.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldOfError(p.error()), c.field) << c.query[0].second;
  }
}

TEST(StorefrontQueryTest, FieldAliasesResolveToIndexFields) {
  struct Case {
    std::string name;
    std::string field;
    FieldKind kind;
  } cases[] = {
      {"price", "price", FieldKind::kNumber},
      {"sku", "code", FieldKind::kKeyword},
      {"category.subtree", "__outline", FieldKind::kKeyword},
      {"category", "category", FieldKind::kKeyword},
      {"properties.color", "color", FieldKind::kKeyword},
      {"Color", "color", FieldKind::kKeyword},
      {"properties.Weight", "weight", FieldKind::kNumber},
      {"price.pl-a", "price.pl-a", FieldKind::kNumber},
      {"nope", "nope", FieldKind::kUnknown},
  };
  for (const auto& c : cases) {
    const auto r = ResolveProductField(c.name, KindOf);
    EXPECT_EQ(r.field, c.field) << c.name;
    EXPECT_EQ(r.kind, c.kind) << c.name;
  }
  EXPECT_EQ(NameSortField("en-US", KindOf), "sort.name.en-US");
  EXPECT_EQ(NameSortField("de-DE", KindOf), "sort.name.de");
}

TEST(StorefrontQueryTest, OnlyVisibleMainProductsOfTheStoreCatalogAreSearched) {
  auto q = Build({{"q", " red shoe "}});
  ASSERT_TRUE(q.ok()) << q.error().detail();
  EXPECT_EQ(q->text, "red shoe");
  EXPECT_EQ(q->language, "en");
  ASSERT_EQ(q->filter.kind, Filter::Kind::kAnd);
  std::map<std::string, const Filter*> by_field;
  for (const auto& f : q->filter.children) by_field[f.field] = &f;
  ASSERT_EQ(by_field.size(), 6U);
  EXPECT_EQ(by_field["catalog"]->values, std::vector<std::string>{"cat-1"});
  EXPECT_EQ(by_field["type"]->values, std::vector<std::string>{"product"});
  EXPECT_EQ(by_field["active"]->values, std::vector<std::string>{"true"});
  EXPECT_EQ(by_field["buyable"]->values, std::vector<std::string>{"true"});
  // startDate <= now < endDate
  const Filter* start = by_field["startDate"];
  ASSERT_EQ(start->kind, Filter::Kind::kRange);
  EXPECT_FALSE(start->lower.has_value());
  ASSERT_TRUE(start->upper.has_value());
  EXPECT_EQ(start->upper->value, Context().now_millis);
  EXPECT_TRUE(start->upper->inclusive);
  const Filter* end = by_field["endDate"];
  ASSERT_TRUE(end->lower.has_value());
  EXPECT_FALSE(end->upper.has_value());
  EXPECT_EQ(end->lower->value, Context().now_millis);
  EXPECT_FALSE(end->lower->inclusive);
  // The effective price: the ranked lists' price fields, best first.
  ASSERT_EQ(q->computed.size(), 1U);
  EXPECT_EQ(q->computed[0].name, "price");
  EXPECT_EQ(q->computed[0].fields, (std::vector<std::string>{"price.pl-b", "price.pl-a"}));

  EXPECT_TRUE(IndexHoldsVisibleProducts(KindOf));
  EXPECT_FALSE(IndexHoldsVisibleProducts([](std::string_view) { return FieldKind::kUnknown; }));
}

TEST(StorefrontQueryTest, UserFilterIsAddedWithAliasesAndPriceInCurrencyUnits) {
  auto q = Build({{"filter", "sku:A-1 price:[10 TO 50)"}});
  ASSERT_TRUE(q.ok()) << q.error().detail();
  // The user's clauses join the top-level AND (disjunctive facets look at top-level clauses).
  ASSERT_EQ(q->filter.children.size(), 8U);
  const std::vector<const Filter*> leaves = {&q->filter.children[6], &q->filter.children[7]};
  EXPECT_EQ(leaves[0]->field, "code");
  EXPECT_EQ(leaves[0]->values, std::vector<std::string>{"A-1"});
  EXPECT_EQ(leaves[1]->field, "price");
  ASSERT_TRUE(leaves[1]->lower && leaves[1]->upper);
  EXPECT_EQ(leaves[1]->lower->value, 10 * search::kNumberScale);
  EXPECT_TRUE(leaves[1]->lower->inclusive);
  EXPECT_EQ(leaves[1]->upper->value, 50 * search::kNumberScale);
  EXPECT_FALSE(leaves[1]->upper->inclusive);

  auto unknown = Build({{"filter", "nope:x"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(FieldOfError(unknown.error()), "filter");
}

TEST(StorefrontQueryTest, FacetsAreTermsOrThePriceRange) {
  auto q = Build({{"facets", "brand, color,price,brand"}, {"priceRanges", "0,50,100.5"}});
  ASSERT_TRUE(q.ok()) << q.error().detail();
  ASSERT_EQ(q->facets.size(), 3U);
  EXPECT_EQ(q->facets[0].name, "brand");
  EXPECT_EQ(q->facets[0].type, search::FacetRequest::Type::kTerms);
  EXPECT_EQ(q->facets[1].field, "color");
  const auto& price = q->facets[2];
  EXPECT_EQ(price.type, search::FacetRequest::Type::kRange);
  EXPECT_EQ(price.field, "price");
  ASSERT_EQ(price.ranges.size(), 3U);
  EXPECT_EQ(price.ranges[0].label, "0-50");
  EXPECT_EQ(price.ranges[0].from, 0);
  EXPECT_EQ(price.ranges[0].to, 50 * search::kNumberScale);
  EXPECT_EQ(price.ranges[1].label, "50-100.5");
  EXPECT_EQ(price.ranges[1].to, 1'005'000);
  EXPECT_EQ(price.ranges[2].label, "100.5-*");
  EXPECT_FALSE(price.ranges[2].to.has_value());

  auto selected = Build({{"facets", "color"}, {"filter", "color:red,blue"}});
  ASSERT_TRUE(selected.ok()) << selected.error().detail();
  EXPECT_EQ(selected->facets[0].include, (std::vector<std::string>{"red", "blue"}));

  // Number fields are range facets: given buckets or the defaults.
  auto numbers = Build({{"facets", "weight,priority"}, {"ranges.weight", "0,2.5"}});
  ASSERT_TRUE(numbers.ok()) << numbers.error().detail();
  EXPECT_EQ(numbers->facets[0].type, search::FacetRequest::Type::kRange);
  ASSERT_EQ(numbers->facets[0].ranges.size(), 2U);
  EXPECT_EQ(numbers->facets[0].ranges[0].label, "0-2.5");
  EXPECT_EQ(numbers->facets[1].ranges.size(), DefaultNumberRanges().size());
  auto bad_ranges = Build({{"facets", "weight"}, {"ranges.weight", "3,1"}});
  ASSERT_FALSE(bad_ranges.ok());
  EXPECT_EQ(FieldOfError(bad_ranges.error()), "ranges.weight");

  for (const char* bad : {"nope", "createdAt", "name"}) {
    auto refused = Build({{"facets", bad}});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(FieldOfError(refused.error()), "facets") << bad;
  }
}

TEST(StorefrontQueryTest, SortKeysMapPriceNameAndRelevance) {
  auto q = Build({{"sort", "price:desc,name,relevance,priority:desc,createdAt:asc"}});
  ASSERT_TRUE(q.ok()) << q.error().detail();
  ASSERT_EQ(q->sort.size(), 5U);
  EXPECT_EQ(q->sort[0].field, "price");
  EXPECT_TRUE(q->sort[0].descending);
  EXPECT_EQ(q->sort[1].field, "sort.name.en-US");
  EXPECT_FALSE(q->sort[1].descending);
  EXPECT_EQ(q->sort[2].field, "");
  EXPECT_EQ(q->sort[3].field, "priority");
  EXPECT_EQ(q->sort[4].field, "createdAt");

  auto german = Context();
  german.language = "de-DE";
  auto de = Build({{"sort", "name:desc"}}, german);
  ASSERT_TRUE(de.ok());
  EXPECT_EQ(de->sort[0].field, "sort.name.de");

  for (const char* bad : {"nope", "name.en:asc"}) {
    auto refused = Build({{"sort", bad}});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(FieldOfError(refused.error()), "sort") << bad;
  }
}

TEST(StorefrontQueryTest, PagingIsPassedThrough) {
  auto q = Build({{"limit", "5"}, {"offset", "40"}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 5U);
  EXPECT_EQ(q->offset, 40U);
}

}  // namespace
}  // namespace emporion::search_module
