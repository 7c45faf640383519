// Products through the API: SKU unique across the system, category and catalog checks,
// variations (main product rules, variation ids on the main product, merged vs stored view,
// delete with variations), the sellable window, list filters and bulk upserts.
#include <gtest/gtest.h>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

class ProductApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    catalog_ = new Json(MakeCatalog(*server_));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    delete server_;
    server_ = nullptr;
  }
  static std::string Cat() { return Id(*catalog_); }
  static TestServer* server_;
  static Json* catalog_;
};
TestServer* ProductApiTest::server_ = nullptr;
Json* ProductApiTest::catalog_ = nullptr;

const std::vector<std::pair<std::string, std::string>> kPatch = {
    {"Content-Type", "application/merge-patch+json"}};

TEST_F(ProductApiTest, ProductCarriesEveryFieldOfTheBrief) {
  Json body = {
      {"code", Unique("FULL")},
      {"name", "Trail shoe"},
      {"localizedName", {{{"languageCode", "de-DE"}, {"value", "Laufschuh"}}}},
      {"catalogId", Cat()},
      {"productType", "Physical"},
      {"isActive", true},
      {"isBuyable", true},
      {"trackInventory", false},
      {"gtin", "4006381333931"},
      {"manufacturerPartNumber", "MPN-1"},
      {"vendor", "Acme"},
      {"weight", 1.25},
      {"weightUnit", "kg"},
      {"length", 30},
      {"width", 12.5},
      {"height", 10},
      {"measureUnit", "cm"},
      {"minQuantity", 1},
      {"maxQuantity", 5},
      {"startDate", "2020-01-01T00:00:00Z"},
      {"endDate", "2999-01-01T00:00:00Z"},
      {"priority", 3},
      {"taxType", "Shoes"},
      {"images",
       {{{"url", "https://img/1.jpg"},
         {"name", "front"},
         {"group", "main"},
         {"sortOrder", 1},
         {"languageCode", "en-US"}}}},
      {"assets",
       {{{"url", "https://files/manual.pdf"},
         {"name", "Manual"},
         {"group", "docs"},
         {"mimeType", "application/pdf"},
         {"size", 1000},
         {"languageCode", "en-US"},
         {"sortOrder", 0}}}},
      {"descriptions",
       {{{"content", "Light"}, {"reviewType", "QuickReview"}, {"languageCode", "en-US"}},
        {{"content", "Leicht"}, {"reviewType", "FullReview"}, {"languageCode", "de-DE"}}}}};
  auto r = server_->Admin("POST", "/api/v1/products", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = r.Json();
  for (const auto& [key, value] : body.items()) {
    EXPECT_EQ(p[key], value) << key;
  }
  EXPECT_EQ(p["variations"], Json::array());
  EXPECT_EQ(p["isSellable"], true);
  ASSERT_EQ(p["outlines"].size(), 1u);
  EXPECT_EQ(p["outlines"][0]["path"], Cat() + "/" + Id(p));
  EXPECT_EQ(r.Header("location"), "/api/v1/products/" + Id(p));

  // A GET body can be PUT back unchanged.
  auto got = server_->Admin("GET", "/api/v1/products/" + Id(p));
  auto put = server_->Admin("PUT", "/api/v1/products/" + Id(p), got.body);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["version"], 1);  // nothing changed, nothing written
}

TEST_F(ProductApiTest, DefaultsApplyToMainProducts) {
  auto p = MakeProduct(*server_, Cat(), {{"descriptions", {{{"content", "Text"}}}}});
  EXPECT_EQ(p["descriptions"][0]["reviewType"], "FullReview");
  EXPECT_EQ(p["productType"], "Physical");
  EXPECT_EQ(p["isActive"], true);
  EXPECT_EQ(p["isBuyable"], true);
  EXPECT_EQ(p["trackInventory"], true);
  EXPECT_EQ(p["priority"], 0);
  auto bad = server_->Admin(
      "POST", "/api/v1/products",
      Json({{"catalogId", Cat()}, {"code", Unique("x")}, {"name", "X"}, {"productType", "Service"}})
          .dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(NamesField(bad, "productType"));
}

TEST_F(ProductApiTest, SkuIsUniqueAcrossTheWholeSystem) {
  auto other = MakeCatalog(*server_);
  const std::string sku = Unique("UNIQ");
  auto first = MakeProduct(*server_, Cat(), {{"code", sku}});
  auto dup =
      server_->Admin("POST", "/api/v1/products",
                     Json({{"catalogId", Id(other)}, {"code", sku}, {"name", "Other"}}).dump());
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_TRUE(NamesField(dup, "code"));
  EXPECT_NE(dup.Json()["detail"].get<std::string>().find(Id(first)), std::string::npos);
  auto second = MakeProduct(*server_, Cat());
  auto rename = server_->Admin("PATCH", "/api/v1/products/" + Id(second),
                               Json({{"code", sku}}).dump(), kPatch);
  EXPECT_EQ(rename.status, 409);
}

TEST_F(ProductApiTest, CategoryAndCatalogMustFit) {
  auto other = MakeCatalog(*server_);
  auto foreign = MakeCategory(*server_, Id(other));
  auto r = server_->Admin(
      "POST", "/api/v1/products",
      Json(
          {{"catalogId", Cat()}, {"code", Unique("c")}, {"name", "X"}, {"categoryId", Id(foreign)}})
          .dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(NamesField(r, "categoryId"));
  auto virt = MakeCatalog(*server_, true);
  auto v =
      server_->Admin("POST", "/api/v1/products",
                     Json({{"catalogId", Id(virt)}, {"code", Unique("c")}, {"name", "X"}}).dump());
  EXPECT_EQ(v.status, 422);
  EXPECT_TRUE(NamesField(v, "catalogId"));
}

TEST_F(ProductApiTest, VariationMustNameAMainProductOfTheSameCatalog) {
  auto main = MakeProduct(*server_, Cat());
  auto variation = MakeProduct(*server_, Cat(), {{"mainProductId", Id(main)}});
  struct Case {
    Json main_id;
    std::string catalog;
  };
  auto other = MakeCatalog(*server_);
  auto foreign_main = MakeProduct(*server_, Id(other));
  const Case cases[] = {
      {"no-such-product", Cat()},
      {Id(variation), Cat()},     // a variation of a variation
      {Id(foreign_main), Cat()},  // another catalog
  };
  for (const auto& c : cases) {
    auto r = server_->Admin("POST", "/api/v1/products",
                            Json({{"catalogId", c.catalog},
                                  {"code", Unique("v")},
                                  {"name", "V"},
                                  {"mainProductId", c.main_id}})
                                .dump());
    EXPECT_EQ(r.status, 422) << c.main_id << " " << r.body;
    EXPECT_TRUE(NamesField(r, "mainProductId"));
  }
  // A main product with variations cannot become a variation itself.
  auto another_main = MakeProduct(*server_, Cat());
  auto r = server_->Admin("PATCH", "/api/v1/products/" + Id(main),
                          Json({{"mainProductId", Id(another_main)}}).dump(), kPatch);
  EXPECT_EQ(r.status, 422);
  auto main_read = server_->Admin("GET", "/api/v1/products/" + Id(main)).Json();
  EXPECT_EQ(main_read["variations"], Json::array({Id(variation)}));
  // Variations stay in their main product's catalog.
  auto moved = server_->Admin("PATCH", "/api/v1/products/" + Id(main),
                              Json({{"catalogId", Id(other)}}).dump(), kPatch);
  EXPECT_EQ(moved.status, 422);
  EXPECT_TRUE(NamesField(moved, "catalogId"));
}

TEST_F(ProductApiTest, VariationInheritsUnsetFieldsInTheMergedView) {
  auto category = MakeCategory(*server_, Cat());
  auto main =
      MakeProduct(*server_, Cat(),
                  {{"categoryId", Id(category)},
                   {"taxType", "Clothing"},
                   {"weight", 0.5},
                   {"images", {{{"url", "https://img/main.jpg"}}}},
                   {"descriptions", {{{"content", "Soft cotton"}, {"languageCode", "en-US"}}}},
                   {"seoInfos", {{{"semanticUrl", Unique("shirt")}, {"languageCode", "en-US"}}}}});
  auto variation =
      MakeProduct(*server_, Cat(),
                  {{"mainProductId", Id(main)}, {"images", {{{"url", "https://img/red.jpg"}}}}});
  auto stored = server_->Admin("GET", "/api/v1/products/" + Id(variation)).Json();
  EXPECT_EQ(stored["taxType"], nullptr);
  EXPECT_EQ(stored["descriptions"], Json::array());
  EXPECT_EQ(stored["isActive"], nullptr);
  EXPECT_FALSE(stored.contains("inheritedFields"));
  // The variation appears under the main product's category either way.
  EXPECT_EQ(stored["outlines"][0]["path"], Cat() + "/" + Id(category) + "/" + Id(variation));

  auto merged_r = server_->Admin("GET", "/api/v1/products/" + Id(variation) + "?view=merged");
  ASSERT_EQ(merged_r.status, 200) << merged_r.body;
  auto merged = merged_r.Json();
  EXPECT_EQ(merged["taxType"], "Clothing");
  EXPECT_EQ(merged["weight"], 0.5);
  EXPECT_EQ(merged["categoryId"], Id(category));
  EXPECT_EQ(merged["descriptions"][0]["content"], "Soft cotton");
  EXPECT_EQ(merged["images"][0]["url"], "https://img/red.jpg");  // its own
  EXPECT_EQ(merged["seoInfos"].size(), 1u);
  EXPECT_EQ(merged["isActive"], true);
  EXPECT_EQ(merged["code"], variation["code"]);
  auto inherited = merged["inheritedFields"];
  EXPECT_NE(std::find(inherited.begin(), inherited.end(), "taxType"), inherited.end());
  EXPECT_EQ(std::find(inherited.begin(), inherited.end(), "images"), inherited.end());
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(variation) + "?view=fancy").status, 400);

  // Lists offer both views too.
  auto list = server_->Admin("GET", "/api/v1/products?mainProductId=" + Id(main) + "&view=merged");
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["taxType"], "Clothing");
}

TEST_F(ProductApiTest, MainProductWithVariationsIsDeletedOnlyWithCascade) {
  auto main = MakeProduct(*server_, Cat());
  auto v1 = MakeProduct(*server_, Cat(), {{"mainProductId", Id(main)}});
  auto v2 = MakeProduct(*server_, Cat(), {{"mainProductId", Id(main)}});
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/products/" + Id(main)).status, 409);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/products/" + Id(v1)).status, 204);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/products/" + Id(main) + "?cascade=true").status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(v2)).status, 404);
}

TEST_F(ProductApiTest, ProductOutsideItsDateWindowIsNotSellable) {
  struct Case {
    Json extra;
    bool sellable;
  };
  const Case cases[] = {
      {{{"startDate", "2000-01-01T00:00:00Z"}, {"endDate", "2999-01-01T00:00:00Z"}}, true},
      {{{"startDate", "2999-01-01T00:00:00Z"}}, false},
      {{{"endDate", "2001-01-01T00:00:00Z"}}, false},
      {{{"isActive", false}}, false},
      {{{"isBuyable", false}}, false},
      {Json::object(), true},
  };
  for (const auto& c : cases) {
    auto p = MakeProduct(*server_, Cat(), c.extra);
    EXPECT_EQ(p["isSellable"], c.sellable) << c.extra.dump();
    EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(p)).Json()["isSellable"], c.sellable);
  }
  auto bad = server_->Admin("POST", "/api/v1/products",
                            Json({{"catalogId", Cat()},
                                  {"code", Unique("d")},
                                  {"name", "D"},
                                  {"startDate", "2030-01-01T00:00:00Z"},
                                  {"endDate", "2020-01-01T00:00:00Z"}})
                                .dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "endDate"));
}

TEST_F(ProductApiTest, ListsFilterByCatalogCategoryKeywordStateMainProductAndTime) {
  auto catalog = MakeCatalog(*server_);
  const std::string cat = Id(catalog);
  auto top = MakeCategory(*server_, cat);
  auto sub = MakeCategory(*server_, cat, Id(top));
  auto in_top = MakeProduct(*server_, cat, {{"categoryId", Id(top)}, {"name", "Blue kayak"}});
  auto in_sub = MakeProduct(*server_, cat, {{"categoryId", Id(sub)}, {"isActive", false}});
  auto loose = MakeProduct(*server_, cat, {{"code", Unique("PADDLE")}});
  auto variation = MakeProduct(*server_, cat, {{"mainProductId", Id(in_top)}});
  const std::string base = "/api/v1/products?catalogId=" + cat;
  EXPECT_EQ(server_->Admin("GET", base).Json()["total"], 4);
  auto only_top = Ids(server_->Admin("GET", base + "&categoryId=" + Id(top)));
  EXPECT_TRUE(Contains(only_top, Id(in_top)));
  EXPECT_TRUE(Contains(only_top, Id(variation)));  // through its main product
  EXPECT_FALSE(Contains(only_top, Id(in_sub)));
  auto subtree =
      Ids(server_->Admin("GET", base + "&categoryId=" + Id(top) + "&includeDescendants=true"));
  EXPECT_EQ(subtree.size(), 3u);
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&q=KAYAK")), std::vector<std::string>{Id(in_top)});
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&q=paddle")), std::vector<std::string>{Id(loose)});
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&isActive=false")),
            std::vector<std::string>{Id(in_sub)});
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&mainProductId=" + Id(in_top))),
            std::vector<std::string>{Id(variation)});
  EXPECT_EQ(server_->Admin("GET", base + "&isVariation=false").Json()["total"], 3);
  EXPECT_EQ(server_->Admin("GET", base + "&modifiedSince=2999-01-01T00:00:00Z").Json()["total"], 0);
  EXPECT_EQ(server_->Admin("GET", base + "&modifiedSince=2000-01-01T00:00:00Z").Json()["total"], 4);
  EXPECT_EQ(server_->Admin("GET", base + "&modifiedSince=yesterday").status, 400);
  auto sorted = server_->Admin("GET", base + "&sort=code:desc&limit=2");
  EXPECT_EQ(sorted.Json()["items"].size(), 2u);
  EXPECT_EQ(server_->Admin("GET", base + "&sort=price").status, 400);
  auto by_ids = Ids(server_->Admin("GET", "/api/v1/products?ids=" + Id(loose) + "," + Id(in_sub)));
  EXPECT_EQ(by_ids.size(), 2u);
}

TEST_F(ProductApiTest, BulkUpsertsBySkuAllOrNothing) {
  const std::string a = Unique("BULK");
  const std::string b = Unique("BULK");
  Json items = {{{"catalogId", Cat()}, {"code", a}, {"name", "A"}},
                {{"catalogId", Cat()}, {"code", b}, {"name", "B"}},
                {{"catalogId", Cat()},
                 {"code", Unique("BULK")},
                 {"name", "C"},
                 {"mainProductId", "missing"}}};
  auto bad = server_->Admin("POST", "/api/v1/products/bulk", Json({{"items", items}}).dump());
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(NamesField(bad, "items[2].mainProductId"));
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products?code=" + a).Json()["total"], 0);
  items.erase(2);
  auto ok = server_->Admin("POST", "/api/v1/products/bulk", Json({{"items", items}}).dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json(), Json({{"created", 2}, {"updated", 0}}));
  items[1]["name"] = "B2";
  auto again = server_->Admin("POST", "/api/v1/products/bulk", Json({{"items", items}}).dump());
  EXPECT_EQ(again.Json(), Json({{"created", 0}, {"updated", 2}}));
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products?code=" + b).Json()["items"][0]["name"], "B2");
  auto type_error =
      server_->Admin("POST", "/api/v1/products/bulk",
                     R"({"items":[{"code":"x","name":"x","catalogId":"c"},{"code":7}]})");
  EXPECT_EQ(type_error.status, 422);
  EXPECT_TRUE(NamesField(type_error, "items[1].code"));
}

TEST_F(ProductApiTest, ChangesAreRecordedInTheHistory) {
  auto p = MakeProduct(*server_, Cat());
  server_->Admin("PATCH", "/api/v1/products/" + Id(p), R"({"name":"Renamed"})", kPatch);
  auto changes =
      server_->Admin("GET", "/api/v1/changes?entityType=catalog.product&entityId=" + Id(p));
  ASSERT_EQ(changes.status, 200) << changes.body;
  auto items = changes.Json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["operation"], "updated");
  EXPECT_NE(items[0].dump().find("Renamed"), std::string::npos);
  // A create records what identifies the product, not a diff of its whole document.
  EXPECT_EQ(items[1]["operation"], "created");
  EXPECT_EQ(items[1]["detail"],
            Json({{"id", Id(p)},
                  {"catalogId", Cat()},
                  {"categoryId", nullptr},
                  {"mainProductId", nullptr},
                  {"code", p["code"]}}));
}

}  // namespace
}  // namespace emporion::test::catalog
