// JSON forms of the inventory value types, shared by api/ (bodies and responses) and storage/
// (the fulfillment center `doc` column and reservation lines), so the two never drift apart.
// Parsing gathers type errors as 400 naming `prefix` + field. Reentrant.
#pragma once

#include <string>
#include <vector>

#include "emporion/inventory/types.hpp"
#include "platform/json/json.hpp"

namespace emporion::inventory::codec {

std::string ToJson(const FulfillmentCenter& fc);
Result<FulfillmentCenter> FulfillmentCenterFromJson(const json::Value& v,
                                                    const std::string& prefix);
/// description, address and geoLocation: the `doc` column.
std::string FulfillmentCenterDoc(const FulfillmentCenter& fc);
Status ReadFulfillmentCenterDoc(const std::string& doc, FulfillmentCenter& fc);

/// `available` (at `now`) is written as a derived, read-only member.
std::string ToJson(const InventoryRecord& r, Timestamp now);
Result<InventoryRecord> RecordFromJson(const json::Value& v, const std::string& prefix);

std::string ToJson(const Reservation& r);
std::string LinesJson(const std::vector<ReservationLine>& lines);
Result<std::vector<ReservationLine>> LinesFromJson(const std::string& text);
Result<ReservationRequest> ReservationRequestFromJson(const json::Value& v);

void WriteAvailability(json::Writer& w, const ProductAvailability& a);

/// Parses a sync body: mode and items; errors name `items[i].field` (400 for types, the caller
/// turns rule errors into 422).
struct SyncRequest {
  SyncMode mode = SyncMode::kAbsolute;
  std::vector<SyncItem> items;
};
Result<SyncRequest> SyncRequestFromJson(const json::Value& v);

}  // namespace emporion::inventory::codec
