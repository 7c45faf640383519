#include "emporion/inventory/types.hpp"

namespace emporion::inventory {

const char* ToString(InventoryStatus s) {
  return s == InventoryStatus::kEnabled ? "Enabled" : "Disabled";
}

std::optional<InventoryStatus> ParseInventoryStatus(const std::string& s) {
  if (s == "Enabled") return InventoryStatus::kEnabled;
  if (s == "Disabled") return InventoryStatus::kDisabled;
  return std::nullopt;
}

const char* ToString(ReservationStatus s) {
  switch (s) {
    case ReservationStatus::kActive:
      return "active";
    case ReservationStatus::kCommitted:
      return "committed";
    case ReservationStatus::kReleased:
      return "released";
  }
  return "active";
}

}  // namespace emporion::inventory
