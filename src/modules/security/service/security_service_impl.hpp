// SecurityServiceImpl: the SecurityService over the module's repositories. Each write is one
// UnitOfWork (transaction + outbox events + change history); passwords are checked and hashed
// before the transaction begins. Rules that need the database live here (last administrator,
// role in use, unknown role names); pure rules come from domain/.
// Thread-safe: no mutable state of its own; collaborators are thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "emporion/security/security_service.hpp"
#include "modules/security/crypto/password_hasher.hpp"
#include "modules/security/domain/permission_resolution.hpp"
#include "modules/security/service/security_policy.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::security {

struct SecurityServiceDeps {
  db::Database& db;
  const Clock& clock;
  const events::EventBus* bus;  // may be null (command line): events still reach the outbox
  PasswordHasher& hasher;
  PolicySource policy;
  PermissionLookup permissions;  // declared permissions, for role validation
};

class SecurityServiceImpl final : public SecurityService {
 public:
  explicit SecurityServiceImpl(SecurityServiceDeps deps);

  void SetMemberExists(MemberExists check) override { member_exists_ = std::move(check); }
  Result<User> CreateUser(std::optional<std::string> id, UserDraft draft,
                          std::optional<std::string> password, const Caller& caller) override;
  Result<User> GetUser(const std::string& id) override;
  Result<std::optional<User>> FindUserByName(const std::string& user_name) override;
  Result<Page<User>> ListUsers(const UserQuery& query) override;
  Result<User> UpdateUser(const std::string& id, std::optional<std::int64_t> expected_version,
                          const UserMutation& mutate, std::optional<std::string> password,
                          const Caller& caller) override;
  Status DeleteUser(const std::string& id, std::optional<std::int64_t> expected_version,
                    const Caller& caller) override;
  Result<User> SetPassword(const std::string& id, const std::string& password,
                           const std::optional<std::string>& current_password,
                           const Caller& caller) override;
  Result<User> Unlock(const std::string& id, const Caller& caller) override;

  Result<Role> CreateRole(std::optional<std::string> id, RoleDraft draft,
                          const Caller& caller) override;
  Result<Role> GetRole(const std::string& id) override;
  Result<Page<Role>> ListRoles(const RoleQuery& query) override;
  Result<Role> UpdateRole(const std::string& id, std::optional<std::int64_t> expected_version,
                          const RoleMutation& mutate, const Caller& caller) override;
  Status DeleteRole(const std::string& id, std::optional<std::int64_t> expected_version,
                    const Caller& caller) override;

  Result<IssuedApiKey> CreateApiKey(std::optional<std::string> id, ApiKeyDraft draft,
                                    const Caller& caller) override;
  Result<ApiKey> GetApiKey(const std::string& id) override;
  Result<Page<ApiKey>> ListApiKeys(const ApiKeyQuery& query) override;
  Result<ApiKey> UpdateApiKey(const std::string& id, std::optional<std::int64_t> expected_version,
                              const ApiKeyMutation& mutate, const Caller& caller) override;
  Status DeleteApiKey(const std::string& id, std::optional<std::int64_t> expected_version,
                      const Caller& caller) override;

  /// Creates the built-in Administrator role when it is missing (start-up, idempotent).
  Status EnsureBuiltInRoles();
  /// CreateUser for the bootstrap administrator: the operator's password is taken as given,
  /// without the policy check.
  Result<User> CreateBootstrapUser(UserDraft draft, const std::string& password,
                                   const Caller& caller);

 private:
  /// 422 naming `memberId` when the member check says the member does not exist.
  Status CheckMember(const std::optional<std::string>& member_id) const;
  MemberExists member_exists_;
  Result<User> CreateUserChecked(std::optional<std::string> id, UserDraft draft,
                                 std::optional<std::string> password, bool check_policy,
                                 const Caller& caller);

  SecurityServiceDeps deps_;
};

}  // namespace emporion::security
