#include "modules/security/domain/token_bucket.hpp"

#include <algorithm>

namespace emporion::security {

std::int64_t TokenBucket::LevelAt(int per_minute, Timestamp now) const {
  const std::int64_t capacity = std::int64_t{per_minute} * kUnit;
  // Refill: per_minute tokens per 60e6 us is per_minute units per us. Elapsed time is capped at
  // an hour (far beyond a full refill) so the product cannot overflow.
  const std::int64_t elapsed = std::clamp<std::int64_t>(now - updated_, 0, 3'600'000'000);
  const std::int64_t refill = elapsed * per_minute;
  const std::int64_t spent = std::max<std::int64_t>(0, spent_ - refill);
  return capacity - spent;
}

bool TokenBucket::TryTake(int per_minute, Timestamp now) {
  if (per_minute <= 0) return true;
  const std::int64_t capacity = std::int64_t{per_minute} * kUnit;
  const std::int64_t level = LevelAt(per_minute, now);
  spent_ = capacity - level;
  updated_ = std::max(updated_, now);
  if (level < kUnit) return false;
  spent_ += kUnit;
  return true;
}

Timestamp TokenBucket::WaitTime(int per_minute, Timestamp now) const {
  if (per_minute <= 0) return 0;
  const std::int64_t missing = kUnit - LevelAt(per_minute, now);
  if (missing <= 0) return 0;
  return (missing + per_minute - 1) / per_minute;  // rounded up to whole microseconds
}

bool TokenBucket::Full(int per_minute, Timestamp now) const {
  return per_minute <= 0 || LevelAt(per_minute, now) >= std::int64_t{per_minute} * kUnit;
}

}  // namespace emporion::security
