// ApiKeyRepository: SQL for security_api_keys; the secret is stored only as its SHA-256.
// Stateless: every call runs inside the caller's transaction. Reentrant.
#pragma once

#include <optional>
#include <string>

#include "emporion/security/types.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::security::storage {

struct ApiKeyRecord {
  ApiKey key;
  std::string secret_hash;  // SHA-256 hex of the secret part
};

class ApiKeyRepository {
 public:
  Result<std::optional<ApiKeyRecord>> FindById(db::Transaction& tx, const std::string& id) const;
  Result<Page<ApiKey>> List(db::Transaction& tx, const ApiKeyQuery& query) const;
  Status Insert(db::Transaction& tx, const ApiKeyRecord& record) const;
  /// Stores name, expiry and meta; kPreconditionFailed when the version moved on.
  Status Update(db::Transaction& tx, const ApiKey& key, std::int64_t expected_version) const;
  Status Delete(db::Transaction& tx, const std::string& id) const;
  /// The ids of a user's keys.
  Result<std::vector<std::string>> IdsOfUser(db::Transaction& tx, const std::string& user_id) const;
};

}  // namespace emporion::security::storage
