// The inventory module's value types: fulfillment centers (warehouses), inventory records (one
// per product and fulfillment center), availability, reservations and ERP sync items, as other
// modules and the module's own layers see them. Quantities are whole units (int64). Plain
// values; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/entity.hpp"
#include "platform/core/result.hpp"

namespace emporion::inventory {

struct Address {
  std::optional<std::string> line1;
  std::optional<std::string> line2;
  std::optional<std::string> city;
  std::optional<std::string> region_code;
  std::optional<std::string> postal_code;
  std::optional<std::string> country_code;  // ISO 3166-1 alpha-2 or alpha-3, upper case
  std::optional<std::string> phone;
  std::optional<std::string> email;
  bool operator==(const Address&) const = default;
};

/// Latitude and longitude as canonical decimal text ("52.520008"), at most 8 decimals, range
/// checked (-90..90, -180..180). Kept as text so no binary floating point is involved.
struct GeoLocation {
  std::string latitude;
  std::string longitude;
  bool operator==(const GeoLocation&) const = default;
};

struct FulfillmentCenter {
  EntityMeta meta;
  std::optional<std::string> code;  // unique when set
  std::string name;
  std::optional<std::string> description;
  std::optional<Address> address;
  std::optional<GeoLocation> geo_location;
  std::optional<std::string> outer_id;
};

enum class InventoryStatus { kEnabled, kDisabled };
const char* ToString(InventoryStatus s);
std::optional<InventoryStatus> ParseInventoryStatus(const std::string& s);

struct InventoryRecord {
  EntityMeta meta;
  std::string product_id;
  std::string fulfillment_center_id;
  std::int64_t in_stock_quantity = 0;
  std::int64_t reserved_quantity = 0;  // read-only: maintained by reservations
  std::int64_t reorder_min_quantity = 0;
  std::int64_t preorder_quantity = 0;
  std::int64_t backorder_quantity = 0;
  bool allow_backorder = false;
  bool allow_preorder = false;
  std::optional<Timestamp> preorder_availability_date;
  std::optional<Timestamp> backorder_availability_date;
  InventoryStatus status = InventoryStatus::kEnabled;
  std::optional<std::string> outer_id;
};

/// One fulfillment center's part of a product's availability.
struct CenterAvailability {
  std::string fulfillment_center_id;
  std::int64_t in_stock = 0;
  std::int64_t reserved = 0;
  std::int64_t available = 0;  // what can still be reserved there now
  bool allow_backorder = false;
  bool allow_preorder = false;
  std::int64_t backorder_quantity = 0;
  std::int64_t preorder_quantity = 0;
  std::optional<Timestamp> backorder_availability_date;
  std::optional<Timestamp> preorder_availability_date;
  bool enabled = true;
};

/// A product's availability in a store: sums over the store's fulfillment centers (main first).
struct ProductAvailability {
  std::string product_id;
  bool tracked = true;         // false: trackInventory=false, always available, no quantities
  std::int64_t available = 0;  // meaningful when tracked
  bool is_available = false;
  std::int64_t in_stock = 0;
  std::int64_t reserved = 0;
  bool allow_backorder = false;
  bool allow_preorder = false;
  std::vector<CenterAvailability> by_fulfillment_center;
};

enum class ReservationStatus { kActive, kCommitted, kReleased };
const char* ToString(ReservationStatus s);

struct ReservationLine {
  std::string product_id;
  std::int64_t quantity = 0;
  std::optional<std::string> fulfillment_center_id;  // unset: not tracked, nothing reserved
};

struct Reservation {
  EntityMeta meta;
  std::string store_id;
  std::string reference;  // the order or cart it is for
  ReservationStatus status = ReservationStatus::kActive;
  std::vector<ReservationLine> lines;
};

struct ReservationItem {
  std::string product_id;
  std::int64_t quantity = 0;
};

struct ReservationRequest {
  std::string id;  // optional client id
  std::string store_id;
  std::string reference;
  std::vector<ReservationItem> items;
};

enum class SyncMode { kAbsolute, kAdjust };

/// One record of an ERP sync. In absolute mode `in_stock_quantity` sets the stock; in adjust
/// mode `delta` is added. The other fields, when given, replace the stored ones.
struct SyncItem {
  std::string product_id;  // or resolved from `sku`
  std::optional<std::string> sku;
  std::string fulfillment_center_id;
  std::optional<std::int64_t> in_stock_quantity;
  std::optional<std::int64_t> delta;
  std::optional<std::int64_t> reorder_min_quantity;
  std::optional<std::int64_t> preorder_quantity;
  std::optional<std::int64_t> backorder_quantity;
  std::optional<bool> allow_backorder;
  std::optional<bool> allow_preorder;
  std::optional<std::optional<Timestamp>> preorder_availability_date;   // null clears
  std::optional<std::optional<Timestamp>> backorder_availability_date;  // null clears
  std::optional<InventoryStatus> status;
  std::optional<std::optional<std::string>> outer_id;
};

struct SyncOutcome {
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

/// Most records one sync request may carry.
inline constexpr std::size_t kMaxSyncItems = 50'000;

/// The fulfillment centers of a store, main first.
struct StoreFulfillment {
  std::string main_fulfillment_center_id;
  std::vector<std::string> other_ids;  // additional centers, in the store's order
};

/// What inventory needs to know about stores without depending on the stores module (that
/// would be a cycle: stores depend on inventory). The app fills these from the stores module.
struct StoreLinks {
  /// A store's fulfillment centers; nullopt when the store does not exist.
  std::function<Result<std::optional<StoreFulfillment>>(const std::string& store_id)>
      fulfillment_of;
  /// Ids of stores that use a fulfillment center (main, additional or returns).
  std::function<Result<std::vector<std::string>>(const std::string& fulfillment_center_id)>
      stores_using;
};

}  // namespace emporion::inventory
