#include "modules/security/domain/lockout.hpp"

#include <gtest/gtest.h>

namespace emporion::security {
namespace {

constexpr Timestamp kMinute = 60'000'000;

TEST(LockoutTest, FifthConsecutiveFailureLocksForFiveMinutes) {
  FakeClock clock(1'000 * kMinute);
  const LockoutPolicy policy;  // 5 attempts, 5 minutes
  int failures = 0;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    const FailureOutcome out = AfterFailedSignIn(policy, failures, clock.Now());
    EXPECT_EQ(out.failed_count, attempt);
    EXPECT_FALSE(out.lockout_end.has_value()) << "attempt " << attempt;
    failures = out.failed_count;
  }
  const FailureOutcome locked = AfterFailedSignIn(policy, failures, clock.Now());
  ASSERT_TRUE(locked.lockout_end.has_value());
  EXPECT_EQ(*locked.lockout_end, clock.Now() + 5 * kMinute);
  EXPECT_EQ(locked.failed_count, 0) << "locking starts a fresh count for after the lockout";

  EXPECT_TRUE(IsLockedOut(locked.lockout_end, clock.Now()));
  clock.Advance(5 * kMinute - 1);
  EXPECT_TRUE(IsLockedOut(locked.lockout_end, clock.Now()));
  clock.Advance(1);
  EXPECT_FALSE(IsLockedOut(locked.lockout_end, clock.Now()));
}

TEST(LockoutTest, ConfiguredAttemptsAndDurationApply) {
  const LockoutPolicy policy{3, 10 * kMinute};
  EXPECT_FALSE(AfterFailedSignIn(policy, 1, 0).lockout_end.has_value());
  const auto out = AfterFailedSignIn(policy, 2, 7);
  ASSERT_TRUE(out.lockout_end.has_value());
  EXPECT_EQ(*out.lockout_end, 7 + 10 * kMinute);
}

TEST(LockoutTest, PolicyWithoutAttemptsNeverLocks) {
  const LockoutPolicy policy{0, kMinute};
  EXPECT_FALSE(AfterFailedSignIn(policy, 1'000, 0).lockout_end.has_value());
}

TEST(LockoutTest, NoLockoutEndMeansNotLocked) {
  EXPECT_FALSE(IsLockedOut(std::nullopt, 0));
  EXPECT_TRUE(IsLockedOut(kIndefiniteLockout, 4'000'000'000'000'000));
}

}  // namespace
}  // namespace emporion::security
