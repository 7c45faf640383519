#include "search/text/dict.hpp"

#include <bit>
#include <istream>
#include <ostream>

namespace emporion::search {

void Dict::Save(std::ostream& out) const {
  WriteString(out, arena_);
  WriteVector(out, offsets_);
  WriteVector(out, slots_);
  WritePod<uint32_t>(out, static_cast<uint32_t>(runs_.size()));
  for (const auto& run : runs_) {
    WriteVector(out, run);
  }
  WriteVector(out, tail_);
}

bool Dict::Load(std::istream& in) {
  uint32_t runs = 0;
  if (!ReadString(in, arena_) || !ReadVector(in, offsets_) || !ReadVector(in, slots_) ||
      !ReadPod(in, runs) || runs > 64) {
    return false;
  }
  runs_.resize(runs);
  for (auto& run : runs_) {
    if (!ReadVector(in, run)) {
      return false;
    }
  }
  if (!ReadVector(in, tail_) || offsets_.empty() || offsets_.front() != 0 ||
      offsets_.back() != arena_.size() || !std::is_sorted(offsets_.begin(), offsets_.end())) {
    return false;
  }
  // Every id exactly once over the runs and the tail, each run sorted.
  std::vector<uint8_t> seen(size(), 0);
  size_t count = 0;
  auto less = [this](uint32_t a, uint32_t b) { return Get(a) < Get(b); };
  auto mark = [&](const std::vector<uint32_t>& ids) {
    for (const uint32_t id : ids) {
      if (id >= size() || seen[id] != 0) {
        return false;
      }
      seen[id] = 1;
    }
    count += ids.size();
    return true;
  };
  for (const auto& run : runs_) {
    if (!mark(run) || !std::is_sorted(run.begin(), run.end(), less)) {
      return false;
    }
  }
  if (!mark(tail_) || count != size()) {
    return false;
  }
  // The hash slots as Intern left them: a power of two, at most half full (probes end), every
  // id exactly once with its hash.
  if (slots_.empty()) {
    return size() == 0;
  }
  if (!std::has_single_bit(slots_.size()) || size() * 2 > slots_.size()) {
    return false;
  }
  std::fill(seen.begin(), seen.end(), 0);
  size_t used = 0;
  for (const uint64_t slot : slots_) {
    if (slot == 0) {
      continue;
    }
    const uint64_t id = (slot & 0xFFFFFFFFULL) - 1;
    if (id >= size() || seen[id] != 0) {
      return false;
    }
    seen[id] = 1;
    ++used;
  }
  return used == size();
}

}  // namespace emporion::search
