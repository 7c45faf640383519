// The indexer's compaction rule: when an index is rebuilt to drop its dead slots.
#include <gtest/gtest.h>

#include "modules/search/indexing/indexer.hpp"

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

}  // namespace
}  // namespace emporion::search_module
