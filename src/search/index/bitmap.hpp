// Bitmap: the engine's compressed set of document ids (uint32), roaring-like. Ids are split into
// chunks of 2^16 by their high 16 bits; a chunk holds its low 16 bits either as a sorted array
// (up to kArrayMax values) or as a bitset of 1024 64-bit words. AND, OR, ANDNOT and
// AND-cardinality work chunk by chunk; the word loops (AND/OR/ANDNOT + popcount) are compiled
// three times, for AVX-512 with VPOPCNTDQ, for AVX2+POPCNT and for plain x86-64, and picked once
// at start-up.
//
// Appending in increasing order (the index's common case) is O(1); an out-of-order Add inserts.
// Value type; thread-compatible (const methods may run concurrently).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <vector>

namespace emporion::search {

class Bitmap {
 public:
  // Roaring uses 4096 (the memory break-even). 2048 makes chunks of values that hold more than
  // 3% of the ids bitsets, whose AND-cardinality is ~10x cheaper than probing an array of that
  // size (facet counting), for at most 2x the bytes of such a chunk.
  static constexpr uint32_t kArrayMax = 2048;
  static constexpr uint32_t kChunkWords = 1024;

  Bitmap() = default;
  /// From strictly increasing ids.
  static Bitmap FromSorted(const uint32_t* ids, size_t n);
  /// From a dense bitset: bit i of words[i / 64] set <=> i is in the set. Chunks of more than
  /// `array_max` values stay bitsets (see And).
  static Bitmap FromWords(const uint64_t* words, size_t nwords, uint32_t array_max = kArrayMax);

  void Add(uint32_t id);
  /// Removes `id` if present.
  void Remove(uint32_t id);
  [[nodiscard]] bool Contains(uint32_t id) const;
  [[nodiscard]] uint64_t Cardinality() const;
  [[nodiscard]] bool Empty() const { return keys_.empty(); }
  /// The largest id; only when !Empty().
  [[nodiscard]] uint32_t Max() const;
  /// What AND-cardinality against this bitmap costs per other (dense) bitmap, in about ns:
  /// ~1 per value of an array chunk (a probe), BitsetProbeCost() per bitset chunk.
  [[nodiscard]] uint64_t ProbeCost() const;
  /// AND-counting one bitset chunk (1024 words of AND+popcount) in array probes, for the
  /// kernels picked at start-up: measured ~110 with AVX-512, ~350 with AVX2 (facet counting
  /// over 1M documents, this machine).
  static uint32_t BitsetProbeCost();
  void Clear();

  /// Turns every array chunk of at least `min_card` values into a bitset (the same set).
  /// AND-counting such a chunk against a bitset is one pass of AND+popcount over its words
  /// instead of a probe per value; a set counted against many bitmaps (facet values, range
  /// buckets) pays the conversion once.
  void Densify(uint32_t min_card);
  /// ProbeCost() after Densify(min_card), without converting.
  [[nodiscard]] uint64_t DensifiedProbeCost(uint32_t min_card) const;

  /// `array_max`: a chunk that two bitsets' AND leaves with at most this many values becomes an
  /// array. Sets that are AND-ed and counted further (a query's intermediate sets) keep more
  /// bitsets with a lower one; any value gives the same set.
  [[nodiscard]] static Bitmap And(const Bitmap& a, const Bitmap& b, uint32_t array_max = kArrayMax);
  [[nodiscard]] static Bitmap Or(const Bitmap& a, const Bitmap& b);
  [[nodiscard]] static Bitmap AndNot(const Bitmap& a, const Bitmap& b);
  /// The union of many bitmaps at once (linear in their sizes; pairwise ORs would be quadratic).
  [[nodiscard]] static Bitmap OrMany(const std::vector<const Bitmap*>& inputs);
  /// |a AND b| without building the intersection (the facet-counting hot path).
  [[nodiscard]] static uint64_t AndCardinality(const Bitmap& a, const Bitmap& b);
  /// A rough cost of AndCardinality(a, b) in word/element operations (for choosing plans).
  [[nodiscard]] static uint64_t AndCardinalityCost(const Bitmap& a, const Bitmap& b);

  void OrWith(const Bitmap& other) { *this = Or(*this, other); }
  void AndWith(const Bitmap& other) { *this = And(*this, other); }

  /// Calls f(id) for every id in increasing order.
  template <typename F>
  void ForEach(F&& f) const;
  void ToVector(std::vector<uint32_t>& out) const;
  /// Sets the bits of every id in `words` (bit i of words[i / 64]); `words` must be zeroed and
  /// cover whole chunks: at least (Max() / 65536 + 1) * kChunkWords words.
  void ToWords(uint64_t* words) const;

  /// Bytes held (capacities, not sizes).
  [[nodiscard]] size_t MemoryBytes() const;
  void ShrinkToFit();

  void Save(std::ostream& out) const;
  /// False when the stream is short or the data is inconsistent.
  bool Load(std::istream& in);

  friend bool operator==(const Bitmap& a, const Bitmap& b);

 private:
  struct Container {
    std::vector<uint16_t> array;  // sorted; used when words is empty
    std::vector<uint64_t> words;  // kChunkWords when a bitset
    uint32_t card = 0;
    [[nodiscard]] bool IsBitset() const { return !words.empty(); }
  };

  static void AddToContainer(Container& c, uint16_t low);
  static void ToBitset(Container& c);
  static void ToArrayIfSmall(Container& c, uint32_t array_max = kArrayMax);
  static Container AndContainers(const Container& a, const Container& b, uint32_t array_max);
  static Container OrContainers(const Container& a, const Container& b);
  static Container AndNotContainers(const Container& a, const Container& b);
  static uint64_t AndCardContainers(const Container& a, const Container& b);

  std::vector<uint16_t> keys_;  // increasing
  std::vector<Container> containers_;
};

template <typename F>
void Bitmap::ForEach(F&& f) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    const uint32_t base = static_cast<uint32_t>(keys_[i]) << 16;
    const Container& c = containers_[i];
    if (c.IsBitset()) {
      for (uint32_t w = 0; w < kChunkWords; ++w) {
        uint64_t word = c.words[w];
        while (word != 0) {
          const auto bit = static_cast<uint32_t>(__builtin_ctzll(word));
          f(base | (w << 6) | bit);
          word &= word - 1;
        }
      }
    } else {
      for (uint16_t low : c.array) {
        f(base | low);
      }
    }
  }
}

}  // namespace emporion::search
