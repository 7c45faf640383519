// ERP sync through the API: absolute values and adjustments, all or nothing with 422 naming the
// bad items, the 50,000-record limit, and Idempotency-Key replays of a large body.
#include <gtest/gtest.h>

#include "api/inventory/inventory_api_util.hpp"

namespace emporion::test::inventory {
namespace {

int StockOf(TestServer& server, const std::string& product, const std::string& center) {
  auto r = server.Admin(
      "GET", "/api/v1/inventories?productId=" + product + "&fulfillmentCenterId=" + center);
  auto items = r.Json()["items"];
  return items.empty() ? -1 : items[0]["inStockQuantity"].get<int>();
}

TEST(InventorySyncApiTest, AbsoluteAndAdjustModesUpsertAllOrNothing) {
  TestServer server;
  auto [catalog_id, products] = MakeProducts(server, 2);
  const std::string fc = Id(MakeCenter(server));
  auto sku =
      server.Admin("GET", "/api/v1/products/" + products[1]).Json()["code"].get<std::string>();
  Json absolute = {{"mode", "absolute"},
                   {"items",
                    {{{"productId", products[0]},
                      {"fulfillmentCenterId", fc},
                      {"inStockQuantity", 10},
                      {"reorderMinQuantity", 2}},
                     {{"sku", sku}, {"fulfillmentCenterId", fc}, {"inStockQuantity", 3}}}}};
  auto first = server.Admin("POST", "/api/v1/inventories/sync", absolute.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["created"], 2);
  EXPECT_EQ(first.Json()["updated"], 0);
  EXPECT_EQ(StockOf(server, products[1], fc), 3);

  auto same = server.Admin("POST", "/api/v1/inventories/sync", absolute.dump());
  EXPECT_EQ(same.Json()["unchanged"], 2);

  Json adjust = {{"mode", "adjust"},
                 {"items",
                  {{{"productId", products[0]}, {"fulfillmentCenterId", fc}, {"delta", -4}},
                   {{"productId", products[1]}, {"fulfillmentCenterId", fc}, {"delta", 5}}}}};
  auto adjusted = server.Admin("POST", "/api/v1/inventories/sync", adjust.dump());
  ASSERT_EQ(adjusted.status, 200) << adjusted.body;
  EXPECT_EQ(adjusted.Json()["updated"], 2);
  EXPECT_EQ(StockOf(server, products[0], fc), 6);
  EXPECT_EQ(StockOf(server, products[1], fc), 8);

  Json bad = {{"mode", "adjust"},
              {"items",
               {{{"productId", products[0]}, {"fulfillmentCenterId", fc}, {"delta", 1}},
                {{"productId", "ghost"}, {"fulfillmentCenterId", fc}, {"delta", 1}},
                {{"productId", products[1]}, {"fulfillmentCenterId", "nowhere"}, {"delta", 1}},
                {{"productId", products[1]}, {"fulfillmentCenterId", fc}, {"delta", -100}}}}};
  auto refused = server.Admin("POST", "/api/v1/inventories/sync", bad.dump());
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(NamesField(refused, "items[1].productId")) << refused.body;
  EXPECT_TRUE(NamesField(refused, "items[2].fulfillmentCenterId")) << refused.body;
  EXPECT_EQ(StockOf(server, products[0], fc), 6);  // nothing applied
  bad["items"].erase(1);
  bad["items"].erase(1);
  auto negative = server.Admin("POST", "/api/v1/inventories/sync", bad.dump());
  EXPECT_EQ(negative.status, 422);
  EXPECT_TRUE(NamesField(negative, "items[1].delta")) << negative.body;
  EXPECT_EQ(StockOf(server, products[0], fc), 6);

  // SKUs are resolved in one bulk look-up: an unknown one is named, a known one beside it is not.
  Json unknown_sku = {
      {"mode", "absolute"},
      {"items",
       {{{"sku", sku}, {"fulfillmentCenterId", fc}, {"inStockQuantity", 1}},
        {{"sku", "NO-SUCH-SKU"}, {"fulfillmentCenterId", fc}, {"inStockQuantity", 1}}}}};
  auto no_sku = server.Admin("POST", "/api/v1/inventories/sync", unknown_sku.dump());
  EXPECT_EQ(no_sku.status, 422) << no_sku.body;
  EXPECT_TRUE(NamesField(no_sku, "items[1].sku")) << no_sku.body;
  EXPECT_FALSE(NamesField(no_sku, "items[0].sku")) << no_sku.body;
  EXPECT_EQ(StockOf(server, products[1], fc), 8);  // nothing applied

  Json missing_value = {{"items", {{{"productId", products[0]}, {"fulfillmentCenterId", fc}}}}};
  auto no_value = server.Admin("POST", "/api/v1/inventories/sync", missing_value.dump());
  EXPECT_EQ(no_value.status, 422);
  EXPECT_TRUE(NamesField(no_value, "items[0].inStockQuantity"));
  EXPECT_EQ(
      server.Admin("POST", "/api/v1/inventories/sync", R"({"mode":"sideways","items":[]})").status,
      400);
}

TEST(InventorySyncApiTest, FiftyThousandRecordsAreOneIdempotentRequestAndMoreAre400) {
  TestServer server;
  auto [catalog_id, products] = MakeProducts(server, 5);
  std::vector<std::string> centers;
  for (int i = 0; i < 10; ++i) centers.push_back(Id(MakeCenter(server)));
  // 50,000 records: 5 products x 10 centers x 1,000 repeats of adjustments by 1.
  Json items = Json::array();
  for (int r = 0; r < 1000; ++r) {
    for (const auto& p : products) {
      for (const auto& c : centers) {
        items.push_back({{"productId", p}, {"fulfillmentCenterId", c}, {"delta", 1}});
      }
    }
  }
  ASSERT_EQ(items.size(), 50'000U);
  const std::string body = Json({{"mode", "adjust"}, {"items", items}}).dump();
  auto first =
      server.Admin("POST", "/api/v1/inventories/sync", body, {{"Idempotency-Key", "erp-1"}});
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 500);
  EXPECT_EQ(first.Json()["created"], 50);
  auto replay =
      server.Admin("POST", "/api/v1/inventories/sync", body, {{"Idempotency-Key", "erp-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(StockOf(server, products[0], centers[0]), 1000);  // applied once

  items.push_back({{"productId", products[0]}, {"fulfillmentCenterId", centers[0]}, {"delta", 1}});
  auto too_many = server.Admin("POST", "/api/v1/inventories/sync",
                               Json({{"mode", "adjust"}, {"items", items}}).dump());
  EXPECT_EQ(too_many.status, 400);
  EXPECT_TRUE(NamesField(too_many, "items")) << too_many.body.substr(0, 300);
  EXPECT_NE(too_many.body.find("50000"), std::string::npos);
}

}  // namespace
}  // namespace emporion::test::inventory
