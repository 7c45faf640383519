// PricingService: how other modules (cart, orders, search) ask for prices. Thread-safe.
#pragma once

#include <vector>

#include "emporion/pricing/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::pricing {

class PricingService {
 public:
  virtual ~PricingService() = default;
  /// The winning price of every requested product that has one (see domain/evaluator.hpp).
  virtual Result<std::vector<EvaluatedPrice>> Evaluate(const EvaluationRequest& request) = 0;
};

}  // namespace emporion::pricing
