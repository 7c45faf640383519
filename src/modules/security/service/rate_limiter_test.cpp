#include "modules/security/service/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace emporion::security {
namespace {

TEST(RateLimiterTest, KeysHaveSeparateBucketsAndReportTheWait) {
  FakeClock clock(1'000'000'000);
  RateLimiter limiter(clock);
  EXPECT_EQ(limiter.Take("user:a", 2), 0);
  EXPECT_EQ(limiter.Take("user:a", 2), 0);
  EXPECT_EQ(limiter.Take("user:a", 2), 30'000'000) << "2 per minute: the next in 30 s";
  EXPECT_EQ(limiter.Take("user:b", 2), 0);
  clock.Advance(30'000'000);
  EXPECT_EQ(limiter.Take("user:a", 2), 0);
}

TEST(RateLimiterTest, ZeroTurnsTheLimitOff) {
  FakeClock clock(0);
  RateLimiter limiter(clock);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(limiter.Take("ip:1", 0), 0);
}

}  // namespace
}  // namespace emporion::security
