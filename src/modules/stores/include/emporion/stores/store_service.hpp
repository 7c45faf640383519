// StoreService: how other modules read stores (inventory finds a store's fulfillment centers;
// pricing, marketing, carts and orders read catalog, currencies and settings). System reads,
// no permission scopes. Implementations are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "emporion/stores/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::stores {

class StoreService {
 public:
  virtual ~StoreService() = default;
  /// kNotFound when unknown.
  virtual Result<Store> FindStore(const std::string& id) = 0;
  /// Ids of the stores that use a fulfillment center (main, additional or returns).
  virtual Result<std::vector<std::string>> StoresUsingFulfillmentCenter(
      const std::string& fulfillment_center_id) = 0;
  /// Ids of the stores whose languages include `code` (IETF tag, compared case-insensitively).
  virtual Result<std::vector<std::string>> StoresUsingLanguage(const std::string& code) = 0;
  /// Ids of the stores whose currencies include `code`.
  virtual Result<std::vector<std::string>> StoresUsingCurrency(const std::string& code) = 0;
};

}  // namespace emporion::stores
