// Routes of the pricing module: price lists, prices, assignments (the contract's seven routes
// each), POST /api/v1/pricing/evaluate and the CSV import/export jobs. Registration at start-up;
// handlers are reentrant.
#pragma once

#include "modules/pricing/service/pricing_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::jobs {
class JobRunner;
}

namespace emporion::pricing::api {

inline constexpr const char* kRead = "pricing:read";
inline constexpr const char* kCreate = "pricing:create";
inline constexpr const char* kUpdate = "pricing:update";
inline constexpr const char* kDelete = "pricing:delete";

void RegisterRoutes(http::Router& router, PricingManager& manager);

}  // namespace emporion::pricing::api
