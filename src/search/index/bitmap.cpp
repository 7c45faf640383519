#include "search/index/bitmap.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <istream>
#include <iterator>
#include <limits>
#include <ostream>

namespace emporion::search {
namespace {

// The word loops, written once and inlined into two copies: one compiled for AVX2+POPCNT (the
// compiler vectorises the AND/OR loops and emits popcnt), one for baseline x86-64 (popcount by
// bit tricks); a third, AVX-512 copy is below. Debian's libroaring is built like the baseline copy,
// which is why it is 7-9x slower.
#define EMPORION_ALWAYS_INLINE inline __attribute__((always_inline))

EMPORION_ALWAYS_INLINE uint64_t CountBody(const uint64_t* a, size_t n) {
  uint64_t c0 = 0;
  uint64_t c1 = 0;
  uint64_t c2 = 0;
  uint64_t c3 = 0;
  for (size_t i = 0; i + 4 <= n; i += 4) {
    c0 += static_cast<uint64_t>(__builtin_popcountll(a[i]));
    c1 += static_cast<uint64_t>(__builtin_popcountll(a[i + 1]));
    c2 += static_cast<uint64_t>(__builtin_popcountll(a[i + 2]));
    c3 += static_cast<uint64_t>(__builtin_popcountll(a[i + 3]));
  }
  for (size_t i = n & ~size_t{3}; i < n; ++i) {
    c0 += static_cast<uint64_t>(__builtin_popcountll(a[i]));
  }
  return c0 + c1 + c2 + c3;
}

EMPORION_ALWAYS_INLINE uint64_t AndCountBody(const uint64_t* a, const uint64_t* b, size_t n) {
  uint64_t c0 = 0;
  uint64_t c1 = 0;
  uint64_t c2 = 0;
  uint64_t c3 = 0;
  for (size_t i = 0; i + 4 <= n; i += 4) {
    c0 += static_cast<uint64_t>(__builtin_popcountll(a[i] & b[i]));
    c1 += static_cast<uint64_t>(__builtin_popcountll(a[i + 1] & b[i + 1]));
    c2 += static_cast<uint64_t>(__builtin_popcountll(a[i + 2] & b[i + 2]));
    c3 += static_cast<uint64_t>(__builtin_popcountll(a[i + 3] & b[i + 3]));
  }
  for (size_t i = n & ~size_t{3}; i < n; ++i) {
    c0 += static_cast<uint64_t>(__builtin_popcountll(a[i] & b[i]));
  }
  return c0 + c1 + c2 + c3;
}

enum class Op { kAnd, kOr, kAndNot };

template <Op kOp>
EMPORION_ALWAYS_INLINE uint64_t ApplyBody(uint64_t* out, const uint64_t* a, const uint64_t* b,
                                          size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if constexpr (kOp == Op::kAnd) {
      out[i] = a[i] & b[i];
    } else if constexpr (kOp == Op::kOr) {
      out[i] = a[i] | b[i];
    } else {
      out[i] = a[i] & ~b[i];
    }
  }
  return CountBody(out, n);
}

__attribute__((target("avx2,popcnt"))) uint64_t CountAvx2(const uint64_t* a, size_t n) {
  return CountBody(a, n);
}
__attribute__((target("avx2,popcnt"))) uint64_t AndCountAvx2(const uint64_t* a, const uint64_t* b,
                                                             size_t n) {
  return AndCountBody(a, b, n);
}
__attribute__((target("avx2,popcnt"))) uint64_t AndAvx2(uint64_t* out, const uint64_t* a,
                                                        const uint64_t* b, size_t n) {
  return ApplyBody<Op::kAnd>(out, a, b, n);
}
__attribute__((target("avx2,popcnt"))) uint64_t OrAvx2(uint64_t* out, const uint64_t* a,
                                                       const uint64_t* b, size_t n) {
  return ApplyBody<Op::kOr>(out, a, b, n);
}
__attribute__((target("avx2,popcnt"))) uint64_t AndNotAvx2(uint64_t* out, const uint64_t* a,
                                                           const uint64_t* b, size_t n) {
  return ApplyBody<Op::kAndNot>(out, a, b, n);
}

// AVX-512 with VPOPCNTDQ (this machine's EPYC): eight words per AND and per popcount, written
// with intrinsics (at -O2 GCC 12 vectorises neither the AVX2 copies' popcounts nor these loops).
// (No _mm512_reduce_add_epi64 or _mm512_andnot_si512: GCC 12's headers build them on an
// "undefined" value that -Wuninitialized reports.)
#define EMPORION_AVX512 __attribute__((target("avx512f,avx512vpopcntdq")))

EMPORION_AVX512 uint64_t SumLanes(__m512i v) {
  uint64_t lanes[8];
  _mm512_storeu_si512(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

EMPORION_AVX512 uint64_t CountAvx512(const uint64_t* a, size_t n) {
  __m512i acc = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_loadu_si512(a + i)));
  }
  return SumLanes(acc) + CountBody(a + i, n - i);  // the words past the last 8 (none in a chunk)
}

EMPORION_AVX512 uint64_t AndCountAvx512(const uint64_t* a, const uint64_t* b, size_t n) {
  __m512i acc = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512i w = _mm512_and_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
    acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(w));
  }
  return SumLanes(acc) + AndCountBody(a + i, b + i, n - i);
}

template <Op kOp>
EMPORION_AVX512 uint64_t ApplyAvx512(uint64_t* out, const uint64_t* a, const uint64_t* b,
                                     size_t n) {
  __m512i acc = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512i x = _mm512_loadu_si512(a + i);
    const __m512i y = _mm512_loadu_si512(b + i);
    __m512i w;
    if constexpr (kOp == Op::kAnd) {
      w = _mm512_and_si512(x, y);
    } else if constexpr (kOp == Op::kOr) {
      w = _mm512_or_si512(x, y);
    } else {
      w = _mm512_and_si512(x, _mm512_xor_si512(y, _mm512_set1_epi64(-1)));  // x & ~y
    }
    _mm512_storeu_si512(out + i, w);
    acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(w));
  }
  return SumLanes(acc) + ApplyBody<kOp>(out + i, a + i, b + i, n - i);
}
EMPORION_AVX512 uint64_t AndAvx512(uint64_t* out, const uint64_t* a, const uint64_t* b, size_t n) {
  return ApplyAvx512<Op::kAnd>(out, a, b, n);
}
EMPORION_AVX512 uint64_t OrAvx512(uint64_t* out, const uint64_t* a, const uint64_t* b, size_t n) {
  return ApplyAvx512<Op::kOr>(out, a, b, n);
}
EMPORION_AVX512 uint64_t AndNotAvx512(uint64_t* out, const uint64_t* a, const uint64_t* b,
                                      size_t n) {
  return ApplyAvx512<Op::kAndNot>(out, a, b, n);
}

uint64_t CountPlain(const uint64_t* a, size_t n) { return CountBody(a, n); }
uint64_t AndCountPlain(const uint64_t* a, const uint64_t* b, size_t n) {
  return AndCountBody(a, b, n);
}
uint64_t AndPlain(uint64_t* out, const uint64_t* a, const uint64_t* b, size_t n) {
  return ApplyBody<Op::kAnd>(out, a, b, n);
}
uint64_t OrPlain(uint64_t* out, const uint64_t* a, const uint64_t* b, size_t n) {
  return ApplyBody<Op::kOr>(out, a, b, n);
}
uint64_t AndNotPlain(uint64_t* out, const uint64_t* a, const uint64_t* b, size_t n) {
  return ApplyBody<Op::kAndNot>(out, a, b, n);
}

struct Kernels {
  // About what AND-counting one bitset chunk costs, in array probes (ProbeCost's unit).
  uint32_t bitset_probe_cost;
  uint64_t (*count)(const uint64_t*, size_t);
  uint64_t (*and_count)(const uint64_t*, const uint64_t*, size_t);
  uint64_t (*and_words)(uint64_t*, const uint64_t*, const uint64_t*, size_t);
  uint64_t (*or_words)(uint64_t*, const uint64_t*, const uint64_t*, size_t);
  uint64_t (*and_not_words)(uint64_t*, const uint64_t*, const uint64_t*, size_t);
};

Kernels PickKernels() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) {
    return {110, CountAvx512, AndCountAvx512, AndAvx512, OrAvx512, AndNotAvx512};
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) {
    return {350, CountAvx2, AndCountAvx2, AndAvx2, OrAvx2, AndNotAvx2};
  }
  return {1000, CountPlain, AndCountPlain, AndPlain, OrPlain, AndNotPlain};
}

// Chosen once; immutable afterwards.
const Kernels& K() {
  static const Kernels kernels = PickKernels();
  return kernels;
}

inline bool TestBit(const std::vector<uint64_t>& words, uint16_t low) {
  return ((words[low >> 6] >> (low & 63U)) & 1U) != 0;
}

}  // namespace

Bitmap Bitmap::FromSorted(const uint32_t* ids, size_t n) {
  Bitmap b;
  size_t i = 0;
  while (i < n) {
    const auto key = static_cast<uint16_t>(ids[i] >> 16);
    size_t j = i;
    while (j < n && (ids[j] >> 16) == key) {
      ++j;
    }
    Container c;
    c.card = static_cast<uint32_t>(j - i);
    if (c.card > kArrayMax) {
      c.words.assign(kChunkWords, 0);
      for (size_t k = i; k < j; ++k) {
        const auto low = static_cast<uint16_t>(ids[k]);
        c.words[low >> 6] |= uint64_t{1} << (low & 63U);
      }
    } else {
      c.array.resize(c.card);
      for (size_t k = i; k < j; ++k) {
        c.array[k - i] = static_cast<uint16_t>(ids[k]);
      }
    }
    b.keys_.push_back(key);
    b.containers_.push_back(std::move(c));
    i = j;
  }
  return b;
}

Bitmap Bitmap::FromWords(const uint64_t* words, size_t nwords, uint32_t array_max) {
  Bitmap b;
  for (size_t start = 0; start < nwords; start += kChunkWords) {
    const size_t len = std::min<size_t>(kChunkWords, nwords - start);
    const uint64_t card = K().count(words + start, len);
    if (card == 0) {
      continue;
    }
    Container c;
    c.card = static_cast<uint32_t>(card);
    if (card > array_max) {
      c.words.assign(kChunkWords, 0);
      std::memcpy(c.words.data(), words + start, len * sizeof(uint64_t));
    } else {
      c.array.reserve(card);
      for (size_t w = 0; w < len; ++w) {
        uint64_t word = words[start + w];
        while (word != 0) {
          c.array.push_back(
              static_cast<uint16_t>((w << 6) | static_cast<size_t>(__builtin_ctzll(word))));
          word &= word - 1;
        }
      }
    }
    b.keys_.push_back(static_cast<uint16_t>(start / kChunkWords));
    b.containers_.push_back(std::move(c));
  }
  return b;
}

void Bitmap::ToBitset(Container& c) {
  std::vector<uint64_t> words(kChunkWords, 0);
  for (uint16_t low : c.array) {
    words[low >> 6] |= uint64_t{1} << (low & 63U);
  }
  c.words = std::move(words);
  c.array = {};
}

void Bitmap::ToArrayIfSmall(Container& c, uint32_t array_max) {
  if (!c.IsBitset() || c.card > array_max) {
    return;
  }
  std::vector<uint16_t> array;
  array.reserve(c.card);
  for (uint32_t w = 0; w < kChunkWords; ++w) {
    uint64_t word = c.words[w];
    while (word != 0) {
      array.push_back(
          static_cast<uint16_t>((w << 6) | static_cast<uint32_t>(__builtin_ctzll(word))));
      word &= word - 1;
    }
  }
  c.array = std::move(array);
  c.words = {};
}

void Bitmap::AddToContainer(Container& c, uint16_t low) {
  if (c.IsBitset()) {
    uint64_t& word = c.words[low >> 6];
    const uint64_t bit = uint64_t{1} << (low & 63U);
    if ((word & bit) == 0) {
      word |= bit;
      ++c.card;
    }
    return;
  }
  if (c.array.empty() || c.array.back() < low) {
    c.array.push_back(low);
  } else {
    auto it = std::lower_bound(c.array.begin(), c.array.end(), low);
    if (*it == low) {
      return;
    }
    c.array.insert(it, low);
  }
  ++c.card;
  if (c.card > kArrayMax) {
    ToBitset(c);
  }
}

void Bitmap::Add(uint32_t id) {
  const auto key = static_cast<uint16_t>(id >> 16);
  const auto low = static_cast<uint16_t>(id);
  if (keys_.empty() || keys_.back() < key) {
    keys_.push_back(key);
    containers_.emplace_back();
    AddToContainer(containers_.back(), low);
    return;
  }
  if (keys_.back() == key) {
    AddToContainer(containers_.back(), low);
    return;
  }
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  const auto pos = static_cast<size_t>(it - keys_.begin());
  if (*it != key) {
    keys_.insert(it, key);
    containers_.insert(containers_.begin() + static_cast<std::ptrdiff_t>(pos), Container{});
  }
  AddToContainer(containers_[pos], low);
}

void Bitmap::Remove(uint32_t id) {
  const auto key = static_cast<uint16_t>(id >> 16);
  const auto low = static_cast<uint16_t>(id);
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it == keys_.end() || *it != key) {
    return;
  }
  const auto pos = static_cast<size_t>(it - keys_.begin());
  Container& c = containers_[pos];
  if (c.IsBitset()) {
    uint64_t& word = c.words[low >> 6];
    const uint64_t bit = uint64_t{1} << (low & 63U);
    if ((word & bit) == 0) {
      return;
    }
    word &= ~bit;
    --c.card;
  } else {
    auto at = std::lower_bound(c.array.begin(), c.array.end(), low);
    if (at == c.array.end() || *at != low) {
      return;
    }
    c.array.erase(at);
    --c.card;
  }
  if (c.card == 0) {
    keys_.erase(it);
    containers_.erase(containers_.begin() + static_cast<std::ptrdiff_t>(pos));
  }
}

bool Bitmap::Contains(uint32_t id) const {
  const auto key = static_cast<uint16_t>(id >> 16);
  const auto low = static_cast<uint16_t>(id);
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it == keys_.end() || *it != key) {
    return false;
  }
  const Container& c = containers_[static_cast<size_t>(it - keys_.begin())];
  if (c.IsBitset()) {
    return TestBit(c.words, low);
  }
  return std::binary_search(c.array.begin(), c.array.end(), low);
}

uint64_t Bitmap::Cardinality() const {
  uint64_t n = 0;
  for (const Container& c : containers_) {
    n += c.card;
  }
  return n;
}

uint32_t Bitmap::Max() const {
  const Container& c = containers_.back();
  const uint32_t base = static_cast<uint32_t>(keys_.back()) << 16;
  if (!c.IsBitset()) {
    return base | c.array.back();
  }
  for (uint32_t w = kChunkWords; w-- > 0;) {
    if (c.words[w] != 0) {
      return base | (w << 6) | static_cast<uint32_t>(63 - __builtin_clzll(c.words[w]));
    }
  }
  return base;
}

uint64_t Bitmap::ProbeCost() const {
  return DensifiedProbeCost(std::numeric_limits<uint32_t>::max());  // no array is that large
}

void Bitmap::Densify(uint32_t min_card) {
  for (Container& c : containers_) {
    if (!c.IsBitset() && c.card >= min_card) {
      ToBitset(c);
    }
  }
}

uint64_t Bitmap::DensifiedProbeCost(uint32_t min_card) const {
  uint64_t cost = 0;
  for (const Container& c : containers_) {
    cost += c.IsBitset() || c.card >= min_card ? K().bitset_probe_cost : c.card;
  }
  return cost;
}

uint32_t Bitmap::BitsetProbeCost() { return K().bitset_probe_cost; }

void Bitmap::Clear() {
  keys_.clear();
  containers_.clear();
}

Bitmap::Container Bitmap::AndContainers(const Container& a, const Container& b,
                                        uint32_t array_max) {
  Container out;
  if (a.IsBitset() && b.IsBitset()) {
    out.words.resize(kChunkWords);
    out.card = static_cast<uint32_t>(
        K().and_words(out.words.data(), a.words.data(), b.words.data(), kChunkWords));
    ToArrayIfSmall(out, array_max);
    return out;
  }
  if (a.IsBitset() || b.IsBitset()) {
    const Container& arr = a.IsBitset() ? b : a;
    const Container& bits = a.IsBitset() ? a : b;
    out.array.reserve(arr.array.size());
    for (uint16_t low : arr.array) {
      if (TestBit(bits.words, low)) {
        out.array.push_back(low);
      }
    }
    out.card = static_cast<uint32_t>(out.array.size());
    return out;
  }
  out.array.resize(std::min(a.array.size(), b.array.size()));
  auto end = std::set_intersection(a.array.begin(), a.array.end(), b.array.begin(), b.array.end(),
                                   out.array.begin());
  out.array.resize(static_cast<size_t>(end - out.array.begin()));
  out.card = static_cast<uint32_t>(out.array.size());
  return out;
}

uint64_t Bitmap::AndCardContainers(const Container& a, const Container& b) {
  if (a.IsBitset() && b.IsBitset()) {
    return K().and_count(a.words.data(), b.words.data(), kChunkWords);
  }
  if (a.IsBitset() || b.IsBitset()) {
    const Container& arr = a.IsBitset() ? b : a;
    const Container& bits = a.IsBitset() ? a : b;
    uint64_t n = 0;
    for (uint16_t low : arr.array) {
      n += (bits.words[low >> 6] >> (low & 63U)) & 1U;
    }
    return n;
  }
  // Gallop when one side is much smaller; otherwise mark the smaller side in a scratch bitset
  // and probe with the larger: independent loads instead of a merge's dependent branches
  // (about 3x faster on ~600-element chunks).
  const auto& small = a.array.size() <= b.array.size() ? a.array : b.array;
  const auto& large = a.array.size() <= b.array.size() ? b.array : a.array;
  uint64_t n = 0;
  if (small.size() * 16 < large.size() || small.size() < 32) {
    auto from = large.begin();
    for (uint16_t v : small) {
      from = std::lower_bound(from, large.end(), v);
      if (from == large.end()) {
        break;
      }
      n += static_cast<uint64_t>(*from == v);
    }
    return n;
  }
  thread_local std::vector<uint64_t> scratch(kChunkWords, 0);
  for (uint16_t v : small) {
    scratch[v >> 6] |= uint64_t{1} << (v & 63U);
  }
  for (uint16_t v : large) {
    n += (scratch[v >> 6] >> (v & 63U)) & 1U;
  }
  for (uint16_t v : small) {
    scratch[v >> 6] = 0;
  }
  return n;
}

Bitmap::Container Bitmap::OrContainers(const Container& a, const Container& b) {
  Container out;
  if (a.IsBitset() && b.IsBitset()) {
    out.words.resize(kChunkWords);
    out.card = static_cast<uint32_t>(
        K().or_words(out.words.data(), a.words.data(), b.words.data(), kChunkWords));
    return out;
  }
  if (a.IsBitset() || b.IsBitset()) {
    const Container& arr = a.IsBitset() ? b : a;
    out = a.IsBitset() ? a : b;
    for (uint16_t low : arr.array) {
      uint64_t& word = out.words[low >> 6];
      const uint64_t bit = uint64_t{1} << (low & 63U);
      out.card += static_cast<uint32_t>((word & bit) == 0);
      word |= bit;
    }
    return out;
  }
  if (a.array.size() + b.array.size() > kArrayMax) {
    out.words.assign(kChunkWords, 0);
    for (uint16_t low : a.array) {
      out.words[low >> 6] |= uint64_t{1} << (low & 63U);
    }
    for (uint16_t low : b.array) {
      out.words[low >> 6] |= uint64_t{1} << (low & 63U);
    }
    out.card = static_cast<uint32_t>(K().count(out.words.data(), kChunkWords));
    ToArrayIfSmall(out);
    return out;
  }
  out.array.resize(a.array.size() + b.array.size());
  auto end = std::set_union(a.array.begin(), a.array.end(), b.array.begin(), b.array.end(),
                            out.array.begin());
  out.array.resize(static_cast<size_t>(end - out.array.begin()));
  out.card = static_cast<uint32_t>(out.array.size());
  return out;
}

Bitmap::Container Bitmap::AndNotContainers(const Container& a, const Container& b) {
  Container out;
  if (a.IsBitset() && b.IsBitset()) {
    out.words.resize(kChunkWords);
    out.card = static_cast<uint32_t>(
        K().and_not_words(out.words.data(), a.words.data(), b.words.data(), kChunkWords));
    ToArrayIfSmall(out);
    return out;
  }
  if (a.IsBitset()) {
    out = a;
    for (uint16_t low : b.array) {
      uint64_t& word = out.words[low >> 6];
      const uint64_t bit = uint64_t{1} << (low & 63U);
      out.card -= static_cast<uint32_t>((word & bit) != 0);
      word &= ~bit;
    }
    ToArrayIfSmall(out);
    return out;
  }
  out.array.reserve(a.array.size());
  if (b.IsBitset()) {
    for (uint16_t low : a.array) {
      if (!TestBit(b.words, low)) {
        out.array.push_back(low);
      }
    }
  } else {
    std::set_difference(a.array.begin(), a.array.end(), b.array.begin(), b.array.end(),
                        std::back_inserter(out.array));
  }
  out.card = static_cast<uint32_t>(out.array.size());
  return out;
}

Bitmap Bitmap::And(const Bitmap& a, const Bitmap& b, uint32_t array_max) {
  Bitmap out;
  size_t i = 0;
  size_t j = 0;
  while (i < a.keys_.size() && j < b.keys_.size()) {
    if (a.keys_[i] < b.keys_[j]) {
      ++i;
    } else if (b.keys_[j] < a.keys_[i]) {
      ++j;
    } else {
      Container c = AndContainers(a.containers_[i], b.containers_[j], array_max);
      if (c.card != 0) {
        out.keys_.push_back(a.keys_[i]);
        out.containers_.push_back(std::move(c));
      }
      ++i;
      ++j;
    }
  }
  return out;
}

uint64_t Bitmap::AndCardinality(const Bitmap& a, const Bitmap& b) {
  uint64_t n = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.keys_.size() && j < b.keys_.size()) {
    if (a.keys_[i] < b.keys_[j]) {
      ++i;
    } else if (b.keys_[j] < a.keys_[i]) {
      ++j;
    } else {
      n += AndCardContainers(a.containers_[i], b.containers_[j]);
      ++i;
      ++j;
    }
  }
  return n;
}

uint64_t Bitmap::AndCardinalityCost(const Bitmap& a, const Bitmap& b) {
  uint64_t cost = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.keys_.size() && j < b.keys_.size()) {
    if (a.keys_[i] < b.keys_[j]) {
      ++i;
    } else if (b.keys_[j] < a.keys_[i]) {
      ++j;
    } else {
      const Container& x = a.containers_[i];
      const Container& y = b.containers_[j];
      if (x.IsBitset() && y.IsBitset()) {
        cost += kChunkWords / 2;  // popcnt of ANDed words, about two per cycle
      } else if (x.IsBitset() || y.IsBitset()) {
        cost += x.IsBitset() ? y.card : x.card;
      } else {
        cost += std::min<uint64_t>(x.card + y.card, std::min(x.card, y.card) * 16ULL);
      }
      ++i;
      ++j;
    }
  }
  return cost + a.keys_.size() + b.keys_.size();
}

Bitmap Bitmap::Or(const Bitmap& a, const Bitmap& b) {
  Bitmap out;
  out.keys_.reserve(std::max(a.keys_.size(), b.keys_.size()));
  size_t i = 0;
  size_t j = 0;
  while (i < a.keys_.size() || j < b.keys_.size()) {
    if (j == b.keys_.size() || (i < a.keys_.size() && a.keys_[i] < b.keys_[j])) {
      out.keys_.push_back(a.keys_[i]);
      out.containers_.push_back(a.containers_[i]);
      ++i;
    } else if (i == a.keys_.size() || b.keys_[j] < a.keys_[i]) {
      out.keys_.push_back(b.keys_[j]);
      out.containers_.push_back(b.containers_[j]);
      ++j;
    } else {
      out.keys_.push_back(a.keys_[i]);
      out.containers_.push_back(OrContainers(a.containers_[i], b.containers_[j]));
      ++i;
      ++j;
    }
  }
  return out;
}

Bitmap Bitmap::OrMany(const std::vector<const Bitmap*>& inputs) {
  if (inputs.empty()) {
    return {};
  }
  if (inputs.size() == 1) {
    return *inputs[0];
  }
  if (inputs.size() == 2) {
    return Or(*inputs[0], *inputs[1]);
  }
  // Every (key, container) of every input, by key; then one pass per key.
  std::vector<std::pair<uint16_t, const Container*>> parts;
  for (const Bitmap* b : inputs) {
    for (size_t i = 0; i < b->keys_.size(); ++i) {
      parts.emplace_back(b->keys_[i], &b->containers_[i]);
    }
  }
  std::stable_sort(parts.begin(), parts.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  Bitmap out;
  for (size_t i = 0; i < parts.size();) {
    const uint16_t key = parts[i].first;
    size_t j = i;
    uint64_t total = 0;
    bool any_bitset = false;
    for (; j < parts.size() && parts[j].first == key; ++j) {
      total += parts[j].second->card;
      any_bitset = any_bitset || parts[j].second->IsBitset();
    }
    Container c;
    if (j - i == 1) {
      c = *parts[i].second;
    } else if (any_bitset || total > kArrayMax) {
      c.words.assign(kChunkWords, 0);
      for (size_t k = i; k < j; ++k) {
        const Container& p = *parts[k].second;
        if (p.IsBitset()) {
          for (uint32_t w = 0; w < kChunkWords; ++w) {
            c.words[w] |= p.words[w];
          }
        } else {
          for (uint16_t low : p.array) {
            c.words[low >> 6] |= uint64_t{1} << (low & 63U);
          }
        }
      }
      c.card = static_cast<uint32_t>(K().count(c.words.data(), kChunkWords));
      ToArrayIfSmall(c);
    } else {
      c.array.reserve(total);
      for (size_t k = i; k < j; ++k) {
        c.array.insert(c.array.end(), parts[k].second->array.begin(), parts[k].second->array.end());
      }
      std::sort(c.array.begin(), c.array.end());
      c.array.erase(std::unique(c.array.begin(), c.array.end()), c.array.end());
      c.card = static_cast<uint32_t>(c.array.size());
    }
    out.keys_.push_back(key);
    out.containers_.push_back(std::move(c));
    i = j;
  }
  return out;
}

Bitmap Bitmap::AndNot(const Bitmap& a, const Bitmap& b) {
  Bitmap out;
  size_t j = 0;
  for (size_t i = 0; i < a.keys_.size(); ++i) {
    while (j < b.keys_.size() && b.keys_[j] < a.keys_[i]) {
      ++j;
    }
    if (j < b.keys_.size() && b.keys_[j] == a.keys_[i]) {
      Container c = AndNotContainers(a.containers_[i], b.containers_[j]);
      if (c.card != 0) {
        out.keys_.push_back(a.keys_[i]);
        out.containers_.push_back(std::move(c));
      }
    } else {
      out.keys_.push_back(a.keys_[i]);
      out.containers_.push_back(a.containers_[i]);
    }
  }
  return out;
}

void Bitmap::ToVector(std::vector<uint32_t>& out) const {
  out.clear();
  out.reserve(Cardinality());
  ForEach([&](uint32_t id) { out.push_back(id); });
}

void Bitmap::ToWords(uint64_t* words) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    uint64_t* chunk = words + (static_cast<size_t>(keys_[i]) << 10);
    const Container& c = containers_[i];
    if (c.IsBitset()) {
      std::memcpy(chunk, c.words.data(), kChunkWords * sizeof(uint64_t));
    } else {
      for (const uint16_t low : c.array) {
        chunk[low >> 6] |= uint64_t{1} << (low & 63U);
      }
    }
  }
}

size_t Bitmap::MemoryBytes() const {
  size_t n = keys_.capacity() * sizeof(uint16_t) + containers_.capacity() * sizeof(Container);
  for (const Container& c : containers_) {
    n += c.array.capacity() * sizeof(uint16_t) + c.words.capacity() * sizeof(uint64_t);
  }
  return n;
}

void Bitmap::ShrinkToFit() {
  keys_.shrink_to_fit();
  containers_.shrink_to_fit();
  for (Container& c : containers_) {
    c.array.shrink_to_fit();
  }
}

bool operator==(const Bitmap& a, const Bitmap& b) {
  if (a.keys_ != b.keys_) {
    return false;
  }
  for (size_t i = 0; i < a.keys_.size(); ++i) {
    const Bitmap::Container& x = a.containers_[i];
    const Bitmap::Container& y = b.containers_[i];
    if (x.card != y.card) {
      return false;
    }
    if (x.IsBitset() == y.IsBitset()) {
      if (x.array != y.array || x.words != y.words) {
        return false;
      }
    } else if (Bitmap::AndCardContainers(x, y) != x.card) {
      return false;
    }
  }
  return true;
}

// Layout: u32 chunk count, then per chunk: u16 key, u8 kind (0 array, 1 bitset), u32 card,
// then card u16 values or 1024 u64 words. Native endianness (the snapshot is machine-local).
void Bitmap::Save(std::ostream& out) const {
  const auto n = static_cast<uint32_t>(keys_.size());
  out.write(reinterpret_cast<const char*>(&n), sizeof(n));
  for (size_t i = 0; i < keys_.size(); ++i) {
    const Container& c = containers_[i];
    const uint8_t kind = c.IsBitset() ? 1 : 0;
    out.write(reinterpret_cast<const char*>(&keys_[i]), sizeof(uint16_t));
    out.write(reinterpret_cast<const char*>(&kind), 1);
    out.write(reinterpret_cast<const char*>(&c.card), sizeof(uint32_t));
    if (c.IsBitset()) {
      out.write(reinterpret_cast<const char*>(c.words.data()),
                static_cast<std::streamsize>(kChunkWords * sizeof(uint64_t)));
    } else {
      out.write(reinterpret_cast<const char*>(c.array.data()),
                static_cast<std::streamsize>(c.array.size() * sizeof(uint16_t)));
    }
  }
}

bool Bitmap::Load(std::istream& in) {
  Clear();
  uint32_t n = 0;
  if (!in.read(reinterpret_cast<char*>(&n), sizeof(n)) || n > 65536) {
    return false;
  }
  keys_.resize(n);
  containers_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t kind = 0;
    Container& c = containers_[i];
    if (!in.read(reinterpret_cast<char*>(&keys_[i]), sizeof(uint16_t)) ||
        !in.read(reinterpret_cast<char*>(&kind), 1) ||
        !in.read(reinterpret_cast<char*>(&c.card), sizeof(uint32_t))) {
      return false;
    }
    if ((i > 0 && keys_[i] <= keys_[i - 1]) || c.card == 0 || c.card > 65536 || kind > 1) {
      return false;
    }
    if (kind == 1) {
      c.words.resize(kChunkWords);
      if (!in.read(reinterpret_cast<char*>(c.words.data()),
                   static_cast<std::streamsize>(kChunkWords * sizeof(uint64_t))) ||
          K().count(c.words.data(), kChunkWords) != c.card) {
        return false;
      }
    } else {
      if (c.card > kArrayMax) {
        return false;
      }
      c.array.resize(c.card);
      if (!in.read(reinterpret_cast<char*>(c.array.data()),
                   static_cast<std::streamsize>(c.card * sizeof(uint16_t)))) {
        return false;
      }
      for (size_t k = 1; k < c.array.size(); ++k) {
        if (c.array[k] <= c.array[k - 1]) {
          return false;
        }
      }
    }
  }
  return true;
}

}  // namespace emporion::search
