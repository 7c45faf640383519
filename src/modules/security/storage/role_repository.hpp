// RoleRepository: SQL for security_roles (permissions stored as a JSON array of grants).
// Stateless: every call runs inside the caller's transaction. A duplicate name comes back as
// kAlreadyExists naming `name`. Reentrant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::security::storage {

class RoleRepository {
 public:
  Result<std::optional<Role>> FindById(db::Transaction& tx, const std::string& id) const;
  Result<std::optional<Role>> FindByName(db::Transaction& tx, const std::string& name) const;
  /// Every role, by name (roles are few: the principal cache keeps them all).
  Result<std::vector<Role>> All(db::Transaction& tx) const;
  Result<Page<Role>> List(db::Transaction& tx, const RoleQuery& query) const;

  Status Insert(db::Transaction& tx, const Role& role) const;
  /// Inserts the role unless one with its id exists; true when inserted.
  Result<bool> InsertIfMissing(db::Transaction& tx, const Role& role) const;
  /// kPreconditionFailed when the stored version is no longer `expected_version`.
  Status Update(db::Transaction& tx, const Role& role, std::int64_t expected_version) const;
  Status Delete(db::Transaction& tx, const std::string& id) const;
};

/// The grants as stored: `[{"name","storeIds","catalogIds"}]`.
std::string EncodeGrants(const std::vector<PermissionGrant>& grants);
std::vector<PermissionGrant> DecodeGrants(const std::string& text);

}  // namespace emporion::security::storage
