// The pricing module through the API: price lists, prices and assignments (contract rules:
// 201/Location, ETag/If-Match, 404, 409, 422 naming fields, bulk, list filters), evaluation
// (priority, conditions, tiers, dates, currency, variation fallback, explain) and the CSV
// import/export jobs. Every test makes its own products and lists, so the suite shares a server.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "support/test_server.hpp"

namespace emporion::test::pricing {
namespace {

using Json = nlohmann::json;

std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

class PricingApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    auto r = server_->Admin(
        "POST", "/api/v1/catalogs",
        Json{{"name", "Pricing catalog"}, {"defaultLanguage", "en-US"}, {"languages", {"en-US"}}}
            .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    catalog_id_ = new std::string(r.Json()["id"].get<std::string>());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete catalog_id_;
    server_ = nullptr;
  }

  static Json Post(const std::string& path, const Json& body, int expected = 201) {
    auto r = server_->Admin("POST", path, body.dump());
    EXPECT_EQ(r.status, expected) << path << " " << body.dump() << " -> " << r.body;
    return r.body.empty() ? Json() : r.Json();
  }
  static std::string Product(Json extra = Json::object()) {
    Json body = {{"catalogId", *catalog_id_}, {"code", Unique("PSKU")}, {"name", "Priced"}};
    body.update(extra);
    return Post("/api/v1/products", body)["id"];
  }
  /// A real store for assignments (they must name an existing one), in the suite's catalog.
  static std::string Store() {
    static std::string center;
    if (center.empty()) {
      for (const char* code : {"en-US"}) {
        const int st = server_->Admin("POST", "/api/v1/languages",
                                      Json({{"code", code}, {"name", code}}).dump()).status;
        EXPECT_TRUE(st == 201 || st == 409) << st;
      }
      for (const char* code : {"USD", "EUR"}) {
        const int st = server_->Admin("POST", "/api/v1/currencies",
                                      Json({{"code", code}, {"name", code}}).dump()).status;
        EXPECT_TRUE(st == 201 || st == 409) << st;
      }
      center = Post("/api/v1/fulfillment-centers", {{"name", "Pricing warehouse"}})["id"];
    }
    const std::string id = Unique("store");
    Post("/api/v1/stores", {{"id", id},
                            {"name", id},
                            {"catalogId", *catalog_id_},
                            {"defaultLanguage", "en-US"},
                            {"languages", {"en-US"}},
                            {"defaultCurrency", "USD"},
                            {"currencies", {"USD", "EUR"}},
                            {"mainFulfillmentCenterId", center}});
    return id;
  }
  static std::string List(const std::string& currency = "USD") {
    return Post("/api/v1/price-lists", {{"name", Unique("List")}, {"currency", currency}})["id"];
  }
  static std::string Assign(const std::string& list, int priority, Json extra = Json::object()) {
    Json body = {{"priceListId", list}, {"name", Unique("Assign")}, {"priority", priority}};
    body.update(extra);
    return Post("/api/v1/price-list-assignments", body)["id"];
  }
  static Json PriceOf(const std::string& list, const std::string& product, double amount,
                      Json extra = Json::object()) {
    Json body = {{"priceListId", list}, {"productId", product}, {"list", amount}};
    body.update(extra);
    return Post("/api/v1/prices", body);
  }
  /// Evaluates for `products`; the context is limited to a fresh store so only this test's
  /// assignments (with that store) apply.
  static Json Evaluate(Json body) {
    auto r = server_->Admin("POST", "/api/v1/pricing/evaluate", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  static Json ItemFor(const Json& evaluation, const std::string& product) {
    for (const auto& i : evaluation["items"]) {
      if (i["productId"] == product) return i;
    }
    return Json();
  }
  static std::string FirstErrorField(const HttpResponse& r) {
    auto j = r.Json();
    if (!j.contains("errors") || j["errors"].empty()) return "";
    return j["errors"][0]["field"];
  }

  static TestServer* server_;
  static std::string* catalog_id_;
};
TestServer* PricingApiTest::server_ = nullptr;
std::string* PricingApiTest::catalog_id_ = nullptr;

TEST_F(PricingApiTest, AnAssignmentMustNameAnExistingStore) {
  const std::string list = List();
  auto r = server_->Admin("POST", "/api/v1/price-list-assignments",
                          Json({{"priceListId", list}, {"name", Unique("Assign")},
                                {"storeId", "no-such-store"}})
                              .dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(FirstErrorField(r), "storeId");
  Assign(list, 0, {{"storeId", Store()}});
}

TEST_F(PricingApiTest, PriceListCrudFollowsTheContract) {
  const std::string name = Unique("Crud");
  auto r = server_->Admin("POST", "/api/v1/price-lists",
                          Json{{"id", "pl-" + name},
                               {"name", name},
                               {"currency", "EUR"},
                               {"description", "d"},
                               {"outerId", "X1"}}
                              .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("location"), "/api/v1/price-lists/pl-" + name);
  EXPECT_EQ(r.Header("etag"), "\"1\"");
  auto j = r.Json();
  for (const char* f : {"id", "version", "createdAt", "createdBy", "modifiedAt", "modifiedBy"}) {
    EXPECT_TRUE(j.contains(f)) << f;
  }
  EXPECT_EQ(server_->Admin("GET", "/api/v1/price-lists/pl-" + name).status, 200);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/price-lists/nope").status, 404);
  // duplicate name -> 409
  EXPECT_EQ(
      server_
          ->Admin("POST", "/api/v1/price-lists", Json{{"name", name}, {"currency", "EUR"}}.dump())
          .status,
      409);
  // bad currency -> 422 naming it
  auto bad = server_->Admin("POST", "/api/v1/price-lists",
                            Json{{"name", Unique("x")}, {"currency", "euro"}}.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(FirstErrorField(bad), "currency");
  // PATCH with a stale If-Match -> 412, with the current one -> 200
  auto stale =
      server_->Admin("PATCH", "/api/v1/price-lists/pl-" + name, Json{{"description", "new"}}.dump(),
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 412);
  auto patched =
      server_->Admin("PATCH", "/api/v1/price-lists/pl-" + name, Json{{"description", "new"}}.dump(),
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["description"], "new");
  EXPECT_EQ(patched.Json()["version"], 2);
  // list filter and unknown sort
  auto list = server_->Admin("GET", "/api/v1/price-lists?name=" + name);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/price-lists?sort=bogus:asc").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/price-lists?limit=1001").status, 400);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/price-lists/pl-" + name).status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/price-lists/pl-" + name).status, 404);
}

TEST_F(PricingApiTest, PriceRulesAre422And409) {
  const std::string list = List();
  const std::string product = Product();
  auto sale = server_->Admin(
      "POST", "/api/v1/prices",
      Json{{"priceListId", list}, {"productId", product}, {"list", 10}, {"sale", 11}}.dump());
  EXPECT_EQ(sale.status, 422);
  EXPECT_EQ(FirstErrorField(sale), "sale");
  auto minq = server_->Admin(
      "POST", "/api/v1/prices",
      Json{{"priceListId", list}, {"productId", product}, {"list", 10}, {"minQuantity", 0}}.dump());
  EXPECT_EQ(minq.status, 422);
  EXPECT_EQ(FirstErrorField(minq), "minQuantity");
  auto unknown = server_->Admin(
      "POST", "/api/v1/prices",
      Json{{"priceListId", list}, {"productId", "no-such-product"}, {"list", 10}}.dump());
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(FirstErrorField(unknown), "productId");
  auto decimals =
      server_->Admin("POST", "/api/v1/prices",
                     Json{{"priceListId", list}, {"productId", product}, {"list", 1.23456}}.dump());
  EXPECT_EQ(decimals.status, 400);

  PriceOf(list, product, 10,
          {{"startDate", "2026-01-01T00:00:00Z"}, {"endDate", "2026-06-01T00:00:00Z"}});
  // overlapping window, same tier -> 409
  auto overlap = server_->Admin("POST", "/api/v1/prices",
                                Json{{"priceListId", list},
                                     {"productId", product},
                                     {"list", 9},
                                     {"startDate", "2026-05-01T00:00:00Z"}}
                                    .dump());
  EXPECT_EQ(overlap.status, 409) << overlap.body;
  // touching window (end exclusive) and another tier are fine
  PriceOf(list, product, 9, {{"startDate", "2026-06-01T00:00:00Z"}});
  PriceOf(list, product, 8, {{"minQuantity", 10}, {"startDate", "2026-05-01T00:00:00Z"}});

  auto by_list = server_->Admin("GET", "/api/v1/prices?priceListId=" + list);
  ASSERT_EQ(by_list.status, 200);
  EXPECT_EQ(by_list.Json()["total"], 3);
  auto by_products = server_->Admin(
      "GET", "/api/v1/prices?productIds=" + product + ",other&sort=minQuantity:desc");
  ASSERT_EQ(by_products.status, 200);
  EXPECT_EQ(by_products.Json()["total"], 3);
  EXPECT_EQ(by_products.Json()["items"][0]["minQuantity"], 10);
  EXPECT_EQ(by_products.Json()["items"][0]["list"], 8);

  // deleting the list while it has prices: 409; with cascade: 204
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/price-lists/" + list).status, 409);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/price-lists/" + list + "?cascade=true").status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/prices?priceListId=" + list).Json()["total"], 0);
}

TEST_F(PricingApiTest, BulkPricesAreAllOrNothingAndUpsert) {
  const std::string list = List();
  const std::string a = Product();
  const std::string b = Product();
  auto bad =
      server_->Admin("POST", "/api/v1/prices/bulk",
                     Json{{"items",
                           {{{"priceListId", list}, {"productId", a}, {"list", 5}},
                            {{"priceListId", list}, {"productId", b}, {"list", 5}, {"sale", 6}}}}}
                         .dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(FirstErrorField(bad), "items[1].sale");
  EXPECT_EQ(server_->Admin("GET", "/api/v1/prices?priceListId=" + list).Json()["total"], 0);

  Json items = {{{"priceListId", list}, {"productId", a}, {"list", 5}},
                {{"priceListId", list}, {"productId", b}, {"list", 6}}};
  auto ok = server_->Admin("POST", "/api/v1/prices/bulk", Json{{"items", items}}.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json()["created"], 2);
  items[0]["list"] = 7;
  auto again = server_->Admin("POST", "/api/v1/prices/bulk", Json{{"items", items}}.dump());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json()["updated"], 2);
  EXPECT_EQ(again.Json()["created"], 0);
}

TEST_F(PricingApiTest, AssignmentConditionsAreValidatedByPath) {
  const std::string list = List();
  auto bad = server_->Admin("POST", "/api/v1/price-list-assignments",
                            Json{{"priceListId", list},
                                 {"name", "x"},
                                 {"conditions",
                                  {{{"type", "and"},
                                    {"conditions",
                                     {{{"type", "userGroup"}, {"value", "A"}},
                                      {{"type", "planet"}, {"value", "Mars"}}}}}}}}
                                .dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(FirstErrorField(bad), "conditions[0].conditions[1].type");
  auto no_list = server_->Admin("POST", "/api/v1/price-list-assignments",
                                Json{{"priceListId", "missing"}, {"name", "x"}}.dump());
  EXPECT_EQ(no_list.status, 422);
  EXPECT_EQ(FirstErrorField(no_list), "priceListId");
  auto no_catalog =
      server_->Admin("POST", "/api/v1/price-list-assignments",
                     Json{{"priceListId", list}, {"name", "x"}, {"catalogId", "missing"}}.dump());
  EXPECT_EQ(no_catalog.status, 422);
  EXPECT_EQ(FirstErrorField(no_catalog), "catalogId");
  const std::string id =
      Assign(list, 1, {{"conditions", {{{"type", "country"}, {"value", "DE"}}}}});
  auto got = server_->Admin("GET", "/api/v1/price-list-assignments/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.Json()["conditions"][0]["value"], "DE");
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/price-lists/" + list).status, 409);
}

TEST_F(PricingApiTest, EvaluationPicksByPriorityConditionsTiersAndDates) {
  const std::string store = Store();
  const std::string base = List();
  const std::string wholesale = List();
  const std::string eur = List("EUR");
  const std::string p = Product();
  const std::string unpriced = Product();
  const std::string base_a = Assign(base, 0, {{"storeId", store}});
  Json or_node = {{"type", "or"},
                  {"conditions", Json::array({Json{{"type", "userGroup"}, {"value", "Wholesale"}},
                                              Json{{"type", "customerTag"}, {"value", "b2b"}}})}};
  const std::string ws_a =
      Assign(wholesale, 10, {{"storeId", store}, {"conditions", Json::array({or_node})}});
  const std::string eur_a = Assign(eur, 50, {{"storeId", store}});
  PriceOf(base, p, 100, {{"sale", 90}, {"endDate", "2030-01-01T00:00:00Z"}});
  PriceOf(base, p, 120, {{"startDate", "2030-01-01T00:00:00Z"}});
  PriceOf(wholesale, p, 80, {{"minQuantity", 1}});
  PriceOf(wholesale, p, 70, {{"minQuantity", 10}});
  PriceOf(wholesale, p, 60, {{"minQuantity", 50}});
  PriceOf(eur, p, 95);

  // retail shopper: base list, sale kept
  auto retail = Evaluate({{"storeId", store}, {"currency", "USD"}, {"productIds", {p, unpriced}}});
  ASSERT_EQ(retail["items"].size(), 1u) << retail.dump();
  auto item = ItemFor(retail, p);
  EXPECT_EQ(item["priceListId"], base);
  EXPECT_EQ(item["assignmentId"], base_a);
  EXPECT_EQ(item["list"], 100);
  EXPECT_EQ(item["sale"], 90);
  EXPECT_EQ(item["currency"], "USD");

  // wholesale shopper with 3 groups and quantity 12: tier 10 of the wholesale list
  auto ws = Evaluate({{"storeId", store},
                      {"currency", "USD"},
                      {"userGroups", {"Retail", "Wholesale", "VIP"}},
                      {"quantity", 12},
                      {"productIds", {p}},
                      {"explain", true}});
  item = ItemFor(ws, p);
  EXPECT_EQ(item["priceListId"], wholesale);
  EXPECT_EQ(item["list"], 70);
  ASSERT_EQ(item["tiers"].size(), 3u);
  EXPECT_EQ(item["tiers"][2]["minQuantity"], 50);
  std::map<std::string, std::string> outcome;
  for (const auto& e : item["explanation"]) outcome[e["assignmentId"]] = e["outcome"];
  EXPECT_EQ(outcome[ws_a], "won");
  EXPECT_EQ(outcome[base_a], "priority");
  EXPECT_EQ(outcome[eur_a], "currency");

  // a customer tag satisfies the OR branch too
  auto tagged =
      Evaluate({{"storeId", store}, {"currency", "USD"}, {"tags", {"b2b"}}, {"productIds", {p}}});
  EXPECT_EQ(ItemFor(tagged, p)["priceListId"], wholesale);

  // another store: nothing applies
  auto other = Evaluate({{"storeId", Unique("elsewhere")},
                         {"currency", "USD"},
                         {"productIds", {p}},
                         {"explain", true}});
  for (const auto& i : other["items"]) EXPECT_NE(i["productId"], p);

  // EUR: the EUR list
  auto in_eur = Evaluate({{"storeId", store}, {"currency", "EUR"}, {"productIds", {p}}});
  EXPECT_EQ(ItemFor(in_eur, p)["list"], 95);
  EXPECT_EQ(ItemFor(in_eur, p)["currency"], "EUR");

  // a future date previews the scheduled price
  auto future = Evaluate({{"storeId", store},
                          {"currency", "USD"},
                          {"date", "2030-06-01T00:00:00Z"},
                          {"productIds", {p}}});
  EXPECT_EQ(ItemFor(future, p)["list"], 120);
  EXPECT_TRUE(ItemFor(future, p)["sale"].is_null());
}

TEST_F(PricingApiTest, VariationFallsBackToItsMainProduct) {
  const std::string store = Store();
  const std::string list = List();
  Assign(list, 0, {{"storeId", store}});
  const std::string main = Product();
  const std::string variation = Product({{"mainProductId", main}});
  const std::string own = Product({{"mainProductId", main}});
  PriceOf(list, main, 50);
  PriceOf(list, own, 55);
  auto r = Evaluate({{"storeId", store}, {"currency", "USD"}, {"productIds", {variation, own}}});
  EXPECT_EQ(ItemFor(r, variation)["list"], 50);
  EXPECT_EQ(ItemFor(r, variation)["priceProductId"], main);
  EXPECT_EQ(ItemFor(r, own)["list"], 55);
}

TEST_F(PricingApiTest, EvaluationSeesAssignmentChangesAtOnce) {
  const std::string store = Store();
  const std::string low = List();
  const std::string high = List();
  const std::string p = Product();
  PriceOf(low, p, 10);
  PriceOf(high, p, 5);
  Assign(low, 1, {{"storeId", store}});
  Json ctx = {{"storeId", store}, {"currency", "USD"}, {"productIds", {p}}};
  EXPECT_EQ(ItemFor(Evaluate(ctx), p)["list"], 10);
  const std::string a = Assign(high, 2, {{"storeId", store}});
  EXPECT_EQ(ItemFor(Evaluate(ctx), p)["list"], 5);
  auto off = server_->Admin("PATCH", "/api/v1/price-list-assignments/" + a,
                            Json{{"isActive", false}}.dump(),
                            {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(ItemFor(Evaluate(ctx), p)["list"], 10);
}

TEST_F(PricingApiTest, EvaluationInputIsValidated) {
  Json ids = Json::array();
  for (int i = 0; i < 1001; ++i) ids.push_back("p" + std::to_string(i));
  auto many = server_->Admin("POST", "/api/v1/pricing/evaluate",
                             Json{{"currency", "USD"}, {"productIds", ids}}.dump());
  EXPECT_EQ(many.status, 400);
  EXPECT_EQ(FirstErrorField(many), "productIds");
  auto no_currency =
      server_->Admin("POST", "/api/v1/pricing/evaluate", Json{{"productIds", {"a"}}}.dump());
  EXPECT_EQ(no_currency.status, 400);
  auto anonymous = server_->As("", "POST", "/api/v1/pricing/evaluate",
                               Json{{"currency", "USD"}, {"productIds", {"a"}}}.dump(),
                               {{"Content-Type", "application/json"}});
  EXPECT_EQ(anonymous.status, 401);
}

Json WaitForJob(TestServer& server, const std::string& location) {
  for (int i = 0; i < 200; ++i) {
    auto r = server.Admin("GET", location);
    auto j = r.Json();
    const std::string status = j.value("status", "");
    if (status != "queued" && status != "running") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "job did not finish: " << location;
  return Json();
}

TEST_F(PricingApiTest, CsvImportReportsBadRowsAndExportRoundTrips) {
  const std::string list = List();
  const std::string sku = Unique("CSV");
  Post("/api/v1/products", {{"catalogId", *catalog_id_}, {"code", sku}, {"name", "csv"}});
  const std::string csv = "sku,list,sale,minQuantity,startDate,endDate\n" + sku +
                          ",20,15,1,,\n"
                          "NO-SUCH-SKU,1,,1,,\n" +
                          sku + ",5,6,10,,\n" + sku + ",\"18.5\",,10,2026-01-01T00:00:00Z,\n";
  auto r = server_->Admin("POST", "/api/v1/price-lists/" + list + "/imports", csv,
                          {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = WaitForJob(*server_, r.Header("location"));
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["result"]["created"], 2) << job.dump();
  std::set<std::string> refs;
  for (const auto& e : job["errors"]) refs.insert(e["ref"]);
  EXPECT_EQ(refs, (std::set<std::string>{"row 3", "row 4"}));

  auto prices =
      server_->Admin("GET", "/api/v1/prices?priceListId=" + list + "&sort=minQuantity:asc");
  ASSERT_EQ(prices.Json()["total"], 2);
  EXPECT_EQ(prices.Json()["items"][1]["list"], 18.5);

  auto e = server_->Admin("POST", "/api/v1/price-lists/" + list + "/exports");
  ASSERT_EQ(e.status, 202) << e.body;
  auto exported = WaitForJob(*server_, e.Header("location"));
  ASSERT_EQ(exported["status"], "succeeded") << exported.dump();
  auto file = server_->Admin("GET", exported["result"]["url"].get<std::string>());
  ASSERT_EQ(file.status, 200);
  EXPECT_NE(file.body.find(sku + ",20,15,1,,"), std::string::npos) << file.body;
  EXPECT_NE(file.body.find(sku + ",18.5,,10,2026-01-01T00:00:00Z,"), std::string::npos)
      << file.body;
  EXPECT_EQ(server_->Admin("GET", "/api/v1/price-lists/exports/nope/file").status, 404);
  EXPECT_EQ(server_
                ->Admin("POST", "/api/v1/price-lists/missing/imports", csv,
                        {{"Content-Type", "text/csv"}})
                .status,
            404);
}

}  // namespace
}  // namespace emporion::test::pricing
