#include "modules/security/service/security_service_impl.hpp"

#include <algorithm>

#include "modules/security/crypto/crypto.hpp"
#include "modules/security/domain/lockout.hpp"
#include "modules/security/domain/user_rules.hpp"
#include "modules/security/service/resource_json.hpp"
#include "modules/security/storage/api_key_repository.hpp"
#include "modules/security/storage/refresh_token_repository.hpp"
#include "modules/security/storage/role_repository.hpp"
#include "modules/security/storage/user_repository.hpp"
#include "platform/core/uuid.hpp"
#include "platform/events/outbox.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::security {
namespace {

constexpr const char* kUserEntity = "security.user";
constexpr const char* kRoleEntity = "security.role";
constexpr const char* kApiKeyEntity = "security.api-key";

const storage::UserRepository kUsers;
const storage::RoleRepository kRoles;
const storage::ApiKeyRepository kApiKeys;
const storage::RefreshTokenRepository kRefreshTokens;

Result<events::UnitOfWork> BeginWork(const SecurityServiceDeps& deps, const Caller& caller) {
  return events::UnitOfWork::Begin(deps.db, deps.bus,
                                   caller.user_name.empty() ? "system" : caller.user_name,
                                   caller.request_id, deps.clock);
}

Status CheckId(const std::optional<std::string>& id) {
  if (id && !IsValidId(*id)) {
    return Error::InvalidField("id", "must be 1-128 characters of letters, digits and . _ ~ -");
  }
  return Ok();
}

/// `{"changes": [...]}` between two representations; a changed password shows as "***".
std::string Diff(const std::string& before, const std::string& after, bool password_changed) {
  auto b = json::Parse(before);
  auto a = json::Parse(after);
  if (!b.ok() || !a.ok()) return R"({"changes":[]})";
  if (password_changed) {
    json::SetMember(*b, "password", json::StringValue("before", b->GetAllocator()),
                    b->GetAllocator());
    json::SetMember(*a, "password", json::StringValue("after", a->GetAllocator()),
                    a->GetAllocator());
  }
  return http::DiffJson(*b, *a, {"password"});
}

bool NoChanges(const std::string& diff) { return diff == R"({"changes":[]})"; }

std::string CreatedDiff(const std::string& after) { return Diff("{}", after, false); }

std::string IdPayload(const std::string& id, const std::string& key, const std::string& value) {
  json::Writer w;
  w.StartObject().Key("id").String(id).Key(key).String(value).EndObject();
  return w.str();
}

Status ValidateUserDraft(const UserDraft& d) {
  EMPORION_RETURN_IF_ERROR(ValidateUserName(d.user_name));
  if (d.email) EMPORION_RETURN_IF_ERROR(ValidateEmail(*d.email));
  if (d.member_id && !IsValidId(*d.member_id)) {
    return Error::Unprocessable("memberId", "is not a valid id");
  }
  for (std::size_t i = 0; i < d.store_ids.size(); ++i) {
    if (!IsValidId(d.store_ids[i])) {
      return Error::Unprocessable("storeIds[" + std::to_string(i) + "]", "is not a valid id");
    }
  }
  return Ok();
}

/// Role names to ids (canonical names replace the given spelling). 422 naming `roles[i]`.
Result<std::vector<std::string>> ResolveRoles(db::Transaction& tx,
                                              std::vector<std::string>& names) {
  std::vector<std::string> ids;
  std::vector<std::string> canonical;
  for (std::size_t i = 0; i < names.size(); ++i) {
    EMPORION_ASSIGN_OR_RETURN(auto role, kRoles.FindByName(tx, names[i]));
    if (!role) {
      return Error::Unprocessable("roles[" + std::to_string(i) + "]",
                                  "unknown role '" + names[i] + "'");
    }
    if (std::find(ids.begin(), ids.end(), role->meta.id) != ids.end()) continue;
    ids.push_back(role->meta.id);
    canonical.push_back(role->name);
  }
  std::sort(canonical.begin(), canonical.end(), [](const std::string& a, const std::string& b) {
    return NormalizeKey(a) < NormalizeKey(b);
  });
  names = std::move(canonical);
  return ids;
}

bool HasAdministratorRole(const std::vector<std::string>& role_ids) {
  return std::find(role_ids.begin(), role_ids.end(), kAdministratorRoleId) != role_ids.end();
}

UserDraft DraftOf(const User& u) {
  return {u.user_name, u.email, u.user_type, u.member_id,
          u.store_ids, u.roles, u.is_active, std::nullopt};
}

Status ValidateRoleDraft(RoleDraft& d, const PermissionLookup& lookup) {
  if (d.name.empty()) return Error::Unprocessable("name", "must not be empty");
  if (d.name.size() > 128) return Error::Unprocessable("name", "must be at most 128 characters");
  if (d.description.size() > 4000) {
    return Error::Unprocessable("description", "must be at most 4000 characters");
  }
  EMPORION_RETURN_IF_ERROR(ValidateGrants(d.permissions, lookup));
  d.permissions = NormalizeGrants(std::move(d.permissions));
  return Ok();
}

Status ValidateApiKeyDraft(const ApiKeyDraft& d) {
  if (d.name.empty()) return Error::Unprocessable("name", "must not be empty");
  if (d.name.size() > 200) return Error::Unprocessable("name", "must be at most 200 characters");
  if (d.user_id.empty()) return Error::Unprocessable("userId", "is required");
  return Ok();
}

}  // namespace

SecurityServiceImpl::SecurityServiceImpl(SecurityServiceDeps deps) : deps_(std::move(deps)) {}

// Users.

Result<User> SecurityServiceImpl::CreateUser(std::optional<std::string> id, UserDraft draft,
                                             std::optional<std::string> password,
                                             const Caller& caller) {
  return CreateUserChecked(std::move(id), std::move(draft), std::move(password), true, caller);
}

Result<User> SecurityServiceImpl::CreateBootstrapUser(UserDraft draft, const std::string& password,
                                                      const Caller& caller) {
  return CreateUserChecked(std::nullopt, std::move(draft), password, false, caller);
}

Result<User> SecurityServiceImpl::CreateUserChecked(std::optional<std::string> id, UserDraft draft,
                                                    std::optional<std::string> password,
                                                    bool check_policy, const Caller& caller) {
  EMPORION_RETURN_IF_ERROR(CheckId(id));
  EMPORION_RETURN_IF_ERROR(ValidateUserDraft(draft));
  EMPORION_RETURN_IF_ERROR(CheckMember(draft.member_id));
  std::optional<std::string> hash;
  if (password) {
    if (check_policy) EMPORION_RETURN_IF_ERROR(CheckPassword(deps_.policy().password, *password));
    EMPORION_ASSIGN_OR_RETURN(hash, deps_.hasher.Hash(*password));
  }
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  auto& tx = uow.tx();
  storage::UserRecord rec;
  EMPORION_ASSIGN_OR_RETURN(rec.role_ids, ResolveRoles(tx, draft.roles));
  if (HasAdministratorRole(rec.role_ids) && !caller.is_administrator) {
    return Error::PermissionDenied("only administrators can grant the Administrator role");
  }
  if (draft.locked_out.value_or(false)) rec.user.lockout_end = kIndefiniteLockout;
  User& u = rec.user;
  u.meta = EntityMeta::New(id.value_or(NewUuidV7(uow.now())), uow.now(), uow.actor());
  u.user_name = std::move(draft.user_name);
  u.email = std::move(draft.email);
  u.user_type = draft.user_type;
  u.member_id = std::move(draft.member_id);
  u.store_ids = std::move(draft.store_ids);
  u.roles = std::move(draft.roles);
  u.is_active = draft.is_active;
  u.is_administrator = HasAdministratorRole(rec.role_ids);
  u.has_password = hash.has_value();
  if (hash) u.password_changed_at = uow.now();
  rec.password_hash = std::move(hash);
  EMPORION_RETURN_IF_ERROR(kUsers.Insert(tx, rec));
  const std::string body = UserJson(u, uow.now());
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.user.created", kUserEntity, u.meta.id, body));
  EMPORION_RETURN_IF_ERROR(uow.Record(kUserEntity, u.meta.id, "created", CreatedDiff(body)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return u;
}

Status SecurityServiceImpl::CheckMember(const std::optional<std::string>& member_id) const {
  if (!member_id || !member_exists_) return Ok();
  EMPORION_ASSIGN_OR_RETURN(bool exists, member_exists_(*member_id));
  if (!exists) return Error::Unprocessable("memberId", "no member '" + *member_id + "'");
  return Ok();
}

Result<User> SecurityServiceImpl::GetUser(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto rec, kUsers.FindById(*tx, id));
  if (!rec) return Error::NotFound("no user with id '" + id + "'");
  return std::move(rec->user);
}

Result<std::optional<User>> SecurityServiceImpl::FindUserByName(const std::string& user_name) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto rec, kUsers.FindByUserName(*tx, NormalizeKey(user_name)));
  if (!rec) return std::optional<User>{};
  return std::optional<User>(std::move(rec->user));
}

Result<Page<User>> SecurityServiceImpl::ListUsers(const UserQuery& query) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  return kUsers.List(*tx, query);
}

Result<User> SecurityServiceImpl::UpdateUser(const std::string& id,
                                             std::optional<std::int64_t> expected_version,
                                             const UserMutation& mutate,
                                             std::optional<std::string> password,
                                             const Caller& caller) {
  std::optional<std::string> hash;
  if (password) {
    EMPORION_RETURN_IF_ERROR(CheckPassword(deps_.policy().password, *password));
    EMPORION_ASSIGN_OR_RETURN(hash, deps_.hasher.Hash(*password));
  }
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  auto& tx = uow.tx();
  const Timestamp now = uow.now();
  EMPORION_ASSIGN_OR_RETURN(auto rec, kUsers.FindById(tx, id));
  if (!rec) return Error::NotFound("no user with id '" + id + "'");
  const User& current = rec->user;
  EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, current.meta.version));
  UserDraft draft = DraftOf(current);
  EMPORION_RETURN_IF_ERROR(mutate(current, draft));
  EMPORION_RETURN_IF_ERROR(ValidateUserDraft(draft));
  // Only a changed link is checked, so a user whose member was removed can still be edited.
  if (draft.member_id != current.member_id) EMPORION_RETURN_IF_ERROR(CheckMember(draft.member_id));
  EMPORION_ASSIGN_OR_RETURN(auto role_ids, ResolveRoles(tx, draft.roles));

  User next = current;
  next.user_name = std::move(draft.user_name);
  next.email = std::move(draft.email);
  next.user_type = draft.user_type;
  next.member_id = std::move(draft.member_id);
  next.store_ids = std::move(draft.store_ids);
  next.roles = std::move(draft.roles);
  next.is_active = draft.is_active;
  next.is_administrator = HasAdministratorRole(role_ids);
  bool lockout_changed = false;
  if (draft.locked_out && *draft.locked_out != current.IsLockedOut(now)) {
    lockout_changed = true;
    next.lockout_end =
        *draft.locked_out ? std::optional<Timestamp>(kIndefiniteLockout) : std::nullopt;
  } else if (draft.locked_out && !*draft.locked_out && rec->failed_login_count > 0) {
    lockout_changed = true;  // an explicit unlock also forgives earlier failures
    next.lockout_end = std::nullopt;
  }
  if (hash) {
    next.has_password = true;
    next.password_changed_at = now;
  }

  if (!caller.is_administrator && current.is_administrator) {
    return Error::PermissionDenied("only administrators can change an administrator");
  }
  if (!caller.is_administrator && next.is_administrator) {
    return Error::PermissionDenied("only administrators can grant the Administrator role");
  }
  const bool was_usable = current.is_active && !current.IsLockedOut(now);
  const bool usable = next.is_active && !next.IsLockedOut(now);
  if (id == caller.user_id && was_usable && !usable) {
    return Error::Conflict("you cannot disable or lock your own account");
  }
  if (current.is_administrator && was_usable && (!next.is_administrator || !usable)) {
    EMPORION_ASSIGN_OR_RETURN(
        auto admins, kUsers.CountActiveWithRole(tx, std::string(kAdministratorRoleId), now));
    if (admins <= 1) {
      return Error::Conflict("this is the last active administrator; appoint another one first");
    }
  }

  const std::string before = UserJson(current, now);
  const std::string after_unversioned = UserJson(next, now);
  const std::string diff = Diff(before, after_unversioned, hash.has_value());
  if (NoChanges(diff)) {
    if (lockout_changed) {
      // Only the hidden failure counter changes: no new version, no event.
      EMPORION_RETURN_IF_ERROR(
          kUsers.RecordFailure(tx, id, rec->failed_login_count, 0, std::nullopt));
      EMPORION_RETURN_IF_ERROR(uow.Commit());
    }
    return current;
  }
  next.meta.Touch(now, uow.actor());
  EMPORION_RETURN_IF_ERROR(
      kUsers.Update(tx, next, role_ids, lockout_changed, current.meta.version));
  if (hash) EMPORION_RETURN_IF_ERROR(kUsers.SetPasswordHash(tx, id, *hash, now));
  if (hash || !next.is_active) EMPORION_RETURN_IF_ERROR(kRefreshTokens.RevokeUser(tx, id, now));
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.user.updated", kUserEntity, id,
                                    ChangePayload(id, "userName", next.user_name, diff)));
  EMPORION_RETURN_IF_ERROR(uow.Record(kUserEntity, id, "updated", diff));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return next;
}

Status SecurityServiceImpl::DeleteUser(const std::string& id,
                                       std::optional<std::int64_t> expected_version,
                                       const Caller& caller) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  auto& tx = uow.tx();
  EMPORION_ASSIGN_OR_RETURN(auto rec, kUsers.FindById(tx, id));
  if (!rec) return Error::NotFound("no user with id '" + id + "'");
  EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, rec->user.meta.version));
  if (id == caller.user_id) return Error::Conflict("you cannot delete your own account");
  if (rec->user.is_administrator) {
    if (!caller.is_administrator) {
      return Error::PermissionDenied("only administrators can delete an administrator");
    }
    EMPORION_ASSIGN_OR_RETURN(
        auto admins, kUsers.CountActiveWithRole(tx, std::string(kAdministratorRoleId), uow.now()));
    const bool counted = rec->user.is_active && !rec->user.IsLockedOut(uow.now());
    if (admins - (counted ? 1 : 0) < 1) {
      return Error::Conflict("this is the last active administrator; appoint another one first");
    }
  }
  EMPORION_ASSIGN_OR_RETURN(auto key_ids, kApiKeys.IdsOfUser(tx, id));
  for (const auto& key_id : key_ids) {
    EMPORION_RETURN_IF_ERROR(kApiKeys.Delete(tx, key_id));
    EMPORION_RETURN_IF_ERROR(uow.Emit("security.api-key.deleted", kApiKeyEntity, key_id,
                                      IdPayload(key_id, "userId", id)));
    EMPORION_RETURN_IF_ERROR(uow.Record(kApiKeyEntity, key_id, "deleted", "{}"));
  }
  EMPORION_RETURN_IF_ERROR(kRefreshTokens.DeleteUser(tx, id));
  EMPORION_RETURN_IF_ERROR(kUsers.Delete(tx, id));
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.user.deleted", kUserEntity, id,
                                    IdPayload(id, "userName", rec->user.user_name)));
  EMPORION_RETURN_IF_ERROR(
      uow.Record(kUserEntity, id, "deleted", Diff(UserJson(rec->user, uow.now()), "{}", false)));
  return uow.Commit();
}

Result<User> SecurityServiceImpl::SetPassword(const std::string& id, const std::string& password,
                                              const std::optional<std::string>& current_password,
                                              const Caller& caller) {
  EMPORION_RETURN_IF_ERROR(CheckPassword(deps_.policy().password, password));
  if (current_password) {
    std::optional<std::string> stored;
    {
      EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
      EMPORION_ASSIGN_OR_RETURN(auto rec, kUsers.FindById(*tx, id));
      if (!rec) return Error::NotFound("no user with id '" + id + "'");
      stored = rec->password_hash;
    }
    bool matches = false;
    if (stored) {
      EMPORION_ASSIGN_OR_RETURN(matches, deps_.hasher.Verify(*stored, *current_password));
    }
    if (!matches) return Error::Unprocessable("currentPassword", "does not match");
  }
  // The self-service path (a current password was proven) may change an administrator's own
  // password; otherwise UpdateUser's rules apply.
  Caller effective = caller;
  if (current_password && caller.user_id == id) effective.is_administrator = true;
  return UpdateUser(
      id, std::nullopt, [](const User&, UserDraft&) { return Ok(); }, password, effective);
}

Result<User> SecurityServiceImpl::Unlock(const std::string& id, const Caller& caller) {
  return UpdateUser(
      id, std::nullopt,
      [](const User&, UserDraft& draft) {
        draft.locked_out = false;
        return Ok();
      },
      std::nullopt, caller);
}

// Roles.

Status SecurityServiceImpl::EnsureBuiltInRoles() {
  EMPORION_ASSIGN_OR_RETURN(
      auto uow, events::UnitOfWork::Begin(deps_.db, deps_.bus, "system", "", deps_.clock));
  Role admin;
  admin.meta = EntityMeta::New(std::string(kAdministratorRoleId), uow.now(), "system");
  admin.name = std::string(kAdministratorRoleName);
  admin.description = "Every permission in every store";
  admin.built_in = true;
  EMPORION_ASSIGN_OR_RETURN(bool inserted, kRoles.InsertIfMissing(uow.tx(), admin));
  if (!inserted) return Ok();
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("security.role.created", kRoleEntity, admin.meta.id, RoleJson(admin, {})));
  EMPORION_RETURN_IF_ERROR(uow.Record(kRoleEntity, admin.meta.id, "created", "{}"));
  return uow.Commit();
}

Result<Role> SecurityServiceImpl::CreateRole(std::optional<std::string> id, RoleDraft draft,
                                             const Caller& caller) {
  EMPORION_RETURN_IF_ERROR(CheckId(id));
  EMPORION_RETURN_IF_ERROR(ValidateRoleDraft(draft, deps_.permissions));
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  Role role;
  role.meta = EntityMeta::New(id.value_or(NewUuidV7(uow.now())), uow.now(), uow.actor());
  role.name = std::move(draft.name);
  role.description = std::move(draft.description);
  role.permissions = std::move(draft.permissions);
  EMPORION_RETURN_IF_ERROR(kRoles.Insert(uow.tx(), role));
  const std::string body = RoleJson(role, {});
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.role.created", kRoleEntity, role.meta.id, body));
  EMPORION_RETURN_IF_ERROR(uow.Record(kRoleEntity, role.meta.id, "created", CreatedDiff(body)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return role;
}

Result<Role> SecurityServiceImpl::GetRole(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto role, kRoles.FindById(*tx, id));
  if (!role) return Error::NotFound("no role with id '" + id + "'");
  return std::move(*role);
}

Result<Page<Role>> SecurityServiceImpl::ListRoles(const RoleQuery& query) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  return kRoles.List(*tx, query);
}

Result<Role> SecurityServiceImpl::UpdateRole(const std::string& id,
                                             std::optional<std::int64_t> expected_version,
                                             const RoleMutation& mutate, const Caller& caller) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  EMPORION_ASSIGN_OR_RETURN(auto current, kRoles.FindById(uow.tx(), id));
  if (!current) return Error::NotFound("no role with id '" + id + "'");
  EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, current->meta.version));
  if (current->built_in) {
    return Error::Conflict("the built-in role '" + current->name + "' cannot be changed");
  }
  RoleDraft draft{current->name, current->description, current->permissions};
  EMPORION_RETURN_IF_ERROR(mutate(*current, draft));
  EMPORION_RETURN_IF_ERROR(ValidateRoleDraft(draft, deps_.permissions));
  Role next = *current;
  next.name = std::move(draft.name);
  next.description = std::move(draft.description);
  next.permissions = std::move(draft.permissions);
  const std::string diff = Diff(RoleJson(*current, {}), RoleJson(next, {}), false);
  if (NoChanges(diff)) return std::move(*current);
  next.meta.Touch(uow.now(), uow.actor());
  EMPORION_RETURN_IF_ERROR(kRoles.Update(uow.tx(), next, current->meta.version));
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.role.updated", kRoleEntity, id,
                                    ChangePayload(id, "name", next.name, diff)));
  EMPORION_RETURN_IF_ERROR(uow.Record(kRoleEntity, id, "updated", diff));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return next;
}

Status SecurityServiceImpl::DeleteRole(const std::string& id,
                                       std::optional<std::int64_t> expected_version,
                                       const Caller& caller) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  EMPORION_ASSIGN_OR_RETURN(auto role, kRoles.FindById(uow.tx(), id));
  if (!role) return Error::NotFound("no role with id '" + id + "'");
  EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, role->meta.version));
  if (role->built_in) {
    return Error::Conflict("the built-in role '" + role->name + "' cannot be deleted");
  }
  EMPORION_ASSIGN_OR_RETURN(auto holders, kUsers.CountWithRole(uow.tx(), id));
  if (holders > 0) {
    return Error::Conflict("the role '" + role->name + "' is assigned to " +
                           std::to_string(holders) + " user(s); remove it from them first");
  }
  EMPORION_RETURN_IF_ERROR(kRoles.Delete(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("security.role.deleted", kRoleEntity, id, IdPayload(id, "name", role->name)));
  EMPORION_RETURN_IF_ERROR(
      uow.Record(kRoleEntity, id, "deleted", Diff(RoleJson(*role, {}), "{}", false)));
  return uow.Commit();
}

// API keys.

Result<IssuedApiKey> SecurityServiceImpl::CreateApiKey(std::optional<std::string> id,
                                                       ApiKeyDraft draft, const Caller& caller) {
  EMPORION_RETURN_IF_ERROR(CheckId(id));
  EMPORION_RETURN_IF_ERROR(ValidateApiKeyDraft(draft));
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  if (draft.expires_at && *draft.expires_at <= uow.now()) {
    return Error::Unprocessable("expiresAt", "must lie in the future");
  }
  EMPORION_ASSIGN_OR_RETURN(auto owner, kUsers.FindById(uow.tx(), draft.user_id));
  if (!owner) return Error::Unprocessable("userId", "no user with id '" + draft.user_id + "'");
  if (owner->user.is_administrator && !caller.is_administrator) {
    return Error::PermissionDenied(
        "only administrators can create keys acting as an administrator");
  }
  storage::ApiKeyRecord rec;
  ApiKey& key = rec.key;
  key.meta = EntityMeta::New(id.value_or(NewUuidV7(uow.now())), uow.now(), uow.actor());
  key.name = std::move(draft.name);
  key.user_id = std::move(draft.user_id);
  key.expires_at = draft.expires_at;
  const std::string secret = RandomHex(32);
  rec.secret_hash = crypto::Sha256Hex(secret);
  EMPORION_RETURN_IF_ERROR(kApiKeys.Insert(uow.tx(), rec));
  const std::string body = ApiKeyJson(key, uow.now());
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.api-key.created", kApiKeyEntity, key.meta.id, body));
  EMPORION_RETURN_IF_ERROR(uow.Record(kApiKeyEntity, key.meta.id, "created", CreatedDiff(body)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return IssuedApiKey{key, "emp_" + key.meta.id + "_" + secret};
}

Result<ApiKey> SecurityServiceImpl::GetApiKey(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto rec, kApiKeys.FindById(*tx, id));
  if (!rec) return Error::NotFound("no API key with id '" + id + "'");
  return std::move(rec->key);
}

Result<Page<ApiKey>> SecurityServiceImpl::ListApiKeys(const ApiKeyQuery& query) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, deps_.db.Begin(db::TxMode::kRead));
  return kApiKeys.List(*tx, query);
}

Result<ApiKey> SecurityServiceImpl::UpdateApiKey(const std::string& id,
                                                 std::optional<std::int64_t> expected_version,
                                                 const ApiKeyMutation& mutate,
                                                 const Caller& caller) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  EMPORION_ASSIGN_OR_RETURN(auto rec, kApiKeys.FindById(uow.tx(), id));
  if (!rec) return Error::NotFound("no API key with id '" + id + "'");
  const ApiKey& current = rec->key;
  EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, current.meta.version));
  ApiKeyDraft draft{current.name, current.user_id, current.expires_at};
  EMPORION_RETURN_IF_ERROR(mutate(current, draft));
  EMPORION_RETURN_IF_ERROR(ValidateApiKeyDraft(draft));
  if (draft.user_id != current.user_id) {
    return Error::Unprocessable("userId", "cannot be changed; create a new key for that user");
  }
  ApiKey next = current;
  next.name = std::move(draft.name);
  next.expires_at = draft.expires_at;
  const std::string diff = Diff(ApiKeyJson(current, uow.now()), ApiKeyJson(next, uow.now()), false);
  if (NoChanges(diff)) return current;
  next.meta.Touch(uow.now(), uow.actor());
  EMPORION_RETURN_IF_ERROR(kApiKeys.Update(uow.tx(), next, current.meta.version));
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.api-key.updated", kApiKeyEntity, id,
                                    ChangePayload(id, "name", next.name, diff)));
  EMPORION_RETURN_IF_ERROR(uow.Record(kApiKeyEntity, id, "updated", diff));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return next;
}

Status SecurityServiceImpl::DeleteApiKey(const std::string& id,
                                         std::optional<std::int64_t> expected_version,
                                         const Caller& caller) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, BeginWork(deps_, caller));
  EMPORION_ASSIGN_OR_RETURN(auto rec, kApiKeys.FindById(uow.tx(), id));
  if (!rec) return Error::NotFound("no API key with id '" + id + "'");
  EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, rec->key.meta.version));
  EMPORION_RETURN_IF_ERROR(kApiKeys.Delete(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(kRefreshTokens.RevokeClient(uow.tx(), id, uow.now()));
  EMPORION_RETURN_IF_ERROR(uow.Emit("security.api-key.deleted", kApiKeyEntity, id,
                                    IdPayload(id, "userId", rec->key.user_id)));
  EMPORION_RETURN_IF_ERROR(
      uow.Record(kApiKeyEntity, id, "deleted", Diff(ApiKeyJson(rec->key, uow.now()), "{}", false)));
  return uow.Commit();
}

}  // namespace emporion::security
