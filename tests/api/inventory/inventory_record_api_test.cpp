// Inventory records through the API: one per product and center, every field of the brief,
// read-only reservedQuantity, filters, and validation against catalog and centers.
#include <gtest/gtest.h>

#include "api/inventory/inventory_api_util.hpp"

namespace emporion::test::inventory {
namespace {

TEST(InventoryRecordApiTest, RecordsCarryEveryFieldAndAreUniquePerProductAndCenter) {
  TestServer server;
  auto [catalog_id, products] = MakeProducts(server, 2);
  const std::string fc = Id(MakeCenter(server));
  Json body = {{"productId", products[0]},
               {"fulfillmentCenterId", fc},
               {"inStockQuantity", 12},
               {"reservedQuantity", 99},
               {"reorderMinQuantity", 3},
               {"preorderQuantity", 4},
               {"backorderQuantity", 5},
               {"allowBackorder", true},
               {"allowPreorder", false},
               {"preorderAvailabilityDate", "2027-01-01T00:00:00Z"},
               {"backorderAvailabilityDate", "2030-02-01T10:00:00Z"},
               {"status", "Enabled"},
               {"outerId", "ERP-7"}};
  auto created = server.Admin("POST", "/api/v1/inventories", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  auto rec = created.Json();
  EXPECT_EQ(rec["reservedQuantity"], 0);  // read-only
  EXPECT_EQ(rec["inStockQuantity"], 12);
  EXPECT_EQ(rec["backorderAvailabilityDate"], "2030-02-01T10:00:00Z");
  EXPECT_EQ(rec["outerId"], "ERP-7");
  EXPECT_EQ(created.Header("location"), "/api/v1/inventories/" + Id(rec));

  auto dup = server.Admin("POST", "/api/v1/inventories", body.dump());
  EXPECT_EQ(dup.status, 409) << dup.body;

  Json unknown = {{"productId", "no-such-product"},
                  {"fulfillmentCenterId", "no-such-center"},
                  {"inStockQuantity", 1}};
  auto bad = server.Admin("POST", "/api/v1/inventories", unknown.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "productId")) << bad.body;
  EXPECT_TRUE(NamesField(bad, "fulfillmentCenterId")) << bad.body;
  auto negative = server.Admin(
      "POST", "/api/v1/inventories",
      Json({{"productId", products[1]}, {"fulfillmentCenterId", fc}, {"inStockQuantity", -1}})
          .dump());
  EXPECT_EQ(negative.status, 422);
  EXPECT_TRUE(NamesField(negative, "inStockQuantity"));
  auto wrong_type = server.Admin(
      "POST", "/api/v1/inventories",
      Json({{"productId", products[1]}, {"fulfillmentCenterId", fc}, {"inStockQuantity", "x"}})
          .dump());
  EXPECT_EQ(wrong_type.status, 400);

  auto patched = server.Admin("PATCH", "/api/v1/inventories/" + Id(rec),
                              R"({"inStockQuantity":20,"reservedQuantity":5})",
                              {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["inStockQuantity"], 20);
  EXPECT_EQ(patched.Json()["reservedQuantity"], 0);
  EXPECT_EQ(patched.Header("etag"), "\"2\"");
  auto move = server.Admin("PATCH", "/api/v1/inventories/" + Id(rec),
                           Json({{"productId", products[1]}}).dump(),
                           {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(move.status, 422);

  SetStock(server, products[1], fc, 1);
  auto by_product =
      server.Admin("GET", "/api/v1/inventories?productIds=" + products[0] + "," + products[1]);
  EXPECT_EQ(by_product.Json()["total"], 2);
  auto one = server.Admin(
      "GET", "/api/v1/inventories?productId=" + products[1] + "&fulfillmentCenterId=" + fc);
  EXPECT_EQ(one.Json()["total"], 1);
  auto sorted = server.Admin("GET", "/api/v1/inventories?sort=inStockQuantity:desc");
  ASSERT_EQ(sorted.status, 200);
  EXPECT_EQ(sorted.Json()["items"][0]["inStockQuantity"], 20);
  EXPECT_EQ(server.Admin("GET", "/api/v1/inventories?sort=nope").status, 400);

  auto history =
      server.Admin("GET", "/api/v1/changes?entityType=inventory.inventory&entityId=" + Id(rec));
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.Json()["total"], 2);

  EXPECT_EQ(server.Admin("DELETE", "/api/v1/inventories/" + Id(rec)).status, 204);
  EXPECT_EQ(server.Admin("GET", "/api/v1/inventories/" + Id(rec)).status, 404);
}

TEST(InventoryRecordApiTest, BulkUpsertsByProductAndCenter) {
  TestServer server;
  auto [catalog_id, products] = MakeProducts(server, 2);
  const std::string fc = Id(MakeCenter(server));
  Json items = {
      {"items",
       {{{"productId", products[0]}, {"fulfillmentCenterId", fc}, {"inStockQuantity", 1}},
        {{"productId", products[1]}, {"fulfillmentCenterId", fc}, {"inStockQuantity", 2}}}}};
  auto first = server.Admin("POST", "/api/v1/inventories/bulk", items.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["created"], 2);
  items["items"][1]["inStockQuantity"] = 7;
  items["items"].push_back({{"productId", "ghost"}, {"fulfillmentCenterId", fc}});
  auto bad = server.Admin("POST", "/api/v1/inventories/bulk", items.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "items[2].productId")) << bad.body;
  items["items"].erase(2);
  auto second = server.Admin("POST", "/api/v1/inventories/bulk", items.dump());
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json()["updated"], 2);
  auto list = server.Admin("GET", "/api/v1/inventories?productId=" + products[1]);
  EXPECT_EQ(list.Json()["items"][0]["inStockQuantity"], 7);
}

}  // namespace
}  // namespace emporion::test::inventory
