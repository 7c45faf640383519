// The JSON representation of users, roles and API keys: one writer per resource, used for API
// responses and, so events and history show the same fields, for event payloads and diffs.
// Secrets never appear: no password hashes, no API key secrets. Reentrant.
#pragma once

#include <string>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/clock.hpp"

namespace emporion::security {

/// `{"id","userName","email","userType","memberId","storeIds","roles","isActive",
/// "isLockedOut","lockoutEnd","isAdministrator","hasPassword","passwordChangedAt","lastLoginAt",
/// "version","createdAt","createdBy","modifiedAt","modifiedBy"}`; lock state as of `now`.
std::string UserJson(const User& user, Timestamp now);
/// `{"id","name","description","permissions":[{"name","storeIds","catalogIds"}],"isBuiltIn",
/// meta}`. The built-in Administrator lists `all_permissions` (every declared one).
std::string RoleJson(const Role& role, const std::vector<std::string>& all_permissions);
/// `{"id","name","userId","expiresAt","isExpired", meta}`; with `secret_key` also `"key"`.
std::string ApiKeyJson(const ApiKey& key, Timestamp now, const std::string* secret_key = nullptr);

/// An event payload: `{"id": <id>, "<label_key>": <label>, "changes": [...]}` from a DiffJson
/// result (`{"changes": [...]}`).
std::string ChangePayload(const std::string& id, const std::string& label_key,
                          const std::string& label, const std::string& diff_json);

}  // namespace emporion::security
