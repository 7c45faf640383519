// Catalogs and categories through the API: the contract's resource behaviour (201 + Location,
// ETag, If-Match -> 412, PUT, merge-patch PATCH, 404 after DELETE, list envelope, 400 on an
// unknown sort field) and the category rules: code unique in its catalog, no cycles, moving a
// category moves its subtree and every outline below it, a non-empty category is deleted only
// with ?cascade=true, the tree endpoint.
#include <gtest/gtest.h>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

class CatalogCategoryApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* CatalogCategoryApiTest::server_ = nullptr;

TEST_F(CatalogCategoryApiTest, CatalogFollowsTheResourceContract) {
  auto created =
      server_->Admin("POST", "/api/v1/catalogs",
                     R"({"name":"Main","defaultLanguage":"en-US","languages":["en-US","de-DE"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = created.Json();
  const std::string id = Id(c);
  EXPECT_EQ(created.Header("location"), "/api/v1/catalogs/" + id);
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["isVirtual"], false);
  EXPECT_EQ(c["createdBy"], "admin");
  EXPECT_TRUE(c.contains("createdAt"));
  EXPECT_TRUE(c.contains("modifiedAt"));

  auto got = server_->Admin("GET", "/api/v1/catalogs/" + id);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.Json()["name"], "Main");

  auto put = server_->Admin("PUT", "/api/v1/catalogs/" + id,
                            R"({"name":"Main 2","defaultLanguage":"en-US"})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["version"], 2);
  EXPECT_EQ(put.Json()["languages"], Json::array({"en-US"}));  // full replace

  auto patch = server_->Admin("PATCH", "/api/v1/catalogs/" + id, R"({"name":"Patched"})",
                              {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.Json()["name"], "Patched");
  EXPECT_EQ(patch.Json()["defaultLanguage"], "en-US");
  EXPECT_EQ(patch.Header("etag"), "\"3\"");

  auto stale =
      server_->Admin("PATCH", "/api/v1/catalogs/" + id, R"({"name":"Lost"})",
                     {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"2\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs/" + id).Json()["name"], "Patched");

  auto good =
      server_->Admin("PUT", "/api/v1/catalogs/" + id,
                     R"({"name":"Current","defaultLanguage":"en-US"})", {{"If-Match", "\"3\""}});
  EXPECT_EQ(good.status, 200);

  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/catalogs/" + id, "", {{"If-Match", "\"1\""}}).status,
            412);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/catalogs/" + id).status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs/" + id).status, 404);
}

TEST_F(CatalogCategoryApiTest, ClientMaySupplyTheIdOnceOnly) {
  const std::string body = R"({"id":"my-catalog","name":"Mine","defaultLanguage":"en-US"})";
  EXPECT_EQ(server_->Admin("POST", "/api/v1/catalogs", body).status, 201);
  auto again = server_->Admin("POST", "/api/v1/catalogs", body);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Header("content-type"), "application/problem+json");
  auto bad = server_->Admin("POST", "/api/v1/catalogs",
                            R"({"id":"has space","name":"X","defaultLanguage":"en-US"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(NamesField(bad, "id"));
}

TEST_F(CatalogCategoryApiTest, InvalidCatalogsAreRefusedWithTheFieldsNamed) {
  auto r = server_->Admin("POST", "/api/v1/catalogs",
                          R"({"name":"","defaultLanguage":"en-US","languages":["de-DE"]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(NamesField(r, "name"));
  EXPECT_TRUE(NamesField(r, "languages"));
  auto wrong_type =
      server_->Admin("POST", "/api/v1/catalogs", R"({"name":5,"defaultLanguage":"en-US"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_TRUE(NamesField(wrong_type, "name"));
  auto catalog = MakeCatalog(*server_);
  auto flip = server_->Admin("PATCH", "/api/v1/catalogs/" + Id(catalog), R"({"isVirtual":true})",
                             {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(flip.status, 422);
  EXPECT_TRUE(NamesField(flip, "isVirtual"));
}

TEST_F(CatalogCategoryApiTest, ListsAreEnvelopedPagedAndSortedByKnownFieldsOnly) {
  for (int i = 0; i < 3; ++i) MakeCatalog(*server_);
  auto page = server_->Admin("GET", "/api/v1/catalogs?limit=2&offset=0&sort=name:desc");
  ASSERT_EQ(page.status, 200) << page.body;
  auto j = page.Json();
  EXPECT_EQ(j["items"].size(), 2u);
  EXPECT_GE(j["total"].get<int>(), 3);
  EXPECT_GE(j["items"][0]["name"].get<std::string>(), j["items"][1]["name"].get<std::string>());
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs?sort=color").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs?limit=1001").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs?isVirtual=maybe").status, 400);
}

TEST_F(CatalogCategoryApiTest, CategoryCodeIsUniqueInItsCatalogOnly) {
  auto a = MakeCatalog(*server_);
  auto b = MakeCatalog(*server_);
  MakeCategory(*server_, Id(a), nullptr, {{"code", "shoes"}});
  auto dup =
      server_->Admin("POST", "/api/v1/categories",
                     Json({{"catalogId", Id(a)}, {"code", "shoes"}, {"name", "Shoes"}}).dump());
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_TRUE(NamesField(dup, "code"));
  MakeCategory(*server_, Id(b), nullptr, {{"code", "shoes"}});
}

TEST_F(CatalogCategoryApiTest, CategoryFieldsAndLocalizedNamesFollowTheCatalogLanguages) {
  auto catalog = MakeCatalog(*server_);
  auto c = MakeCategory(*server_, Id(catalog), nullptr,
                        {{"localizedName", {{{"languageCode", "de-DE"}, {"value", "Schuhe"}}}},
                         {"priority", 7},
                         {"isActive", false},
                         {"images", {{{"url", "https://img/x.jpg"}, {"group", "main"}}}}});
  EXPECT_EQ(c["localizedName"][0]["value"], "Schuhe");
  EXPECT_EQ(c["priority"], 7);
  EXPECT_EQ(c["isActive"], false);
  EXPECT_EQ(c["images"][0]["url"], "https://img/x.jpg");
  EXPECT_EQ(c["outline"]["path"], Id(catalog) + "/" + Id(c));
  auto bad = server_->Admin(
      "POST", "/api/v1/categories",
      Json({{"catalogId", Id(catalog)},
            {"code", Unique("c")},
            {"name", "X"},
            {"localizedName", {{{"languageCode", "fr-FR"}, {"value", "Chaussures"}}}}})
          .dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "localizedName[0].languageCode"));
  auto no_catalog =
      server_->Admin("POST", "/api/v1/categories", R"({"catalogId":"nope","code":"x","name":"X"})");
  EXPECT_EQ(no_catalog.status, 422);
  EXPECT_TRUE(NamesField(no_catalog, "catalogId"));
}

TEST_F(CatalogCategoryApiTest, CyclesInTheTreeAreRefused) {
  auto catalog = MakeCatalog(*server_);
  auto a = MakeCategory(*server_, Id(catalog));
  auto b = MakeCategory(*server_, Id(catalog), Id(a));
  auto c = MakeCategory(*server_, Id(catalog), Id(b));
  for (const auto& new_parent : {Id(c), Id(b), Id(a)}) {
    auto r = server_->Admin("PATCH", "/api/v1/categories/" + Id(a),
                            Json({{"parentId", new_parent}}).dump(),
                            {{"Content-Type", "application/merge-patch+json"}});
    EXPECT_EQ(r.status, 422) << new_parent << " " << r.body;
    EXPECT_TRUE(NamesField(r, "parentId"));
  }
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories/" + Id(a)).Json()["version"], 1);
}

TEST_F(CatalogCategoryApiTest, MovingACategoryMovesItsSubtreeAndEveryOutlineBelowIt) {
  auto catalog = MakeCatalog(*server_);
  const std::string cat = Id(catalog);
  auto a = MakeCategory(*server_, cat);
  auto b = MakeCategory(*server_, cat, Id(a));
  auto c = MakeCategory(*server_, cat, Id(b));
  auto x = MakeCategory(*server_, cat);
  auto product = MakeProduct(*server_, cat, {{"categoryId", Id(c)}});
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories/" + Id(c)).Json()["outline"]["path"],
            cat + "/" + Id(a) + "/" + Id(b) + "/" + Id(c));

  auto moved =
      server_->Admin("PATCH", "/api/v1/categories/" + Id(b), Json({{"parentId", Id(x)}}).dump(),
                     {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["outline"]["path"], cat + "/" + Id(x) + "/" + Id(b));
  auto child = server_->Admin("GET", "/api/v1/categories/" + Id(c)).Json();
  EXPECT_EQ(child["outline"]["path"], cat + "/" + Id(x) + "/" + Id(b) + "/" + Id(c));
  EXPECT_EQ(child["level"], 2);
  EXPECT_EQ(child["outline"]["items"][1]["name"], x["name"]);
  auto p = server_->Admin("GET", "/api/v1/products/" + Id(product)).Json();
  EXPECT_EQ(p["outlines"][0]["path"],
            cat + "/" + Id(x) + "/" + Id(b) + "/" + Id(c) + "/" + Id(product));
  // Products of the old ancestor no longer include the moved subtree.
  auto under_a =
      server_->Admin("GET", "/api/v1/products?categoryId=" + Id(a) + "&includeDescendants=true");
  EXPECT_EQ(under_a.Json()["total"], 0);
  auto under_x =
      server_->Admin("GET", "/api/v1/products?categoryId=" + Id(x) + "&includeDescendants=true");
  EXPECT_EQ(Ids(under_x), std::vector<std::string>{Id(product)});
  // A move to the root.
  auto root = server_->Admin("PATCH", "/api/v1/categories/" + Id(b), R"({"parentId":null})",
                             {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories/" + Id(c)).Json()["outline"]["path"],
            cat + "/" + Id(b) + "/" + Id(c));
}

TEST_F(CatalogCategoryApiTest, NonEmptyCategoryIsDeletedOnlyWithCascade) {
  auto catalog = MakeCatalog(*server_);
  auto parent = MakeCategory(*server_, Id(catalog));
  auto child = MakeCategory(*server_, Id(catalog), Id(parent));
  auto product = MakeProduct(*server_, Id(catalog), {{"categoryId", Id(child)}});
  auto refused = server_->Admin("DELETE", "/api/v1/categories/" + Id(parent));
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/categories/" + Id(child)).status, 409);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories/" + Id(child)).status, 200);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/categories/" + Id(parent) + "?cascade=true").status,
            204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories/" + Id(child)).status, 404);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(product)).status, 404);
  auto empty = MakeCategory(*server_, Id(catalog));
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/categories/" + Id(empty)).status, 204);
}

TEST_F(CatalogCategoryApiTest, CatalogWithContentIsDeletedOnlyWithCascade) {
  auto catalog = MakeCatalog(*server_);
  auto category = MakeCategory(*server_, Id(catalog));
  auto product = MakeProduct(*server_, Id(catalog), {{"categoryId", Id(category)}});
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/catalogs/" + Id(catalog)).status, 409);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/catalogs/" + Id(catalog) + "?cascade=true").status,
            204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(product)).status, 404);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories/" + Id(category)).status, 404);
}

TEST_F(CatalogCategoryApiTest, TreeNestsCategoriesToTheRequestedDepth) {
  auto catalog = MakeCatalog(*server_);
  auto a = MakeCategory(*server_, Id(catalog), nullptr, {{"priority", 1}});
  auto b = MakeCategory(*server_, Id(catalog), nullptr, {{"priority", 5}});
  auto a1 = MakeCategory(*server_, Id(catalog), Id(a));
  MakeCategory(*server_, Id(catalog), Id(a1));
  auto tree = server_->Admin("GET", "/api/v1/catalogs/" + Id(catalog) + "/tree");
  ASSERT_EQ(tree.status, 200) << tree.body;
  auto items = tree.Json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["id"], Id(b));  // higher priority first
  EXPECT_EQ(items[1]["children"][0]["id"], Id(a1));
  EXPECT_EQ(items[1]["children"][0]["children"].size(), 1u);
  auto shallow = server_->Admin("GET", "/api/v1/catalogs/" + Id(catalog) + "/tree?depth=2").Json();
  EXPECT_EQ(shallow["items"][1]["children"][0]["children"].size(), 0u);
  auto top = server_->Admin("GET", "/api/v1/catalogs/" + Id(catalog) + "/tree?depth=1").Json();
  EXPECT_EQ(top["items"][1]["children"].size(), 0u);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs/" + Id(catalog) + "/tree?depth=0").status, 400);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs/nope/tree").status, 404);
}

TEST_F(CatalogCategoryApiTest, CategoryListsFilterByParentSubtreeKeywordAndState) {
  auto catalog = MakeCatalog(*server_);
  auto root = MakeCategory(*server_, Id(catalog), nullptr, {{"name", "Outdoor gear"}});
  auto child = MakeCategory(*server_, Id(catalog), Id(root), {{"isActive", false}});
  auto grandchild = MakeCategory(*server_, Id(catalog), Id(child));
  const std::string base = "/api/v1/categories?catalogId=" + Id(catalog);
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&parentId=null")),
            std::vector<std::string>{Id(root)});
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&parentId=" + Id(root))),
            std::vector<std::string>{Id(child)});
  auto subtree =
      Ids(server_->Admin("GET", base + "&parentId=" + Id(root) + "&includeDescendants=true"));
  EXPECT_EQ(subtree.size(), 2u);
  EXPECT_TRUE(Contains(subtree, Id(grandchild)));
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&q=outdoor")), std::vector<std::string>{Id(root)});
  EXPECT_EQ(Ids(server_->Admin("GET", base + "&isActive=false")),
            std::vector<std::string>{Id(child)});
}

TEST_F(CatalogCategoryApiTest, BulkUpsertsAllOrNothingAndNamesBadItems) {
  auto catalog = MakeCatalog(*server_);
  const std::string cat = Id(catalog);
  Json items = Json::array();
  items.push_back({{"catalogId", cat}, {"code", "b1"}, {"name", "One"}});
  items.push_back({{"catalogId", cat}, {"code", "has space"}, {"name", "Two"}});
  items.push_back({{"catalogId", cat}, {"code", "b3"}, {"name", ""}});
  auto bad = server_->Admin("POST", "/api/v1/categories/bulk", Json({{"items", items}}).dump());
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(NamesField(bad, "items[1].code"));
  EXPECT_TRUE(NamesField(bad, "items[2].name"));
  EXPECT_EQ(server_->Admin("GET", "/api/v1/categories?catalogId=" + cat).Json()["total"], 0);

  items[1]["code"] = "b2";
  items[2]["name"] = "Three";
  auto ok = server_->Admin("POST", "/api/v1/categories/bulk", Json({{"items", items}}).dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json(), Json({{"created", 3}, {"updated", 0}}));
  items[0]["name"] = "One renamed";  // matched by catalogId + code
  auto again = server_->Admin("POST", "/api/v1/categories/bulk", Json({{"items", items}}).dump());
  EXPECT_EQ(again.Json(), Json({{"created", 0}, {"updated", 3}}));
  auto one = server_->Admin("GET", "/api/v1/categories?catalogId=" + cat + "&code=b1").Json();
  EXPECT_EQ(one["items"][0]["name"], "One renamed");
  EXPECT_EQ(server_->Admin("POST", "/api/v1/categories/bulk", R"({"items":5})").status, 400);
}

}  // namespace
}  // namespace emporion::test::catalog
