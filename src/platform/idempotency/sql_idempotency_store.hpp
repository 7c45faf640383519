// SqlIdempotencyStore: the dispatcher's Idempotency-Key memory (contract section 2) in the
// `idempotency_keys` table: per (scope, key) the request hash and the first response (status,
// content type, headers as a JSON array of [name, value] pairs, body). Entries count for 24
// hours; the platform.maintenance job deletes older ones, and an expired entry is replaced by
// the next save. Thread-safe (the database is).
#pragma once

#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/http/dispatcher.hpp"

namespace emporion::idempotency {

/// How long a stored response is replayed.
inline constexpr Timestamp kIdempotencyLifetime = 24LL * 3600 * 1'000'000;

class SqlIdempotencyStore final : public http::IdempotencyStore {
 public:
  /// `db` and `clock` must outlive the store.
  SqlIdempotencyStore(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  /// The entry saved less than 24 hours ago, or nullopt.
  Result<std::optional<Entry>> Find(const std::string& scope, const std::string& key) override;
  /// Saves the first response; when a live entry exists already (a concurrent duplicate), it
  /// is kept. An expired entry is replaced.
  Status Save(const std::string& scope, const std::string& key, const Entry& entry) override;

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace emporion::idempotency
