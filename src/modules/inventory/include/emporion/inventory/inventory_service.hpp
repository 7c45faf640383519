// InventoryService: how other modules use inventory (stores validate their fulfillment centers;
// orders reserve, release and commit stock). Calls act as the system (no permission scopes);
// `actor` stamps events and history. Implementations are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "emporion/inventory/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::inventory {

class InventoryService {
 public:
  virtual ~InventoryService() = default;

  /// The ids among `ids` that name no fulfillment center.
  virtual Result<std::vector<std::string>> MissingFulfillmentCenters(
      const std::vector<std::string>& ids) = 0;
  /// Availability of `product_ids` in the store (kNotFound for an unknown store).
  virtual Result<std::vector<ProductAvailability>> Availability(
      const std::string& store_id, const std::vector<std::string>& product_ids) = 0;
  /// Reserves every item or nothing: kConflict naming the short items (`items[i].quantity`).
  virtual Result<Reservation> Reserve(const std::string& actor,
                                      const ReservationRequest& request) = 0;
  /// Releases an active reservation (kConflict when committed or released already).
  virtual Result<Reservation> Release(const std::string& actor, const std::string& id) = 0;
  /// Turns an active reservation into the shipment's decrement of in-stock quantities.
  virtual Result<Reservation> Commit(const std::string& actor, const std::string& id) = 0;

  /// Every inventory record of `product_ids` in every fulfillment center, with the stock
  /// columns only (no meta, ids or outer id): bulk reads for indexers (search). The default
  /// answers kUnavailable, so fakes need not implement it.
  virtual Result<std::vector<InventoryRecord>> StockOfProducts(
      const std::vector<std::string>& product_ids);
};

}  // namespace emporion::inventory
