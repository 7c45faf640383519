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

  // Bulk reads for indexers (search). The defaults answer kUnavailable, so fakes of this
  // interface need not implement them.

  /// Every price of `product_ids`: all lists, tiers and date windows (the caller picks).
  virtual Result<std::vector<Price>> PricesOfProducts(const std::vector<std::string>& product_ids);
  /// Every price list.
  virtual Result<std::vector<PriceList>> AllPriceLists();
};

}  // namespace emporion::pricing
