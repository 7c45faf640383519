// Helpers shared by the inventory and stores API tests: fulfillment centers, stocked products
// and stores made through the API (failing the test on an unexpected status).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/catalog/catalog_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::inventory {

using Json = nlohmann::json;
using catalog::Create;
using catalog::Id;
using catalog::Ids;
using catalog::NamesField;
using catalog::Unique;

inline Json MakeCenter(TestServer& server, Json extra = Json::object()) {
  Json body = {{"name", Unique("Warehouse")}, {"code", Unique("WH")}};
  body.update(extra);
  return Create(server, "/api/v1/fulfillment-centers", body);
}

/// A physical catalog with `n` products; returns {catalogId, productIds}.
inline std::pair<std::string, std::vector<std::string>> MakeProducts(TestServer& server, int n,
                                                                     Json extra = Json::object()) {
  const std::string catalog = Id(catalog::MakeCatalog(server));
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(Id(catalog::MakeProduct(server, catalog, extra)));
  return {catalog, ids};
}

/// Configures the languages (en-US, de-DE) and currencies (USD, EUR) stores use: a store's
/// languages and currencies must exist in localization. Repeatable (409s are ignored).
inline void EnsureLocalization(TestServer& server) {
  for (const char* code : {"en-US", "de-DE"}) {
    const int s = server.Admin("POST", "/api/v1/languages",
                               Json({{"code", code}, {"name", code}}).dump()).status;
    ASSERT_TRUE(s == 201 || s == 409) << code << " " << s;
  }
  for (const char* code : {"USD", "EUR"}) {
    const int s = server.Admin("POST", "/api/v1/currencies",
                               Json({{"code", code}, {"name", code}}).dump()).status;
    ASSERT_TRUE(s == 201 || s == 409) << code << " " << s;
  }
}

inline Json MakeStore(TestServer& server, const std::string& catalog_id, const std::string& main,
                      std::vector<std::string> others = {}, Json extra = Json::object()) {
  EnsureLocalization(server);
  Json body = {{"id", Unique("store")},
               {"name", Unique("Store")},
               {"catalogId", catalog_id},
               {"defaultLanguage", "en-US"},
               {"languages", {"en-US", "de-DE"}},
               {"defaultCurrency", "USD"},
               {"currencies", {"USD", "EUR"}},
               {"mainFulfillmentCenterId", main},
               {"additionalFulfillmentCenterIds", others}};
  body.update(extra);
  return Create(server, "/api/v1/stores", body);
}

inline Json SetStock(TestServer& server, const std::string& product, const std::string& center,
                     int in_stock, Json extra = Json::object()) {
  Json body = {
      {"productId", product}, {"fulfillmentCenterId", center}, {"inStockQuantity", in_stock}};
  body.update(extra);
  return Create(server, "/api/v1/inventories", body);
}

/// The availability item of each product, in request order.
inline Json Availability(TestServer& server, const std::string& store,
                         const std::vector<std::string>& products) {
  std::string list;
  for (const auto& p : products) list += (list.empty() ? "" : ",") + p;
  auto r = server.Admin(
      "GET", "/api/v1/inventories/availability?storeId=" + store + "&productIds=" + list);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.Json()["items"];
}

}  // namespace emporion::test::inventory
