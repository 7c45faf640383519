// The settings resource: GET /api/v1/settings (definitions with current values, filters
// `module` and `storeId`), GET/PUT/DELETE /api/v1/settings/{name}, with the permissions
// settings:read and settings:update (a store-limited settings:update may write only those
// stores' values). Secret settings never show their value. Every write is one unit of work
// with a `platform.setting.updated` event and a change-history entry. Thread-safe.
#pragma once

#include "platform/auth/permissions.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/http/router.hpp"
#include "platform/settings/settings.hpp"

namespace emporion::settings {

inline constexpr const char* kSettingsRead = "settings:read";
inline constexpr const char* kSettingsUpdate = "settings:update";

/// Declares the permissions and registers the routes and the Setting schema. All references
/// must outlive the router.
void RegisterSettingsApi(http::Router& router, auth::PermissionRegistry& permissions,
                         SettingsService& settings, db::Database& db, const Clock& clock,
                         const events::EventBus& bus);

}  // namespace emporion::settings
