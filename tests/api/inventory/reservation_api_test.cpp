// Availability and reservations through the API: sums over the store's centers (main first),
// backorder rules, trackInventory=false, all-or-nothing reservations with 409 naming the short
// lines, release and commit, and no oversell under 50 concurrent clients.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api/inventory/inventory_api_util.hpp"

namespace emporion::test::inventory {
namespace {

struct Shop {
  std::string catalog;
  std::vector<std::string> products;
  std::string main;
  std::string second;
  std::string store;
};

Shop MakeShop(TestServer& server, int products) {
  Shop s;
  auto made = MakeProducts(server, products);
  s.catalog = made.first;
  s.products = made.second;
  s.main = Id(MakeCenter(server));
  s.second = Id(MakeCenter(server));
  s.store = Id(MakeStore(server, s.catalog, s.main, {s.second}));
  return s;
}

TEST(AvailabilityApiTest, SumsTheStoresCentersMainFirstWithBackorderAndUntrackedProducts) {
  TestServer server;
  Shop shop = MakeShop(server, 3);
  const std::string elsewhere = Id(MakeCenter(server));
  SetStock(server, shop.products[0], shop.second, 3);
  SetStock(server, shop.products[0], shop.main, 5);
  SetStock(server, shop.products[0], elsewhere, 100);  // not the store's
  SetStock(server, shop.products[1], shop.main, 0,
           {{"allowBackorder", true}, {"backorderQuantity", 4}});
  auto untracked = catalog::MakeProduct(server, shop.catalog, {{"trackInventory", false}});

  auto items = Availability(server, shop.store,
                            {shop.products[0], shop.products[1], shop.products[2], Id(untracked)});
  ASSERT_EQ(items.size(), 4U);
  EXPECT_EQ(items[0]["productId"], shop.products[0]);
  EXPECT_EQ(items[0]["available"], 8);
  EXPECT_EQ(items[0]["inStock"], 8);
  EXPECT_EQ(items[0]["reserved"], 0);
  ASSERT_EQ(items[0]["byFulfillmentCenter"].size(), 2U);
  EXPECT_EQ(items[0]["byFulfillmentCenter"][0]["fulfillmentCenterId"], shop.main);
  EXPECT_EQ(items[1]["available"], 4);
  EXPECT_EQ(items[1]["allowBackorder"], true);
  EXPECT_EQ(items[1]["isAvailable"], true);
  EXPECT_EQ(items[2]["available"], 0);
  EXPECT_EQ(items[2]["isAvailable"], false);
  EXPECT_EQ(items[3]["isAvailable"], true);
  EXPECT_EQ(items[3]["trackInventory"], false);

  EXPECT_EQ(server
                .Admin("GET", "/api/v1/inventories/availability?storeId=nope&productIds=" +
                                  shop.products[0])
                .status,
            404);
  EXPECT_EQ(server.Admin("GET", "/api/v1/inventories/availability?storeId=" + shop.store).status,
            400);
}

TEST(ReservationApiTest, ReservesAllLinesOrNoneThenReleasesOrCommits) {
  TestServer server;
  Shop shop = MakeShop(server, 2);
  SetStock(server, shop.products[0], shop.main, 2);
  SetStock(server, shop.products[0], shop.second, 5);
  SetStock(server, shop.products[1], shop.main, 1);

  Json too_much = {{"storeId", shop.store},
                   {"reference", "order-1"},
                   {"items",
                    {{{"productId", shop.products[0]}, {"quantity", 3}},
                     {{"productId", shop.products[1]}, {"quantity", 2}}}}};
  auto refused = server.Admin("POST", "/api/v1/inventories/reservations", too_much.dump());
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_TRUE(NamesField(refused, "items[1].quantity")) << refused.body;
  EXPECT_FALSE(NamesField(refused, "items[0].quantity")) << refused.body;
  EXPECT_EQ(Availability(server, shop.store, {shop.products[0]})[0]["reserved"], 0);

  too_much["items"][1]["quantity"] = 1;
  auto made = server.Admin("POST", "/api/v1/inventories/reservations", too_much.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  auto reservation = made.Json();
  EXPECT_EQ(reservation["status"], "active");
  const std::string id = Id(reservation);
  EXPECT_EQ(made.Header("location"), "/api/v1/inventories/reservations/" + id);
  // 3 of product 0: 2 from the main center first, 1 from the second.
  ASSERT_EQ(reservation["lines"].size(), 3U);
  EXPECT_EQ(reservation["lines"][0]["fulfillmentCenterId"], shop.main);
  EXPECT_EQ(reservation["lines"][0]["quantity"], 2);
  EXPECT_EQ(reservation["lines"][1]["fulfillmentCenterId"], shop.second);
  EXPECT_EQ(reservation["lines"][1]["quantity"], 1);
  auto after = Availability(server, shop.store, shop.products);
  EXPECT_EQ(after[0]["reserved"], 3);
  EXPECT_EQ(after[0]["available"], 4);
  EXPECT_EQ(after[1]["available"], 0);
  EXPECT_EQ(server.Admin("GET", "/api/v1/inventories/reservations/" + id).Json()["status"],
            "active");

  EXPECT_EQ(server.Admin("DELETE", "/api/v1/inventories/reservations/" + id).status, 204);
  EXPECT_EQ(Availability(server, shop.store, {shop.products[0]})[0]["available"], 7);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/inventories/reservations/" + id).status, 409);
  EXPECT_EQ(server.Admin("POST", "/api/v1/inventories/reservations/" + id + "/commit").status, 409);

  auto again = server.Admin("POST", "/api/v1/inventories/reservations", too_much.dump());
  ASSERT_EQ(again.status, 201) << again.body;
  const std::string second = Id(again.Json());
  auto committed = server.Admin("POST", "/api/v1/inventories/reservations/" + second + "/commit");
  ASSERT_EQ(committed.status, 200) << committed.body;
  EXPECT_EQ(committed.Json()["status"], "committed");
  auto shipped = Availability(server, shop.store, shop.products);
  EXPECT_EQ(shipped[0]["inStock"], 4);
  EXPECT_EQ(shipped[0]["reserved"], 0);
  EXPECT_EQ(shipped[1]["inStock"], 0);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/inventories/reservations/" + second).status, 409);
  EXPECT_EQ(server.Admin("GET", "/api/v1/inventories/reservations/nope").status, 404);

  Json unknown = {{"storeId", shop.store}, {"items", {{{"productId", "ghost"}, {"quantity", 1}}}}};
  auto bad = server.Admin("POST", "/api/v1/inventories/reservations", unknown.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "items[0].productId"));
  Json zero = {{"storeId", shop.store},
               {"items", {{{"productId", shop.products[0]}, {"quantity", 0}}}}};
  EXPECT_EQ(server.Admin("POST", "/api/v1/inventories/reservations", zero.dump()).status, 422);
}

TEST(ReservationApiTest, RecordWithReservedUnitsCannotBeDeleted) {
  TestServer server;
  Shop shop = MakeShop(server, 1);
  auto rec = SetStock(server, shop.products[0], shop.main, 2);
  Json body = {{"storeId", shop.store},
               {"items", {{{"productId", shop.products[0]}, {"quantity", 1}}}}};
  ASSERT_EQ(server.Admin("POST", "/api/v1/inventories/reservations", body.dump()).status, 201);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/inventories/" + Id(rec)).status, 409);
}

TEST(ReservationApiTest, FiftyConcurrentClientsNeverOversellTheLastTenUnits) {
  TestServer server;
  Shop shop = MakeShop(server, 1);
  SetStock(server, shop.products[0], shop.main, 6);
  SetStock(server, shop.products[0], shop.second, 4);
  const std::string token = server.AdminToken();
  const std::string body = Json({{"storeId", shop.store},
                                 {"reference", "race"},
                                 {"items", {{{"productId", shop.products[0]}, {"quantity", 1}}}}})
                               .dump();
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      auto client = server.Client();  // its own connection
      auto r = client->Send(
          "POST", "/api/v1/inventories/reservations", body,
          {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
      if (r.status == 201) {
        ++created;
      } else if (r.status == 409) {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 10);
  EXPECT_EQ(conflicts.load(), 40);
  EXPECT_EQ(other.load(), 0);
  auto a = Availability(server, shop.store, shop.products)[0];
  EXPECT_EQ(a["reserved"], 10);
  EXPECT_EQ(a["available"], 0);
  for (const auto& c : a["byFulfillmentCenter"]) {
    EXPECT_LE(c["reserved"].get<int>(), c["inStock"].get<int>());
  }
}

}  // namespace
}  // namespace emporion::test::inventory
