// The stores module's HTTP routes under /api/v1/stores with their JSON Schemas. Registration
// at start-up; the manager must outlive the router.
#pragma once

#include "modules/stores/service/store_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::stores::api {

inline constexpr const char* kRead = "stores:read";
inline constexpr const char* kCreate = "stores:create";
inline constexpr const char* kUpdate = "stores:update";
inline constexpr const char* kDelete = "stores:delete";

void RegisterRoutes(http::Router& router, StoreManager& manager);

}  // namespace emporion::stores::api
