#include "modules/pricing/domain/rules.hpp"

#include <gtest/gtest.h>

namespace emporion::pricing::domain {
namespace {

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(PricingRulesTest, PriceSaleAboveListAndMinQuantityBelowOne) {
  Price p;
  p.price_list_id = "l";
  p.product_id = "p";
  p.list = Decimal::FromInt(10);
  p.sale = Decimal::FromInt(11);
  p.min_quantity = 0;
  std::vector<FieldError> errors;
  ValidatePrice(p, "items[2].", errors);
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"items[2].sale", "items[2].minQuantity"}));
}

TEST(PricingRulesTest, ConditionPathsNameTheBadNode) {
  std::vector<Condition> tree = {
      {"or", "", {{"userGroup", "A", {}}, {"bogus", "x", {}}}},
      {"country", "", {}},
      {"and", "", {}},
  };
  std::vector<FieldError> errors;
  ValidateConditions(tree, "conditions", 1, errors);
  EXPECT_EQ(Fields(errors),
            (std::vector<std::string>{"conditions[0].conditions[1].type", "conditions[1].value",
                                      "conditions[2].conditions"}));
}

TEST(PricingRulesTest, HalfOpenWindows) {
  EXPECT_TRUE(WindowsOverlap({}, {}, 5, 10));
  EXPECT_FALSE(WindowsOverlap(0, 5, 5, 10));  // touching: end is exclusive
  EXPECT_TRUE(WindowsOverlap(0, 6, 5, 10));
  EXPECT_FALSE(WindowsOverlap(10, {}, {}, 10));
  EXPECT_TRUE(InWindow(5, 10, 5));
  EXPECT_FALSE(InWindow(5, 10, 10));
}

TEST(PricingRulesTest, PriceListNeedsNameAndCurrency) {
  PriceList l;
  l.currency = "usd";
  std::vector<FieldError> errors;
  ValidatePriceList(l, "", errors);
  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"name", "currency"}));
}

}  // namespace
}  // namespace emporion::pricing::domain
