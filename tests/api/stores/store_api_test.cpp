// Stores through the API: every field of the brief, the rules (catalog and fulfillment centers
// exist, defaults among the lists), settings, and store scopes: a user limited to store A can
// neither read nor change store B through the stores or inventory routes.
#include <gtest/gtest.h>

#include "api/inventory/inventory_api_util.hpp"

namespace emporion::test::stores {
namespace {

using catalog::Id;
using catalog::Ids;
using inventory::Json;
using inventory::MakeCenter;
using inventory::MakeProducts;
using inventory::EnsureLocalization;
using inventory::MakeStore;
using inventory::NamesField;
using inventory::SetStock;

TEST(StoreApiTest, StoreCarriesEveryFieldAndSettings) {
  TestServer server;
  EnsureLocalization(server);
  auto catalog_id = Id(catalog::MakeCatalog(server));
  auto main = Id(MakeCenter(server));
  auto extra = Id(MakeCenter(server));
  Json body = {{"id", "electronics"},
               {"name", "Electronics Store"},
               {"description", "Gadgets"},
               {"url", "http://shop.example.com"},
               {"secureUrl", "https://shop.example.com"},
               {"email", "shop@example.com"},
               {"adminEmail", "admin@example.com"},
               {"catalogId", catalog_id},
               {"defaultLanguage", "en-US"},
               {"languages", {"en-US", "de-DE"}},
               {"defaultCurrency", "USD"},
               {"currencies", {"USD", "EUR"}},
               {"timeZone", "Europe/Berlin"},
               {"country", "DE"},
               {"mainFulfillmentCenterId", main},
               {"additionalFulfillmentCenterIds", {extra}},
               {"returnsFulfillmentCenterId", main},
               {"storeState", "RestrictedAccess"},
               {"seoInfos", {{{"semanticUrl", "electronics"}, {"languageCode", "en-US"}}}},
               {"outerId", "ERP-S1"},
               {"settings",
                {{"promotionPolicy", "CombineStackable"},
                 {"allowAnonymousAccess", false},
                 {"orderNumberTemplate", "EL{date:yyMMdd}-{seq:5}"},
                 {"pricesIncludeTax", true}}}};
  auto created = server.Admin("POST", "/api/v1/stores", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("location"), "/api/v1/stores/electronics");
  auto s = created.Json();
  for (const auto& [k, v] : body.items()) EXPECT_EQ(s[k].dump().empty(), false) << k;
  EXPECT_EQ(s["settings"]["promotionPolicy"], "CombineStackable");
  EXPECT_EQ(s["settings"]["pricesIncludeTax"], true);
  EXPECT_EQ(s["storeState"], "RestrictedAccess");
  EXPECT_EQ(s["additionalFulfillmentCenterIds"], Json::array({extra}));
  EXPECT_EQ(s["version"], 1);

  EXPECT_EQ(server.Admin("POST", "/api/v1/stores", body.dump()).status, 409);
  EXPECT_EQ(server.Admin("GET", "/api/v1/stores/electronics").status, 200);
  EXPECT_EQ(server.Admin("GET", "/api/v1/stores/nope").status, 404);
  auto patched =
      server.Admin("PATCH", "/api/v1/stores/electronics",
                   R"({"settings":{"allowAnonymousAccess":true},"storeState":"Open"})",
                   {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "1"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["settings"]["allowAnonymousAccess"], true);
  EXPECT_EQ(patched.Json()["settings"]["promotionPolicy"], "CombineStackable");
  EXPECT_EQ(server
                .Admin("PATCH", "/api/v1/stores/electronics", R"({"name":"x"})",
                       {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "1"}})
                .status,
            412);
  auto list = server.Admin("GET", "/api/v1/stores?fulfillmentCenterId=" + extra + "&q=electro");
  EXPECT_EQ(Ids(list), std::vector<std::string>{"electronics"});
  EXPECT_EQ(server.Admin("GET", "/api/v1/stores?sort=nope").status, 400);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/stores/electronics").status, 204);
  EXPECT_EQ(server.Admin("GET", "/api/v1/stores/electronics").status, 404);
}

TEST(StoreApiTest, RulesNameTheField) {
  TestServer server;
  EnsureLocalization(server);
  auto catalog_id = Id(catalog::MakeCatalog(server));
  auto main = Id(MakeCenter(server));
  Json valid = {{"name", "S"},
                {"catalogId", catalog_id},
                {"defaultLanguage", "en-US"},
                {"languages", {"en-US"}},
                {"defaultCurrency", "USD"},
                {"currencies", {"USD"}},
                {"mainFulfillmentCenterId", main}};
  struct Case {
    Json change;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {{{"catalogId", "no-such-catalog"}}, 422, "catalogId"},
      {{{"defaultLanguage", "fr-FR"}}, 422, "defaultLanguage"},
      {{{"defaultCurrency", "EUR"}}, 422, "defaultCurrency"},
      {{{"currencies", {"USD", "dollar"}}}, 422, "currencies[1]"},
      {{{"languages", {"en-US", "de_DE"}}}, 422, "languages[1]"},
      // Well-formed, but not configured in localization.
      {{{"languages", {"en-US", "it-IT"}}}, 422, "languages[1]"},
      {{{"currencies", {"USD", "CHF"}}}, 422, "currencies[1]"},
      {{{"mainFulfillmentCenterId", "no-such-center"}}, 422, "mainFulfillmentCenterId"},
      {{{"additionalFulfillmentCenterIds", {"ghost"}}}, 422, "additionalFulfillmentCenterIds[0]"},
      {{{"storeState", "Sleeping"}}, 400, "storeState"},
      {{{"settings", {{"promotionPolicy", "Random"}}}}, 400, "settings.promotionPolicy"},
      {{{"timeZone", "Mars/Olympus Mons"}}, 422, "timeZone"},
      {{{"name", nullptr}}, 400, "name"},
  };
  for (const auto& c : cases) {
    Json body = valid;
    body.update(c.change);
    auto r = server.Admin("POST", "/api/v1/stores", body.dump());
    EXPECT_EQ(r.status, c.status) << c.change.dump() << " -> " << r.body;
    EXPECT_TRUE(NamesField(r, c.field)) << c.change.dump() << " -> " << r.body;
  }
  auto ok = server.Admin("POST", "/api/v1/stores", valid.dump());
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST(StoreScopeApiTest, UserLimitedToStoreACannotReadOrChangeStoreB) {
  TestServer server;
  EnsureLocalization(server);
  auto [catalog_id, products] = MakeProducts(server, 1);
  auto center_a = Id(MakeCenter(server));
  auto center_b = Id(MakeCenter(server));
  auto a = Id(MakeStore(server, catalog_id, center_a));
  auto b = Id(MakeStore(server, catalog_id, center_b));
  auto stock_a = SetStock(server, products[0], center_a, 5);
  auto stock_b = SetStock(server, products[0], center_b, 5);
  const Json scope = Json::array({a});
  Json role = {{"name", "StoreAManager"}, {"permissions", Json::array()}};
  for (const char* p : {"stores:read", "stores:update", "inventory:read", "inventory:create",
                        "inventory:update", "inventory:delete", "inventory:reserve"}) {
    role["permissions"].push_back({{"name", p}, {"storeIds", scope}});
  }
  auto made_role = server.Admin("POST", "/api/v1/security/roles", role.dump());
  ASSERT_EQ(made_role.status, 201) << made_role.body;
  const std::string password = "Store-A-Passw0rd!";
  ASSERT_EQ(server
                .Admin("POST", "/api/v1/security/users",
                       Json({{"userName", "manager-a"},
                             {"password", password},
                             {"roles", {"StoreAManager"}}})
                           .dump())
                .status,
            201);
  const std::string token = server.Login("manager-a", password);
  ASSERT_FALSE(token.empty());
  const std::vector<std::pair<std::string, std::string>> patch_type = {
      {"Content-Type", "application/merge-patch+json"}};

  // Stores: only A is listed; B is 403 on every item route.
  EXPECT_EQ(Ids(server.As(token, "GET", "/api/v1/stores?limit=1000")), std::vector<std::string>{a});
  EXPECT_EQ(server.As(token, "GET", "/api/v1/stores/" + a).status, 200);
  EXPECT_EQ(server.As(token, "GET", "/api/v1/stores/" + b).status, 403);
  EXPECT_EQ(server.As(token, "PATCH", "/api/v1/stores/" + b, R"({"name":"x"})", patch_type).status,
            403);
  auto full_b = server.Admin("GET", "/api/v1/stores/" + b).Json();
  EXPECT_EQ(server.As(token, "PUT", "/api/v1/stores/" + b, full_b.dump()).status, 403);
  EXPECT_EQ(server.As(token, "DELETE", "/api/v1/stores/" + b).status, 403);
  EXPECT_EQ(
      server.As(token, "PATCH", "/api/v1/stores/" + a, R"({"name":"Mine"})", patch_type).status,
      200);
  EXPECT_EQ(server.As(token, "DELETE", "/api/v1/stores/" + a).status, 403);  // no stores:delete

  // Availability and reservations.
  EXPECT_EQ(server
                .As(token, "GET",
                    "/api/v1/inventories/availability?storeId=" + b + "&productIds=" + products[0])
                .status,
            403);
  EXPECT_EQ(server
                .As(token, "GET",
                    "/api/v1/inventories/availability?storeId=" + a + "&productIds=" + products[0])
                .status,
            200);
  auto reserve = [&](const std::string& store) {
    return server.As(
        token, "POST", "/api/v1/inventories/reservations",
        Json({{"storeId", store}, {"items", {{{"productId", products[0]}, {"quantity", 1}}}}})
            .dump());
  };
  EXPECT_EQ(reserve(b).status, 403);
  auto mine = reserve(a);
  ASSERT_EQ(mine.status, 201) << mine.body;
  auto theirs = server.Admin(
      "POST", "/api/v1/inventories/reservations",
      Json({{"storeId", b}, {"items", {{{"productId", products[0]}, {"quantity", 1}}}}}).dump());
  ASSERT_EQ(theirs.status, 201);
  const std::string theirs_id = Id(theirs.Json());
  EXPECT_EQ(server.As(token, "GET", "/api/v1/inventories/reservations/" + theirs_id).status, 403);
  EXPECT_EQ(server.As(token, "DELETE", "/api/v1/inventories/reservations/" + theirs_id).status,
            403);
  EXPECT_EQ(
      server.As(token, "POST", "/api/v1/inventories/reservations/" + theirs_id + "/commit").status,
      403);
  EXPECT_EQ(
      server.As(token, "DELETE", "/api/v1/inventories/reservations/" + Id(mine.Json())).status,
      204);

  // Inventory records and centers of B are invisible or unchangeable.
  EXPECT_EQ(Ids(server.As(token, "GET", "/api/v1/inventories?limit=1000")),
            std::vector<std::string>{Id(stock_a)});
  EXPECT_EQ(server.As(token, "GET", "/api/v1/inventories/" + Id(stock_b)).status, 404);
  EXPECT_EQ(server
                .As(token, "PATCH", "/api/v1/inventories/" + Id(stock_b),
                    R"({"inStockQuantity":0})", patch_type)
                .status,
            404);
  EXPECT_EQ(Ids(server.As(token, "GET", "/api/v1/fulfillment-centers?limit=1000")),
            std::vector<std::string>{center_a});
  EXPECT_EQ(server.As(token, "GET", "/api/v1/fulfillment-centers/" + center_b).status, 404);
  auto sync_b = server.As(token, "POST", "/api/v1/inventories/sync",
                          Json({{"items",
                                 {{{"productId", products[0]},
                                   {"fulfillmentCenterId", center_b},
                                   {"inStockQuantity", 0}}}}})
                              .dump());
  EXPECT_EQ(sync_b.status, 422);
  EXPECT_TRUE(NamesField(sync_b, "items[0].fulfillmentCenterId"));
  auto sync_a = server.As(token, "POST", "/api/v1/inventories/sync",
                          Json({{"items",
                                 {{{"productId", products[0]},
                                   {"fulfillmentCenterId", center_a},
                                   {"inStockQuantity", 9}}}}})
                              .dump());
  EXPECT_EQ(sync_a.status, 200) << sync_a.body;
  EXPECT_EQ(server.As(token, "POST", "/api/v1/fulfillment-centers", R"({"name":"Mine"})").status,
            403);
  EXPECT_EQ(server.Admin("GET", "/api/v1/inventories/" + Id(stock_b)).Json()["inStockQuantity"], 5);
}

TEST(StoreScopeApiTest, StoreAndInventoryPermissionsAreListedWithLocalizedNames) {
  TestServer server;
  EnsureLocalization(server);
  auto en = server.Admin("GET", "/api/v1/security/permissions").body;
  for (const char* p :
       {"stores:read", "stores:create", "stores:update", "stores:delete", "inventory:read",
        "inventory:create", "inventory:update", "inventory:delete", "inventory:reserve"}) {
    EXPECT_NE(en.find(p), std::string::npos) << p;
  }
  auto de = server.Admin("GET", "/api/v1/security/permissions", "", {{"Accept-Language", "de-DE"}});
  EXPECT_NE(de.body.find("Shops anlegen"), std::string::npos);
}

TEST(StoreApiTest, LanguagesAndCurrenciesAStoreUsesCannotBeDeleted) {
  TestServer server;
  auto catalog_id = Id(catalog::MakeCatalog(server));
  auto main = Id(MakeCenter(server));
  auto store = MakeStore(server, catalog_id, main);
  auto currencies = server.Admin("GET", "/api/v1/currencies?limit=100").Json();
  std::string eur_id;
  for (const auto& c : currencies["items"]) {
    if (c["code"] == "EUR") eur_id = c["id"];
  }
  ASSERT_FALSE(eur_id.empty()) << currencies.dump();
  auto refused = server.Admin("DELETE", "/api/v1/currencies/" + eur_id);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find(Id(store)), std::string::npos) << refused.body;
  // Once no store uses it, it can go.
  auto patched = server.Admin("PATCH", "/api/v1/stores/" + Id(store), R"({"currencies":["USD"]})",
                              {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/currencies/" + eur_id).status, 204);
}

}  // namespace
}  // namespace emporion::test::stores
