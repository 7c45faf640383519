// The inventory module's HTTP routes under /api/v1: fulfillment centers, inventory records,
// availability, reservations and ERP sync, with their JSON Schemas. Registration at start-up;
// the manager must outlive the router.
#pragma once

#include "modules/inventory/service/inventory_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::inventory::api {

inline constexpr const char* kRead = "inventory:read";
inline constexpr const char* kCreate = "inventory:create";
inline constexpr const char* kUpdate = "inventory:update";
inline constexpr const char* kDelete = "inventory:delete";
inline constexpr const char* kReserve = "inventory:reserve";

void RegisterRoutes(http::Router& router, InventoryManager& manager);

}  // namespace emporion::inventory::api
