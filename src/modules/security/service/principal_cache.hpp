// PrincipalCache: who a user id or API key id is, without touching the database on every
// request. Users (with their effective permissions resolved from roles) and API keys are loaded
// on first use and dropped when a security event names them (security.user.*, security.role.*
// drops every user, security.api-key.*), plus after `ttl` so other nodes' changes are seen.
// A generation counter keeps a load that raced with an invalidation from caching stale data.
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/security/types.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/http/types.hpp"

namespace emporion::security {

struct CachedUser {
  // The user's principal with auth_method "bearer" / "api-key", shared by every request of
  // this user (two copies, so a request never copies the permission map).
  std::shared_ptr<const http::Principal> as_bearer;
  std::shared_ptr<const http::Principal> as_api_key;
  bool is_active = true;
  std::optional<Timestamp> lockout_end;
};

struct CachedApiKey {
  ApiKey key;
  std::string secret_hash;
};

class PrincipalCache {
 public:
  PrincipalCache(db::Database& db, const Clock& clock, Timestamp ttl = 60'000'000);

  /// The user, or nullptr when no user has this id. kUnavailable when the database is down.
  Result<std::shared_ptr<const CachedUser>> FindUser(const std::string& user_id);
  /// The API key, or nullptr when none has this id.
  Result<std::shared_ptr<const CachedApiKey>> FindApiKey(const std::string& key_id);

  void InvalidateUser(const std::string& user_id);
  void InvalidateApiKey(const std::string& key_id);
  void InvalidateAll();
  /// Subscribes the invalidations to security events on `bus`.
  void Subscribe(events::EventBus& bus);

 private:
  template <typename T>
  struct Entry {
    std::shared_ptr<const T> value;  // nullptr: known not to exist
    Timestamp loaded_at = 0;
  };
  Result<std::shared_ptr<const CachedUser>> LoadUser(const std::string& user_id);
  Result<std::shared_ptr<const CachedApiKey>> LoadApiKey(const std::string& key_id);

  static constexpr std::size_t kMaxEntries = 100'000;  // beyond this the map starts over

  db::Database& db_;
  const Clock& clock_;
  const Timestamp ttl_;
  std::mutex mutex_;
  std::uint64_t generation_ = 0;                                   // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Entry<CachedUser>> users_;       // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Entry<CachedApiKey>> api_keys_;  // GUARDED_BY(mutex_)
  std::shared_ptr<const std::vector<Role>> roles_;                 // GUARDED_BY(mutex_)
  Timestamp roles_loaded_at_ = 0;                                  // GUARDED_BY(mutex_)
};

}  // namespace emporion::security
