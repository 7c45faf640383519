// Routes of the members module: /api/v1/contacts, /organizations, /employees, /vendors (the
// contract's resource routes) and the combined read-only /api/v1/members. Start-up only.
#pragma once

#include "modules/members/service/members_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::members::api {

inline constexpr const char* kRead = "members:read";
inline constexpr const char* kCreate = "members:create";
inline constexpr const char* kUpdate = "members:update";
inline constexpr const char* kDelete = "members:delete";

void RegisterRoutes(http::Router& router, MembersManager& manager);

}  // namespace emporion::members::api
