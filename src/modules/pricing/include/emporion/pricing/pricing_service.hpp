// PricingService: how other modules (cart, orders, search) ask for prices. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "emporion/pricing/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::pricing {

class PricingService {
 public:
  virtual ~PricingService() = default;
  /// The winning price of every requested product that has one (see domain/evaluator.hpp).
  virtual Result<std::vector<EvaluatedPrice>> Evaluate(const EvaluationRequest& request) = 0;
  /// The price lists that apply to the context of `context` (store, catalog, currency, the
  /// shopper's groups, tags and country plus those `customer_id` brings, `date` or now), best
  /// first and without duplicates: exactly the lists Evaluate walks, in its order, for any
  /// product. `product_ids`, `quantity` and `explain` are ignored. Answers from a short-lived
  /// cache per context (dropped by any pricing change and when an assignment's window opens or
  /// closes; a customer's groups are re-read at most a second later). kUnavailable when the
  /// database does not answer.
  virtual Result<std::vector<std::string>> RankedPriceLists(const EvaluationRequest& context) = 0;

  // Bulk reads for indexers (search). The defaults answer kUnavailable, so fakes of this
  // interface need not implement them.

  /// Every price of `product_ids`: all lists, tiers and date windows (the caller picks).
  virtual Result<std::vector<Price>> PricesOfProducts(const std::vector<std::string>& product_ids);
  /// Every price list.
  virtual Result<std::vector<PriceList>> AllPriceLists();
};

}  // namespace emporion::pricing
