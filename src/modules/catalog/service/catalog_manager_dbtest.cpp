// CatalogManager against SQLite and PostgreSQL: events are written to the outbox in the
// transaction of the change (and vanish with a failed one), subtree moves rewrite every path,
// concurrent-version updates are refused, and system reads through CatalogService.
#include <gtest/gtest.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/catalog_module.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::catalog {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;  // 2026-11-18T11:06:40Z

class CatalogManagerTest : public ::testing::Test {
 protected:
  CatalogManagerTest() : clock_(kNow), manager_(test_db_.db(), clock_, &bus_) {
    test_db_.Migrate({&platform::Migrations(), &catalog::Migrations()});
    bus_.Subscribe("catalog.", [this](const events::DomainEvent& e) { published_.push_back(e); });
    caller_.actor = "alice";
    caller_.request_id = "req-1";
  }

  std::vector<events::DomainEvent> Outbox() {
    auto tx = test_db_.db().Begin(db::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto events = events::ReadOutbox(**tx, 0, 1000);
    EXPECT_TRUE(events.ok());
    return std::move(events).value();
  }

  Catalog NewCatalog(const std::string& id) {
    Catalog c;
    c.meta.id = id;
    c.name = "Catalog " + id;
    c.default_language = "en-US";
    c.languages = {"en-US"};
    auto r = manager_.CreateCatalog(caller_, c);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    return std::move(r).value();
  }

  Category NewCategory(const std::string& catalog, const std::string& id,
                       std::optional<std::string> parent = std::nullopt) {
    Category c;
    c.meta.id = id;
    c.catalog_id = catalog;
    c.parent_id = std::move(parent);
    c.code = id;
    c.name = "Category " + id;
    auto r = manager_.CreateCategory(caller_, c);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    return std::move(r).value();
  }

  // A product `id` of `catalog`, code "SKU-<id>", not yet created.
  static Product Draft(const std::string& catalog, const std::string& id) {
    Product p;
    p.meta.id = id;
    p.catalog_id = catalog;
    p.code = "SKU-" + id;
    p.name = "Product " + id;
    return p;
  }

  Product NewProduct(const std::string& catalog, const std::string& id,
                     std::optional<std::string> category = std::nullopt) {
    Product p = Draft(catalog, id);
    p.category_id = std::move(category);
    auto r = manager_.CreateProduct(caller_, p);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    return std::move(r).value();
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  CatalogManager manager_;
  Caller caller_;
  std::vector<events::DomainEvent> published_;
};

TEST_F(CatalogManagerTest, EveryChangeIsAnEventInTheSameTransaction) {
  NewCatalog("main");
  NewProduct("main", "p1");
  Product rename = manager_.GetProduct(caller_, "p1", ProductView::kStored).value();
  rename.name = "Renamed";
  auto updated = manager_.UpdateProduct(caller_, "p1", std::nullopt,
                                        [&](const Product&) -> Result<Product> { return rename; });
  ASSERT_TRUE(updated.ok()) << updated.error().detail();
  ASSERT_TRUE(manager_.DeleteProduct(caller_, "p1", std::nullopt, false).ok());

  auto events = Outbox();
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  EXPECT_EQ(types,
            (std::vector<std::string>{"catalog.catalog.created", "catalog.product.created",
                                      "catalog.product.updated", "catalog.product.deleted"}));
  EXPECT_EQ(events[2].entity_type, "catalog.product");
  EXPECT_EQ(events[2].entity_id, "p1");
  EXPECT_EQ(events[2].actor, "alice");
  EXPECT_NE(events[2].payload.find(R"("changedFields":["name"])"), std::string::npos)
      << events[2].payload;
  EXPECT_NE(events[2].payload.find(R"("catalogId":"main")"), std::string::npos);
  EXPECT_EQ(published_.size(), 4u);
}

TEST_F(CatalogManagerTest, CategoriesAndPropertiesEmitTheirEventsToo) {
  NewCatalog("main");
  NewCategory("main", "shoes");
  Property p;
  p.catalog_id = "main";
  p.category_id = "shoes";
  p.name = "size";
  p.value_type = ValueType::kShortText;
  auto created = manager_.CreateProperty(caller_, p);
  ASSERT_TRUE(created.ok()) << created.error().detail();
  ASSERT_TRUE(manager_.DeleteProperty(caller_, created->meta.id, std::nullopt, false).ok());
  ASSERT_TRUE(manager_.DeleteCategory(caller_, "shoes", std::nullopt, false).ok());
  std::vector<std::string> types;
  for (const auto& e : Outbox()) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"catalog.catalog.created", "catalog.category.created",
                                             "catalog.property.created", "catalog.property.deleted",
                                             "catalog.category.deleted"}));
}

TEST_F(CatalogManagerTest, AFailedWriteLeavesNoEvent) {
  NewCatalog("main");
  NewProduct("main", "p1");
  const auto before = Outbox().size();
  Product dup;
  dup.catalog_id = "main";
  dup.code = "SKU-p1";
  dup.name = "Duplicate";
  auto r = manager_.CreateProduct(caller_, dup);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(Outbox().size(), before);

  std::vector<Product> items(2);
  items[0].catalog_id = "main";
  items[0].code = "NEW-1";
  items[0].name = "New";
  items[1].catalog_id = "main";
  items[1].code = "";  // invalid
  items[1].name = "Bad";
  auto bulk = manager_.BulkProducts(caller_, items);
  ASSERT_FALSE(bulk.ok());
  EXPECT_EQ(bulk.error().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(bulk.error().fields()[0].field, "items[1].code");
  EXPECT_EQ(Outbox().size(), before);
  auto listed = manager_.ListProducts(caller_, {}, Window{}, ProductView::kStored);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 1);
}

TEST_F(CatalogManagerTest, MovingACategoryRewritesTheSubtreePaths) {
  NewCatalog("main");
  NewCategory("main", "a");
  NewCategory("main", "a_b", "a");  // '_' is a LIKE wildcard: must not confuse prefix queries
  NewCategory("main", "c", "a_b");
  NewCategory("main", "aXb");
  NewCategory("main", "x");
  Category b = manager_.GetCategory(caller_, "a_b").value();
  b.parent_id = "x";
  auto moved = manager_.UpdateCategory(caller_, "a_b", std::nullopt,
                                       [&](const Category&) -> Result<Category> { return b; });
  ASSERT_TRUE(moved.ok()) << moved.error().detail();
  auto c = manager_.GetCategory(caller_, "c");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->path, "/x/a_b/c/");
  EXPECT_EQ(c->depth, 2);
  EXPECT_EQ(c->outline.Path(), "main/x/a_b/c");
  EXPECT_EQ(manager_.GetCategory(caller_, "aXb")->path, "/aXb/");
  // The move emitted an update for the subtree below.
  bool child_event = false;
  for (const auto& e : Outbox()) {
    child_event = child_event || (e.type == "catalog.category.updated" && e.entity_id == "c");
  }
  EXPECT_TRUE(child_event);
}

TEST_F(CatalogManagerTest, StaleVersionsAreRefused) {
  NewCatalog("main");
  NewProduct("main", "p1");
  auto same = [](const Product& p) -> Result<Product> {
    Product next = p;
    next.name = "Changed";
    return next;
  };
  auto r = manager_.UpdateProduct(caller_, "p1", 7, same);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPreconditionFailed);
  EXPECT_TRUE(manager_.UpdateProduct(caller_, "p1", 1, same).ok());
}

TEST_F(CatalogManagerTest, OtherModulesReadThroughTheService) {
  NewCatalog("main");
  NewCategory("main", "shirts");
  NewProduct("main", "p1", "shirts");
  Product variation = Draft("main", "v1");
  variation.main_product_id = "p1";
  ASSERT_TRUE(manager_.CreateProduct(caller_, variation).ok());
  CatalogService& service = manager_;
  auto merged = service.FindProduct("v1", ProductView::kMerged);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->category_id, "shirts");
  EXPECT_TRUE(merged->is_sellable);
  auto by_code = service.FindProductByCode("SKU-p1", ProductView::kStored);
  ASSERT_TRUE(by_code.ok());
  EXPECT_EQ(by_code->variations, std::vector<std::string>{"v1"});
  auto many = service.FindProducts({"p1", "v1", "nope"}, ProductView::kStored);
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->size(), 2u);
  auto ids = service.ProductIdsByCode({"SKU-p1", "SKU-nope", "SKU-v1"});
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids,
            (std::unordered_map<std::string, std::string>{{"SKU-p1", "p1"}, {"SKU-v1", "v1"}}));
  EXPECT_EQ(service.FindProduct("nope", ProductView::kStored).error().code(), ErrorCode::kNotFound);
}

TEST_F(CatalogManagerTest, TrackingFlagsReadTheStoredFlagAndMainProductWithoutTheRest) {
  NewCatalog("main");
  NewProduct("main", "p1");
  Product untracked = Draft("main", "p2");
  untracked.track_inventory = false;
  ASSERT_TRUE(manager_.CreateProduct(caller_, untracked).ok());
  Product variation = Draft("main", "v1");
  variation.main_product_id = "p2";
  ASSERT_TRUE(manager_.CreateProduct(caller_, variation).ok());
  CatalogService& service = manager_;
  auto flags = service.TrackingFlags({"p1", "p2", "v1", "nope"});
  ASSERT_TRUE(flags.ok()) << flags.error().detail();
  ASSERT_EQ(flags->size(), 3u);
  // The same answers as the products themselves (the default implementation reads them).
  auto products = service.FindProducts({"p1", "p2", "v1"}, ProductView::kStored);
  ASSERT_TRUE(products.ok());
  for (const auto& p : *products) {
    const auto& f = flags->at(p.meta.id);
    EXPECT_EQ(f.track_inventory, p.track_inventory) << p.meta.id;
    EXPECT_EQ(f.main_product_id, p.main_product_id) << p.meta.id;
  }
  EXPECT_EQ(flags->at("p2").track_inventory, std::optional<bool>(false));
  EXPECT_EQ(flags->at("v1").main_product_id, std::optional<std::string>("p2"));
  EXPECT_FALSE(flags->at("v1").track_inventory.has_value());
}

TEST_F(CatalogManagerTest, BulkReadersPageInIdOrderAndFindProductsBelowACategory) {
  NewCatalog("main");
  {
    Catalog v;
    v.meta.id = "virt";
    v.name = "Virtual";
    v.is_virtual = true;
    v.default_language = "en-US";
    v.languages = {"en-US"};
    auto created = manager_.CreateCatalog(caller_, v);
    ASSERT_TRUE(created.ok()) << created.error().detail();
  }
  NewCategory("main", "a");
  NewCategory("main", "b", "a");
  NewCategory("main", "c");
  NewCategory("virt", "vc");
  NewProduct("main", "p1", "a");
  NewProduct("main", "p2", "b");
  NewProduct("main", "p3", "c");
  NewProduct("main", "p4");
  CatalogLink link;
  link.catalog_id = "virt";
  link.category_id = "vc";
  link.entry_type = EntryType::kProduct;
  link.entry_id = "p3";
  ASSERT_TRUE(manager_.CreateLink(caller_, link).ok());

  CatalogService& service = manager_;
  auto first = service.ProductIdsAfter("", 3, ProductLevel::kAll);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, (std::vector<std::string>{"p1", "p2", "p3"}));
  auto rest = service.ProductIdsAfter("p3", 3, ProductLevel::kAll);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, std::vector<std::string>{"p4"});
  // By kind: variations of p2 and p4 between and after the main products' ids.
  for (const auto& [id, main] :
       {std::pair<std::string, std::string>{"p2a", "p2"}, {"p4a", "p4"}, {"p4b", "p4"}}) {
    Product variation = Draft("main", id);
    variation.main_product_id = main;
    ASSERT_TRUE(manager_.CreateProduct(caller_, variation).ok());
  }
  EXPECT_EQ(*service.ProductIdsAfter("", 3, ProductLevel::kMainProducts),
            (std::vector<std::string>{"p1", "p2", "p3"}));
  EXPECT_EQ(*service.ProductIdsAfter("p3", 3, ProductLevel::kMainProducts),
            std::vector<std::string>{"p4"});
  EXPECT_EQ(*service.ProductIdsAfter("", 2, ProductLevel::kVariations),
            (std::vector<std::string>{"p2a", "p4a"}));
  EXPECT_EQ(*service.ProductIdsAfter("p4a", 2, ProductLevel::kVariations),
            std::vector<std::string>{"p4b"});
  EXPECT_EQ(*service.CountProducts(), 7);

  auto categories = service.CategoriesAfter("a", 10);
  ASSERT_TRUE(categories.ok());
  ASSERT_EQ(categories->size(), 3u);
  EXPECT_EQ((*categories)[0].meta.id, "b");
  EXPECT_EQ((*categories)[0].path, "/a/b/");
  EXPECT_EQ(*service.CountCategories(), 4);
  EXPECT_EQ(service.AllCatalogs()->size(), 2u);

  auto under_a = service.ProductIdsUnder("a");
  ASSERT_TRUE(under_a.ok());
  EXPECT_EQ(*under_a, (std::vector<std::string>{"p1", "p2"}));
  auto under_vc = service.ProductIdsUnder("vc");
  ASSERT_TRUE(under_vc.ok());
  EXPECT_EQ(*under_vc, std::vector<std::string>{"p3"});
  EXPECT_TRUE(service.ProductIdsUnder("nope")->empty());
}

}  // namespace
}  // namespace emporion::catalog
