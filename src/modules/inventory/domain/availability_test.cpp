#include "modules/inventory/domain/availability.hpp"

#include <gtest/gtest.h>

#include "modules/inventory/domain/rules.hpp"

namespace emporion::inventory {
namespace {

constexpr Timestamp kNow = 1'800'000'000'000'000;
constexpr Timestamp kDay = 86'400'000'000;

InventoryRecord Rec(std::string product, std::string fc, std::int64_t in_stock,
                    std::int64_t reserved = 0) {
  InventoryRecord r;
  r.product_id = std::move(product);
  r.fulfillment_center_id = std::move(fc);
  r.in_stock_quantity = in_stock;
  r.reserved_quantity = reserved;
  return r;
}

TEST(AvailabilityTest, AvailableFollowsStockReservedBackorderAndPreorderRules) {
  struct Case {
    const char* name;
    InventoryRecord record;
    std::int64_t expected;
  };
  auto with = [](InventoryRecord r, auto f) {
    f(r);
    return r;
  };
  const Case cases[] = {
      {"plain stock", Rec("p", "a", 10), 10},
      {"reserved subtracts", Rec("p", "a", 10, 4), 6},
      {"never negative", Rec("p", "a", 2, 5), 0},
      {"backorder not allowed adds nothing",
       with(Rec("p", "a", 1), [](auto& r) { r.backorder_quantity = 5; }), 1},
      {"backorder allowed, open date",
       with(Rec("p", "a", 1),
            [](auto& r) {
              r.allow_backorder = true;
              r.backorder_quantity = 5;
            }),
       6},
      {"backorder date in the future still counts",
       with(Rec("p", "a", 0),
            [](auto& r) {
              r.allow_backorder = true;
              r.backorder_quantity = 5;
              r.backorder_availability_date = kNow + kDay;
            }),
       5},
      {"backorder date passed counts no more",
       with(Rec("p", "a", 0),
            [](auto& r) {
              r.allow_backorder = true;
              r.backorder_quantity = 5;
              r.backorder_availability_date = kNow - kDay;
            }),
       0},
      {"preorder date come counts",
       with(Rec("p", "a", 0),
            [](auto& r) {
              r.allow_preorder = true;
              r.preorder_quantity = 3;
              r.preorder_availability_date = kNow - kDay;
            }),
       3},
      {"preorder date in the future does not count yet",
       with(Rec("p", "a", 0),
            [](auto& r) {
              r.allow_preorder = true;
              r.preorder_quantity = 3;
              r.preorder_availability_date = kNow + kDay;
            }),
       0},
      {"disabled offers nothing",
       with(Rec("p", "a", 10), [](auto& r) { r.status = InventoryStatus::kDisabled; }), 0},
  };
  for (const auto& c : cases) EXPECT_EQ(AvailableOf(c.record, kNow), c.expected) << c.name;
}

TEST(AvailabilityTest, SumsOnlyTheStoresCentersMainFirst) {
  std::vector<InventoryRecord> records = {Rec("p", "b", 3, 1), Rec("p", "a", 5),
                                          Rec("p", "elsewhere", 100)};
  auto a = ComputeAvailability("p", true, {"a", "b"}, records, kNow);
  EXPECT_EQ(a.in_stock, 8);
  EXPECT_EQ(a.reserved, 1);
  EXPECT_EQ(a.available, 7);
  EXPECT_TRUE(a.is_available);
  ASSERT_EQ(a.by_fulfillment_center.size(), 2U);
  EXPECT_EQ(a.by_fulfillment_center[0].fulfillment_center_id, "a");
  EXPECT_EQ(a.by_fulfillment_center[1].fulfillment_center_id, "b");
}

TEST(AvailabilityTest, UntrackedProductIsAlwaysAvailable) {
  auto a = ComputeAvailability("p", false, {"a"}, {}, kNow);
  EXPECT_TRUE(a.is_available);
  EXPECT_FALSE(a.tracked);
  auto none = ComputeAvailability("p", true, {"a"}, {}, kNow);
  EXPECT_FALSE(none.is_available);
  EXPECT_EQ(none.available, 0);
}

TEST(ReservationPlanTest, TakesMainFirstThenMostAvailableAndRefusesShortItems) {
  RecordMap records;
  records[{"p", "main"}] = Rec("p", "main", 2);
  records[{"p", "small"}] = Rec("p", "small", 1);
  records[{"p", "big"}] = Rec("p", "big", 4);
  records[{"q", "main"}] = Rec("q", "main", 1);
  struct Case {
    const char* name;
    std::vector<ReservationItem> items;
    std::vector<std::pair<std::string, std::int64_t>> expected;  // center, quantity
    std::size_t shortfalls;
  };
  const Case cases[] = {
      {"fits in main", {{"p", 2}}, {{"main", 2}}, 0},
      {"spills to the fullest other", {{"p", 5}}, {{"main", 2}, {"big", 3}}, 0},
      {"everything", {{"p", 7}}, {{"main", 2}, {"big", 4}, {"small", 1}}, 0},
      {"too much", {{"p", 8}}, {}, 1},
      {"same product twice shares stock", {{"p", 6}, {"p", 2}}, {{"main", 2}, {"big", 4}}, 1},
      {"untracked takes nothing", {{"u", 50}}, {}, 0},
      {"unknown product is short", {{"x", 1}}, {}, 1},
  };
  const std::map<std::string, bool> tracked = {{"p", true}, {"q", true}, {"u", false}};
  for (const auto& c : cases) {
    auto plan = PlanReservation(c.items, {"main", "small", "big"}, records, tracked, kNow);
    EXPECT_EQ(plan.shortfalls.size(), c.shortfalls) << c.name;
    std::vector<std::pair<std::string, std::int64_t>> got;
    for (const auto& a : plan.allocations) {
      if (a.item == 0) got.emplace_back(a.fulfillment_center_id, a.quantity);
    }
    if (c.shortfalls == 0 || c.items.size() > 1) {
      EXPECT_EQ(got, c.expected) << c.name;
    }
  }
}

TEST(LowStockTest, FiresWhenAvailableReachesTheThresholdOnce) {
  EXPECT_TRUE(CrossesLowStock(10, 5, 5));
  EXPECT_TRUE(CrossesLowStock(std::nullopt, 2, 5));
  EXPECT_FALSE(CrossesLowStock(4, 3, 5));
  EXPECT_FALSE(CrossesLowStock(10, 6, 5));
}

TEST(InventoryRulesTest, CoordinatesAreExactAndRangeChecked) {
  struct Case {
    const char* text;
    int limit;
    std::optional<std::string> expected;
  };
  const Case cases[] = {
      {"52.520008", 90, "52.520008"},
      {"-0.12780", 180, "-0.1278"},
      {"90", 90, "90"},
      {"90.0001", 90, std::nullopt},
      {"180.5", 180, std::nullopt},
      {"1e5", 90, std::nullopt},
      {"1.123456789", 90, std::nullopt},
      {"-0.0", 90, "0"},
      {"", 90, std::nullopt},
      {"007.5", 90, "7.5"},
  };
  for (const auto& c : cases) EXPECT_EQ(CanonicalCoordinate(c.text, c.limit), c.expected) << c.text;
}

TEST(InventoryRulesTest, RecordQuantitiesMustNotBeNegative) {
  auto r = Rec("p", "a", -1);
  r.backorder_quantity = -2;
  auto errors = ValidateRecord(r, "items[0].");
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0].field, "items[0].inStockQuantity");
  EXPECT_EQ(errors[1].field, "items[0].backorderQuantity");
}

}  // namespace
}  // namespace emporion::inventory
