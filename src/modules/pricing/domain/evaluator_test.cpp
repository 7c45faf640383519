// Table-driven tests of the pricing rules: each case builds assignments, lists and prices,
// evaluates one product and checks the winning list, amounts, tiers and explanation.
#include "modules/pricing/domain/evaluator.hpp"

#include <gtest/gtest.h>

#include <map>

namespace emporion::pricing::domain {
namespace {

constexpr Timestamp kDay = 86'400'000'000;
constexpr Timestamp kNow = 1'800'000'000'000'000;

Decimal D(const char* s) { return *Decimal::Parse(s); }

Assignment A(std::string id, std::string list, std::int64_t priority,
             std::vector<Condition> conditions = {}) {
  Assignment a;
  a.meta.id = std::move(id);
  a.price_list_id = std::move(list);
  a.priority = priority;
  a.conditions = std::move(conditions);
  return a;
}

Price P(std::string list, std::string product, const char* amount, std::int64_t min_q = 1,
        std::optional<Timestamp> start = {}, std::optional<Timestamp> end = {},
        std::optional<const char*> sale = {}) {
  Price p;
  p.price_list_id = std::move(list);
  p.product_id = std::move(product);
  p.list = D(amount);
  if (sale) p.sale = D(*sale);
  p.min_quantity = min_q;
  p.start_date = start;
  p.end_date = end;
  return p;
}

Condition Leaf(std::string type, std::string value) {
  return {std::move(type), std::move(value), {}};
}
Condition Group(std::string type, std::vector<Condition> kids) {
  return {std::move(type), "", std::move(kids)};
}

struct Case {
  std::string name;
  std::vector<Assignment> assignments;
  std::vector<Price> prices;
  EvaluationContext ctx;
  std::string product = "p";
  std::map<std::string, std::string> main_of;
  // expectations; empty winner: the product is absent
  std::string winner_assignment;
  std::string list_amount;
  std::vector<std::int64_t> tiers;
  std::map<std::string, std::string> outcomes;  // assignment id -> outcome (explain)
};

EvaluationContext Ctx(std::function<void(EvaluationContext&)> f = nullptr) {
  EvaluationContext c;
  c.currency = "USD";
  c.at = kNow;
  c.explain = true;
  if (f) f(c);
  return c;
}

std::unordered_map<std::string, PriceList> Lists() {
  std::unordered_map<std::string, PriceList> lists;
  for (const auto& [id, cur] : std::vector<std::pair<std::string, std::string>>{
           {"usd", "USD"}, {"usd2", "USD"}, {"usd3", "USD"}, {"eur", "EUR"}}) {
    PriceList l;
    l.meta.id = id;
    l.name = id;
    l.currency = cur;
    lists.emplace(id, l);
  }
  return lists;
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  {
    Case c{"HigherPriorityWins"};
    c.assignments = {A("low", "usd", 1), A("high", "usd2", 5)};
    c.prices = {P("usd", "p", "10"), P("usd2", "p", "8")};
    c.ctx = Ctx();
    c.winner_assignment = "high";
    c.list_amount = "8";
    c.outcomes = {{"high", "won"}, {"low", "priority"}};
    cases.push_back(c);
  }
  {
    Case c{"HigherPriorityWithoutPriceFallsThrough"};
    c.assignments = {A("low", "usd", 1), A("high", "usd2", 5)};
    c.prices = {P("usd", "p", "10"), P("usd2", "other", "8")};
    c.ctx = Ctx();
    c.winner_assignment = "low";
    c.list_amount = "10";
    c.outcomes = {{"high", "noPrice"}, {"low", "won"}};
    cases.push_back(c);
  }
  {
    Case c{"PriorityTieGoesToLaterStart"};
    Assignment older = A("older", "usd", 3);
    older.start_date = kNow - 10 * kDay;
    Assignment newer = A("newer", "usd2", 3);
    newer.start_date = kNow - kDay;
    c.assignments = {older, newer};
    c.prices = {P("usd", "p", "10"), P("usd2", "p", "9")};
    c.ctx = Ctx();
    c.winner_assignment = "newer";
    c.list_amount = "9";
    cases.push_back(c);
  }
  {
    Case c{"AssignmentOutsideItsWindowLosesOnDate"};
    Assignment future = A("future", "usd2", 9);
    future.start_date = kNow + kDay;
    c.assignments = {future, A("base", "usd", 0)};
    c.prices = {P("usd", "p", "10"), P("usd2", "p", "5")};
    c.ctx = Ctx();
    c.winner_assignment = "base";
    c.list_amount = "10";
    c.outcomes = {{"future", "date"}, {"base", "won"}};
    cases.push_back(c);
  }
  {
    Case c{"FutureDatePreviewsScheduledPrice"};
    c.assignments = {A("base", "usd", 0)};
    c.prices = {P("usd", "p", "10", 1, {}, kNow + 5 * kDay),
                P("usd", "p", "12", 1, kNow + 5 * kDay, {})};
    c.ctx = Ctx([](EvaluationContext& x) { x.at = kNow + 6 * kDay; });
    c.winner_assignment = "base";
    c.list_amount = "12";
    cases.push_back(c);
  }
  {
    Case c{"EndDateIsExclusive"};
    c.assignments = {A("base", "usd", 0)};
    c.prices = {P("usd", "p", "10", 1, {}, kNow)};
    c.ctx = Ctx();
    cases.push_back(c);  // absent
  }
  {
    Case c{"TierWithLargestMinQuantityNotAboveQuantity"};
    c.assignments = {A("base", "usd", 0)};
    c.prices = {P("usd", "p", "10", 1), P("usd", "p", "9", 10), P("usd", "p", "8", 50)};
    c.ctx = Ctx([](EvaluationContext& x) { x.quantity = 49; });
    c.winner_assignment = "base";
    c.list_amount = "9";
    c.tiers = {1, 10, 50};
    cases.push_back(c);
  }
  {
    Case c{"OnlyHigherTiersIsNoPrice"};
    c.assignments = {A("ws", "usd2", 5), A("base", "usd", 0)};
    c.prices = {P("usd2", "p", "7", 10), P("usd", "p", "10", 1)};
    c.ctx = Ctx();
    c.winner_assignment = "base";
    c.list_amount = "10";
    c.outcomes = {{"ws", "noPrice"}, {"base", "won"}};
    cases.push_back(c);
  }
  {
    Case c{"ListOfTwoAssignmentsWinsWithTheBetterOne"};
    c.assignments = {A("low", "usd", 1), A("mid", "usd2", 5), A("high", "usd", 9)};
    c.prices = {P("usd2", "p", "7"), P("usd", "p", "10", 1, kNow - kDay, kNow + kDay),
                P("usd", "p", "11", 1, kNow + kDay)};
    c.ctx = Ctx();
    c.winner_assignment = "high";
    c.list_amount = "10";
    c.outcomes = {{"high", "won"}, {"mid", "priority"}, {"low", "priority"}};
    cases.push_back(c);
  }
  {
    Case c{"CurrencyOfTheListMustMatch"};
    c.assignments = {A("eur", "eur", 9), A("usd", "usd", 0)};
    c.prices = {P("eur", "p", "5"), P("usd", "p", "10")};
    c.ctx = Ctx();
    c.winner_assignment = "usd";
    c.list_amount = "10";
    c.outcomes = {{"eur", "currency"}, {"usd", "won"}};
    cases.push_back(c);
  }
  {
    Case c{"NestedAndOrNotConditions"};
    // (userGroup Wholesale AND (country DE OR country AT)) AND NOT customerTag blocked
    c.assignments = {A("ws", "usd2", 9,
                       {Group("and", {Leaf("userGroup", "Wholesale"),
                                      Group("or", {Leaf("country", "DE"), Leaf("country", "AT")})}),
                        Group("not", {Leaf("customerTag", "blocked")})}),
                     A("base", "usd", 0)};
    c.prices = {P("usd2", "p", "7"), P("usd", "p", "10")};
    c.ctx = Ctx([](EvaluationContext& x) {
      x.shopper.user_groups = {"Retail", "wholesale", "VIP"};
      x.shopper.country = "AT";
    });
    c.winner_assignment = "ws";
    c.list_amount = "7";
    cases.push_back(c);
  }
  {
    Case c{"NotConditionExcludesTaggedShopper"};
    c.assignments = {A("ws", "usd2", 9, {Group("not", {Leaf("customerTag", "blocked")})}),
                     A("base", "usd", 0)};
    c.prices = {P("usd2", "p", "7"), P("usd", "p", "10")};
    c.ctx = Ctx([](EvaluationContext& x) { x.shopper.tags = {"blocked"}; });
    c.winner_assignment = "base";
    c.list_amount = "10";
    c.outcomes = {{"ws", "condition"}, {"base", "won"}};
    cases.push_back(c);
  }
  {
    Case c{"OrConditionFailsWhenNoBranchHolds"};
    c.assignments = {
        A("ws", "usd2", 9, {Group("or", {Leaf("country", "DE"), Leaf("userGroup", "Gold")})})};
    c.prices = {P("usd2", "p", "7")};
    c.ctx = Ctx([](EvaluationContext& x) { x.shopper.country = "US"; });
    cases.push_back(c);  // absent
  }
  {
    Case c{"StoreAndCatalogFilters"};
    Assignment store = A("store", "usd2", 9);
    store.store_id = "s1";
    Assignment catalog = A("catalog", "usd3", 8);
    catalog.catalog_id = "c1";
    c.assignments = {store, catalog, A("base", "usd", 0)};
    c.prices = {P("usd2", "p", "7"), P("usd3", "p", "8"), P("usd", "p", "10")};
    c.ctx = Ctx([](EvaluationContext& x) {
      x.store_id = "s2";
      x.catalog_id = "c1";
    });
    c.winner_assignment = "catalog";
    c.list_amount = "8";
    c.outcomes = {{"store", "store"}, {"catalog", "won"}, {"base", "priority"}};
    cases.push_back(c);
  }
  {
    Case c{"StoreLeafCondition"};
    c.assignments = {A("st", "usd2", 9, {Leaf("store", "s1")}), A("base", "usd", 0)};
    c.prices = {P("usd2", "p", "7"), P("usd", "p", "10")};
    c.ctx = Ctx([](EvaluationContext& x) { x.store_id = "s1"; });
    c.winner_assignment = "st";
    c.list_amount = "7";
    cases.push_back(c);
  }
  {
    Case c{"InactiveAssignmentLoses"};
    Assignment off = A("off", "usd2", 9);
    off.is_active = false;
    c.assignments = {off, A("base", "usd", 0)};
    c.prices = {P("usd2", "p", "7"), P("usd", "p", "10")};
    c.ctx = Ctx();
    c.winner_assignment = "base";
    c.list_amount = "10";
    c.outcomes = {{"off", "inactive"}, {"base", "won"}};
    cases.push_back(c);
  }
  {
    Case c{"VariationFallsBackToMainProduct"};
    c.assignments = {A("base", "usd", 0)};
    c.prices = {P("usd", "main", "10", 1, {}, {}, "9")};
    c.ctx = Ctx();
    c.product = "var";
    c.main_of = {{"var", "main"}};
    c.winner_assignment = "base";
    c.list_amount = "10";
    cases.push_back(c);
  }
  {
    Case c{"VariationWithOwnPriceKeepsIt"};
    c.assignments = {A("base", "usd", 0)};
    c.prices = {P("usd", "main", "10"), P("usd", "var", "11")};
    c.ctx = Ctx();
    c.product = "var";
    c.main_of = {{"var", "main"}};
    c.winner_assignment = "base";
    c.list_amount = "11";
    cases.push_back(c);
  }
  {
    Case c{"NoAssignmentsNoPrice"};
    c.prices = {P("usd", "p", "10")};
    c.ctx = Ctx();
    cases.push_back(c);
  }
  return cases;
}

class EvaluatorTest : public ::testing::TestWithParam<Case> {};

TEST_P(EvaluatorTest, Evaluates) {
  const Case& c = GetParam();
  const auto lists = Lists();
  Selection s = SelectAssignments(c.ctx, c.assignments, lists);
  PricesByProduct by_product;
  for (const auto& p : c.prices) by_product[p.product_id].push_back(&p);
  std::unordered_map<std::string, std::string> main_of(c.main_of.begin(), c.main_of.end());
  auto out = PriceProducts(c.ctx, s, {c.product}, by_product, main_of);
  if (c.winner_assignment.empty()) {
    EXPECT_TRUE(out.empty());
    return;
  }
  ASSERT_EQ(out.size(), 1u);
  const auto& e = out[0];
  EXPECT_EQ(e.product_id, c.product);
  EXPECT_EQ(e.assignment_id, c.winner_assignment);
  EXPECT_EQ(e.list.ToString(), c.list_amount);
  EXPECT_EQ(e.currency, "USD");
  if (!c.tiers.empty()) {
    std::vector<std::int64_t> tiers;
    for (const auto& t : e.tiers) tiers.push_back(t.min_quantity);
    EXPECT_EQ(tiers, c.tiers);
  }
  if (c.main_of.count(c.product) != 0 && e.price_product_id) {
    EXPECT_EQ(*e.price_product_id, c.main_of.at(c.product));
  }
  for (const auto& [id, outcome] : c.outcomes) {
    auto it = std::find_if(e.explanation.begin(), e.explanation.end(),
                           [&](const CandidateOutcome& o) { return o.assignment_id == id; });
    ASSERT_NE(it, e.explanation.end()) << id;
    EXPECT_EQ(it->outcome, outcome) << id;
  }
  EXPECT_EQ(e.explanation.size(), c.assignments.size());
}

// Without explain the winner is found in one pass over a product's prices (the smallest rank of
// a list with a tier for the quantity), not by walking the ranking: the same answers as the
// walk, which explain=true still does.
TEST_P(EvaluatorTest, GivesTheSameAnswerWithoutExplain) {
  Case c = GetParam();
  const auto lists = Lists();
  std::unordered_map<std::string, std::string> main_of(c.main_of.begin(), c.main_of.end());
  PricesByProduct by_product;
  for (const auto& p : c.prices) by_product[p.product_id].push_back(&p);
  const auto walked = PriceProducts(c.ctx, SelectAssignments(c.ctx, c.assignments, lists),
                                    {c.product}, by_product, main_of);
  c.ctx.explain = false;
  const auto ranked = PriceProducts(c.ctx, SelectAssignments(c.ctx, c.assignments, lists),
                                    {c.product}, by_product, main_of);
  ASSERT_EQ(ranked.size(), walked.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& a = ranked[i];
    const auto& b = walked[i];
    EXPECT_EQ(a.product_id, b.product_id);
    EXPECT_EQ(a.assignment_id, b.assignment_id);
    EXPECT_EQ(a.price_list_id, b.price_list_id);
    EXPECT_EQ(a.list.ToString(), b.list.ToString());
    EXPECT_EQ(a.sale.has_value(), b.sale.has_value());
    EXPECT_EQ(a.price_product_id, b.price_product_id);
    std::vector<std::int64_t> ta;
    std::vector<std::int64_t> tb;
    for (const auto& t : a.tiers) ta.push_back(t.min_quantity);
    for (const auto& t : b.tiers) tb.push_back(t.min_quantity);
    EXPECT_EQ(ta, tb);
    EXPECT_TRUE(a.explanation.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, EvaluatorTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return p.param.name; });

TEST(EvaluatorTest, WithoutExplainNoExplanationAndSaleIsKept) {
  auto lists = Lists();
  std::vector<Assignment> as = {A("base", "usd", 0)};
  EvaluationContext ctx = Ctx([](EvaluationContext& x) { x.explain = false; });
  std::vector<Price> prices = {P("usd", "p", "10", 1, {}, {}, "7.5")};
  PricesByProduct by_product;
  by_product["p"].push_back(&prices[0]);
  auto out = PriceProducts(ctx, SelectAssignments(ctx, as, lists), {"p", "q"}, by_product, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].explanation.empty());
  ASSERT_TRUE(out[0].sale);
  EXPECT_EQ(out[0].sale->ToString(), "7.5");
}

}  // namespace
}  // namespace emporion::pricing::domain
