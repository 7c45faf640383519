// Value types of the security module's public face: users, roles with their permission grants,
// API keys, and the drafts, queries and caller identity the SecurityService takes.
// Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/entity.hpp"

namespace emporion::security {

/// What kind of account a user is (the brief's `userType`). It describes the account; what the
/// user may do comes from roles.
enum class UserType { kCustomer, kManager, kAdministrator };

/// "Customer", "Manager" or "Administrator".
std::string_view ToString(UserType type);
/// The type named by `text` (exact spelling), nullopt otherwise.
std::optional<UserType> ParseUserType(std::string_view text);

/// The built-in role that holds every permission everywhere. It cannot be changed or deleted.
inline constexpr std::string_view kAdministratorRoleName = "Administrator";
inline constexpr std::string_view kAdministratorRoleId = "administrator";

/// One permission a role grants, optionally limited to stores and catalogs (empty = everywhere).
struct PermissionGrant {
  std::string name;  // "orders:read"
  std::vector<std::string> store_ids;
  std::vector<std::string> catalog_ids;

  bool operator==(const PermissionGrant&) const = default;
};

struct Role {
  EntityMeta meta;
  std::string name;
  std::string description;
  /// Empty for the built-in Administrator role, which holds all permissions implicitly.
  std::vector<PermissionGrant> permissions;
  bool built_in = false;
};

/// The writable fields of a role.
struct RoleDraft {
  std::string name;
  std::string description;
  std::vector<PermissionGrant> permissions;
};

struct User {
  EntityMeta meta;
  std::string user_name;
  std::optional<std::string> email;
  UserType user_type = UserType::kCustomer;
  std::optional<std::string> member_id;  // the contact/employee this account belongs to
  std::vector<std::string> store_ids;    // the stores the account belongs to
  std::vector<std::string> roles;        // role names, sorted
  bool is_active = true;                 // false: disabled, cannot sign in, tokens stop working
  std::optional<Timestamp> lockout_end;  // locked out until then
  std::optional<Timestamp> last_login_at;
  std::optional<Timestamp> password_changed_at;
  bool has_password = false;
  bool is_administrator = false;  // holds the built-in Administrator role

  [[nodiscard]] bool IsLockedOut(Timestamp now) const {
    return lockout_end.has_value() && *lockout_end > now;
  }
};

/// The writable fields of a user.
struct UserDraft {
  std::string user_name;
  std::optional<std::string> email;
  UserType user_type = UserType::kCustomer;
  std::optional<std::string> member_id;
  std::vector<std::string> store_ids;
  std::vector<std::string> roles;  // role names
  bool is_active = true;
  /// nullopt keeps the lockout as it is; false unlocks; true locks until unlocked.
  std::optional<bool> locked_out;
};

struct ApiKey {
  EntityMeta meta;
  std::string name;
  std::string user_id;  // the user the key acts as
  std::optional<Timestamp> expires_at;

  [[nodiscard]] bool IsExpired(Timestamp now) const {
    return expires_at.has_value() && *expires_at <= now;
  }
};

/// The writable fields of an API key.
struct ApiKeyDraft {
  std::string name;
  std::string user_id;
  std::optional<Timestamp> expires_at;
};

/// A newly created API key with its secret, which is returned once and never stored in clear.
struct IssuedApiKey {
  ApiKey key;
  std::string secret_key;  // "emp_<id>_<secret>": what clients send as X-API-Key
};

struct SortKey {
  std::string field;  // the API name: "userName", "createdAt", ...
  bool descending = false;
};

struct UserQuery {
  std::optional<std::string> q;  // substring of userName or email, case-insensitive
  std::optional<UserType> user_type;
  std::optional<std::string> role;  // role name
  std::optional<std::string> member_id;  // users linked to this member
  std::vector<SortKey> sort;        // userName, email, createdAt, modifiedAt
  int limit = 20;
  int offset = 0;
};

struct RoleQuery {
  std::optional<std::string> q;  // substring of the name, case-insensitive
  std::vector<SortKey> sort;     // name, createdAt, modifiedAt
  int limit = 20;
  int offset = 0;
};

struct ApiKeyQuery {
  std::optional<std::string> q;  // substring of the name, case-insensitive
  std::optional<std::string> user_id;
  std::vector<SortKey> sort;  // name, createdAt, expiresAt
  int limit = 20;
  int offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

/// Who asks for a change: stamps audit fields, events and history, and decides self-protection
/// rules (nobody deletes themself; only administrators hand out administration).
struct Caller {
  std::string user_id;
  std::string user_name;
  bool is_administrator = false;
  std::string request_id;
  std::string ip;
};

}  // namespace emporion::security
