// The indexer's compaction rule: when an index is rebuilt to drop its dead slots.
#include "modules/search/indexing/indexer.hpp"

#include <gtest/gtest.h>

namespace emporion::search_module {
namespace {

search::IndexStats Stats(std::uint64_t live, std::uint64_t dead) {
  search::IndexStats s;
  s.documents = live;
  s.deleted = dead;
  return s;
}

TEST(CompactionRule, RebuildsOnceDeadSlotsReachTheThresholdAndOutnumberTheLiveDocuments) {
  EXPECT_TRUE(NeedsCompaction(Stats(kCompactMinDead - 1, kCompactMinDead)));
  EXPECT_TRUE(NeedsCompaction(Stats(0, kCompactMinDead)));
  EXPECT_TRUE(NeedsCompaction(Stats(100'000, 150'194)));
}

TEST(CompactionRule, FewerDeadSlotsThanTheThresholdAreKept) {
  EXPECT_FALSE(NeedsCompaction(Stats(0, kCompactMinDead - 1)));
  EXPECT_FALSE(NeedsCompaction(Stats(10, 9'000)));
  EXPECT_FALSE(NeedsCompaction(Stats(0, 0)));
}

TEST(CompactionRule, DeadSlotsThatDoNotOutnumberTheLiveDocumentsAreKept) {
  EXPECT_FALSE(NeedsCompaction(Stats(kCompactMinDead, kCompactMinDead)));
  EXPECT_FALSE(NeedsCompaction(Stats(1'000'000, 999'999)));
  EXPECT_TRUE(NeedsCompaction(Stats(1'000'000, 1'000'001)));
}

TEST(CompactionRule, DuringABurstOfChangesCompactionWaitsForAQuietMomentOrTheSlack) {
  const auto due = Stats(50'000, 100'001);
  ASSERT_TRUE(NeedsCompaction(due));
  EXPECT_FALSE(CompactNow(due, 0));
  EXPECT_FALSE(CompactNow(due, kCompactQuietMillis - 1));
  EXPECT_TRUE(CompactNow(due, kCompactQuietMillis));
  EXPECT_TRUE(CompactNow(Stats(50'000, 50'000 + kCompactBurstSlack + 1), 0));
  EXPECT_FALSE(CompactNow(Stats(50'000, 50'000 + kCompactBurstSlack), 0));
  EXPECT_FALSE(CompactNow(Stats(50'000, 40'000), kCompactQuietMillis));  // not needed at all
}

}  // namespace
}  // namespace emporion::search_module
