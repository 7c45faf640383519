// The change history resource: GET /api/v1/changes, newest first, filtered by entityType,
// entityId, actor, operation and since, with the permission changes:read. The history itself
// is written by UnitOfWork::Record (outbox.hpp). Thread-safe.
#pragma once

#include "platform/auth/permissions.hpp"
#include "platform/db/database.hpp"
#include "platform/http/router.hpp"

namespace emporion::events {

inline constexpr const char* kChangesRead = "changes:read";

/// Declares changes:read and registers the route. `db` must outlive the router.
void RegisterChangesApi(http::Router& router, auth::PermissionRegistry& permissions,
                        db::Database& db);

}  // namespace emporion::events
