// Lockout rules: after `max_attempts` consecutive failed sign-ins an account is locked for
// `duration`; a success or an unlock resets the count. Pure arithmetic over timestamps; the
// counter itself is persisted by storage/. Value types; thread-compatible.
#pragma once

#include <optional>

#include "platform/core/clock.hpp"

namespace emporion::security {

struct LockoutPolicy {
  int max_attempts = 5;                 // setting security.lockout.maxAttempts
  Timestamp duration = 5 * 60'000'000;  // setting security.lockout.minutes
};

/// The lockout end an administrator's "lock" sets: 9999-12-31T23:59:59Z, i.e. until unlocked.
inline constexpr Timestamp kIndefiniteLockout = 253'402'300'799'000'000;

/// True while `lockout_end` lies in the future.
[[nodiscard]] inline bool IsLockedOut(const std::optional<Timestamp>& lockout_end, Timestamp now) {
  return lockout_end.has_value() && *lockout_end > now;
}

/// The outcome of one failed sign-in.
struct FailureOutcome {
  int failed_count = 0;                  // the counter to store
  std::optional<Timestamp> lockout_end;  // set when this failure locks the account
};

/// Given the consecutive failures before this one, decides the counter and whether the account
/// locks now. Locking resets the counter, so after the lockout ends the user again has
/// `max_attempts` tries. A policy with max_attempts < 1 never locks.
[[nodiscard]] FailureOutcome AfterFailedSignIn(const LockoutPolicy& policy, int previous_failures,
                                               Timestamp now);

}  // namespace emporion::security
