// Field rules of fulfillment centers and inventory records (pure, unit-tested): coordinates
// as exact decimal text in range, country codes, e-mail shape, non-negative quantities.
// Errors name the field with the caller's prefix ("items[3].inStockQuantity"). Reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emporion/inventory/types.hpp"
#include "platform/core/error.hpp"

namespace emporion::inventory {

/// Canonical text of a coordinate ("52.52", "-0.1278") when `text` is a plain decimal with at
/// most 8 decimal places whose absolute value is at most `limit` (90 or 180); else nullopt.
std::optional<std::string> CanonicalCoordinate(std::string_view text, int limit);

std::vector<FieldError> ValidateFulfillmentCenter(const FulfillmentCenter& fc,
                                                  const std::string& prefix);
std::vector<FieldError> ValidateRecord(const InventoryRecord& r, const std::string& prefix);

}  // namespace emporion::inventory
