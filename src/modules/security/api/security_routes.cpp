#include "modules/security/api/security_routes.hpp"

namespace emporion::security {

void RegisterSecurityRoutes(http::Router& router, const SecurityRoutesDeps& deps) {
  RegisterTokenRoutes(router, deps);
  RegisterAccountRoutes(router, deps);
  RegisterUserRoutes(router, deps);
  RegisterRoleRoutes(router, deps);
  RegisterApiKeyRoutes(router, deps);
}

}  // namespace emporion::security
