// Fulfillment centers through the API: the contract's routes, address and geo location rules,
// unique codes, and deletes refused while a store or stock uses the center.
#include <gtest/gtest.h>

#include "api/inventory/inventory_api_util.hpp"

namespace emporion::test::inventory {
namespace {

TEST(FulfillmentCenterApiTest, CreateReadUpdateDeleteFollowTheContract) {
  TestServer server;
  Json body = {{"id", "berlin"},
               {"code", "BER"},
               {"name", "Berlin"},
               {"description", "Main"},
               {"address",
                {{"line1", "Street 1"},
                 {"city", "Berlin"},
                 {"postalCode", "10115"},
                 {"countryCode", "DE"},
                 {"email", "wh@example.com"}}},
               {"geoLocation", {{"latitude", 52.520008}, {"longitude", "13.40495"}}},
               {"outerId", "ERP-1"}};
  auto created = server.Admin("POST", "/api/v1/fulfillment-centers", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("location"), "/api/v1/fulfillment-centers/berlin");
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  auto fc = created.Json();
  for (const char* f : {"id", "version", "createdAt", "createdBy", "modifiedAt", "modifiedBy"}) {
    EXPECT_TRUE(fc.contains(f)) << f;
  }
  EXPECT_EQ(fc["geoLocation"]["latitude"].dump(), "52.520008");
  EXPECT_EQ(fc["geoLocation"]["longitude"].dump(), "13.40495");
  EXPECT_EQ(fc["address"]["city"], "Berlin");

  EXPECT_EQ(server.Admin("GET", "/api/v1/fulfillment-centers/berlin").status, 200);
  EXPECT_EQ(server.Admin("GET", "/api/v1/fulfillment-centers/nope").status, 404);
  EXPECT_EQ(server.Admin("POST", "/api/v1/fulfillment-centers", body.dump()).status, 409);
  Json same_code = {{"name", "Other"}, {"code", "BER"}};
  auto dup = server.Admin("POST", "/api/v1/fulfillment-centers", same_code.dump());
  EXPECT_EQ(dup.status, 409);
  EXPECT_TRUE(NamesField(dup, "code")) << dup.body;

  auto patched =
      server.Admin("PATCH", "/api/v1/fulfillment-centers/berlin",
                   R"({"name":"Berlin Mitte","address":{"city":"Berlin-Mitte"}})",
                   {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["name"], "Berlin Mitte");
  EXPECT_EQ(patched.Json()["address"]["postalCode"], "10115");
  EXPECT_EQ(patched.Json()["version"], 2);
  auto stale = server.Admin("PUT", "/api/v1/fulfillment-centers/berlin",
                            Json({{"name", "X"}}).dump(), {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  auto put =
      server.Admin("PUT", "/api/v1/fulfillment-centers/berlin", Json({{"name", "X"}}).dump());
  ASSERT_EQ(put.status, 200);
  EXPECT_TRUE(put.Json()["code"].is_null());  // full replace clears absent fields

  auto list = server.Admin("GET", "/api/v1/fulfillment-centers?q=x&sort=name:desc");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(server.Admin("GET", "/api/v1/fulfillment-centers?sort=color").status, 400);
  EXPECT_EQ(server.Admin("GET", "/api/v1/fulfillment-centers?limit=1001").status, 400);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/fulfillment-centers/berlin").status, 204);
  EXPECT_EQ(server.Admin("GET", "/api/v1/fulfillment-centers/berlin").status, 404);
}

TEST(FulfillmentCenterApiTest, AddressAndGeoLocationAreValidated) {
  TestServer server;
  struct Case {
    Json body;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {{{"name", "A"}, {"geoLocation", {{"latitude", 91}, {"longitude", 0}}}},
       422,
       "geoLocation.latitude"},
      {{{"name", "A"}, {"geoLocation", {{"latitude", 0}, {"longitude", -180.5}}}},
       422,
       "geoLocation.longitude"},
      {{{"name", "A"}, {"geoLocation", {{"latitude", "1.123456789"}, {"longitude", 0}}}},
       422,
       "geoLocation.latitude"},
      {{{"name", "A"}, {"geoLocation", {{"latitude", true}, {"longitude", 0}}}},
       400,
       "geoLocation.latitude"},
      {{{"name", "A"}, {"address", {{"countryCode", "germany"}}}}, 422, "address.countryCode"},
      {{{"name", "A"}, {"address", {{"email", "nope"}}}}, 422, "address.email"},
      {{{"description", "no name"}}, 400, "name"},
  };
  for (const auto& c : cases) {
    auto r = server.Admin("POST", "/api/v1/fulfillment-centers", c.body.dump());
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " -> " << r.body;
    EXPECT_TRUE(NamesField(r, c.field)) << c.body.dump() << " -> " << r.body;
  }
}

TEST(FulfillmentCenterApiTest, DeleteIsRefusedWhileAStoreOrStockUsesTheCenter) {
  TestServer server;
  auto [catalog_id, products] = MakeProducts(server, 1);
  const std::string used = Id(MakeCenter(server));
  const std::string stocked = Id(MakeCenter(server));
  const std::string empty = Id(MakeCenter(server));
  auto store = MakeStore(server, catalog_id, used);
  SetStock(server, products[0], stocked, 5);
  SetStock(server, products[0], empty, 0);

  auto by_store = server.Admin("DELETE", "/api/v1/fulfillment-centers/" + used);
  EXPECT_EQ(by_store.status, 409) << by_store.body;
  EXPECT_NE(by_store.body.find(Id(store)), std::string::npos);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/fulfillment-centers/" + stocked).status, 409);
  // A center whose records hold nothing goes, with its empty records.
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/fulfillment-centers/" + empty).status, 204);
  auto left = server.Admin("GET", "/api/v1/inventories?fulfillmentCenterId=" + empty);
  EXPECT_EQ(left.Json()["total"], 0);
  // Once the store no longer uses it, the center can be deleted.
  ASSERT_EQ(server
                .Admin("PATCH", "/api/v1/stores/" + Id(store),
                       Json({{"mainFulfillmentCenterId", stocked}}).dump(),
                       {{"Content-Type", "application/merge-patch+json"}})
                .status,
            200);
  EXPECT_EQ(server.Admin("DELETE", "/api/v1/fulfillment-centers/" + used).status, 204);
}

TEST(FulfillmentCenterApiTest, BulkUpsertsByIdOrCodeAllOrNothing) {
  TestServer server;
  Json items = {
      {"items", {{{"id", "a"}, {"name", "A"}, {"code", "A"}}, {{"name", "B"}, {"code", "B"}}}}};
  auto first = server.Admin("POST", "/api/v1/fulfillment-centers/bulk", items.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["created"], 2);
  Json again = {{"items",
                 {{{"name", "B2"}, {"code", "B"}},
                  {{"name", "C"}, {"geoLocation", {{"latitude", 100}, {"longitude", 0}}}}}}};
  auto bad = server.Admin("POST", "/api/v1/fulfillment-centers/bulk", again.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "items[1].geoLocation.latitude")) << bad.body;
  EXPECT_EQ(server.Admin("GET", "/api/v1/fulfillment-centers?code=B").Json()["items"][0]["name"],
            "B");
  again["items"].erase(1);
  auto ok = server.Admin("POST", "/api/v1/fulfillment-centers/bulk", again.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["updated"], 1);
}

}  // namespace
}  // namespace emporion::test::inventory
