// InventoryManager against SQLite and PostgreSQL: concurrent reservations (batched into shared
// transactions) never oversell, release and commit move the right quantities, sync applies
// absolute values and adjustments (in multi-row statements, skipping records it would not
// change), and the business events land in the outbox.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "emporion/inventory/inventory_module.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "modules/inventory/service/inventory_manager.hpp"
#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}
namespace emporion::catalog {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::inventory {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;

class InventoryManagerTest : public ::testing::Test {
 protected:
  InventoryManagerTest()
      : clock_(kNow),
        catalog_(test_db_.db(), clock_, &bus_),
        manager_(test_db_.db(), clock_, &bus_, catalog_) {
    test_db_.Migrate({&platform::Migrations(), &catalog::Migrations(), &inventory::Migrations()});
    StoreLinks links;
    links.fulfillment_of = [](const std::string& id) -> Result<std::optional<StoreFulfillment>> {
      if (id != "shop") return std::optional<StoreFulfillment>{};
      return std::optional<StoreFulfillment>(StoreFulfillment{"main", {"second"}});
    };
    links.stores_using = [](const std::string&) -> Result<std::vector<std::string>> {
      return std::vector<std::string>{};
    };
    manager_.SetStoreLinks(links);
    catalog::Caller cc;
    catalog::Catalog cat;
    cat.meta.id = "c";
    cat.name = "C";
    cat.default_language = "en-US";
    cat.languages = {"en-US"};
    EXPECT_TRUE(catalog_.CreateCatalog(cc, cat).ok());
    for (const char* id : {"p1", "p2"}) {
      catalog::Product p;
      p.meta.id = id;
      p.code = std::string("SKU-") + id;
      p.name = id;
      p.catalog_id = "c";
      EXPECT_TRUE(catalog_.CreateProduct(cc, p).ok());
    }
    std::vector<FulfillmentCenter> centers(2);
    centers[0].meta.id = "main";
    centers[0].name = "Main";
    centers[1].meta.id = "second";
    centers[1].name = "Second";
    EXPECT_TRUE(manager_.BulkCenters(caller_, centers).ok());
  }

  void Stock(const std::string& product, const std::string& center, std::int64_t n,
             std::int64_t reorder_min = 0) {
    codec::SyncRequest r;
    SyncItem s;
    s.product_id = product;
    s.fulfillment_center_id = center;
    s.in_stock_quantity = n;
    s.reorder_min_quantity = reorder_min;
    r.items.push_back(s);
    ASSERT_TRUE(manager_.Sync(caller_, r).ok());
  }

  ProductAvailability Of(const std::string& product) {
    auto a = manager_.Availability("shop", {product});
    EXPECT_TRUE(a.ok());
    return a->front();
  }

  std::vector<events::DomainEvent> Events(const std::string& type) {
    auto tx = test_db_.db().Begin(db::TxMode::kRead);
    auto events = events::ReadOutbox(**tx, 0, 100000);
    std::vector<events::DomainEvent> out;
    for (auto& e : *events) {
      if (e.type == type) out.push_back(std::move(e));
    }
    return out;
  }

  int CountEvents(const std::string& type) { return static_cast<int>(Events(type).size()); }

  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  catalog::CatalogManager catalog_;
  InventoryManager manager_;
  Caller caller_;
};

TEST_F(InventoryManagerTest, StockOfProductsReadsEveryCenter) {
  Stock("p1", "main", 5);
  Stock("p1", "second", 2);
  Stock("p2", "main", 7);
  InventoryService& service = manager_;
  auto records = service.StockOfProducts({"p1"});
  ASSERT_TRUE(records.ok()) << records.error().detail();
  ASSERT_EQ(records->size(), 2u);
  std::int64_t total = 0;
  for (const auto& r : *records) {
    EXPECT_EQ(r.product_id, "p1");
    total += r.in_stock_quantity;
  }
  EXPECT_EQ(total, 7);
  EXPECT_TRUE(service.StockOfProducts({"nope"})->empty());
}

TEST_F(InventoryManagerTest, ConcurrentReservationsNeverOversell) {
  Stock("p1", "main", 7);
  Stock("p1", "second", 3);
  std::atomic<int> ok{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 40; ++t) {
    threads.emplace_back([&] {
      ReservationRequest r;
      r.store_id = "shop";
      r.items = {{"p1", 1}};
      auto res = manager_.Reserve("test", r);
      if (res.ok()) {
        ++ok;
      } else if (res.error().code() == ErrorCode::kConflict) {
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(refused.load(), 30);
  auto a = Of("p1");
  EXPECT_EQ(a.reserved, 10);
  EXPECT_EQ(a.available, 0);
}

TEST_F(InventoryManagerTest, ReleaseGivesBackAndCommitDecrementsStock) {
  Stock("p1", "main", 5, 4);
  ReservationRequest r;
  r.store_id = "shop";
  r.items = {{"p1", 2}, {"p2", 0}};
  EXPECT_EQ(manager_.Reserve("test", r).error().code(), ErrorCode::kUnprocessable);
  r.items = {{"p1", 2}};
  auto first = manager_.Reserve("test", r);
  ASSERT_TRUE(first.ok()) << first.error().detail();
  EXPECT_EQ(CountEvents("inventory.low-stock"), 1);  // 5 -> 3 available, threshold 4
  ASSERT_TRUE(manager_.Release("test", first->meta.id).ok());
  EXPECT_EQ(Of("p1").available, 5);
  EXPECT_EQ(manager_.Release("test", first->meta.id).error().code(), ErrorCode::kConflict);
  auto second = manager_.Reserve("test", r);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(manager_.Commit("test", second->meta.id).ok());
  auto a = Of("p1");
  EXPECT_EQ(a.in_stock, 3);
  EXPECT_EQ(a.reserved, 0);
  EXPECT_GE(CountEvents("inventory.changed"), 4);
}

TEST_F(InventoryManagerTest, SyncAppliesAbsoluteValuesAndAdjustments) {
  codec::SyncRequest r;
  r.mode = SyncMode::kAbsolute;
  SyncItem s;
  s.product_id = "p1";
  s.fulfillment_center_id = "main";
  s.in_stock_quantity = 10;
  r.items = {s};
  auto created = manager_.Sync(caller_, r);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->created, 1);
  codec::SyncRequest adjust;
  adjust.mode = SyncMode::kAdjust;
  SyncItem d = s;
  d.in_stock_quantity.reset();
  d.delta = -3;
  adjust.items = {d, d};
  auto updated = manager_.Sync(caller_, adjust);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->updated, 1);
  EXPECT_EQ(Of("p1").in_stock, 4);
  d.delta = -5;
  adjust.items = {d};
  auto refused = manager_.Sync(caller_, adjust);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(refused.error().fields().front().field, "items[0].delta");
  EXPECT_EQ(Of("p1").in_stock, 4);
}

TEST_F(InventoryManagerTest, SyncWritesManyRecordsAndSkipsUnchangedOnes) {
  // 2 centers x 150 products: 300 records, more than one multi-row statement (128 rows) holds.
  catalog::Caller cc;
  codec::SyncRequest r;
  for (int i = 0; i < 150; ++i) {
    catalog::Product p;
    p.meta.id = "m" + std::to_string(i);
    p.code = "SKU-m" + std::to_string(i);
    p.name = p.meta.id;
    p.catalog_id = "c";
    ASSERT_TRUE(catalog_.CreateProduct(cc, p).ok());
    for (const char* center : {"second", "main"}) {
      SyncItem s;
      s.product_id = p.meta.id;
      s.fulfillment_center_id = center;
      s.in_stock_quantity = i;
      r.items.push_back(s);
    }
  }
  auto created = manager_.Sync(caller_, r);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->created, 300);
  EXPECT_EQ(CountEvents("inventory.inventory.created"), 300);
  auto stock = manager_.StockOfProducts({"m0", "m77", "m149"});
  ASSERT_TRUE(stock.ok());
  ASSERT_EQ(stock->size(), 6U);
  for (const auto& rec : *stock) {
    EXPECT_EQ(rec.in_stock_quantity, std::stoll(rec.product_id.substr(1))) << rec.product_id;
  }

  // The same values again: nothing written, no event.
  auto again = manager_.Sync(caller_, r);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 300);
  EXPECT_EQ(again->created + again->updated, 0);
  EXPECT_EQ(CountEvents("inventory.inventory.updated"), 0);
  EXPECT_EQ(CountEvents("inventory.changed"), 1);  // the first sync's only

  // Only the reorder minimum of one record changes: one update naming that field.
  codec::SyncRequest one;
  SyncItem s = r.items[5];
  s.reorder_min_quantity = 1;
  one.items = {s};
  auto updated = manager_.Sync(caller_, one);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->updated, 1);
  auto events = Events("inventory.inventory.updated");
  ASSERT_EQ(events.size(), 1U);
  EXPECT_NE(events[0].payload.find(R"("changedFields":["reorderMinQuantity"])"),
            std::string::npos)
      << events[0].payload;
}

}  // namespace
}  // namespace emporion::inventory
