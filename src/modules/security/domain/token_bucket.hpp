// TokenBucket: the rate-limiting arithmetic for sign-in attempts. A bucket holds up to
// `per_minute` tokens, refills continuously at `per_minute` per minute, and each attempt takes
// one. Integer arithmetic in units of 1/60,000,000 token, in which the refill per microsecond is
// exactly `per_minute`: no rounding, deterministic under FakeClock.
// Pure; value type; thread-compatible (callers serialize access to one bucket).
#pragma once

#include <cstdint>

#include "platform/core/clock.hpp"

namespace emporion::security {

class TokenBucket {
 public:
  /// A full bucket as of `now`.
  explicit TokenBucket(Timestamp now) : updated_(now) {}

  /// Refills up to `now`, then takes a token when one is there. `per_minute` <= 0 means
  /// unlimited (always true).
  bool TryTake(int per_minute, Timestamp now);
  /// Microseconds until the next token is available (0 when one is available now).
  [[nodiscard]] Timestamp WaitTime(int per_minute, Timestamp now) const;
  /// True when the bucket is full at `now` (it can be forgotten without changing behaviour).
  [[nodiscard]] bool Full(int per_minute, Timestamp now) const;

 private:
  static constexpr std::int64_t kUnit = 60'000'000;  // units per token
  [[nodiscard]] std::int64_t LevelAt(int per_minute, Timestamp now) const;

  std::int64_t spent_ = 0;  // units below full as of `updated_`
  Timestamp updated_;
};

}  // namespace emporion::security
