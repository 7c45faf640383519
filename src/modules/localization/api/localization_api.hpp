// Routes of the localization module: /api/v1/languages, /api/v1/currencies (the contract's
// resource routes) and POST /api/v1/currencies/convert. Registration at start-up only.
#pragma once

#include "modules/localization/service/localization_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::localization::api {

inline constexpr const char* kRead = "localization:read";
inline constexpr const char* kCreate = "localization:create";
inline constexpr const char* kUpdate = "localization:update";
inline constexpr const char* kDelete = "localization:delete";

void RegisterRoutes(http::Router& router, LocalizationManager& manager);

}  // namespace emporion::localization::api
