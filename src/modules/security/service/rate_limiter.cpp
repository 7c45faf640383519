#include "modules/security/service/rate_limiter.hpp"

namespace emporion::security {

Timestamp RateLimiter::Take(const std::string& key, int per_minute) {
  if (per_minute <= 0) return 0;
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= kSweepAt) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = it->second.bucket.Full(it->second.per_minute, now) ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{TokenBucket(now), per_minute});
  Bucket& b = it->second;
  b.per_minute = per_minute;
  if (b.bucket.TryTake(per_minute, now)) return 0;
  return std::max<Timestamp>(1, b.bucket.WaitTime(per_minute, now));
}

}  // namespace emporion::security
