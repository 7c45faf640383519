// Permission resolution: validating and normalizing the grants a role is given, and merging the
// grants of a user's roles into effective permissions with store and catalog scopes.
// Pure; no I/O. Functions are reentrant.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::security {

/// What role validation needs to know about a declared permission.
struct PermissionInfo {
  bool store_scopable = true;
  bool catalog_scopable = false;
};
/// Looks up a declared permission by name; nullopt when nobody declared it.
using PermissionLookup = std::function<std::optional<PermissionInfo>(std::string_view)>;

/// Checks every grant: a declared name (422 naming `permissions[i]`), scopes only where the
/// permission allows them and valid ids (422 naming `permissions[i].storeIds` /
/// `permissions[i].catalogIds`). Reports all problems at once.
Status ValidateGrants(const std::vector<PermissionGrant>& grants, const PermissionLookup& lookup);

/// Merges grants of the same permission, sorts by name and de-duplicates scope ids. A grant
/// without scopes absorbs scoped grants of the same permission.
std::vector<PermissionGrant> NormalizeGrants(std::vector<PermissionGrant> grants);

/// Where an effective permission applies; both lists empty means everywhere.
struct EffectiveScope {
  std::vector<std::string> store_ids;
  std::vector<std::string> catalog_ids;

  [[nodiscard]] bool unlimited() const { return store_ids.empty() && catalog_ids.empty(); }
  bool operator==(const EffectiveScope&) const = default;
};

struct EffectivePermissions {
  bool is_administrator = false;  // holds the built-in Administrator role: everything
  std::map<std::string, EffectiveScope> permissions;
};

/// The union of what `roles` grant. A permission granted without scopes by any role applies
/// everywhere; otherwise its store and catalog lists are the unions of the scoped grants (so
/// a permission scoped by stores in one role and by catalogs in another is limited by both:
/// the narrower reading, which never grants more than some role said).
EffectivePermissions ResolvePermissions(const std::vector<const Role*>& roles);

}  // namespace emporion::security
