// The storefront routes with fake services and a fake engine: store lookup (404, cached),
// anonymous access (401 where the store refuses it), language and currency choice (400 for
// others), the shopper's context handed to pricing (store, catalog, currency, the token's
// member), the engine query built from it, and an empty index answering without a search.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "modules/search/api/storefront_api.hpp"

namespace emporion::search_module {
namespace {

class FakeEngine : public search::Engine {
 public:
  Status Upsert(std::string_view, std::vector<search::Document>) override { return Ok(); }
  Status Remove(std::string_view, const std::vector<std::string>&) override { return Ok(); }
  Result<search::SearchResult> Search(std::string_view type,
                                      const search::Query& query) const override {
    ++searches;
    last_type = std::string(type);
    last_query = query;
    return result;
  }
  Result<std::vector<search::Suggestion>> Suggest(std::string_view,
                                                  const search::SuggestQuery& q) const override {
    last_suggest = q;
    return std::vector<search::Suggestion>{{"alpha shoe", 2}};
  }
  search::FieldKind KindOf(std::string_view, std::string_view field) const override {
    if (empty) return search::FieldKind::kUnknown;
    auto it = fields.find(std::string(field));
    return it == fields.end() ? search::FieldKind::kUnknown : it->second;
  }
  search::IndexStats Stats(std::string_view) const override { return {}; }
  std::vector<std::string> Types() const override { return {"product"}; }
  Result<std::unique_ptr<search::IndexBuilder>> BeginRebuild(std::string_view,
                                                             search::RebuildJournal) override {
    return Error::Internal("not in this fake");
  }
  Status SaveSnapshot(const std::string&, int64_t) const override { return Ok(); }
  Result<int64_t> LoadSnapshot(const std::string&) override { return int64_t{0}; }

  bool empty = false;
  std::map<std::string, search::FieldKind> fields = {
      {"catalog", search::FieldKind::kKeyword}, {"type", search::FieldKind::kKeyword},
      {"active", search::FieldKind::kKeyword},  {"buyable", search::FieldKind::kKeyword},
      {"startDate", search::FieldKind::kDate},  {"endDate", search::FieldKind::kDate},
      {"brand", search::FieldKind::kKeyword}};
  search::SearchResult result;
  mutable int searches = 0;
  mutable std::string last_type;
  mutable search::Query last_query;
  mutable search::SuggestQuery last_suggest;
};

class FakeCatalog : public catalog::CatalogService {
 public:
  Result<catalog::Product> FindProduct(const std::string&, catalog::ProductView) override {
    return Error::NotFound("none");
  }
  Result<std::vector<catalog::Product>> FindProducts(const std::vector<std::string>&,
                                                     catalog::ProductView) override {
    return std::vector<catalog::Product>{};
  }
  Result<catalog::Product> FindProductByCode(const std::string&, catalog::ProductView) override {
    return Error::NotFound("none");
  }
  Result<catalog::Page<catalog::Product>> QueryProducts(const catalog::ProductQuery&,
                                                        const catalog::Window&,
                                                        catalog::ProductView) override {
    return catalog::Page<catalog::Product>{};
  }
  Result<catalog::Category> FindCategory(const std::string&) override {
    return Error::NotFound("none");
  }
  Result<catalog::Catalog> FindCatalog(const std::string&) override {
    return Error::NotFound("none");
  }
};

class FakePricing : public pricing::PricingService {
 public:
  Result<std::vector<pricing::EvaluatedPrice>> Evaluate(const pricing::EvaluationRequest&) override {
    return std::vector<pricing::EvaluatedPrice>{};
  }
  Result<std::vector<std::string>> RankedPriceLists(
      const pricing::EvaluationRequest& context) override {
    last = context;
    return context.customer_id ? std::vector<std::string>{"wholesale", "usd"}
                               : std::vector<std::string>{"usd"};
  }
  pricing::EvaluationRequest last;
};

class FakeStores : public stores::StoreService {
 public:
  Result<stores::Store> FindStore(const std::string& id) override {
    ++lookups;
    auto it = stores.find(id);
    if (it == stores.end()) return Error::NotFound("no store");
    return it->second;
  }
  Result<std::vector<std::string>> StoresUsingFulfillmentCenter(const std::string&) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<std::string>> StoresUsingLanguage(const std::string&) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<std::string>> StoresUsingCurrency(const std::string&) override {
    return std::vector<std::string>{};
  }
  std::map<std::string, stores::Store> stores;
  int lookups = 0;
};

class FakeMembers : public members::MembersService {
 public:
  Result<std::optional<members::Member>> FindMember(const std::string&) const override {
    return std::optional<members::Member>{};
  }
  Result<bool> MemberExists(const std::string&) const override { return false; }
  Result<members::MemberTargeting> Targeting(const std::string&) const override {
    return members::MemberTargeting{};
  }
  Result<std::optional<std::string>> OrganizationOf(const std::string&) const override {
    return std::optional<std::string>{};
  }
  void AddUsageCheck(UsageCheck) override {}
};

class FakeInventory : public inventory::InventoryService {
 public:
  Result<std::vector<std::string>> MissingFulfillmentCenters(
      const std::vector<std::string>&) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<inventory::ProductAvailability>> Availability(
      const std::string&, const std::vector<std::string>&) override {
    return std::vector<inventory::ProductAvailability>{};
  }
  Result<inventory::Reservation> Reserve(const std::string&,
                                         const inventory::ReservationRequest&) override {
    return Error::Internal("not in this fake");
  }
  Result<inventory::Reservation> Release(const std::string&, const std::string&) override {
    return Error::Internal("not in this fake");
  }
  Result<inventory::Reservation> Commit(const std::string&, const std::string&) override {
    return Error::Internal("not in this fake");
  }
};

stores::Store MakeStore(const std::string& id, bool anonymous) {
  stores::Store s;
  s.meta.id = id;
  s.catalog_id = "cat-1";
  s.default_language = "en-US";
  s.languages = {"en-US", "de-DE"};
  s.default_currency = "USD";
  s.currencies = {"USD", "EUR"};
  s.main_fulfillment_center_id = "fc-1";
  s.additional_fulfillment_center_ids = {"fc-2", "fc-1"};
  s.settings.allow_anonymous_access = anonymous;
  return s;
}

class StorefrontRoutesTest : public ::testing::Test {
 protected:
  StorefrontRoutesTest() : clock_(1'795'000'000'000'000) {
    stores_.stores["open"] = MakeStore("open", true);
    stores_.stores["closed"] = MakeStore("closed", false);
    search::Hit hit;
    hit.id = "p1";
    hit.stored =
        R"({"id":"p1","code":"A","name":{"en-US":"Alpha","de-DE":"Alfa"},)"
        R"("prices":{"usd":{"currency":"USD","list":10},"wholesale":{"currency":"USD","list":8}},)"
        R"("stock":{"fc-1":2,"fc-2":3,"fc-9":50}})";
    engine_.result.total = 1;
    engine_.result.hits.push_back(hit);
    RegisterStorefrontRoutes(router_, StorefrontDeps{engine_, catalog_, pricing_, stores_,
                                                     members_, inventory_, clock_});
  }

  struct Answer {
    unsigned status = 0;
    nlohmann::json body;
    std::string field;  // first error field
  };
  Answer Get(const std::string& store, const std::string& tail,
             std::vector<std::pair<std::string, std::string>> query = {},
             std::shared_ptr<const http::Principal> principal = nullptr) {
    const std::string path = "/api/v1/storefront/stores/" + store + tail;
    http::Request request;
    request.path = path;
    request.query = std::move(query);
    request.principal = std::move(principal);
    auto match = router_.Find(http::Verb::get, path, request.path_params);
    EXPECT_NE(match.route, nullptr) << path;
    if (match.route == nullptr) return {};
    auto r = match.route->handler(request);
    Answer a;
    if (!r.ok()) {
      switch (r.error().code()) {
        case ErrorCode::kNotFound: a.status = 404; break;
        case ErrorCode::kUnauthenticated: a.status = 401; break;
        case ErrorCode::kInvalidArgument: a.status = 400; break;
        default: a.status = 500; break;
      }
      if (!r.error().fields().empty()) a.field = r.error().fields().front().field;
      return a;
    }
    a.status = r->status;
    a.body = nlohmann::json::parse(r->body);
    return a;
  }

  FakeEngine engine_;
  FakeCatalog catalog_;
  FakePricing pricing_;
  FakeStores stores_;
  FakeMembers members_;
  FakeInventory inventory_;
  FakeClock clock_;
  http::Router router_;
};

TEST_F(StorefrontRoutesTest, RoutesAreRegisteredAsPublicShortReads) {
  int found = 0;
  for (const auto& r : router_.routes()) {
    if (r->path.rfind("/api/v1/storefront/", 0) != 0) continue;
    ++found;
    EXPECT_EQ(r->permission, "") << r->path;
    EXPECT_TRUE(r->short_read) << r->path;
    EXPECT_FALSE(r->response_schema.empty()) << r->path;
  }
  EXPECT_EQ(found, 3);
}

TEST_F(StorefrontRoutesTest, AnonymousShopperGetsTheStoreDefaultsAndItsPrices) {
  auto a = Get("open", "/products", {{"q", "alpha"}});
  ASSERT_EQ(a.status, 200U);
  EXPECT_EQ(engine_.last_type, "product");
  EXPECT_EQ(engine_.last_query.text, "alpha");
  EXPECT_EQ(engine_.last_query.language, "en");
  ASSERT_EQ(engine_.last_query.computed.size(), 1U);
  EXPECT_EQ(engine_.last_query.computed[0].fields, std::vector<std::string>{"price.usd"});
  EXPECT_EQ(pricing_.last.store_id, "open");
  EXPECT_EQ(pricing_.last.catalog_id, "cat-1");
  EXPECT_EQ(pricing_.last.currency, "USD");
  EXPECT_FALSE(pricing_.last.customer_id.has_value());
  EXPECT_EQ(engine_.last_query.filter.children[0].values, std::vector<std::string>{"cat-1"});

  const auto& item = a.body["items"][0];
  EXPECT_EQ(item["name"], "Alpha");
  EXPECT_EQ(item["price"]["list"], 10);
  EXPECT_EQ(item["availability"]["available"], 5);  // fc-1 and fc-2, counted once each
  EXPECT_EQ(a.body["total"], 1);
}

TEST_F(StorefrontRoutesTest, SignedInCustomerIsPricedAsItsMember) {
  auto principal = std::make_shared<http::Principal>();
  principal->user_id = "u1";
  principal->member_id = "member-7";
  auto a = Get("closed", "/products", {{"language", "DE-de"}, {"currency", "usd"}}, principal);
  ASSERT_EQ(a.status, 200U);
  EXPECT_EQ(pricing_.last.customer_id, std::optional<std::string>("member-7"));
  EXPECT_EQ(pricing_.last.currency, "USD");  // the store's spelling
  EXPECT_EQ(engine_.last_query.computed[0].fields,
            (std::vector<std::string>{"price.wholesale", "price.usd"}));
  EXPECT_EQ(engine_.last_query.language, "de");
  EXPECT_EQ(a.body["items"][0]["name"], "Alfa");
  EXPECT_EQ(a.body["items"][0]["price"]["list"], 8);
}

TEST_F(StorefrontRoutesTest, RefusalsNameTheirCause) {
  EXPECT_EQ(Get("closed", "/products").status, 401U);
  EXPECT_EQ(Get("closed", "/categories").status, 401U);
  EXPECT_EQ(Get("closed", "/products/suggestions", {{"q", "a"}}).status, 401U);
  EXPECT_EQ(Get("nowhere", "/products").status, 404U);
  auto lang = Get("open", "/products", {{"language", "fr-FR"}});
  EXPECT_EQ(lang.status, 400U);
  EXPECT_EQ(lang.field, "language");
  auto cur = Get("open", "/products", {{"currency", "GBP"}});
  EXPECT_EQ(cur.status, 400U);
  EXPECT_EQ(cur.field, "currency");
  auto facet = Get("open", "/products", {{"facets", "nope"}});
  EXPECT_EQ(facet.status, 400U);
  EXPECT_EQ(facet.field, "facets");
  auto limit = Get("open", "/products/suggestions", {{"q", "a"}, {"limit", "500"}});
  EXPECT_EQ(limit.status, 400U);
  EXPECT_EQ(limit.field, "limit");
}

TEST_F(StorefrontRoutesTest, StoresAreCachedBrieflyIncludingUnknownOnes) {
  ASSERT_EQ(Get("open", "/products").status, 200U);
  ASSERT_EQ(Get("open", "/products").status, 200U);
  ASSERT_EQ(Get("nowhere", "/products").status, 404U);
  ASSERT_EQ(Get("nowhere", "/products").status, 404U);
  EXPECT_EQ(stores_.lookups, 2);
  // A change of the store shows after the cache entry expires.
  stores_.stores["open"].settings.allow_anonymous_access = false;
  EXPECT_EQ(Get("open", "/products").status, 200U);
  clock_.Advance(3'000'000);
  EXPECT_EQ(Get("open", "/products").status, 401U);
  EXPECT_EQ(stores_.lookups, 3);
}

TEST_F(StorefrontRoutesTest, AnEmptyIndexAnswersWithoutSearching) {
  engine_.empty = true;
  auto a = Get("open", "/products", {{"facets", "brand"}});
  ASSERT_EQ(a.status, 200U);
  EXPECT_EQ(engine_.searches, 0);
  EXPECT_EQ(a.body["total"], 0);
  EXPECT_TRUE(a.body["items"].empty());
  EXPECT_EQ(Get("open", "/categories").body["total"], 0);
  EXPECT_TRUE(Get("open", "/products/suggestions", {{"q", "al"}}).body["items"].empty());
}

TEST_F(StorefrontRoutesTest, SuggestionsSearchTheVisibleProducts) {
  auto a = Get("open", "/products/suggestions", {{"q", "alph"}, {"limit", "5"}});
  ASSERT_EQ(a.status, 200U);
  EXPECT_EQ(a.body["items"][0]["text"], "alpha shoe");
  EXPECT_EQ(engine_.last_suggest.limit, 5U);
  EXPECT_EQ(engine_.last_suggest.text, "alph");
  EXPECT_EQ(engine_.last_suggest.filter.children.size(), 6U);
}

}  // namespace
}  // namespace emporion::search_module
