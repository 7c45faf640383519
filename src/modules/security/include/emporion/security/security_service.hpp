// SecurityService: the security module's service interface for users, roles and API keys.
// Every write is one transaction that also writes its domain events (security.user.*,
// security.role.*, security.api-key.*) and change-history entries. Passwords are hashed with
// Argon2id before the transaction starts, so no write lock is held while hashing.
//
// Errors common to all methods: kNotFound for an unknown id, kPreconditionFailed when
// `expected_version` is set and not current, kInvalidArgument / kUnprocessable naming the field
// for bad input, kAlreadyExists naming the duplicate business key, kUnavailable when the database
// does not answer.
//
// Thread safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "emporion/security/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::security {

class SecurityService {
 public:
  virtual ~SecurityService() = default;

  /// Edits `draft` (pre-filled from `current`) inside the update's transaction. Returning an
  /// error aborts the update with that error.
  using UserMutation = std::function<Status(const User& current, UserDraft& draft)>;
  using RoleMutation = std::function<Status(const Role& current, RoleDraft& draft)>;
  using ApiKeyMutation = std::function<Status(const ApiKey& current, ApiKeyDraft& draft)>;

  /// Tells whether a member (contact, employee, ...) with this id exists. The members module
  /// provides it at wiring time (security does not depend on members; the app injects the
  /// function), so `memberId` of a user must name an existing member.
  using MemberExists = std::function<Result<bool>(const std::string& member_id)>;
  /// Sets the member check; call at wiring time only. Without one, any valid id is accepted.
  virtual void SetMemberExists(MemberExists check) = 0;

  // Users.

  /// Creates a user. `id` is generated when absent. `password`, when given, must satisfy the
  /// password policy (422 naming `password`). Unknown role names are 422 naming `roles[i]`;
  /// granting the Administrator role needs an administrator caller (403).
  virtual Result<User> CreateUser(std::optional<std::string> id, UserDraft draft,
                                  std::optional<std::string> password, const Caller& caller) = 0;
  virtual Result<User> GetUser(const std::string& id) = 0;
  /// The user with this user name (case-insensitive), or nullopt.
  virtual Result<std::optional<User>> FindUserByName(const std::string& user_name) = 0;
  virtual Result<Page<User>> ListUsers(const UserQuery& query) = 0;
  /// Applies `mutate` and stores the result (version + 1) when anything changed. A new
  /// `password` is checked and hashed first. Disabling, locking or demoting the last active
  /// administrator is kConflict.
  virtual Result<User> UpdateUser(const std::string& id,
                                  std::optional<std::int64_t> expected_version,
                                  const UserMutation& mutate, std::optional<std::string> password,
                                  const Caller& caller) = 0;
  /// Deletes a user with its role assignments, API keys and refresh tokens. Deleting yourself
  /// or the last active administrator is kConflict.
  virtual Status DeleteUser(const std::string& id, std::optional<std::int64_t> expected_version,
                            const Caller& caller) = 0;
  /// Sets a new password (policy checked, 422 naming `password`) and revokes the user's refresh
  /// tokens. When `current_password` is given it must match (422 naming `currentPassword`).
  virtual Result<User> SetPassword(const std::string& id, const std::string& password,
                                   const std::optional<std::string>& current_password,
                                   const Caller& caller) = 0;
  /// Ends a lockout and resets the failed-login counter.
  virtual Result<User> Unlock(const std::string& id, const Caller& caller) = 0;

  // Roles.

  /// Creates a role. Unknown permission names are 422 naming `permissions[i]`; a duplicate
  /// name is kAlreadyExists naming `name`.
  virtual Result<Role> CreateRole(std::optional<std::string> id, RoleDraft draft,
                                  const Caller& caller) = 0;
  virtual Result<Role> GetRole(const std::string& id) = 0;
  virtual Result<Page<Role>> ListRoles(const RoleQuery& query) = 0;
  /// The built-in Administrator role cannot be changed (kConflict).
  virtual Result<Role> UpdateRole(const std::string& id,
                                  std::optional<std::int64_t> expected_version,
                                  const RoleMutation& mutate, const Caller& caller) = 0;
  /// A role assigned to users, or the built-in role, cannot be deleted (kConflict).
  virtual Status DeleteRole(const std::string& id, std::optional<std::int64_t> expected_version,
                            const Caller& caller) = 0;

  // API keys.

  /// Creates a key acting as `draft.user_id` (422 naming `userId` when unknown). The secret is
  /// returned once; only its SHA-256 is stored.
  virtual Result<IssuedApiKey> CreateApiKey(std::optional<std::string> id, ApiKeyDraft draft,
                                            const Caller& caller) = 0;
  virtual Result<ApiKey> GetApiKey(const std::string& id) = 0;
  virtual Result<Page<ApiKey>> ListApiKeys(const ApiKeyQuery& query) = 0;
  /// Changes name or expiry; the user cannot change (422 naming `userId`).
  virtual Result<ApiKey> UpdateApiKey(const std::string& id,
                                      std::optional<std::int64_t> expected_version,
                                      const ApiKeyMutation& mutate, const Caller& caller) = 0;
  /// Revokes (deletes) a key; requests using it fail with 401 from then on.
  virtual Status DeleteApiKey(const std::string& id, std::optional<std::int64_t> expected_version,
                              const Caller& caller) = 0;
};

}  // namespace emporion::security
