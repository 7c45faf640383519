// Virtual-catalog links (a linked product or category subtree appears in the virtual catalog
// with its outline), SEO infos (embedded and as their own resource; a slug is unique per store
// and language, 409 naming the holder) and product associations.
#include <gtest/gtest.h>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

class LinkSeoAssociationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* LinkSeoAssociationApiTest::server_ = nullptr;

bool HasOutline(const Json& product, const std::string& path) {
  for (const auto& o : product["outlines"]) {
    if (o["path"] == path) return true;
  }
  return false;
}

TEST_F(LinkSeoAssociationApiTest, LinkedProductAppearsInTheVirtualCatalogWithItsOutline) {
  auto physical = MakeCatalog(*server_);
  auto category = MakeCategory(*server_, Id(physical));
  auto product = MakeProduct(*server_, Id(physical), {{"categoryId", Id(category)}});
  auto virt = MakeCatalog(*server_, true);
  auto vcat = MakeCategory(*server_, Id(virt));
  const std::string links = "/api/v1/catalogs/" + Id(virt) + "/links";
  auto link =
      Create(*server_, links,
             {{"categoryId", Id(vcat)}, {"entryType", "product"}, {"entryId", Id(product)}});
  EXPECT_EQ(link["catalogId"], Id(virt));
  auto dup = server_->Admin(
      "POST", links,
      Json({{"categoryId", Id(vcat)}, {"entryType", "product"}, {"entryId", Id(product)}}).dump());
  EXPECT_EQ(dup.status, 409);

  auto read = server_->Admin("GET", "/api/v1/products/" + Id(product)).Json();
  ASSERT_EQ(read["outlines"].size(), 2u);
  EXPECT_TRUE(HasOutline(read, Id(physical) + "/" + Id(category) + "/" + Id(product)));
  EXPECT_TRUE(HasOutline(read, Id(virt) + "/" + Id(vcat) + "/" + Id(product)));
  auto in_virtual = Ids(server_->Admin("GET", "/api/v1/products?catalogId=" + Id(virt)));
  EXPECT_EQ(in_virtual, std::vector<std::string>{Id(product)});
  auto in_vcat = Ids(server_->Admin("GET", "/api/v1/products?categoryId=" + Id(vcat)));
  EXPECT_EQ(in_vcat, std::vector<std::string>{Id(product)});

  EXPECT_EQ(server_->Admin("GET", links).Json()["total"], 1);
  EXPECT_EQ(server_->Admin("DELETE", links + "/" + Id(link)).status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(product)).Json()["outlines"].size(), 1u);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products?catalogId=" + Id(virt)).Json()["total"], 0);
}

TEST_F(LinkSeoAssociationApiTest, LinkedCategoryBringsItsWholeSubtree) {
  auto physical = MakeCatalog(*server_);
  auto top = MakeCategory(*server_, Id(physical));
  auto sub = MakeCategory(*server_, Id(physical), Id(top));
  auto deep = MakeProduct(*server_, Id(physical), {{"categoryId", Id(sub)}});
  auto virt = MakeCatalog(*server_, true);
  Create(*server_, "/api/v1/catalogs/" + Id(virt) + "/links",
         {{"entryType", "category"}, {"entryId", Id(top)}, {"priority", 10}});
  auto read = server_->Admin("GET", "/api/v1/products/" + Id(deep)).Json();
  EXPECT_TRUE(HasOutline(read, Id(virt) + "/" + Id(top) + "/" + Id(sub) + "/" + Id(deep)))
      << read["outlines"].dump();
  EXPECT_EQ(Ids(server_->Admin("GET", "/api/v1/products?catalogId=" + Id(virt))),
            std::vector<std::string>{Id(deep)});
  auto tree = server_->Admin("GET", "/api/v1/catalogs/" + Id(virt) + "/tree").Json();
  ASSERT_EQ(tree["items"].size(), 1u);
  EXPECT_EQ(tree["items"][0]["id"], Id(top));
  EXPECT_EQ(tree["items"][0]["linked"], true);
  EXPECT_EQ(tree["items"][0]["children"][0]["id"], Id(sub));
}

TEST_F(LinkSeoAssociationApiTest, LinksAreForVirtualCatalogsAndPhysicalEntries) {
  auto physical = MakeCatalog(*server_);
  auto product = MakeProduct(*server_, Id(physical));
  auto into_physical =
      server_->Admin("POST", "/api/v1/catalogs/" + Id(physical) + "/links",
                     Json({{"entryType", "product"}, {"entryId", Id(product)}}).dump());
  EXPECT_EQ(into_physical.status, 422);
  auto virt = MakeCatalog(*server_, true);
  auto missing = server_->Admin("POST", "/api/v1/catalogs/" + Id(virt) + "/links",
                                R"({"entryType":"product","entryId":"nope"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(NamesField(missing, "entryId"));
  EXPECT_EQ(server_
                ->Admin("POST", "/api/v1/catalogs/nope/links",
                        Json({{"entryType", "product"}, {"entryId", Id(product)}}).dump())
                .status,
            404);
  // Deleting a linked product removes its links.
  auto link = Create(*server_, "/api/v1/catalogs/" + Id(virt) + "/links",
                     {{"entryType", "product"}, {"entryId", Id(product)}});
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/products/" + Id(product)).status, 204);
  EXPECT_EQ(server_->Admin("GET", "/api/v1/catalogs/" + Id(virt) + "/links/" + Id(link)).status,
            404);
}

TEST_F(LinkSeoAssociationApiTest, SlugIsUniquePerStoreAndLanguageNamingTheHolder) {
  auto catalog = MakeCatalog(*server_);
  const std::string slug = Unique("red-shirt");
  auto holder = MakeProduct(*server_, Id(catalog),
                            {{"seoInfos",
                              {{{"semanticUrl", slug},
                                {"languageCode", "en-US"},
                                {"storeId", "store-1"},
                                {"pageTitle", "Red shirt"}}}}});
  ASSERT_EQ(holder["seoInfos"].size(), 1u);
  EXPECT_EQ(holder["seoInfos"][0]["objectType"], "Product");
  auto clash = server_->Admin(
      "POST", "/api/v1/products",
      Json({{"catalogId", Id(catalog)},
            {"code", Unique("S")},
            {"name", "S"},
            {"seoInfos",
             {{{"semanticUrl", slug}, {"languageCode", "en-US"}, {"storeId", "store-1"}}}}})
          .dump());
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_TRUE(NamesField(clash, "seoInfos[0].semanticUrl"));
  EXPECT_NE(clash.Json()["detail"].get<std::string>().find(Id(holder)), std::string::npos);
  // Another language or store may use it; so may a category in another store.
  MakeProduct(
      *server_, Id(catalog),
      {{"seoInfos", {{{"semanticUrl", slug}, {"languageCode", "de-DE"}, {"storeId", "store-1"}}}}});
  MakeCategory(
      *server_, Id(catalog), nullptr,
      {{"seoInfos", {{{"semanticUrl", slug}, {"languageCode", "en-US"}, {"storeId", "store-2"}}}}});
  // The slug resolves to its holder.
  auto resolved = server_->Admin(
      "GET", "/api/v1/seo-infos?semanticUrl=" + slug + "&storeId=store-1&languageCode=en-US");
  ASSERT_EQ(resolved.Json()["total"], 1);
  EXPECT_EQ(resolved.Json()["items"][0]["objectId"], Id(holder));
  // Through its own resource too, naming the holder.
  auto standalone = server_->Admin(
      "POST", "/api/v1/seo-infos",
      Json({{"objectType", "Category"}, {"objectId", "whatever"}, {"semanticUrl", slug}}).dump());
  EXPECT_EQ(standalone.status, 422);  // unknown category
  auto page = server_->Admin("POST", "/api/v1/seo-infos",
                             Json({{"objectType", "Page"},
                                   {"objectId", "about"},
                                   {"semanticUrl", slug},
                                   {"languageCode", "en-US"},
                                   {"storeId", "store-1"}})
                                 .dump());
  EXPECT_EQ(page.status, 409);
  EXPECT_TRUE(NamesField(page, "semanticUrl"));
}

TEST_F(LinkSeoAssociationApiTest, SeoInfosAreManagedThroughTheirOwnerAndTheirResource) {
  auto catalog = MakeCatalog(*server_);
  auto p = MakeProduct(*server_, Id(catalog),
                       {{"seoInfos", {{{"semanticUrl", Unique("a")}, {"languageCode", "en-US"}}}}});
  const std::string seo_id = p["seoInfos"][0]["id"];
  auto patched = server_->Admin("PATCH", "/api/v1/seo-infos/" + seo_id, R"({"pageTitle":"Hello"})",
                                {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto owner = server_->Admin("GET", "/api/v1/products/" + Id(p)).Json();
  EXPECT_EQ(owner["seoInfos"][0]["pageTitle"], "Hello");
  EXPECT_EQ(owner["version"], 2);  // the owner changed with it
  auto bad = server_->Admin("PATCH", "/api/v1/products/" + Id(p),
                            R"({"seoInfos":[{"semanticUrl":"has space"}]})",
                            {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "seoInfos[0].semanticUrl"));
  auto cleared = server_->Admin("PATCH", "/api/v1/products/" + Id(p), R"({"seoInfos":[]})",
                                {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(cleared.Json()["seoInfos"], Json::array());
  EXPECT_EQ(server_->Admin("GET", "/api/v1/seo-infos/" + seo_id).status, 404);
}

TEST_F(LinkSeoAssociationApiTest, AssociationsPointAtExistingProductsOrCategories) {
  auto catalog = MakeCatalog(*server_);
  auto accessory = MakeProduct(*server_, Id(catalog));
  auto category = MakeCategory(*server_, Id(catalog));
  auto p = MakeProduct(*server_, Id(catalog),
                       {{"associations",
                         {{{"type", "Accessories"},
                           {"associatedObjectId", Id(accessory)},
                           {"priority", 2},
                           {"quantity", 1},
                           {"tags", {"bundle"}}},
                          {{"type", "Related Items"},
                           {"associatedObjectId", Id(category)},
                           {"associatedObjectType", "category"}}}}});
  ASSERT_EQ(p["associations"].size(), 2u);
  const std::string assoc = "/api/v1/products/" + Id(p) + "/associations";
  EXPECT_EQ(server_->Admin("GET", assoc).Json()["total"], 2);
  EXPECT_EQ(server_->Admin("GET", assoc + "?type=Accessories").Json()["total"], 1);
  auto missing =
      server_->Admin("POST", assoc, R"({"type":"Up-Sales","associatedObjectId":"nope"})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(NamesField(missing, "associatedObjectId"));
  auto self = server_->Admin("POST", assoc,
                             Json({{"type", "Up-Sales"}, {"associatedObjectId", Id(p)}}).dump());
  EXPECT_EQ(self.status, 422);
  auto dup = server_->Admin(
      "POST", assoc, Json({{"type", "Accessories"}, {"associatedObjectId", Id(accessory)}}).dump());
  EXPECT_EQ(dup.status, 409);
  auto added =
      Create(*server_, assoc, {{"type", "Cross-Sales"}, {"associatedObjectId", Id(accessory)}});
  EXPECT_EQ(added["productId"], Id(p));
  EXPECT_EQ(server_->Admin("GET", "/api/v1/products/" + Id(p)).Json()["associations"].size(), 3u);
  // Deleting the target removes the associations pointing at it.
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/products/" + Id(accessory)).status, 204);
  auto after = server_->Admin("GET", "/api/v1/products/" + Id(p)).Json();
  ASSERT_EQ(after["associations"].size(), 1u);
  EXPECT_EQ(after["associations"][0]["associatedObjectType"], "category");
}

TEST_F(LinkSeoAssociationApiTest, NestedResourcesHaveBulkUpsertsToo) {
  auto physical = MakeCatalog(*server_);
  auto p1 = MakeProduct(*server_, Id(physical));
  auto p2 = MakeProduct(*server_, Id(physical));
  auto virt = MakeCatalog(*server_, true);
  const std::string links = "/api/v1/catalogs/" + Id(virt) + "/links/bulk";
  Json items = {{{"entryType", "product"}, {"entryId", Id(p1)}},
                {{"entryType", "product"}, {"entryId", Id(p2)}, {"priority", 3}}};
  auto created = server_->Admin("POST", links, Json({{"items", items}}).dump());
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.Json(), Json({{"created", 2}, {"updated", 0}}));
  items[0]["priority"] = 9;  // matched by its place and entry
  EXPECT_EQ(server_->Admin("POST", links, Json({{"items", items}}).dump()).Json(),
            Json({{"created", 0}, {"updated", 2}}));
  auto bad =
      server_->Admin("POST", links, R"({"items":[{"entryType":"product","entryId":"missing"}]})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "items[0].entryId"));

  const std::string assoc = "/api/v1/products/" + Id(p1) + "/associations/bulk";
  auto a = server_->Admin(
      "POST", assoc,
      Json({{"items", {{{"type", "Accessories"}, {"associatedObjectId", Id(p2)}}}}}).dump());
  EXPECT_EQ(a.Json(), Json({{"created", 1}, {"updated", 0}}));

  const std::string seo = "/api/v1/seo-infos/bulk";
  const std::string slug = Unique("bulk-slug");
  Json seo_items = {{{"objectType", "product"}, {"objectId", Id(p1)}, {"semanticUrl", slug}},
                    {{"objectType", "product"}, {"objectId", Id(p2)}, {"semanticUrl", slug}}};
  auto clash = server_->Admin("POST", seo, Json({{"items", seo_items}}).dump());
  EXPECT_EQ(clash.status, 422) << clash.body;
  EXPECT_TRUE(NamesField(clash, "items[1].semanticUrl"));
  EXPECT_EQ(server_->Admin("GET", "/api/v1/seo-infos?semanticUrl=" + slug).Json()["total"], 0);
}

}  // namespace
}  // namespace emporion::test::catalog
