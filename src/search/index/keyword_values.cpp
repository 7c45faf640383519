#include "search/index/keyword_values.hpp"

#include <istream>
#include <ostream>

namespace emporion::search {

uint32_t KeywordValues::Intern(std::string_view value) {
  bool inserted = false;
  const uint32_t ordinal = values_.Intern(value, inserted);
  if (inserted) {
    Reserve(reps_, 1);
    reps_.push_back(kNone);
  }
  return ordinal;
}

void KeywordValues::AddDoc(uint32_t ordinal, uint32_t doc) {
  uint32_t& rep = reps_[ordinal];
  if (rep == kNone) {
    rep = doc;
    return;
  }
  if ((rep & kBitmapTag) != 0) {
    bitmaps_[rep & ~kBitmapTag].Add(doc);
    return;
  }
  if (rep == doc) {
    return;
  }
  Bitmap docs;
  docs.Add(rep);
  docs.Add(doc);
  rep = kBitmapTag | static_cast<uint32_t>(bitmaps_.size());
  bitmaps_.push_back(std::move(docs));
}

void KeywordValues::RemoveDoc(uint32_t ordinal, uint32_t doc) {
  uint32_t& rep = reps_[ordinal];
  if (rep == kNone) {
    return;
  }
  if ((rep & kBitmapTag) != 0) {
    bitmaps_[rep & ~kBitmapTag].Remove(doc);
  } else if (rep == doc) {
    rep = kNone;
  }
}

uint64_t KeywordValues::CountIn(uint32_t ordinal, const Bitmap& over) const {
  if (const Bitmap* docs = Docs(ordinal)) {
    return Bitmap::AndCardinality(over, *docs);
  }
  const uint32_t doc = SingleDoc(ordinal);
  return doc != kNone && over.Contains(doc) ? 1 : 0;
}

uint64_t KeywordValues::MemoryBytes() const {
  uint64_t bytes = values_.MemoryBytes() + Capacity(reps_) + Capacity(bitmaps_);
  for (const Bitmap& b : bitmaps_) {
    bytes += b.MemoryBytes();
  }
  return bytes;
}

void KeywordValues::Trim() {
  values_.Trim();
  TrimCapacity(reps_);
  TrimCapacity(bitmaps_);
  for (Bitmap& b : bitmaps_) {
    b.ShrinkToFit();
  }
}

void KeywordValues::Save(std::ostream& out) const {
  values_.Save(out);
  WriteVector(out, reps_);
  WritePod<uint64_t>(out, bitmaps_.size());
  for (const Bitmap& b : bitmaps_) {
    b.Save(out);
  }
}

bool KeywordValues::Load(std::istream& in, uint32_t doc_limit) {
  uint64_t nbitmaps = 0;
  if (!values_.Load(in) || !ReadVector(in, reps_) || reps_.size() != values_.size() ||
      !ReadPod(in, nbitmaps) || nbitmaps > reps_.size()) {
    return false;
  }
  bitmaps_.resize(nbitmaps);
  for (Bitmap& b : bitmaps_) {
    if (!b.Load(in) || (!b.Empty() && b.Max() >= doc_limit)) {
      return false;
    }
  }
  // Every bitmap belongs to exactly one value; inline documents are below the limit.
  std::vector<uint8_t> owned(bitmaps_.size(), 0);
  for (const uint32_t rep : reps_) {
    if (rep == kNone) {
      continue;
    }
    if ((rep & kBitmapTag) == 0) {
      if (rep >= doc_limit) {
        return false;
      }
      continue;
    }
    const uint32_t i = rep & ~kBitmapTag;
    if (i >= bitmaps_.size() || owned[i] != 0) {
      return false;
    }
    owned[i] = 1;
  }
  return std::find(owned.begin(), owned.end(), 0) == owned.end();
}

}  // namespace emporion::search
