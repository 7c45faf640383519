// The security module's HTTP routes: the OAuth 2.0 token endpoint, /api/v1/me, users, roles,
// API keys, the permission catalogue and signing-key rotation. Handlers translate JSON to the
// SecurityService and TokenService and back; they hold no state.
// Registration happens at start-up on one thread.
#pragma once

#include "emporion/security/security_service.hpp"
#include "modules/security/service/token_service.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/router.hpp"

namespace emporion::security {

struct SecurityRoutesDeps {
  SecurityService& service;
  TokenService& tokens;
  const auth::PermissionRegistry& permissions;
  const Clock& clock;
};

/// Registers every route and the OpenAPI schemas they refer to.
void RegisterSecurityRoutes(http::Router& router, const SecurityRoutesDeps& deps);

// One per resource (security_routes.cpp calls them all).
void RegisterTokenRoutes(http::Router& router, const SecurityRoutesDeps& deps);
void RegisterAccountRoutes(http::Router& router, const SecurityRoutesDeps& deps);
void RegisterUserRoutes(http::Router& router, const SecurityRoutesDeps& deps);
void RegisterRoleRoutes(http::Router& router, const SecurityRoutesDeps& deps);
void RegisterApiKeyRoutes(http::Router& router, const SecurityRoutesDeps& deps);

}  // namespace emporion::security
