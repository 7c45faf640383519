// Pure availability and reservation rules (no I/O), unit-tested table-driven:
//  - a record's available quantity at a time: in stock - reserved, plus the backorder quantity
//    when backorder is allowed and its date is not past (unset = open), plus the preorder
//    quantity when preorder is allowed and its date has come (unset = open); never below 0; a
//    disabled record offers nothing;
//  - a product's availability in a store: the sum over the store's centers, main first;
//    trackInventory=false is always available;
//  - a reservation plan: per item, the main center first, then the others by most available,
//    greedily; all items or none.
// Reentrant.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emporion/inventory/types.hpp"

namespace emporion::inventory {

/// The quantity backorder and preorder add to a record at `now` (0 when neither applies).
std::int64_t ExtraAllowance(const InventoryRecord& r, Timestamp now);
/// What can still be reserved from `r` at `now`.
std::int64_t AvailableOf(const InventoryRecord& r, Timestamp now);
CenterAvailability CenterOf(const InventoryRecord& r, Timestamp now);

/// `records` are the product's records (any centers); only the store's `centers` count, in
/// that order (main first). Centers without a record show nothing.
ProductAvailability ComputeAvailability(const std::string& product_id, bool tracked,
                                        const std::vector<std::string>& centers,
                                        const std::vector<InventoryRecord>& records, Timestamp now);

/// Records keyed by (product id, center id).
using RecordMap = std::map<std::pair<std::string, std::string>, InventoryRecord>;

struct Allocation {
  std::size_t item = 0;  // index into the request's items
  std::string product_id;
  std::string fulfillment_center_id;
  std::int64_t quantity = 0;
};

struct Shortfall {
  std::size_t item = 0;
  std::string product_id;
  std::int64_t requested = 0;
  std::int64_t available = 0;
};

struct ReservationPlan {
  std::vector<Allocation> allocations;  // only tracked products
  std::vector<Shortfall> shortfalls;    // empty: the plan can be applied
};

/// Plans `items` against `records` over `centers` (main first). `tracked(product)` false means
/// nothing is reserved for it. Items of the same product share the stock.
ReservationPlan PlanReservation(const std::vector<ReservationItem>& items,
                                const std::vector<std::string>& centers, const RecordMap& records,
                                const std::map<std::string, bool>& tracked, Timestamp now);

/// True when a change of `available` from `before` to `after` crosses to or below `reorder_min`
/// (the low-stock event fires once, when the threshold is reached, not on every later change).
bool CrossesLowStock(std::optional<std::int64_t> before, std::int64_t after,
                     std::int64_t reorder_min);

}  // namespace emporion::inventory
