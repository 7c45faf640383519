// The indexer against SQLite and PostgreSQL with the real managers and the embedded engine:
// catalog and pricing changes reach the index through the event bus; a dated price is applied
// at its boundary (the price timer); a snapshot is saved and recovered with its watermark.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "emporion/catalog/catalog_module.hpp"
#include "emporion/inventory/inventory_module.hpp"
#include "emporion/members/members_module.hpp"
#include "emporion/pricing/pricing_module.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "modules/inventory/service/inventory_manager.hpp"
#include "modules/members/service/members_manager.hpp"
#include "modules/pricing/service/pricing_manager.hpp"
#include "modules/search/indexing/indexer.hpp"
#include "modules/search/indexing/product_documents.hpp"
#include "platform/db/migration.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::search_module {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;
constexpr Timestamp kHour = 3'600'000'000;

class IndexerTest : public ::testing::Test {
 protected:
  IndexerTest()
      : clock_(kNow),
        catalog_(test_db_.db(), clock_, &bus_),
        inventory_(test_db_.db(), clock_, &bus_, catalog_),
        pricing_(test_db_.db(), clock_, &bus_, catalog_, pricing::PricingOptions{}),
        members_(test_db_.db(), clock_, &bus_),
        engine_(search::MakeEmbeddedEngine()),
        loader_(IndexServices{catalog_, pricing_, inventory_, members_, clock_}),
        dir_(std::filesystem::temp_directory_path() /
             ("emporion-indexer-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    test_db_.Migrate({&platform::Migrations(), &catalog::Migrations(), &inventory::Migrations(),
                      &pricing::Migrations(), &members::Migrations()});
    std::filesystem::remove_all(dir_);
    indexer_ = std::make_unique<Indexer>(*engine_, loader_, test_db_.db(), clock_, dir_.string());
    indexer_->Subscribe(bus_);
    catalog::Catalog c;
    c.meta.id = "cat";
    c.name = "Cat";
    c.default_language = "en-US";
    c.languages = {"en-US"};
    EXPECT_TRUE(catalog_.CreateCatalog(caller_, c).ok());
  }
  ~IndexerTest() override { std::filesystem::remove_all(dir_); }

  void NewProduct(const std::string& id, const std::string& name) {
    catalog::Product p;
    p.meta.id = id;
    p.catalog_id = "cat";
    p.code = "SKU-" + id;
    p.name = name;
    auto r = catalog_.CreateProduct(caller_, p);
    ASSERT_TRUE(r.ok()) << r.error().detail();
  }

  std::vector<std::string> Find(const std::string& text, search::Filter filter = {}) {
    search::Query q;
    q.text = text;
    q.language = "en";
    q.filter = std::move(filter);
    auto r = engine_->Search(kProductType, q);
    EXPECT_TRUE(r.ok()) << r.error().detail();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& h : r->hits) out.push_back(h.id);
    }
    return out;
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  catalog::CatalogManager catalog_;
  inventory::InventoryManager inventory_;
  pricing::PricingManager pricing_;
  members::MembersManager members_;
  std::unique_ptr<search::Engine> engine_;
  DocumentLoader loader_;
  std::filesystem::path dir_;
  std::unique_ptr<Indexer> indexer_;
  catalog::Caller caller_;
};

TEST_F(IndexerTest, ChangesAreIndexedAndDatedPricesApplyAtTheirBoundary) {
  EXPECT_EQ(indexer_->Recover().size(), Indexer::Types().size());  // no snapshot yet
  for (const auto& type : Indexer::Types()) ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
  NewProduct("p1", "Copper Kettle");
  auto pending = indexer_->Statuses();
  EXPECT_EQ(pending[0].pending, 1);
  ASSERT_TRUE(indexer_->Flush().ok());
  EXPECT_EQ(Find("kettle"), std::vector<std::string>{"p1"});

  pricing::PriceList list;
  list.meta.id = "pl";
  list.name = "PL";
  list.currency = "USD";
  ASSERT_TRUE(pricing_.CreatePriceList({}, list).ok());
  pricing::Price later;
  later.price_list_id = "pl";
  later.product_id = "p1";
  later.list = Decimal::FromInt(9);
  later.start_date = kNow + kHour;
  ASSERT_TRUE(pricing_.CreatePrice({}, later).ok());
  ASSERT_TRUE(indexer_->Flush().ok());
  search::Filter priced;
  priced.kind = search::Filter::Kind::kExists;
  priced.field = "price.pl";
  // The only price starts in an hour: not yet (the field exists only once a document has it).
  EXPECT_EQ(engine_->KindOf(kProductType, "price.pl"), search::FieldKind::kUnknown);

  clock_.Advance(kHour + 1);
  ASSERT_TRUE(indexer_->Flush().ok());  // the timer fires
  EXPECT_EQ(Find("kettle", priced), std::vector<std::string>{"p1"});
}

TEST_F(IndexerTest, AnImportChunksEventReindexesEveryProductItNames) {
  for (const auto& type : Indexer::Types()) ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
  NewProduct("p1", "Copper Kettle");
  NewProduct("p2", "Steel Kettle");
  NewProduct("p3", "Glass Kettle");
  ASSERT_TRUE(indexer_->Flush().ok());
  pricing::PriceList list;
  list.meta.id = "pl";
  list.name = "PL";
  list.currency = "USD";
  ASSERT_TRUE(pricing_.CreatePriceList({}, list).ok());
  std::vector<pricing::ImportRow> rows(2);
  rows[0].row = 1;
  rows[0].sku = "SKU-p1";
  rows[0].price.product_id = "p1";
  rows[0].price.list = Decimal::FromInt(9);
  rows[1].row = 2;
  rows[1].sku = "SKU-p3";
  rows[1].price.product_id = "p3";
  rows[1].price.list = Decimal::FromInt(12);
  auto done = pricing_.ImportRows({}, "pl", std::move(rows), [](std::size_t, std::string) {});
  ASSERT_TRUE(done.ok()) << done.error().detail();
  ASSERT_EQ(done->created, 2);
  EXPECT_EQ(indexer_->Statuses()[0].pending, 2) << "one event, two products";
  ASSERT_TRUE(indexer_->Flush().ok());
  search::Filter priced;
  priced.kind = search::Filter::Kind::kExists;
  priced.field = "price.pl";
  auto found = Find("kettle", priced);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"p1", "p3"}));
}

TEST_F(IndexerTest, InventoryChangesReindexOnlyWhenTheSearchableAvailabilityChanged) {
  EXPECT_EQ(indexer_->Recover().size(), Indexer::Types().size());
  for (const auto& type : Indexer::Types()) ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
  NewProduct("p1", "Copper Kettle");
  inventory::FulfillmentCenter fc;
  fc.meta.id = "fc1";
  fc.name = "FC 1";
  ASSERT_TRUE(inventory_.CreateCenter({}, fc).ok());
  auto sync = [&](std::int64_t in_stock, std::int64_t reorder_min) {
    inventory::codec::SyncRequest r;
    inventory::SyncItem item;
    item.product_id = "p1";
    item.fulfillment_center_id = "fc1";
    item.in_stock_quantity = in_stock;
    item.reorder_min_quantity = reorder_min;
    r.items.push_back(item);
    ASSERT_TRUE(inventory_.Sync({}, r).ok());
    ASSERT_TRUE(indexer_->Flush().ok());
  };
  search::Filter in_fc1;
  in_fc1.kind = search::Filter::Kind::kTerms;
  in_fc1.field = "available_in";
  in_fc1.values = {"fc1"};
  search::Filter five;
  five.kind = search::Filter::Kind::kRange;
  five.field = "available.fc1";
  five.lower = search::Filter::Bound{5 * search::kNumberScale, true};
  five.upper = search::Filter::Bound{5 * search::kNumberScale, true};

  sync(5, 0);  // first stock: indexed (a replacement leaves one dead slot)
  ASSERT_TRUE(indexer_->Flush().ok());
  EXPECT_EQ(Find("kettle", in_fc1), std::vector<std::string>{"p1"});
  EXPECT_EQ(Find("kettle", five), std::vector<std::string>{"p1"});
  const std::uint64_t dead = engine_->Stats(kProductType).deleted;

  sync(5, 3);  // only the reorder threshold: the document would not change
  EXPECT_EQ(engine_->Stats(kProductType).deleted, dead);
  EXPECT_EQ(Find("kettle", five), std::vector<std::string>{"p1"});

  sync(0, 3);  // out of stock: re-indexed
  EXPECT_EQ(engine_->Stats(kProductType).deleted, dead + 1);
  EXPECT_TRUE(Find("kettle", in_fc1).empty());

  // A product change re-indexes it whatever its stock; stock back to 5 must then reach the
  // index too (the signature of the document indexed last, not of an older one, counts).
  ASSERT_TRUE(catalog_
                  .UpdateProduct(caller_, "p1", std::nullopt,
                                 [](const catalog::Product& current) -> Result<catalog::Product> {
                                   catalog::Product p = current;
                                   p.name = "Copper Kettle Deluxe";
                                   return p;
                                 })
                  .ok());
  ASSERT_TRUE(indexer_->Flush().ok());
  sync(5, 3);
  EXPECT_EQ(Find("deluxe", five), std::vector<std::string>{"p1"});
  EXPECT_EQ(Find("kettle", in_fc1), std::vector<std::string>{"p1"});

  // After a rebuild (which read the stock itself) a change is indexed again.
  ASSERT_TRUE(indexer_->Rebuild(kProductType, {}).ok());
  sync(2, 3);
  EXPECT_TRUE(Find("kettle", five).empty());
  EXPECT_EQ(Find("kettle", in_fc1), std::vector<std::string>{"p1"});
}

TEST_F(IndexerTest, AMainProductRebuiltForOneVariationKeepsAllItsVariations) {
  EXPECT_EQ(indexer_->Recover().size(), Indexer::Types().size());
  for (const auto& type : Indexer::Types()) ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
  NewProduct("main", "Copper Kettle");
  for (const std::string id : {"small", "large"}) {
    catalog::Product v;
    v.meta.id = id;
    v.catalog_id = "cat";
    v.code = "SKU-" + id;
    v.name = "Kettle " + id;
    v.main_product_id = "main";
    ASSERT_TRUE(catalog_.CreateProduct(caller_, v).ok());
  }
  ASSERT_TRUE(indexer_->Flush().ok());
  inventory::FulfillmentCenter fc;
  fc.meta.id = "fc1";
  fc.name = "FC 1";
  ASSERT_TRUE(inventory_.CreateCenter({}, fc).ok());
  inventory::codec::SyncRequest r;
  inventory::SyncItem item;
  item.product_id = "large";  // only this variation changes
  item.fulfillment_center_id = "fc1";
  item.in_stock_quantity = 2;
  r.items.push_back(item);
  ASSERT_TRUE(inventory_.Sync({}, r).ok());
  ASSERT_TRUE(indexer_->Flush().ok());

  search::Query q;
  q.text = "copper";
  q.language = "en";
  auto found = engine_->Search(kProductType, q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1U);
  const std::string& stored = found->hits[0].stored;
  EXPECT_NE(stored.find("\"small\""), std::string::npos) << stored;
  EXPECT_NE(stored.find("\"large\""), std::string::npos) << stored;
}

TEST_F(IndexerTest, ASecondRebuildWhileOneRunsIsAConflictAndSearchIsNotReadyUntilBuilt) {
  NewProduct("p1", "Pewter Jug");
  EXPECT_EQ(indexer_->Recover().size(), Indexer::Types().size());  // no snapshot yet
  for (const auto& type : Indexer::Types()) {
    if (type != kProductType) {
      ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
    }
  }
  EXPECT_FALSE(indexer_->Ready());  // the product index was never built

  // Checked from inside the running rebuild (its progress callback), so nothing races.
  bool checked = false;
  RebuildProgress progress;
  progress.set_total = [&](std::int64_t total) {
    EXPECT_EQ(total, 1);
    EXPECT_FALSE(indexer_->Ready());
    EXPECT_TRUE(indexer_->Statuses()[0].rebuilding);
    auto second = indexer_->Rebuild(kProductType, {});
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
    checked = true;
  };
  auto first = indexer_->Rebuild(kProductType, progress);
  ASSERT_TRUE(first.ok()) << first.error().detail();
  EXPECT_EQ(first->documents, 1);
  EXPECT_TRUE(checked);
  EXPECT_TRUE(indexer_->Ready());
  EXPECT_FALSE(indexer_->Statuses()[0].rebuilding);
  EXPECT_EQ(Find("jug"), std::vector<std::string>{"p1"});
  // Once it ended, the next rebuild runs.
  EXPECT_TRUE(indexer_->Rebuild(kProductType, {}).ok());
}

TEST_F(IndexerTest, WritesDuringARebuildAreCaughtUpByIdAndWaitOnceItsBudgetIsSpent) {
  indexer_->Recover();
  for (const auto& type : Indexer::Types()) ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
  for (const std::string id : {"p1", "p2", "p3", "p4"}) NewProduct(id, "Pewter Jug " + id);
  ASSERT_TRUE(indexer_->Flush().ok());
  auto rename = [&](const std::string& id, const std::string& name) {
    ASSERT_TRUE(
        catalog_
            .UpdateProduct(caller_, id, std::nullopt,
                           [&](const catalog::Product& current) -> Result<catalog::Product> {
                             catalog::Product p = current;
                             p.name = name;
                             return p;
                           })
            .ok());
  };
  // Two documents may reach the live index while the rebuild runs; then changes wait.
  indexer_->SetRebuildWriteBudget(2);
  bool changed = false;
  RebuildProgress progress;
  progress.advance = [&](std::int64_t) {  // after the rebuild read its (only) page
    rename("p1", "Brass Jug");
    ASSERT_TRUE(catalog_.DeleteProduct(caller_, "p2", std::nullopt, false).ok());
    ASSERT_TRUE(indexer_->Flush().ok());  // 2 documents written: the budget is spent
    EXPECT_EQ(Find("brass"), std::vector<std::string>{"p1"});  // the live index has them
    EXPECT_TRUE(Find("p2").empty());
    rename("p3", "Silver Jug");
    ASSERT_TRUE(indexer_->Flush().ok());
    EXPECT_TRUE(Find("silver").empty());  // waits for the rebuild
    EXPECT_EQ(indexer_->Statuses()[0].pending, 1);
    changed = true;
  };
  auto rebuilt = indexer_->Rebuild(kProductType, progress);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().detail();
  ASSERT_TRUE(changed);
  // The new index read p1 and p2 before they changed; the catch-up re-read them by id (the
  // engine kept no journal).
  EXPECT_EQ(Find("brass"), std::vector<std::string>{"p1"});
  EXPECT_TRUE(Find("p2").empty());
  search::Query all;
  all.limit = 10;
  EXPECT_EQ(engine_->Search(kProductType, all)->total, 3U);
  // The held change is still pending and reaches the new index with the next drain.
  EXPECT_EQ(indexer_->Statuses()[0].pending, 1);
  EXPECT_TRUE(Find("silver").empty());
  ASSERT_TRUE(indexer_->Flush().ok());
  EXPECT_EQ(Find("silver"), std::vector<std::string>{"p3"});
  EXPECT_EQ(indexer_->Statuses()[0].pending, 0);

  // Without a rebuild running, changes are applied at once whatever the budget.
  rename("p4", "Golden Jug");
  ASSERT_TRUE(indexer_->Flush().ok());
  EXPECT_EQ(Find("golden"), std::vector<std::string>{"p4"});
}

TEST_F(IndexerTest, TheSnapshotIsRecoveredAndCaughtUpFromTheOutbox) {
  indexer_->Recover();
  for (const auto& type : Indexer::Types()) ASSERT_TRUE(indexer_->Rebuild(type, {}).ok());
  NewProduct("p1", "Brass Lantern");
  ASSERT_TRUE(indexer_->Flush().ok());
  ASSERT_TRUE(indexer_->SaveSnapshot().ok());

  // Written while no indexer listened: only the outbox has it.
  events::EventBus quiet;
  catalog::CatalogManager offline(test_db_.db(), clock_, &quiet);
  catalog::Product p;
  p.meta.id = "p2";
  p.catalog_id = "cat";
  p.code = "SKU-p2";
  p.name = "Brass Candle";
  ASSERT_TRUE(offline.CreateProduct(caller_, p).ok());

  auto engine = search::MakeEmbeddedEngine();
  Indexer restarted(*engine, loader_, test_db_.db(), clock_, dir_.string());
  EXPECT_TRUE(restarted.Recover().empty());
  EXPECT_TRUE(restarted.Ready());
  EXPECT_TRUE(restarted.Statuses()[0].loaded_from_snapshot);
  ASSERT_TRUE(restarted.Flush().ok());
  search::Query q;
  q.text = "brass";
  q.language = "en";
  auto r = engine->Search(kProductType, q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2u);
}

}  // namespace
}  // namespace emporion::search_module
