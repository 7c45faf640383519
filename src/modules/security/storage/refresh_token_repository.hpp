// RefreshTokenRepository: SQL for security_refresh_tokens. Only a SHA-256 of each token's
// secret is stored. Tokens rotate: using one marks it revoked and replaced; presenting a
// revoked token again revokes its whole family (the chain of rotations from one sign-in).
// Stateless: every call runs inside the caller's transaction. Reentrant.
#pragma once

#include <optional>
#include <string>

#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::security::storage {

struct RefreshTokenRecord {
  std::string id;
  std::string family_id;
  std::string user_id;
  std::optional<std::string> client_id;  // the API key of a client_credentials grant
  std::string token_hash;
  Timestamp issued_at = 0;
  Timestamp expires_at = 0;
  std::optional<Timestamp> revoked_at;
};

class RefreshTokenRepository {
 public:
  Status Insert(db::Transaction& tx, const RefreshTokenRecord& record) const;
  Result<std::optional<RefreshTokenRecord>> FindById(db::Transaction& tx,
                                                     const std::string& id) const;
  /// Marks an unrevoked token used; false when it was already revoked (a replay).
  Result<bool> MarkUsed(db::Transaction& tx, const std::string& id, Timestamp at,
                        const std::string& replaced_by) const;
  Status RevokeFamily(db::Transaction& tx, const std::string& family_id, Timestamp at) const;
  Status RevokeUser(db::Transaction& tx, const std::string& user_id, Timestamp at) const;
  Status RevokeClient(db::Transaction& tx, const std::string& client_id, Timestamp at) const;
  /// Deletes a user's tokens that expired before `now`.
  Status DeleteExpired(db::Transaction& tx, const std::string& user_id, Timestamp now) const;
  Status DeleteUser(db::Transaction& tx, const std::string& user_id) const;
};

}  // namespace emporion::security::storage
