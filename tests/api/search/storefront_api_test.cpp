// Storefront search through the real server: visibility (inactive, not buyable, out of window
// hidden), variations nested under their main product, localized names, the shopper's price
// from ranked price lists (a dated, higher-priority list wins), price facet, filter and sort,
// availability over the store's fulfillment centers, anonymous access refused where the store
// disallows it; and on the demo data set, for 200 random main products and their variations,
// the storefront price equals POST /pricing/evaluate's for the same store, currency and shopper
// (anonymous, and a customer whose user group an assignment targets).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "support/test_server.hpp"

namespace emporion::test::search {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

/// Polls `probe` until it holds or `deadline_ms` passes; returns whether it held.
bool PollUntil(const std::function<bool()>& probe, int deadline_ms) {
  const auto end = Clock::now() + std::chrono::milliseconds(deadline_ms);
  while (true) {
    if (probe()) return true;
    if (Clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

std::string Iso(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<std::string> Ids(const Json& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i["id"]);
  return out;
}

class StorefrontApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Json Post(const std::string& path, const Json& body) {
    auto r = server_->Admin("POST", path, body.dump());
    EXPECT_EQ(r.status, 201) << path << " " << body.dump() << " -> " << r.body;
    return r.body.empty() ? Json() : r.Json();
  }
  static HttpResponse Storefront(const std::string& store, const std::string& query,
                                 const std::string& token = "") {
    return server_->As(token, "GET", "/api/v1/storefront/stores/" + store + "/products" + query);
  }

  static TestServer* server_;
};
TestServer* StorefrontApiTest::server_ = nullptr;

TEST_F(StorefrontApiTest, SearchesTheStoreCatalogWithShopperPricesFacetsAndAccessRules) {
  for (const char* code : {"en-US", "de-DE"}) {
    const int st = server_->Admin("POST", "/api/v1/languages",
                                  Json({{"code", code}, {"name", code}}).dump()).status;
    ASSERT_TRUE(st == 201 || st == 409) << st;
  }
  for (const char* code : {"USD", "EUR"}) {
    const int st = server_->Admin("POST", "/api/v1/currencies",
                                  Json({{"code", code}, {"name", code}}).dump()).status;
    ASSERT_TRUE(st == 201 || st == 409) << st;
  }
  const std::string catalog = Post("/api/v1/catalogs", {{"name", "Shoes"},
                                                        {"defaultLanguage", "en-US"},
                                                        {"languages", {"en-US", "de-DE"}}})["id"];
  const std::string fc = Post("/api/v1/fulfillment-centers", {{"name", "Store warehouse"}})["id"];
  const std::string other_fc = Post("/api/v1/fulfillment-centers", {{"name", "Elsewhere"}})["id"];
  auto store = [&](const std::string& id, bool anonymous) {
    Post("/api/v1/stores", {{"id", id},
                            {"name", id},
                            {"catalogId", catalog},
                            {"defaultLanguage", "en-US"},
                            {"languages", {"en-US", "de-DE"}},
                            {"defaultCurrency", "USD"},
                            {"currencies", {"USD", "EUR"}},
                            {"mainFulfillmentCenterId", fc},
                            {"settings", {{"allowAnonymousAccess", anonymous}}}});
  };
  store("open-shop", true);
  store("closed-shop", false);

  const auto now = std::chrono::system_clock::now();
  const auto day = std::chrono::hours(24);
  auto product = [&](const std::string& code, Json extra) {
    Json body = {{"catalogId", catalog}, {"code", code}, {"name", code}};
    body.update(extra);
    return Post("/api/v1/products", body)["id"].get<std::string>();
  };
  const std::string alpha = product(
      "ALPHA", {{"name", "Alpha shoe"},
                {"localizedName", {{{"languageCode", "de-DE"}, {"value", "Alpha Schuh"}}}}});
  const std::string alpha_small = product(
      "ALPHA-S", {{"name", "Alpha shoe small"}, {"mainProductId", alpha}});
  const std::string alpha_large = product(
      "ALPHA-L", {{"name", "Alpha shoe large"}, {"mainProductId", alpha}});
  const std::string beta = product("BETA", {{"name", "Beta boot"}});
  const std::string inactive = product("GAMMA", {{"name", "Gamma hidden"}, {"isActive", false}});
  const std::string not_buyable =
      product("DELTA", {{"name", "Delta hidden"}, {"isBuyable", false}});
  const std::string ended =
      product("EPSILON", {{"name", "Epsilon hidden"}, {"endDate", Iso(now - day)}});
  const std::string future =
      product("ZETA", {{"name", "Zeta hidden"}, {"startDate", Iso(now + day)}});

  // "base" for everyone; "promo" ranks higher and is dated (open now).
  const std::string base = Post("/api/v1/price-lists", {{"name", "Base"}, {"currency", "USD"}})["id"];
  const std::string promo =
      Post("/api/v1/price-lists", {{"name", "Promo"}, {"currency", "USD"}})["id"];
  Post("/api/v1/price-list-assignments",
       {{"priceListId", base}, {"name", "base"}, {"priority", 1}, {"catalogId", catalog}});
  Post("/api/v1/price-list-assignments", {{"priceListId", promo},
                                          {"name", "promo"},
                                          {"priority", 10},
                                          {"startDate", Iso(now - day)},
                                          {"endDate", Iso(now + day)}});
  auto price = [&](const std::string& list, const std::string& id, Json amounts) {
    Json body = {{"priceListId", list}, {"productId", id}};
    body.update(amounts);
    Post("/api/v1/prices", body);
  };
  price(base, alpha, {{"list", 120}});
  price(promo, alpha, {{"list", 100}, {"sale", 80.5}});
  price(base, alpha_small, {{"list", 90}});  // own price in a lower list: it wins for the variation
  price(base, beta, {{"list", 20}});
  for (const auto& hidden : {inactive, not_buyable, ended, future}) {
    price(base, hidden, {{"list", 10}});
  }
  Post("/api/v1/inventories", {{"productId", alpha}, {"fulfillmentCenterId", fc},
                               {"inStockQuantity", 5}});
  Post("/api/v1/inventories", {{"productId", alpha}, {"fulfillmentCenterId", other_fc},
                               {"inStockQuantity", 100}});
  Post("/api/v1/inventories", {{"productId", alpha_large}, {"fulfillmentCenterId", fc},
                               {"inStockQuantity", 2}});

  // Searchable within a few seconds of the last change (prices and stock included).
  Json found;
  const bool ready = PollUntil(
      [&] {
        auto r = Storefront("open-shop", "?sort=price:asc");
        if (r.status != 200) return false;
        found = r.Json();
        return found["total"] == 2 && found["items"].size() == 2 &&
               found["items"][1]["price"].is_object() &&
               found["items"][1]["price"]["sale"] == 80.5 &&
               found["items"][1]["availability"]["available"] == 5 &&
               found["items"][1]["variations"].size() == 2 &&
               (found["items"][1]["variations"][0]["availability"]["available"] == 2 ||
                found["items"][1]["variations"][1]["availability"]["available"] == 2);
      },
      3000);
  ASSERT_TRUE(ready) << found.dump();

  // Hidden: inactive, not buyable, ended, not started; variations only nested.
  EXPECT_EQ(Ids(found["items"]), (std::vector<std::string>{beta, alpha}));
  const Json& a = found["items"][1];
  EXPECT_EQ(a["code"], "ALPHA");
  EXPECT_EQ(a["name"], "Alpha shoe");
  EXPECT_EQ(a["price"]["currency"], "USD");
  EXPECT_EQ(a["price"]["list"].dump(), "100");
  EXPECT_EQ(a["price"]["sale"].dump(), "80.5");
  EXPECT_EQ(a["availability"]["inStock"], true);
  std::map<std::string, Json> variations;
  for (const auto& v : a["variations"]) variations[v["id"]] = v;
  ASSERT_EQ(variations.size(), 2U);
  EXPECT_EQ(variations[alpha_small]["price"]["list"].dump(), "90");
  EXPECT_TRUE(variations[alpha_small]["price"]["sale"].is_null());
  EXPECT_EQ(variations[alpha_large]["price"]["list"].dump(), "100");  // the main product's
  EXPECT_EQ(variations[alpha_large]["availability"]["available"], 2);
  EXPECT_EQ(variations[alpha_small]["availability"]["inStock"], false);
  const Json& b = found["items"][0];
  EXPECT_EQ(b["price"]["list"].dump(), "20");
  EXPECT_EQ(b["availability"]["inStock"], false);

  // Localized names.
  auto de = Storefront("open-shop", "?language=de-DE&q=alpha");
  ASSERT_EQ(de.status, 200) << de.body;
  ASSERT_EQ(de.Json()["items"].size(), 1U) << de.body;
  EXPECT_EQ(de.Json()["items"][0]["name"], "Alpha Schuh");

  // Effective-price facet, filter and sort.
  auto faceted = Storefront("open-shop", "?facets=price,inStock&priceRanges=0,50,100");
  ASSERT_EQ(faceted.status, 200) << faceted.body;
  const Json facets = faceted.Json()["facets"];
  std::map<std::string, std::map<std::string, int>> counts;
  for (const auto& f : facets) {
    for (const auto& v : f["values"]) {
      counts[f["name"]][v["value"]] = v["count"];
    }
  }
  EXPECT_EQ(counts["price"]["0-50"], 1) << faceted.body;
  EXPECT_EQ(counts["price"]["50-100"], 1) << faceted.body;  // 80.5, the sale price
  EXPECT_EQ(counts["price"]["100-*"], 0) << faceted.body;
  EXPECT_EQ(counts["inStock"]["true"], 1) << faceted.body;
  bool typed = false;
  for (const auto& f : facets) {
    if (f["name"] == "price") typed = f["type"] == "range";
  }
  EXPECT_TRUE(typed);
  auto cheap = Storefront("open-shop", "?filter=price:[0%20TO%2050)");
  ASSERT_EQ(cheap.status, 200) << cheap.body;
  EXPECT_EQ(Ids(cheap.Json()["items"]), std::vector<std::string>{beta});
  auto dear = Storefront("open-shop", "?filter=price:[80.5%20TO%20*]");
  EXPECT_EQ(Ids(dear.Json()["items"]), std::vector<std::string>{alpha});
  auto desc = Storefront("open-shop", "?sort=price:desc");
  EXPECT_EQ(Ids(desc.Json()["items"]), (std::vector<std::string>{alpha, beta}));

  // Suggestions and categories answer in the store's scope.
  auto sug = server_->As("", "GET", "/api/v1/storefront/stores/open-shop/products/suggestions?q=alp");
  ASSERT_EQ(sug.status, 200) << sug.body;
  ASSERT_FALSE(sug.Json()["items"].empty()) << sug.body;
  EXPECT_EQ(sug.Json()["items"][0]["count"], 1);
  EXPECT_EQ(server_->As("", "GET", "/api/v1/storefront/stores/open-shop/categories").status, 200);

  // Errors: unknown store, a language or currency the store does not have, bad parameters.
  EXPECT_EQ(Storefront("no-such-shop", "").status, 404);
  auto bad_language = Storefront("open-shop", "?language=fr-FR");
  EXPECT_EQ(bad_language.status, 400);
  EXPECT_EQ(bad_language.Json()["errors"][0]["field"], "language");
  auto bad_currency = Storefront("open-shop", "?currency=GBP");
  EXPECT_EQ(bad_currency.status, 400);
  EXPECT_EQ(bad_currency.Json()["errors"][0]["field"], "currency");
  EXPECT_EQ(Storefront("open-shop", "?filter=nope:1").status, 400);
  EXPECT_EQ(Storefront("open-shop", "?sort=price:up").status, 400);
  // EUR has no lists: the products are found, without a price.
  auto eur = Storefront("open-shop", "?currency=EUR&sort=price:asc");
  ASSERT_EQ(eur.status, 200) << eur.body;
  EXPECT_EQ(eur.Json()["total"], 2);
  EXPECT_TRUE(eur.Json()["items"][0]["price"].is_null());

  // A store that does not allow anonymous access: 401 without a token, 200 with one.
  auto anonymous = Storefront("closed-shop", "");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(anonymous.Header("www-authenticate"), "Bearer");
  auto signed_in = Storefront("closed-shop", "", server_->AdminToken());
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(signed_in.Json()["total"], 2);
}

// ---------------------------------------------------------------------------------------------
// The demo data set: 500 main products with 3 variations each, 4 price lists (USD, EUR,
// Wholesale for the user group "Wholesale", a dated holiday sale).

class StorefrontDemoPricesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer({"--seed", "demo"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* StorefrontDemoPricesTest::server_ = nullptr;

constexpr const char* kDemoStore = "electronics-store";
constexpr const char* kDemoCatalog = "electronics";

/// Every main product of the demo store as the storefront answers it for `token`.
Json AllProducts(TestServer& server, const std::string& token, const std::string& currency) {
  Json items = Json::array();
  for (int offset = 0;; offset += 1000) {
    auto r = server.As(token, "GET",
                       std::string("/api/v1/storefront/stores/") + kDemoStore +
                           "/products?limit=1000&currency=" + currency +
                           "&offset=" + std::to_string(offset));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) break;
    const Json page = r.Json();
    for (const auto& i : page["items"]) items.push_back(i);
    if (page["items"].empty() || items.size() >= page["total"].get<std::size_t>()) break;
  }
  return items;
}

/// Compares the storefront's price of 200 random main products and their variations with
/// pricing's evaluation for the same store, catalog, currency and customer.
void CompareWithEvaluation(TestServer& server, const std::string& token,
                           const std::string& currency, const std::string& customer_id,
                           unsigned seed) {
  const Json all = AllProducts(server, token, currency);
  ASSERT_GE(all.size(), 200U);
  std::vector<std::size_t> picks(all.size());
  for (std::size_t i = 0; i < picks.size(); ++i) picks[i] = i;
  std::mt19937 rng(seed);
  std::shuffle(picks.begin(), picks.end(), rng);
  picks.resize(200);

  std::map<std::string, Json> shown;  // product id -> storefront price
  for (std::size_t i : picks) {
    const Json& item = all[i];
    shown[item["id"]] = item["price"];
    for (const auto& v : item["variations"]) shown[v["id"]] = v["price"];
  }
  Json ids = Json::array();
  for (const auto& [id, price] : shown) ids.push_back(id);
  Json request = {{"storeId", kDemoStore},
                  {"catalogId", kDemoCatalog},
                  {"currency", currency},
                  {"productIds", ids}};
  if (!customer_id.empty()) request["customerId"] = customer_id;
  auto r = server.Admin("POST", "/api/v1/pricing/evaluate", request.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, Json> evaluated;
  const Json answer = r.Json();
  for (const auto& e : answer["items"]) evaluated[e["productId"]] = e;

  int compared = 0;
  int priced = 0;
  std::set<std::string> lists;
  for (const auto& [id, price] : shown) {
    auto e = evaluated.find(id);
    if (e == evaluated.end()) {
      EXPECT_TRUE(price.is_null()) << id << " has no evaluated price but shows " << price.dump();
      continue;
    }
    ASSERT_TRUE(price.is_object()) << id << " shows no price; pricing says " << e->second.dump();
    EXPECT_EQ(price["currency"], e->second["currency"]) << id;
    EXPECT_EQ(price["list"].dump(), e->second["list"].dump()) << id;
    EXPECT_EQ(price["sale"].dump(), e->second["sale"].dump()) << id;
    lists.insert(e->second["priceListId"].get<std::string>());
    ++compared;
    if (!price["sale"].is_null()) ++priced;
  }
  EXPECT_GE(compared, 200);
  // The sample must exercise the ranking: in USD the dated holiday sale (every fifth product,
  // with a sale price) wins over the everyday list for some products.
  if (currency == "USD") {
    EXPECT_GE(lists.size(), 2U);
    EXPECT_GT(priced, 0);
  }
}

TEST_F(StorefrontDemoPricesTest, StorefrontPriceEqualsEvaluationFor200RandomProducts) {
  // Wait for the index to hold the demo catalog.
  const bool ready = PollUntil(
      [&] {
        auto r = server_->As("", "GET",
                             std::string("/api/v1/storefront/stores/") + kDemoStore +
                                 "/products?limit=1");
        return r.status == 200 && r.Json()["total"].get<int>() >= 400;
      },
      30000);
  ASSERT_TRUE(ready);

  CompareWithEvaluation(*server_, "", "USD", "", 7);
  CompareWithEvaluation(*server_, "", "EUR", "", 8);

  // A customer in the user group "Wholesale" (the demo's Anna Schmidt), signed in.
  auto contacts = server_->Admin("GET", "/api/v1/contacts?group=Wholesale&limit=1");
  ASSERT_EQ(contacts.status, 200) << contacts.body;
  ASSERT_FALSE(contacts.Json()["items"].empty()) << contacts.body;
  const std::string member = contacts.Json()["items"][0]["id"];
  auto user = server_->Admin("POST", "/api/v1/security/users",
                             Json({{"userName", "wholesale-shopper"},
                                   {"password", "Passw0rd-1"},
                                   {"userType", "Customer"},
                                   {"memberId", member}})
                                 .dump());
  ASSERT_EQ(user.status, 201) << user.body;
  const std::string token = server_->Login("wholesale-shopper", "Passw0rd-1");
  ASSERT_FALSE(token.empty());
  CompareWithEvaluation(*server_, token, "USD", member, 9);

  // The wholesale shopper sees other prices than the anonymous one.
  const Json anonymous = AllProducts(*server_, "", "USD");
  const Json wholesale = AllProducts(*server_, token, "USD");
  std::map<std::string, std::string> anonymous_price;
  for (const auto& i : anonymous) anonymous_price[i["id"]] = i["price"].dump();
  int differ = 0;
  for (const auto& i : wholesale) differ += anonymous_price[i["id"]] != i["price"].dump() ? 1 : 0;
  EXPECT_GT(differ, 0);
}

}  // namespace
}  // namespace emporion::test::search
