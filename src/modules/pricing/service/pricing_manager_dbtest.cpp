// PricingManager against SQLite and PostgreSQL with a fake catalog: the demo seed (lists,
// assignments, tiers, dated sale; a re-run changes nothing; an empty catalog seeds nothing),
// events written with the change and not with a refused one, and the injected lookups of the
// stores and members modules.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "emporion/pricing/pricing_module.hpp"
#include "modules/pricing/service/pricing_manager.hpp"
#include "modules/pricing/service/pricing_seed.hpp"
#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::pricing {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;  // 2026-11-18T11:06:40Z

/// Products by id; a catalog "c1" exists.
class FakeCatalog : public catalog::CatalogService {
 public:
  void Add(const std::string& id, const std::string& code,
           std::optional<std::string> main = std::nullopt) {
    catalog::Product p;
    p.meta.id = id;
    p.code = code;
    p.catalog_id = "c1";
    p.main_product_id = std::move(main);
    products_[id] = p;
  }
  Result<catalog::Product> FindProduct(const std::string& id, catalog::ProductView) override {
    auto it = products_.find(id);
    if (it == products_.end()) return Error::NotFound("no product");
    return it->second;
  }
  Result<std::vector<catalog::Product>> FindProducts(const std::vector<std::string>& ids,
                                                     catalog::ProductView) override {
    std::vector<catalog::Product> out;
    for (const auto& id : ids) {
      if (auto it = products_.find(id); it != products_.end()) out.push_back(it->second);
    }
    return out;
  }
  Result<catalog::Product> FindProductByCode(const std::string& code,
                                             catalog::ProductView) override {
    for (const auto& [id, p] : products_) {
      if (p.code == code) return p;
    }
    return Error::NotFound("no product");
  }
  Result<catalog::Page<catalog::Product>> QueryProducts(const catalog::ProductQuery&,
                                                        const catalog::Window& w,
                                                        catalog::ProductView) override {
    catalog::Page<catalog::Product> page;
    page.total = static_cast<std::int64_t>(products_.size());
    int i = 0;
    for (const auto& [id, p] : products_) {
      if (i >= w.offset && i < w.offset + w.limit) page.items.push_back(p);
      ++i;
    }
    return page;
  }
  Result<catalog::Category> FindCategory(const std::string&) override {
    return Error::NotFound("no category");
  }
  Result<catalog::Catalog> FindCatalog(const std::string& id) override {
    if (id != "c1") return Error::NotFound("no catalog");
    catalog::Catalog c;
    c.meta.id = id;
    return c;
  }

 private:
  std::map<std::string, catalog::Product> products_;
};

class PricingManagerTest : public ::testing::Test {
 protected:
  PricingManagerTest() : clock_(kNow) {
    test_db_.Migrate({&platform::Migrations(), &pricing::Migrations()});
    PricingOptions options;
    options.import_events_per_chunk = false;  // per-price events; the per-chunk test has its own
    options.store_exists = [](const std::string& id) { return id != "ghost-store"; };
    options.shopper_of = [](const std::string& id) -> std::optional<Shopper> {
      if (id != "cust-ws") return std::nullopt;
      return Shopper{{"Wholesale"}, {}, std::string("DE")};
    };
    manager_ = std::make_unique<PricingManager>(test_db_.db(), clock_, &bus_, catalog_, options);
  }

  /// A parsed import row of `product` ("p<N>", SKU "SKU-<N>") at CSV line `n`.
  static ImportRow Row(std::size_t n, const std::string& product, std::int64_t list_amount,
                       std::optional<Timestamp> start = std::nullopt) {
    ImportRow r;
    r.row = n;
    r.sku = "SKU-" + product.substr(1);
    r.price.product_id = product;
    r.price.list = Decimal::FromInt(list_amount);
    r.price.start_date = start;
    return r;
  }

  /// A new USD price list named "L", created through `m`.
  static PriceList NewList(PricingManager& m, const Caller& c) {
    PriceList l;
    l.name = "L";
    l.currency = "USD";
    auto list = m.CreatePriceList(c, l);
    EXPECT_TRUE(list.ok());
    return list.ok() ? std::move(list).value() : PriceList{};
  }

  std::int64_t Total(const std::string& list) {
    storage::PriceFilter f;
    f.price_list_id = list;
    auto page = manager_->ListPrices(f, {});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }

  std::vector<EvaluatedPrice> Eval(EvaluationRequest r) {
    auto out = manager_->Evaluate(r);
    EXPECT_TRUE(out.ok()) << out.error().detail();
    return out.ok() ? std::move(out).value() : std::vector<EvaluatedPrice>{};
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  FakeCatalog catalog_;
  std::unique_ptr<PricingManager> manager_;
};

TEST_F(PricingManagerTest, DemoSeedWithoutProductsDoesNothing) {
  ASSERT_TRUE(SeedDemo(*manager_).ok());
  auto lists = manager_->ListPriceLists({}, {});
  ASSERT_TRUE(lists.ok());
  EXPECT_EQ(lists->total, 0);
}

TEST_F(PricingManagerTest, DemoSeedBuildsListsTiersAndSaleAndIsRepeatable) {
  for (int i = 0; i < 10; ++i) catalog_.Add("p" + std::to_string(i), "SKU-" + std::to_string(i));
  catalog_.Add("v0", "SKU-V0", "p0");  // a variation, priced by itself like any product
  ASSERT_TRUE(SeedDemo(*manager_).ok());
  EXPECT_EQ(Total("demo-usd"), 11);
  EXPECT_EQ(Total("demo-eur"), 11);
  EXPECT_EQ(Total("demo-wholesale"), 33);
  EXPECT_EQ(Total("demo-sale"), 3);  // every fifth product
  ASSERT_TRUE(SeedDemo(*manager_).ok());
  EXPECT_EQ(Total("demo-usd"), 11);
  EXPECT_EQ(Total("demo-wholesale"), 33);

  EvaluationRequest r;
  r.currency = "USD";
  r.product_ids = {"p1"};
  auto retail = Eval(r);
  ASSERT_EQ(retail.size(), 1u);
  EXPECT_EQ(retail[0].price_list_id, "demo-usd");

  r.user_groups = {"Wholesale"};
  r.quantity = 10;
  auto ws = Eval(r);
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].price_list_id, "demo-wholesale");
  EXPECT_EQ(ws[0].tiers.size(), 3u);
  EXPECT_EQ(ws[0].tiers[1].list, ws[0].list);

  EvaluationRequest sale;
  sale.currency = "USD";
  sale.product_ids = {"p0"};  // sorted by code: p0 is first, so it has a sale price
  auto on_sale = Eval(sale);
  ASSERT_EQ(on_sale.size(), 1u);
  EXPECT_EQ(on_sale[0].price_list_id, "demo-sale");
  ASSERT_TRUE(on_sale[0].sale.has_value());
  EXPECT_LT(*on_sale[0].sale, on_sale[0].list);
  sale.date = kNow + 60LL * 86'400'000'000;  // after the sale
  EXPECT_EQ(Eval(sale)[0].price_list_id, "demo-usd");

  EvaluationRequest eur;
  eur.currency = "EUR";
  eur.product_ids = {"p1"};
  EXPECT_EQ(Eval(eur)[0].price_list_id, "demo-eur");
}

TEST_F(PricingManagerTest, EventsAreWrittenWithTheChangeOnly) {
  catalog_.Add("p1", "SKU-1");
  Caller c{"alice", "req-1"};
  PriceList l;
  l.name = "L";
  l.currency = "USD";
  auto list = manager_->CreatePriceList(c, l);
  ASSERT_TRUE(list.ok());
  Price p;
  p.price_list_id = list->meta.id;
  p.product_id = "p1";
  p.list = Decimal::FromInt(5);
  ASSERT_TRUE(manager_->CreatePrice(c, p).ok());
  auto dup = manager_->CreatePrice(c, p);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  auto tx = test_db_.db().Begin(db::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto events = events::ReadOutbox(**tx, 0, 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> types;
  for (const auto& e : *events) types.push_back(e.type);
  EXPECT_EQ(types,
            (std::vector<std::string>{"pricing.price-list.created", "pricing.price.created"}));
}

TEST_F(PricingManagerTest, ImportRowsCreateUpdateSkipAndRejectWithOneEventPerPrice) {
  catalog_.Add("p1", "SKU-1");
  catalog_.Add("p2", "SKU-2");
  Caller c{"alice", "req-1"};
  const PriceList list = NewList(*manager_, c);
  std::vector<std::size_t> errors;
  auto on_error = [&](std::size_t n, const std::string&) { errors.push_back(n); };
  // p1 is created, then updated by a later row of the same chunk (before it was written);
  // p2 is created; row 5 overlaps p2's open window.
  std::vector<ImportRow> first;
  first.push_back(Row(2, "p1", 10));
  first.push_back(Row(3, "p2", 20));
  first.push_back(Row(4, "p1", 11));
  first.push_back(Row(5, "p2", 21, kNow));
  auto done = manager_->ImportRows(c, list.meta.id, std::move(first), on_error);
  ASSERT_TRUE(done.ok()) << done.error().detail();
  EXPECT_EQ(done->created, 2);
  EXPECT_EQ(done->updated, 1);
  EXPECT_EQ(errors, (std::vector<std::size_t>{5}));
  EXPECT_EQ(Total(list.meta.id), 2);

  // A second chunk: p1 unchanged (skipped), p2 updated.
  std::vector<ImportRow> second;
  second.push_back(Row(2, "p1", 11));
  second.push_back(Row(3, "p2", 22));
  done = manager_->ImportRows(c, list.meta.id, std::move(second), on_error);
  ASSERT_TRUE(done.ok()) << done.error().detail();
  EXPECT_EQ(done->created, 0);
  EXPECT_EQ(done->updated, 1);

  storage::PriceFilter f;
  f.price_list_id = list.meta.id;
  auto page = manager_->ListPrices(f, {});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  std::map<std::string, Price> by_product;
  for (const auto& p : page->items) by_product[p.product_id] = p;
  EXPECT_EQ(by_product["p1"].list, Decimal::FromInt(11));
  EXPECT_EQ(by_product["p1"].meta.version, 2);
  EXPECT_EQ(by_product["p2"].list, Decimal::FromInt(22));
  EXPECT_EQ(by_product["p2"].meta.version, 2);

  auto tx = test_db_.db().Begin(db::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto events = events::ReadOutbox(**tx, 0, 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::pair<std::string, std::string>> price_events;
  for (const auto& e : *events) {
    if (e.entity_type == "pricing.price") price_events.emplace_back(e.type, e.entity_id);
  }
  const std::string p1 = by_product["p1"].meta.id;
  const std::string p2 = by_product["p2"].meta.id;
  EXPECT_EQ(price_events,
            (std::vector<std::pair<std::string, std::string>>{{"pricing.price.created", p1},
                                                              {"pricing.price.created", p2},
                                                              {"pricing.price.updated", p1},
                                                              {"pricing.price.updated", p2}}));
  events::ChangeQuery q;
  q.entity_type = "pricing.price";
  q.newest_first = false;
  auto changes = events::QueryChanges(**tx, q);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->first.size(), 4u);
  EXPECT_EQ(changes->first[0].operation, "created");
  EXPECT_EQ(changes->first[0].detail, "{}");
  EXPECT_EQ(changes->first[2].operation, "updated");
  EXPECT_NE(changes->first[2].detail.find("\"field\":\"list\""), std::string::npos);
}

TEST_F(PricingManagerTest, ImportRowsWithEventsPerChunkWriteOneEventNamingTheProducts) {
  catalog_.Add("p1", "SKU-1");
  catalog_.Add("p2", "SKU-2");
  catalog_.Add("p3", "SKU-3");
  PricingOptions options;
  options.import_events_per_chunk = true;
  PricingManager chunked(test_db_.db(), clock_, &bus_, catalog_, options);
  std::vector<std::string> published;
  bus_.Subscribe("pricing.price.",
                 [&](const events::DomainEvent& e) { published.push_back(e.payload); });
  Caller c{"alice", "req-1"};
  const PriceList list = NewList(chunked, c);
  std::vector<std::size_t> errors;
  auto on_error = [&](std::size_t n, const std::string&) { errors.push_back(n); };
  // p2 is created and updated by a later row of the same chunk; row 5 overlaps p2's open window
  // (a row error); p3 is unchanged in the second chunk, which therefore writes no event.
  std::vector<ImportRow> first;
  first.push_back(Row(2, "p2", 20));
  first.push_back(Row(3, "p1", 10));
  first.push_back(Row(4, "p2", 21));
  first.push_back(Row(5, "p2", 22, kNow));
  first.push_back(Row(6, "p3", 30));
  auto done = chunked.ImportRows(c, list.meta.id, std::move(first), on_error);
  ASSERT_TRUE(done.ok()) << done.error().detail();
  EXPECT_EQ(done->created, 3);
  EXPECT_EQ(done->updated, 1);
  EXPECT_EQ(errors, (std::vector<std::size_t>{5}));
  EXPECT_EQ(Total(list.meta.id), 3);

  std::vector<ImportRow> second;
  second.push_back(Row(2, "p3", 30));  // unchanged: no event at all
  done = chunked.ImportRows(c, list.meta.id, std::move(second), on_error);
  ASSERT_TRUE(done.ok()) << done.error().detail();
  EXPECT_EQ(done->created + done->updated, 0);

  const std::string expected = "{\"priceListId\":\"" + list.meta.id +
                               "\",\"created\":3,\"updated\":1,\"productIds\":[\"p1\",\"p2\","
                               "\"p3\"]}";
  EXPECT_EQ(published, (std::vector<std::string>{expected}));
  auto tx = test_db_.db().Begin(db::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto events = events::ReadOutbox(**tx, 0, 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> types;
  for (const auto& e : *events) types.push_back(e.type);
  EXPECT_EQ(types,
            (std::vector<std::string>{"pricing.price-list.created", "pricing.price.imported"}));
  EXPECT_EQ(events->back().entity_type, "pricing.price-list");
  EXPECT_EQ(events->back().entity_id, list.meta.id);
  events::ChangeQuery q;
  q.entity_type = "pricing.price-list";
  q.operation = "prices-imported";
  auto changes = events::QueryChanges(**tx, q);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->first.size(), 1u);
  EXPECT_EQ(changes->first[0].entity_id, list.meta.id);
  EXPECT_EQ(changes->first[0].detail, expected);
  q.entity_type = "pricing.price";
  q.operation.reset();
  changes = events::QueryChanges(**tx, q);
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->first.empty());
}

TEST_F(PricingManagerTest, BulkReadersReturnEveryPriceOfTheProducts) {
  catalog_.Add("p1", "SKU-1");
  catalog_.Add("p2", "SKU-2");
  catalog_.Add("p3", "SKU-3");
  Caller c{"alice", "req-1"};
  std::vector<std::string> lists;
  for (const char* name : {"A", "B"}) {
    PriceList l;
    l.name = name;
    l.currency = "USD";
    auto list = manager_->CreatePriceList(c, l);
    ASSERT_TRUE(list.ok());
    lists.push_back(list->meta.id);
  }
  auto add = [&](const std::string& list, const std::string& product, std::int64_t min_qty,
                 std::optional<Timestamp> start) {
    Price p;
    p.price_list_id = list;
    p.product_id = product;
    p.list = Decimal::FromInt(5);
    p.min_quantity = min_qty;
    p.start_date = start;
    ASSERT_TRUE(manager_->CreatePrice(c, p).ok());
  };
  add(lists[0], "p1", 1, std::nullopt);
  add(lists[0], "p1", 10, std::nullopt);
  add(lists[1], "p1", 1, kNow + 1'000'000);  // dated, in the future: still returned
  add(lists[1], "p2", 1, std::nullopt);
  add(lists[0], "p3", 1, std::nullopt);
  PricingService& service = *manager_;
  auto prices = service.PricesOfProducts({"p1", "p2"});
  ASSERT_TRUE(prices.ok()) << prices.error().detail();
  EXPECT_EQ(prices->size(), 4u);
  for (const auto& p : *prices) EXPECT_NE(p.product_id, "p3");
  auto all = service.AllPriceLists();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST_F(PricingManagerTest, InjectedStoreAndShopperLookups) {
  catalog_.Add("p1", "SKU-1");
  Caller c;
  PriceList base{{"base"}, "Base", std::nullopt, "USD", std::nullopt};
  PriceList ws{{"ws"}, "WS", std::nullopt, "USD", std::nullopt};
  ASSERT_TRUE(manager_->CreatePriceList(c, base).ok());
  ASSERT_TRUE(manager_->CreatePriceList(c, ws).ok());
  Assignment ghost;
  ghost.price_list_id = "base";
  ghost.name = "ghost";
  ghost.store_id = "ghost-store";
  auto refused = manager_->CreateAssignment(c, ghost);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(refused.error().fields().at(0).field, "storeId");

  Assignment a;
  a.price_list_id = "base";
  a.name = "everyone";
  ASSERT_TRUE(manager_->CreateAssignment(c, a).ok());
  Assignment w;
  w.price_list_id = "ws";
  w.name = "wholesale in DE";
  w.priority = 5;
  w.conditions = {{"and", "", {{"userGroup", "Wholesale", {}}, {"country", "DE", {}}}}};
  ASSERT_TRUE(manager_->CreateAssignment(c, w).ok());
  for (const char* list : {"base", "ws"}) {
    Price p;
    p.price_list_id = list;
    p.product_id = "p1";
    p.list = Decimal::FromInt(list == std::string("ws") ? 7 : 10);
    ASSERT_TRUE(manager_->CreatePrice(c, p).ok());
  }
  EvaluationRequest r;
  r.currency = "USD";
  r.product_ids = {"p1"};
  EXPECT_EQ(Eval(r)[0].price_list_id, "base");
  r.customer_id = "cust-ws";  // groups and country come from the members lookup
  EXPECT_EQ(Eval(r)[0].price_list_id, "ws");
}

TEST_F(PricingManagerTest, RankedPriceListsFollowTheEvaluationOrderAndTheClock) {
  Caller c;
  for (const char* id : {"base", "promo", "ws", "eur"}) {
    PriceList l{{id}, id, std::nullopt, id == std::string("eur") ? "EUR" : "USD", std::nullopt};
    ASSERT_TRUE(manager_->CreatePriceList(c, l).ok());
  }
  auto assign = [&](const std::string& list, std::int64_t priority,
                    std::vector<Condition> conditions, std::optional<Timestamp> start,
                    std::optional<Timestamp> end) {
    Assignment a;
    a.price_list_id = list;
    a.name = list;
    a.priority = priority;
    a.conditions = std::move(conditions);
    a.start_date = start;
    a.end_date = end;
    auto created = manager_->CreateAssignment(c, a);
    EXPECT_TRUE(created.ok()) << created.error().detail();
    return created.ok() ? created->meta.id : std::string();
  };
  constexpr Timestamp kHour = 3'600'000'000;
  assign("base", 0, {}, std::nullopt, std::nullopt);
  assign("promo", 20, {}, kNow + kHour, kNow + 2 * kHour);  // opens in an hour
  assign("ws", 10, {{"userGroup", "wholesale", {}}}, std::nullopt, std::nullopt);
  assign("eur", 50, {}, std::nullopt, std::nullopt);

  EvaluationRequest anonymous;
  anonymous.currency = "USD";
  EvaluationRequest customer = anonymous;
  customer.customer_id = "cust-ws";
  using Lists = std::vector<std::string>;
  auto ranked = [&](const EvaluationRequest& r) {
    auto out = manager_->RankedPriceLists(r);
    EXPECT_TRUE(out.ok()) << out.error().detail();
    return out.ok() ? *out : Lists{};
  };
  EXPECT_EQ(ranked(anonymous), (Lists{"base"}));
  EXPECT_EQ(ranked(customer), (Lists{"ws", "base"}));
  EvaluationRequest in_group = anonymous;
  in_group.user_groups = {"Wholesale"};
  EXPECT_EQ(ranked(in_group), (Lists{"ws", "base"}));
  EvaluationRequest eur = anonymous;
  eur.currency = "EUR";
  EXPECT_EQ(ranked(eur), (Lists{"eur"}));
  EvaluationRequest dated = anonymous;
  dated.date = kNow + kHour;  // an explicit date bypasses the cache
  EXPECT_EQ(ranked(dated), (Lists{"promo", "base"}));

  // The cached answer expires when the promotion's window opens, and again when it closes.
  clock_.Set(kNow + kHour);
  EXPECT_EQ(ranked(anonymous), (Lists{"promo", "base"}));
  EXPECT_EQ(ranked(customer), (Lists{"promo", "ws", "base"}));
  clock_.Set(kNow + 2 * kHour);
  EXPECT_EQ(ranked(anonymous), (Lists{"base"}));

  // A write drops the cached answers at once.
  assign("ws", 30, {}, std::nullopt, std::nullopt);
  EXPECT_EQ(ranked(anonymous), (Lists{"ws", "base"}));

  // The ranking is the one Evaluate walks: a product priced in every list gets the first one,
  // a product priced only in the last one gets that one.
  catalog_.Add("p-all", "SKU-ALL");
  catalog_.Add("p-base", "SKU-BASE");
  for (const char* list : {"base", "promo", "ws"}) {
    Price p;
    p.price_list_id = list;
    p.product_id = "p-all";
    p.list = Decimal::FromInt(10);
    ASSERT_TRUE(manager_->CreatePrice(c, p).ok());
  }
  Price only_base;
  only_base.price_list_id = "base";
  only_base.product_id = "p-base";
  only_base.list = Decimal::FromInt(12);
  ASSERT_TRUE(manager_->CreatePrice(c, only_base).ok());
  for (const auto& r : {anonymous, customer}) {
    const Lists lists = ranked(r);
    ASSERT_FALSE(lists.empty());
    EvaluationRequest ev = r;
    ev.product_ids = {"p-all", "p-base"};
    auto prices = Eval(ev);
    ASSERT_EQ(prices.size(), 2U);
    EXPECT_EQ(prices[0].price_list_id, lists.front());
    EXPECT_EQ(prices[1].price_list_id, "base");
  }
}

}  // namespace
}  // namespace emporion::pricing
