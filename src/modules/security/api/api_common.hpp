// Helpers shared by the security route handlers: the Caller of a request, JSON bodies to
// drafts (users, roles, API keys) and query parameters to list queries. Reentrant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/result.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/http/types.hpp"
#include "platform/json/json.hpp"

namespace emporion::security {

inline constexpr const char* kSecurityTag = "security";
inline constexpr const char* kReadPermission = "security:read";
inline constexpr const char* kManagePermission = "security:manage";

/// Who is calling, for audit stamps and self-protection rules.
Caller CallerOf(const http::Request& request);

/// The writable fields of a user as JSON, the base a merge patch applies to.
json::Document UserWritableJson(const User& user, Timestamp now);
/// Reads a complete user body (POST, PUT, or a merged PATCH) into `draft`: absent optional
/// fields take their defaults, absent `isLockedOut` leaves the lockout alone. Returns the
/// `password` member when present. Type errors are 400 naming the field; values are checked
/// by the service.
Result<std::optional<std::string>> ReadUserDraft(const json::Value& body, UserDraft& draft);

json::Document RoleWritableJson(const Role& role);
/// `permissions` entries may be strings ("orders:read") or objects with scopes.
Status ReadRoleDraft(const json::Value& body, RoleDraft& draft);

json::Document ApiKeyWritableJson(const ApiKey& key);
Status ReadApiKeyDraft(const json::Value& body, ApiKeyDraft& draft);

/// The `id` member of a create body, if any (400 when not a string).
Result<std::optional<std::string>> ReadId(const json::Value& body);
/// 400 when a PUT body names another id than the path.
Status CheckBodyId(const json::Value& body, const std::string& path_id);

/// Sort keys from the request (unknown fields are 400).
std::vector<SortKey> ToSortKeys(const std::vector<http::SortKey>& keys);

/// A resource response with its ETag.
http::Response Resource(unsigned status, std::string body, std::int64_t version);

}  // namespace emporion::security
