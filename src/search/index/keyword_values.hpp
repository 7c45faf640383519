// KeywordValues: the values of one keyword field and, per value, its (live) documents.
// Values are interned in a Dict (one arena, an open-addressing table: no string or map node per
// value) and numbered by arrival (ordinals). A value's documents are held inline while it has at
// most one (ids, codes, sort keys: one value per document), in a Bitmap once it ever had two; so
// a field of unique values costs a few bytes per value beyond its text, not a bitmap each.
//
// Thread-compatible: const methods may run concurrently; writes need exclusive access.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string_view>
#include <vector>

#include "search/index/bitmap.hpp"
#include "search/text/dict.hpp"

namespace emporion::search {

class KeywordValues {
 public:
  static constexpr uint32_t kNone = Dict::kNone;
  /// Document ids must stay below this (the top bit tells a bitmap from an inline document).
  static constexpr uint32_t kMaxDoc = (1U << 31) - 1;

  [[nodiscard]] size_t size() const { return values_.size(); }
  [[nodiscard]] std::string_view operator[](uint32_t ordinal) const { return values_.Get(ordinal); }
  /// The ordinal of `value`, or kNone.
  [[nodiscard]] uint32_t Find(std::string_view value) const { return values_.Find(value); }
  /// The ordinal of `value`, added (without documents) when new.
  uint32_t Intern(std::string_view value);

  /// Adds / removes `doc` (< kMaxDoc) to / from the documents of `ordinal`.
  void AddDoc(uint32_t ordinal, uint32_t doc);
  void RemoveDoc(uint32_t ordinal, uint32_t doc);

  /// The documents of `ordinal` as a bitmap, or nullptr when it holds at most one document
  /// (then SingleDoc tells which, or kNone).
  [[nodiscard]] const Bitmap* Docs(uint32_t ordinal) const {
    const uint32_t rep = reps_[ordinal];
    return rep != kNone && (rep & kBitmapTag) != 0 ? &bitmaps_[rep & ~kBitmapTag] : nullptr;
  }
  [[nodiscard]] uint32_t SingleDoc(uint32_t ordinal) const {
    const uint32_t rep = reps_[ordinal];
    return rep != kNone && (rep & kBitmapTag) == 0 ? rep : kNone;
  }
  /// |documents of `ordinal` AND over|.
  [[nodiscard]] uint64_t CountIn(uint32_t ordinal, const Bitmap& over) const;

  [[nodiscard]] uint64_t MemoryBytes() const;
  /// Gives back spare capacity (after a rebuild).
  void Trim();
  void Save(std::ostream& out) const;
  /// False when the stream is short or inconsistent (a document at or above `doc_limit`).
  bool Load(std::istream& in, uint32_t doc_limit);

 private:
  static constexpr uint32_t kBitmapTag = 1U << 31;

  Dict values_;
  std::vector<uint32_t> reps_;  // by ordinal: kNone, a document, or kBitmapTag | bitmap index
  std::vector<Bitmap> bitmaps_;
};

}  // namespace emporion::search
