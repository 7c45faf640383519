// The pricing rules in one pure component (no I/O): which assignments apply to a shopper, in
// which order, and which price of which list wins for each product.
//
// 1. SelectAssignments keeps an assignment when it is active, `at` lies in its half-open date
//    window, its storeId/catalogId (when set) equal the context's, its condition tree holds for
//    the shopper and its price list's currency is the requested one. The kept ones are ranked:
//    higher priority first; on a tie the later startDate (absent = earliest), then the newer
//    assignment (createdAt), then the smaller id.
// 2. PriceProducts walks that ranking per product: the first list with a price valid at `at`
//    whose tier (the largest minQuantity <= quantity) exists wins; its valid prices are the
//    tiers. A product with no price in any ranked list falls back to its main product's prices
//    (when `main_of` names one); a product with neither is absent from the answer.
// Conditions: a leaf userGroup/customerTag holds when the shopper has that group/tag, country
// when the shopper's country equals it, store when the context's store does (all compared
// case-insensitively); "and" holds when all children do, "or" when any does, "not" when none
// does. The assignment's top-level list is an implicit "and"; empty means everyone.
// Reentrant; inputs are only read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emporion/pricing/types.hpp"

namespace emporion::pricing::domain {

struct EvaluationContext {
  std::optional<std::string> store_id;
  std::optional<std::string> catalog_id;
  std::string currency;
  Shopper shopper;
  Timestamp at = 0;
  std::int64_t quantity = 1;
  bool explain = false;
};

/// True when every condition of `conditions` holds for the context (an empty list holds).
bool ConditionsHold(const std::vector<Condition>& conditions, const EvaluationContext& ctx);

struct Selection {
  std::vector<const Assignment*> ranked;                            // best first
  std::vector<std::pair<const Assignment*, std::string>> rejected;  // with the reason
  /// The price lists of `ranked`, without duplicates.
  [[nodiscard]] std::vector<std::string> PriceListIds() const;
};

/// `lists`: the price lists by id (an assignment whose list is unknown is rejected: currency).
Selection SelectAssignments(const EvaluationContext& ctx,
                            const std::vector<Assignment>& assignments,
                            const std::unordered_map<std::string, PriceList>& lists);

/// Prices by product id (any order; only those of the ranked lists matter). The keys view the
/// product ids of the prices (or any string that outlives the map).
using PricesByProduct = std::unordered_map<std::string_view, std::vector<const Price*>>;

/// One answer per requested product that has a price, in request order.
std::vector<EvaluatedPrice> PriceProducts(
    const EvaluationContext& ctx, const Selection& selection,
    const std::vector<std::string>& product_ids, const PricesByProduct& prices,
    const std::unordered_map<std::string, std::string>& main_of);

}  // namespace emporion::pricing::domain
