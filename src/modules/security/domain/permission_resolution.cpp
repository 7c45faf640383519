#include "modules/security/domain/permission_resolution.hpp"

#include <algorithm>

#include "platform/core/uuid.hpp"

namespace emporion::security {
namespace {

void SortUnique(std::vector<std::string>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

void Append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

Status ValidateGrants(const std::vector<PermissionGrant>& grants, const PermissionLookup& lookup) {
  Error error(ErrorCode::kUnprocessable, "the role's permissions are not valid");
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const PermissionGrant& g = grants[i];
    const std::string field = "permissions[" + std::to_string(i) + "]";
    const std::optional<PermissionInfo> info = lookup(g.name);
    if (!info) {
      error.AddField(field, "unknown permission '" + g.name + "'");
      continue;
    }
    if (!g.store_ids.empty() && !info->store_scopable) {
      error.AddField(field + ".storeIds", "'" + g.name + "' cannot be limited to stores");
    }
    if (!g.catalog_ids.empty() && !info->catalog_scopable) {
      error.AddField(field + ".catalogIds", "'" + g.name + "' cannot be limited to catalogs");
    }
    for (const auto& id : g.store_ids) {
      if (!IsValidId(id)) error.AddField(field + ".storeIds", "'" + id + "' is not a valid id");
    }
    for (const auto& id : g.catalog_ids) {
      if (!IsValidId(id)) error.AddField(field + ".catalogIds", "'" + id + "' is not a valid id");
    }
  }
  if (error.fields().empty()) return Ok();
  if (error.fields().size() == 1) {
    const FieldError& f = error.fields().front();
    return Error::Unprocessable(f.field, f.message);
  }
  return error;
}

std::vector<PermissionGrant> NormalizeGrants(std::vector<PermissionGrant> grants) {
  std::map<std::string, PermissionGrant> merged;
  std::map<std::string, bool> unlimited;
  for (auto& g : grants) {
    const bool open = g.store_ids.empty() && g.catalog_ids.empty();
    auto [it, inserted] = merged.try_emplace(g.name, PermissionGrant{g.name, {}, {}});
    bool& is_open = unlimited[g.name];
    if (inserted) is_open = open;
    is_open = is_open || open;
    Append(it->second.store_ids, g.store_ids);
    Append(it->second.catalog_ids, g.catalog_ids);
  }
  std::vector<PermissionGrant> out;
  out.reserve(merged.size());
  for (auto& [name, g] : merged) {
    if (unlimited[name]) {
      g.store_ids.clear();
      g.catalog_ids.clear();
    }
    SortUnique(g.store_ids);
    SortUnique(g.catalog_ids);
    out.push_back(std::move(g));
  }
  return out;
}

EffectivePermissions ResolvePermissions(const std::vector<const Role*>& roles) {
  EffectivePermissions out;
  std::map<std::string, bool> unlimited;
  for (const Role* role : roles) {
    if (role == nullptr) continue;
    if (role->built_in && role->name == kAdministratorRoleName) out.is_administrator = true;
    for (const PermissionGrant& g : role->permissions) {
      const bool open = g.store_ids.empty() && g.catalog_ids.empty();
      auto [it, inserted] = out.permissions.try_emplace(g.name);
      bool& is_open = unlimited[g.name];
      if (inserted) is_open = open;
      is_open = is_open || open;
      Append(it->second.store_ids, g.store_ids);
      Append(it->second.catalog_ids, g.catalog_ids);
    }
  }
  for (auto& [name, scope] : out.permissions) {
    if (unlimited[name]) {
      scope.store_ids.clear();
      scope.catalog_ids.clear();
    }
    SortUnique(scope.store_ids);
    SortUnique(scope.catalog_ids);
  }
  return out;
}

}  // namespace emporion::security
