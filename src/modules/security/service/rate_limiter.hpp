// RateLimiter: token buckets by key ("ip:127.0.0.1", "user:alice") that bound sign-in attempts,
// and so the Argon2 work an attacker can cause. Buckets live in memory (per node); full buckets
// are forgotten when the map grows, so memory stays bounded by recent attackers.
// Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "modules/security/domain/token_bucket.hpp"
#include "platform/core/clock.hpp"

namespace emporion::security {

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock) : clock_(clock) {}

  /// Takes one attempt from `key`'s bucket of `per_minute` (<= 0: unlimited). Returns 0 when
  /// allowed, otherwise the microseconds until an attempt will be allowed.
  Timestamp Take(const std::string& key, int per_minute);

 private:
  struct Bucket {
    TokenBucket bucket;
    int per_minute;
  };
  static constexpr std::size_t kSweepAt = 10'000;

  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::security
