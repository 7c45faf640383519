// UserRepository: SQL for security_users and security_user_roles. Stateless: every call runs
// inside the caller's transaction. Unique violations come back as kAlreadyExists naming
// `userName`, `email` or `id`. Reentrant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::security::storage {

/// A user row with the fields the API never shows.
struct UserRecord {
  User user;  // roles filled with role names
  std::vector<std::string> role_ids;
  std::optional<std::string> password_hash;
  int failed_login_count = 0;
};

class UserRepository {
 public:
  Result<std::optional<UserRecord>> FindById(db::Transaction& tx, const std::string& id) const;
  /// By user name or e-mail, both compared in normalized form.
  Result<std::optional<UserRecord>> FindByUserName(db::Transaction& tx,
                                                   const std::string& normalized) const;
  Result<std::optional<UserRecord>> FindByEmail(db::Transaction& tx,
                                                const std::string& normalized) const;
  Result<Page<User>> List(db::Transaction& tx, const UserQuery& query) const;
  Result<std::int64_t> Count(db::Transaction& tx) const;

  /// Inserts the row and its role assignments.
  Status Insert(db::Transaction& tx, const UserRecord& record) const;
  /// Stores profile fields and meta of `user` when the stored version is still
  /// `expected_version` (kPreconditionFailed otherwise), and replaces role assignments. With
  /// `lockout_changed` also stores `user.lockout_end` and resets the failed-login counter;
  /// otherwise the lockout columns, which sign-ins maintain, are left alone.
  Status Update(db::Transaction& tx, const User& user, const std::vector<std::string>& role_ids,
                bool lockout_changed, std::int64_t expected_version) const;
  Status SetPasswordHash(db::Transaction& tx, const std::string& id, const std::string& hash,
                         Timestamp changed_at) const;
  /// Compare-and-set of the failed-login counter and lockout: false when the counter is no
  /// longer `expected_failures` (a concurrent sign-in changed it).
  Result<bool> RecordFailure(db::Transaction& tx, const std::string& id, int expected_failures,
                             int failures, const std::optional<Timestamp>& lockout_end) const;
  /// Resets the counter and lockout and stamps the last sign-in.
  Status RecordSuccess(db::Transaction& tx, const std::string& id, Timestamp at) const;
  Status Delete(db::Transaction& tx, const std::string& id) const;

  /// Users holding `role_id`.
  Result<std::int64_t> CountWithRole(db::Transaction& tx, const std::string& role_id) const;
  /// Active users holding `role_id` who are not locked out at `now`.
  Result<std::int64_t> CountActiveWithRole(db::Transaction& tx, const std::string& role_id,
                                           Timestamp now) const;
};

}  // namespace emporion::security::storage
