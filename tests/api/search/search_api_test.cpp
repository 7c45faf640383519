// The search module through the API (on SQLite and PostgreSQL): products created, renamed,
// repriced, restocked and deleted through their own modules' routes become searchable (or
// disappear) within the poll limit; keyword, filter, facets and sort on the back-office route;
// index status and the rebuild job; the snapshot survives a restart; parameter validation
// (400 naming the parameter) and permissions (401/403).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "support/test_server.hpp"

namespace emporion::test::search {
namespace {

using Json = nlohmann::json;

std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(++counter) + "x" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
}

/// Polls `probe` until it holds, for at most 3 seconds (changes must be searchable within 1 s;
/// the limit leaves room for a loaded machine).
bool Eventually(const std::function<bool()>& probe) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return probe();
}

/// Like Eventually with a longer limit, for jobs (rebuilds) that depend on the database's speed.
bool EventuallySlow(const std::function<bool()>& probe) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return probe();
}

std::string Encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::vector<std::string> Ids(const Json& result) {
  std::vector<std::string> out;
  for (const auto& item : result["items"]) out.push_back(item["id"].get<std::string>());
  return out;
}

class SearchApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    auto r = server_->Admin("POST", "/api/v1/catalogs",
                            Json{{"name", "Search catalog"},
                                 {"defaultLanguage", "en-US"},
                                 {"languages", {"en-US", "de-DE"}}}
                                .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    catalog_ = new std::string(r.Json()["id"].get<std::string>());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete catalog_;
    server_ = nullptr;
  }

  static Json Post(const std::string& path, const Json& body, int expected = 201) {
    auto r = server_->Admin("POST", path, body.dump());
    EXPECT_EQ(r.status, expected) << path << " " << body.dump() << " -> " << r.body;
    return r.body.empty() ? Json() : r.Json();
  }
  static std::string Product(const std::string& name, Json extra = Json::object()) {
    Json body = {{"catalogId", *catalog_}, {"code", Unique("SSKU")}, {"name", name}};
    body.update(extra);
    return Post("/api/v1/products", body)["id"];
  }
  static Json Search(const std::string& query, int expected = 200) {
    auto r = server_->Admin("GET", "/api/v1/search/products?" + query);
    EXPECT_EQ(r.status, expected) << query << " -> " << r.body;
    return r.body.empty() ? Json() : r.Json();
  }
  /// Ids found by keyword `q` within the suite's catalog.
  static std::vector<std::string> Find(const std::string& q, const std::string& more = "") {
    return Ids(Search("q=" + Encode(q) + "&filter=" + Encode("catalog:" + *catalog_) + more));
  }
  static bool Has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
  static Json ItemById(const Json& result, const std::string& id) {
    for (const auto& item : result["items"]) {
      if (item["id"] == id) return item;
    }
    return Json();
  }

  static TestServer* server_;
  static std::string* catalog_;
};

TestServer* SearchApiTest::server_ = nullptr;
std::string* SearchApiTest::catalog_ = nullptr;

TEST_F(SearchApiTest, CreatedRenamedAndDeletedProductsFollowInTheIndex) {
  const std::string word = Unique("zephyr");
  const std::string id = Product("Lamp " + word);
  ASSERT_TRUE(Eventually([&] { return Has(Find(word), id); })) << "not searchable";

  const std::string renamed = Unique("nimbus");
  auto patch =
      server_->Admin("PATCH", "/api/v1/products/" + id, Json{{"name", "Lamp " + renamed}}.dump(),
                     {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  ASSERT_TRUE(Eventually([&] { return Has(Find(renamed), id); })) << "new name not found";
  EXPECT_FALSE(Has(Find(word), id)) << "still found by the old name";

  ASSERT_EQ(server_->Admin("DELETE", "/api/v1/products/" + id).status, 204);
  EXPECT_TRUE(Eventually([&] { return !Has(Find(renamed), id); })) << "deleted but found";
}

TEST_F(SearchApiTest, KeywordFilterFacetsAndSort) {
  const std::string word = Unique("quokka");
  const std::string a = Product("Alpha " + word, {{"vendor", "Acme"}, {"priority", 1}});
  const std::string b = Product("Bravo " + word, {{"vendor", "Globex"}, {"priority", 3}});
  const std::string c = Product("Charlie " + word, {{"vendor", "Acme"}, {"priority", 2}});
  ASSERT_TRUE(Eventually([&] { return Find(word).size() == 3; }));

  // Filter by brand (the vendor) and facet on brand: the facet counts what the filter passes.
  auto acme = Search("q=" + word + "&filter=" + Encode("catalog:" + *catalog_ + " brand:Acme") +
                     "&facets=brand,type&sort=name:desc");
  EXPECT_EQ(acme["total"], 2);
  EXPECT_EQ(Ids(acme), (std::vector<std::string>{c, a}));
  ASSERT_EQ(acme["facets"].size(), 2u);
  EXPECT_EQ(acme["facets"][0]["name"], "brand");
  EXPECT_EQ(acme["facets"][0]["type"], "terms");
  bool acme_counted = false;
  for (const auto& v : acme["facets"][0]["values"]) {
    if (v["value"] == "Acme") acme_counted = v["count"] == 2;
  }
  EXPECT_TRUE(acme_counted) << acme["facets"].dump();

  // Sort by a number field and page.
  auto by_priority = Search("q=" + word + "&filter=" + Encode("catalog:" + *catalog_) +
                            "&sort=priority:desc&limit=2");
  EXPECT_EQ(by_priority["total"], 3);
  EXPECT_EQ(Ids(by_priority), (std::vector<std::string>{b, c}));
  auto next = Search("q=" + word + "&filter=" + Encode("catalog:" + *catalog_) +
                     "&sort=priority:desc&limit=2&offset=2");
  EXPECT_EQ(Ids(next), std::vector<std::string>{a});

  // Negation and OR in the filter language; `sku` is an alias of code.
  auto not_acme =
      Search("q=" + word + "&filter=" + Encode("catalog:" + *catalog_ + " !brand:Acme"));
  EXPECT_EQ(Ids(not_acme), std::vector<std::string>{b});
  auto product_b = server_->Admin("GET", "/api/v1/products/" + b).Json();
  auto by_sku = Search("filter=" + Encode("sku:" + product_b["code"].get<std::string>()));
  EXPECT_EQ(Ids(by_sku), std::vector<std::string>{b});
  auto stored = ItemById(by_sku, b);
  EXPECT_EQ(stored["code"], product_b["code"]);
  EXPECT_EQ(stored["name"]["en-US"], "Bravo " + word);
  EXPECT_EQ(stored["type"], "product");
}

TEST_F(SearchApiTest, PriceAndStockChangesReachTheirFields) {
  const std::string word = Unique("wombat");
  const std::string id = Product("Kettle " + word);
  const std::string list =
      Post("/api/v1/price-lists", {{"name", Unique("SearchList")}, {"currency", "USD"}})["id"];
  const std::string price =
      Post("/api/v1/prices", {{"priceListId", list}, {"productId", id}, {"list", 19.5}})["id"];
  const std::string field = "price." + list;
  auto priced = [&](const char* range) {
    return Has(Ids(Search("q=" + word + "&filter=" + Encode(field + ":" + range))), id);
  };
  ASSERT_TRUE(Eventually([&] { return priced("[19 TO 20]"); })) << "price not indexed";
  auto found = Search("q=" + word + "&filter=" + Encode(field + ":[19 TO 20]"));
  EXPECT_EQ(ItemById(found, id)["prices"][list]["list"], 19.5);
  EXPECT_EQ(ItemById(found, id)["prices"][list]["currency"], "USD");

  auto patch = server_->Admin("PATCH", "/api/v1/prices/" + price, Json{{"list", 42}}.dump(),
                              {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  ASSERT_TRUE(Eventually([&] { return priced("[41 TO 43]"); })) << "new price not indexed";
  EXPECT_FALSE(priced("[19 TO 20]"));
  // Sort and range facets work on the price field too.
  auto facet = Search("q=" + word + "&facets=" + Encode(field) + "&sort=" + Encode(field + ":asc"));
  ASSERT_EQ(facet["facets"].size(), 1u);
  EXPECT_EQ(facet["facets"][0]["type"], "range");

  const std::string center = Post("/api/v1/fulfillment-centers", {{"name", Unique("Depot")}})["id"];
  auto in_center = [&] {
    return Has(Ids(Search("q=" + word + "&filter=" + Encode("available_in:" + center))), id);
  };
  EXPECT_FALSE(in_center());
  Post("/api/v1/inventories",
       {{"productId", id}, {"fulfillmentCenterId", center}, {"inStockQuantity", 5}});
  ASSERT_TRUE(Eventually(in_center)) << "stock not indexed";
  auto stocked = Search("q=" + word + "&filter=" + Encode("available." + center + ":[5 TO 5]"));
  EXPECT_EQ(ItemById(stocked, id)["stock"][center], 5);
}

TEST_F(SearchApiTest, StatusCountsAndRebuildJob) {
  const std::string word = Unique("ibis");
  Product("Vase " + word);
  ASSERT_TRUE(Eventually([&] { return Find(word).size() == 1; }));
  // Wait for the initial rebuilds to settle (they run as jobs after the first start).
  Json status;
  ASSERT_TRUE(EventuallySlow([&] {
    status = server_->Admin("GET", "/api/v1/search/indexes").Json();
    for (const auto& s : status["items"]) {
      if (s["rebuilding"] == true || s["lastRebuildAt"].is_null()) return false;
    }
    return true;
  })) << status.dump();
  ASSERT_EQ(status["total"], 3);
  std::map<std::string, Json> by_type;
  for (const auto& s : status["items"]) by_type[s["type"]] = s;
  ASSERT_EQ(by_type.count("product"), 1u);
  EXPECT_GE(by_type["product"]["documents"].get<int>(), 1);
  EXPECT_GE(by_type["product"]["lagMillis"].get<int>(), 0);

  auto products = server_->Admin("GET", "/api/v1/products?limit=1").Json();
  auto r = server_->Admin("POST", "/api/v1/search/indexes/product/rebuild");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string location = r.Header("location");
  ASSERT_EQ(location.rfind("/api/v1/jobs/", 0), 0u) << location;
  Json job;
  ASSERT_TRUE(EventuallySlow([&] {
    job = server_->Admin("GET", location).Json();
    return job["status"] == "succeeded" || job["status"] == "failed";
  })) << job.dump();
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);
  EXPECT_EQ(job["result"]["documents"], products["total"]);
  ASSERT_TRUE(Eventually([&] {
    auto after = server_->Admin("GET", "/api/v1/search/indexes").Json();
    for (const auto& s : after["items"]) {
      if (s["type"] == "product") return s["documents"] == products["total"];
    }
    return false;
  }));
  EXPECT_EQ(Find(word).size(), 1u);
  EXPECT_EQ(server_->Admin("POST", "/api/v1/search/indexes/nope/rebuild").status, 404);
}

TEST_F(SearchApiTest, BadParametersAreNamed) {
  const struct {
    std::string query;
    std::string field;
  } cases[] = {
      {"filter=" + Encode("brand:(Acme"), "filter"},
      {"filter=" + Encode("nosuchfield:x"), "filter"},
      {"sort=nosuchfield:asc", "sort"},
      {"sort=name:sideways", "sort"},
      {"facets=nosuchfield", "facets"},
      {"facets=name", "facets"},
      {"limit=1001", "limit"},
      {"offset=-1", "offset"},
  };
  for (const auto& c : cases) {
    auto r = server_->Admin("GET", "/api/v1/search/products?" + c.query);
    ASSERT_EQ(r.status, 400) << c.query << " -> " << r.body;
    EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u);
    auto body = r.Json();
    ASSERT_TRUE(body.contains("errors")) << r.body;
    EXPECT_EQ(body["errors"][0]["field"], c.field) << c.query << " -> " << r.body;
  }
  EXPECT_EQ(server_->Admin("GET", "/api/v1/search/categories?q=x").status, 200);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/search/members?q=x").status, 200);
}

TEST_F(SearchApiTest, RoutesNeedTheirPermissions) {
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/search/products").status, 401);
  EXPECT_EQ(server_->Client()->Send("GET", "/api/v1/search/indexes").status, 401);
  const std::string reader_role = Unique("SearchReader");
  Post("/api/v1/security/roles", {{"name", reader_role}, {"permissions", {"search:read"}}});
  const std::string nobody_role = Unique("SearchNobody");
  Post("/api/v1/security/roles", {{"name", nobody_role}, {"permissions", Json::array()}});
  const std::string password = "Search-Passw0rd!";
  const std::string reader = Unique("reader");
  const std::string nobody = Unique("nobody");
  Post("/api/v1/security/users",
       {{"userName", reader}, {"password", password}, {"roles", {reader_role}}});
  Post("/api/v1/security/users",
       {{"userName", nobody}, {"password", password}, {"roles", {nobody_role}}});
  const std::string reader_token = server_->Login(reader, password);
  const std::string nobody_token = server_->Login(nobody, password);
  ASSERT_FALSE(reader_token.empty());
  ASSERT_FALSE(nobody_token.empty());
  EXPECT_EQ(server_->As(nobody_token, "GET", "/api/v1/search/products").status, 403);
  EXPECT_EQ(server_->As(nobody_token, "GET", "/api/v1/search/indexes").status, 403);
  EXPECT_EQ(server_->As(reader_token, "GET", "/api/v1/search/products").status, 200);
  EXPECT_EQ(server_->As(reader_token, "GET", "/api/v1/search/indexes").status, 200);
  EXPECT_EQ(server_->As(reader_token, "POST", "/api/v1/search/indexes/product/rebuild").status,
            403);
}

TEST(SearchRestartApiTest, TheIndexIsLoadedFromTheSnapshotAfterARestart) {
  TestServer server;
  auto cat = server.Admin("POST", "/api/v1/catalogs",
                          Json{{"name", "Restart"}, {"defaultLanguage", "en-US"}}.dump());
  ASSERT_EQ(cat.status, 201) << cat.body;
  const std::string word = Unique("pelican");
  auto p = server.Admin(
      "POST", "/api/v1/products",
      Json{{"catalogId", cat.Json()["id"]}, {"code", Unique("RSKU")}, {"name", "Jug " + word}}
          .dump());
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string id = p.Json()["id"];
  auto find = [&] {
    auto r = server.Admin("GET", "/api/v1/search/products?q=" + word);
    return r.status == 200 && Ids(r.Json()) == std::vector<std::string>{id};
  };
  ASSERT_TRUE(Eventually(find));
  Json before;
  ASSERT_TRUE(EventuallySlow([&] {
    before = server.Admin("GET", "/api/v1/search/indexes").Json();
    for (const auto& s : before["items"]) {
      if (s["rebuilding"] == true || s["lastRebuildAt"].is_null()) return false;
    }
    return true;
  })) << before.dump();
  EXPECT_EQ(server.Admin("GET", "/health/ready").status, 200);

  server.Restart();
  auto after = server.Admin("GET", "/api/v1/search/indexes");
  ASSERT_EQ(after.status, 200) << after.body;
  for (const auto& s : after.Json()["items"]) {
    EXPECT_EQ(s["loadedFromSnapshot"], true) << s.dump();
    for (const auto& b : before["items"]) {
      if (b["type"] == s["type"]) {
        EXPECT_EQ(b["lastRebuildAt"], s["lastRebuildAt"]) << s.dump();
      }
      if (b["type"] == s["type"] && s["type"] == "product") {
        // Built in memory before; after the restart its stored documents are read in place
        // from the snapshot file (mappedBytes), outside the heap it reports.
        EXPECT_EQ(b["mappedBytes"], 0) << b.dump();
        EXPECT_GT(s["mappedBytes"].get<std::int64_t>(), 0) << s.dump();
        EXPECT_GT(s["memoryBytes"].get<std::int64_t>(), 0) << s.dump();
      }
    }
  }
  EXPECT_TRUE(find()) << "not found after the restart";
  EXPECT_EQ(server.Admin("GET", "/health/ready").status, 200);
}

}  // namespace
}  // namespace emporion::test::search
