#include "search/index/bitmap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <random>
#include <set>
#include <sstream>
#include <vector>

namespace emporion::search {
namespace {

// Thread CPU time: the machine is shared, wall time would measure the neighbours.
std::chrono::nanoseconds CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

std::vector<uint32_t> Ids(const Bitmap& b) {
  std::vector<uint32_t> out;
  b.ToVector(out);
  return out;
}

std::vector<uint32_t> Ids(const std::set<uint32_t>& s) { return {s.begin(), s.end()}; }

// A random set of `n` ids below `universe`, added to both the bitmap and the oracle; `ordered`
// appends in increasing order (the index's path), else in random order.
void Fill(std::mt19937& rng, uint32_t universe, size_t n, bool ordered, Bitmap& b,
          std::set<uint32_t>& s) {
  std::uniform_int_distribution<uint32_t> dist(0, universe - 1);
  std::vector<uint32_t> values;
  for (size_t i = 0; i < n; ++i) {
    values.push_back(dist(rng));
  }
  if (ordered) {
    std::sort(values.begin(), values.end());
  }
  for (uint32_t v : values) {
    b.Add(v);
    s.insert(v);
  }
}

struct Shape {
  const char* name;
  uint32_t universe;
  size_t n;
};

constexpr Shape kShapes[] = {
    {"dense", 140000, 70000},     // bitset containers
    {"sparse", 5000000, 3000},    // array containers
    {"mixed", 300000, 9000},      // arrays near the array/bitset threshold
    {"boundary", 131074, 60000},  // straddles chunk edges 65536 and 131072
    {"tiny", 70, 20},
};

// Two random sets of the given shapes, as bitmaps and as their oracles.
struct RandomPair {
  Bitmap a;
  Bitmap b;
  std::set<uint32_t> sa;
  std::set<uint32_t> sb;
};
RandomPair MakePair(std::mt19937& rng, const Shape& sa, const Shape& sb, bool ordered) {
  RandomPair p;
  Fill(rng, sa.universe, sa.n, ordered, p.a, p.sa);
  Fill(rng, sb.universe, sb.n, ordered, p.b, p.sb);
  return p;
}

TEST(BitmapTest, SetOperationsMatchStdSetOnRandomShapes) {
  std::mt19937 rng(42);
  for (const Shape& sa : kShapes) {
    for (const Shape& sb : kShapes) {
      for (bool ordered : {true, false}) {
        SCOPED_TRACE(std::string(sa.name) + " x " + sb.name + (ordered ? " ordered" : " random"));
        const auto [a, b, sa_set, sb_set] = MakePair(rng, sa, sb, ordered);
        ASSERT_EQ(Ids(a), Ids(sa_set));
        ASSERT_EQ(a.Cardinality(), sa_set.size());

        std::vector<uint32_t> expect;
        std::set_intersection(sa_set.begin(), sa_set.end(), sb_set.begin(), sb_set.end(),
                              std::back_inserter(expect));
        EXPECT_EQ(Ids(Bitmap::And(a, b)), expect);
        EXPECT_EQ(Bitmap::AndCardinality(a, b), expect.size());
        EXPECT_EQ(Bitmap::And(a, b).Cardinality(), expect.size());

        expect.clear();
        std::set_union(sa_set.begin(), sa_set.end(), sb_set.begin(), sb_set.end(),
                       std::back_inserter(expect));
        EXPECT_EQ(Ids(Bitmap::Or(a, b)), expect);
        EXPECT_EQ(Bitmap::Or(a, b).Cardinality(), expect.size());
        EXPECT_EQ(Ids(Bitmap::OrMany({&a, &b, &a})), expect);

        expect.clear();
        std::set_difference(sa_set.begin(), sa_set.end(), sb_set.begin(), sb_set.end(),
                            std::back_inserter(expect));
        EXPECT_EQ(Ids(Bitmap::AndNot(a, b)), expect);
        EXPECT_EQ(Bitmap::AndNot(a, b).Cardinality(), expect.size());
      }
    }
  }
}

// Sets whose small chunks are bitsets (Densify, And and FromWords with a low array_max: a query's
// intermediate and counted sets) hold the same ids and give the same answers with any other.
TEST(BitmapTest, DensifiedSetsAnswerAsTheirArrayForms) {
  std::mt19937 rng(43);
  for (const Shape& sa : kShapes) {
    for (const Shape& sb : kShapes) {
      SCOPED_TRACE(std::string(sa.name) + " x " + sb.name);
      const auto [a, b, sa_set, sb_set] = MakePair(rng, sa, sb, true);
      std::vector<uint32_t> both;
      std::set_intersection(sa_set.begin(), sa_set.end(), sb_set.begin(), sb_set.end(),
                            std::back_inserter(both));
      std::vector<uint32_t> either;
      std::set_union(sa_set.begin(), sa_set.end(), sb_set.begin(), sb_set.end(),
                     std::back_inserter(either));
      for (uint32_t min_card : {1U, 64U, 5000U}) {
        Bitmap dense = a;
        const uint64_t predicted = dense.DensifiedProbeCost(min_card);
        dense.Densify(min_card);
        EXPECT_EQ(dense.ProbeCost(), predicted) << min_card;
        EXPECT_EQ(dense, a) << min_card;
        EXPECT_EQ(Ids(dense), Ids(sa_set)) << min_card;
        EXPECT_EQ(dense.Cardinality(), sa_set.size()) << min_card;
        EXPECT_EQ(Bitmap::AndCardinality(dense, b), both.size()) << min_card;
        EXPECT_EQ(Bitmap::AndCardinality(b, dense), both.size()) << min_card;
        EXPECT_EQ(Ids(Bitmap::And(dense, b)), both) << min_card;
        EXPECT_EQ(Ids(Bitmap::Or(dense, b)), either) << min_card;
        const Bitmap low = Bitmap::And(a, b, min_card);
        EXPECT_EQ(Ids(low), both) << min_card;
        EXPECT_EQ(low.Cardinality(), both.size()) << min_card;
        EXPECT_EQ(Bitmap::AndCardinality(low, dense), both.size()) << min_card;
        std::vector<uint64_t> words((sa.universe + 63) / 64, 0);
        for (uint32_t v : sa_set) {
          words[v >> 6] |= uint64_t{1} << (v & 63U);
        }
        EXPECT_EQ(Bitmap::FromWords(words.data(), words.size(), min_card), a) << min_card;
      }
    }
  }
}

TEST(BitmapTest, OrManyMatchesPairwiseOr) {
  std::mt19937 rng(5);
  for (const Shape& shape : kShapes) {
    std::vector<Bitmap> maps(30);
    std::set<uint32_t> all;
    std::vector<const Bitmap*> ptrs;
    for (Bitmap& m : maps) {
      Fill(rng, shape.universe, shape.n / 10 + 1, true, m, all);
      ptrs.push_back(&m);
    }
    EXPECT_EQ(Ids(Bitmap::OrMany(ptrs)), Ids(all)) << shape.name;
    EXPECT_EQ(Bitmap::OrMany(ptrs).Cardinality(), all.size()) << shape.name;
  }
  EXPECT_TRUE(Bitmap::OrMany({}).Empty());
}

TEST(BitmapTest, ToWordsSetsTheBitsOfArrayAndBitsetChunks) {
  Bitmap b;
  std::set<uint32_t> s;
  for (uint32_t v = 0; v < 5000; ++v) {  // chunk 0: a bitset
    b.Add(v * 3);
    s.insert(v * 3);
  }
  for (const uint32_t v : {65536U, 65600U, 200000U, 262143U}) {  // array chunks, one at an end
    b.Add(v);
    s.insert(v);
  }
  const size_t nwords = (static_cast<size_t>(b.Max() >> 16) + 1) * Bitmap::kChunkWords;
  std::vector<uint64_t> words(nwords, 0);
  b.ToWords(words.data());
  std::set<uint32_t> back;
  for (size_t w = 0; w < nwords; ++w) {
    for (uint32_t bit = 0; bit < 64; ++bit) {
      if (((words[w] >> bit) & 1U) != 0) {
        back.insert(static_cast<uint32_t>(w * 64 + bit));
      }
    }
  }
  EXPECT_EQ(Ids(back), Ids(s));
}

TEST(BitmapTest, ContainsAddRemoveAtChunkBoundaries) {
  Bitmap b;
  std::set<uint32_t> s;
  const uint32_t edges[] = {0, 1, 65535, 65536, 65537, 131071, 131072, 0xFFFFFFFFU, 0xFFFF0000U};
  for (uint32_t v : edges) {
    b.Add(v);
    s.insert(v);
  }
  b.Add(65536);  // duplicate
  EXPECT_EQ(Ids(b), Ids(s));
  for (uint32_t v : edges) {
    EXPECT_TRUE(b.Contains(v)) << v;
  }
  EXPECT_FALSE(b.Contains(2));
  EXPECT_FALSE(b.Contains(65538));
  b.Remove(65536);
  s.erase(65536);
  b.Remove(3);  // absent
  EXPECT_EQ(Ids(b), Ids(s));
  EXPECT_FALSE(b.Contains(65536));
  for (uint32_t v : edges) {
    b.Remove(v);
  }
  EXPECT_TRUE(b.Empty());
}

TEST(BitmapTest, ArrayBecomesBitsetAndBackWhileStayingCorrect) {
  Bitmap b;
  std::set<uint32_t> s;
  for (uint32_t v = 0; v < 2 * Bitmap::kArrayMax + 10; v += 2) {
    b.Add(v);
    s.insert(v);
  }
  EXPECT_EQ(Ids(b), Ids(s));
  for (uint32_t v = 0; v < 2 * Bitmap::kArrayMax; v += 4) {
    b.Remove(v);
    s.erase(v);
  }
  EXPECT_EQ(Ids(b), Ids(s));
  Bitmap small;
  small.Add(2);
  small.Add(6);
  small.Add(99999);
  EXPECT_EQ(Ids(Bitmap::And(b, small)), (std::vector<uint32_t>{2, 6}));
}

TEST(BitmapTest, FromSortedAndFromWordsEqualAddedSets) {
  std::mt19937 rng(7);
  for (const Shape& shape : kShapes) {
    Bitmap added;
    std::set<uint32_t> s;
    Fill(rng, shape.universe, shape.n, true, added, s);
    std::vector<uint32_t> ids(s.begin(), s.end());
    EXPECT_EQ(Bitmap::FromSorted(ids.data(), ids.size()), added) << shape.name;
    std::vector<uint64_t> words((shape.universe + 63) / 64, 0);
    for (uint32_t v : ids) {
      words[v >> 6] |= uint64_t{1} << (v & 63U);
    }
    Bitmap from_words = Bitmap::FromWords(words.data(), words.size());
    EXPECT_EQ(Ids(from_words), ids) << shape.name;
    EXPECT_EQ(from_words, added) << shape.name;
  }
}

TEST(BitmapTest, SaveLoadRoundTripAndRejectsTruncation) {
  std::mt19937 rng(3);
  Bitmap b;
  std::set<uint32_t> s;
  Fill(rng, 300000, 100000, true, b, s);
  Fill(rng, 3000000, 100, false, b, s);
  std::stringstream buf;
  b.Save(buf);
  Bitmap loaded;
  ASSERT_TRUE(loaded.Load(buf));
  EXPECT_EQ(loaded, b);
  std::string bytes = buf.str();
  std::stringstream cut(bytes.substr(0, bytes.size() - 5));
  EXPECT_FALSE(loaded.Load(cut));
}

// Prints AND-cardinality figures to compare with machine-limits.md A5 (no timing assertion).
// Runs only when EMPORION_SEARCH_MEASURE is set (it takes seconds).
TEST(BitmapTest, ReportsAndCardinalityTimings) {
  if (std::getenv("EMPORION_SEARCH_MEASURE") == nullptr) {
    GTEST_SKIP() << "set EMPORION_SEARCH_MEASURE=1 to measure";
  }
  std::mt19937 rng(1);
  struct Case {
    const char* name;
    uint32_t universe;
  };
  for (const Case& c : {Case{"dense 1M in 2M", 2000000}, Case{"medium 1M in 10M", 10000000},
                        Case{"sparse 1M in 100M", 100000000}}) {
    std::uniform_int_distribution<uint32_t> dist(0, c.universe - 1);
    std::vector<uint32_t> va(1000000);
    std::vector<uint32_t> vb(1000000);
    for (auto& v : va) v = dist(rng);
    for (auto& v : vb) v = dist(rng);
    std::sort(va.begin(), va.end());
    va.erase(std::unique(va.begin(), va.end()), va.end());
    std::sort(vb.begin(), vb.end());
    vb.erase(std::unique(vb.begin(), vb.end()), vb.end());
    Bitmap a = Bitmap::FromSorted(va.data(), va.size());
    Bitmap b = Bitmap::FromSorted(vb.data(), vb.size());
    uint64_t sink = 0;
    const int reps = 20;
    auto t0 = CpuNow();
    for (int i = 0; i < reps; ++i) sink += Bitmap::AndCardinality(a, b);
    auto t1 = CpuNow();
    for (int i = 0; i < reps; ++i) sink += Bitmap::And(a, b).Cardinality();
    auto t2 = CpuNow();
    const double card_us = std::chrono::duration<double, std::micro>(t1 - t0).count() / reps;
    const double and_us = std::chrono::duration<double, std::micro>(t2 - t1).count() / reps;
    std::printf("[bitmap] %-20s AND %8.1f us  AND-cardinality %8.1f us  (%llu)\n", c.name, and_us,
                card_us, static_cast<unsigned long long>(sink));
    EXPECT_EQ(sink % 2, 0U);  // both loops count the same intersection
  }
}

}  // namespace
}  // namespace emporion::search
