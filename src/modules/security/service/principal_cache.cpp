#include "modules/security/service/principal_cache.hpp"

#include "modules/security/domain/permission_resolution.hpp"
#include "modules/security/storage/api_key_repository.hpp"
#include "modules/security/storage/role_repository.hpp"
#include "modules/security/storage/user_repository.hpp"

namespace emporion::security {

PrincipalCache::PrincipalCache(db::Database& db, const Clock& clock, Timestamp ttl)
    : db_(db), clock_(clock), ttl_(ttl) {}

Result<std::shared_ptr<const CachedUser>> PrincipalCache::FindUser(const std::string& user_id) {
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    auto it = users_.find(user_id);
    if (it != users_.end() && now - it->second.loaded_at < ttl_) return it->second.value;
  }
  return LoadUser(user_id);
}

Result<std::shared_ptr<const CachedUser>> PrincipalCache::LoadUser(const std::string& user_id) {
  const Timestamp now = clock_.Now();
  std::uint64_t generation = 0;
  std::shared_ptr<const std::vector<Role>> roles;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
    if (roles_ && now - roles_loaded_at_ < ttl_) roles = roles_;
  }
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  if (!roles) {
    EMPORION_ASSIGN_OR_RETURN(auto all, storage::RoleRepository().All(*tx));
    roles = std::make_shared<const std::vector<Role>>(std::move(all));
  }
  EMPORION_ASSIGN_OR_RETURN(auto record, storage::UserRepository().FindById(*tx, user_id));
  std::shared_ptr<const CachedUser> value;
  if (record) {
    std::vector<const Role*> held;
    for (const auto& role_id : record->role_ids) {
      for (const auto& role : *roles) {
        if (role.meta.id == role_id) held.push_back(&role);
      }
    }
    const EffectivePermissions effective = ResolvePermissions(held);
    auto user = std::make_shared<CachedUser>();
    http::Principal p;
    p.user_id = record->user.meta.id;
    p.user_name = record->user.user_name;
    p.user_type = std::string(ToString(record->user.user_type));
    p.member_id = record->user.member_id.value_or("");
    p.is_administrator = effective.is_administrator;
    for (const auto& [name, scope] : effective.permissions) {
      p.permissions[name] = http::PermissionScope{scope.store_ids, scope.catalog_ids};
    }
    auto bearer = std::make_shared<http::Principal>(p);
    bearer->auth_method = "bearer";
    user->as_bearer = std::move(bearer);
    auto api_key = std::make_shared<http::Principal>(std::move(p));
    api_key->auth_method = "api-key";
    user->as_api_key = std::move(api_key);
    user->is_active = record->user.is_active;
    user->lockout_end = record->user.lockout_end;
    value = std::move(user);
  }
  std::lock_guard lock(mutex_);
  if (generation == generation_) {
    if (users_.size() >= kMaxEntries) users_.clear();
    users_[user_id] = {value, now};
    if (roles_ != roles) {
      roles_ = roles;
      roles_loaded_at_ = now;
    }
  }
  return value;
}

Result<std::shared_ptr<const CachedApiKey>> PrincipalCache::FindApiKey(const std::string& key_id) {
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    auto it = api_keys_.find(key_id);
    if (it != api_keys_.end() && now - it->second.loaded_at < ttl_) return it->second.value;
  }
  return LoadApiKey(key_id);
}

Result<std::shared_ptr<const CachedApiKey>> PrincipalCache::LoadApiKey(const std::string& key_id) {
  const Timestamp now = clock_.Now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
  }
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto record, storage::ApiKeyRepository().FindById(*tx, key_id));
  std::shared_ptr<const CachedApiKey> value;
  if (record) {
    value = std::make_shared<const CachedApiKey>(
        CachedApiKey{std::move(record->key), std::move(record->secret_hash)});
  }
  std::lock_guard lock(mutex_);
  if (generation == generation_) {
    if (api_keys_.size() >= kMaxEntries) api_keys_.clear();
    api_keys_[key_id] = {value, now};
  }
  return value;
}

void PrincipalCache::InvalidateUser(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  users_.erase(user_id);
}

void PrincipalCache::InvalidateApiKey(const std::string& key_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  api_keys_.erase(key_id);
}

void PrincipalCache::InvalidateAll() {
  std::lock_guard lock(mutex_);
  ++generation_;
  users_.clear();
  api_keys_.clear();
  roles_.reset();
}

void PrincipalCache::Subscribe(events::EventBus& bus) {
  bus.Subscribe("security.user.",
                [this](const events::DomainEvent& e) { InvalidateUser(e.entity_id); });
  bus.Subscribe("security.role.", [this](const events::DomainEvent&) { InvalidateAll(); });
  bus.Subscribe("security.api-key.",
                [this](const events::DomainEvent& e) { InvalidateApiKey(e.entity_id); });
}

}  // namespace emporion::security
