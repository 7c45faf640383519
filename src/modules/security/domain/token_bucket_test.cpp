#include "modules/security/domain/token_bucket.hpp"

#include <gtest/gtest.h>

namespace emporion::security {
namespace {

TEST(TokenBucketTest, AllowsABurstThenRefillsContinuously) {
  FakeClock clock(1'000'000);
  TokenBucket bucket(clock.Now());
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(bucket.TryTake(6, clock.Now())) << i;
  EXPECT_FALSE(bucket.TryTake(6, clock.Now()));
  // 6 per minute: one token every 10 s.
  EXPECT_EQ(bucket.WaitTime(6, clock.Now()), 10'000'000);
  clock.Advance(9'999'999);
  EXPECT_FALSE(bucket.TryTake(6, clock.Now()));
  clock.Advance(1);
  EXPECT_TRUE(bucket.TryTake(6, clock.Now()));
  EXPECT_FALSE(bucket.TryTake(6, clock.Now()));
}

TEST(TokenBucketTest, RefillsNoFurtherThanCapacity) {
  FakeClock clock(0);
  TokenBucket bucket(clock.Now());
  EXPECT_TRUE(bucket.TryTake(2, clock.Now()));
  clock.Advance(3'600'000'000LL * 24);
  EXPECT_TRUE(bucket.Full(2, clock.Now()));
  EXPECT_TRUE(bucket.TryTake(2, clock.Now()));
  EXPECT_TRUE(bucket.TryTake(2, clock.Now()));
  EXPECT_FALSE(bucket.TryTake(2, clock.Now()));
}

TEST(TokenBucketTest, ZeroRateMeansUnlimited) {
  TokenBucket bucket(0);
  for (int i = 0; i < 1'000; ++i) ASSERT_TRUE(bucket.TryTake(0, 0));
  EXPECT_EQ(bucket.WaitTime(0, 0), 0);
}

}  // namespace
}  // namespace emporion::security
