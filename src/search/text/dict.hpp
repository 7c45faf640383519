// Dict: the engine's string dictionary (text terms and surface forms, keyword values).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "search/text/storage.hpp"

namespace emporion::search {
// Strings interned in one arena: exact lookup by an open-addressing hash whose slots carry the
// hash (one cache miss per probe), prefix scans over sorted runs of ids plus a short unsorted
// tail. Runs merge like a binary counter (the last two merge while the older is at most twice
// the newer), so there are O(log n) runs and interning n strings costs O(n log n) comparisons.
// Mutated by its owner's writes only; const methods are safe to share between readers.
// The snapshot holds the hash slots as they are, so loading is bulk reads plus a linear check.
class Dict {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kTailLimit = 1024;

  [[nodiscard]] size_t size() const { return offsets_.size() - 1; }
  [[nodiscard]] std::string_view Get(uint32_t id) const {
    return {arena_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]};
  }

  [[nodiscard]] uint32_t Find(std::string_view s) const {
    if (slots_.empty()) {
      return kNone;
    }
    const uint64_t hash = Hash(s);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const uint64_t slot = slots_[i];
      if (slot == 0) {
        return kNone;
      }
      if ((slot >> 32) == hash && Get(SlotId(slot)) == s) {
        return SlotId(slot);
      }
    }
  }

  uint32_t Intern(std::string_view s, bool& inserted) { return Intern(s, Hash(s), inserted); }

  static uint64_t Hash(std::string_view s) {
    return static_cast<uint32_t>(std::hash<std::string_view>{}(s));
  }
  // Starts loading the slot of `hash` (Add hashes a whole text before interning its tokens).
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) {
      __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    }
  }

  uint32_t Intern(std::string_view s, uint64_t hash, bool& inserted) {
    inserted = false;
    if ((size() + 1) * 2 > slots_.size()) {
      Rehash(std::max<size_t>(1024, slots_.size() * 2));
    }
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    for (;; i = (i + 1) & mask) {
      const uint64_t slot = slots_[i];
      if (slot == 0) {
        break;
      }
      if ((slot >> 32) == hash && Get(SlotId(slot)) == s) {
        return SlotId(slot);
      }
    }
    const auto id = static_cast<uint32_t>(size());
    arena_.append(s);
    Reserve(offsets_, 1);
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
    slots_[i] = (hash << 32) | (id + 1);
    tail_.push_back(id);
    if (tail_.size() >= kTailLimit) {
      FlushTail();
    }
    inserted = true;
    return id;
  }

  template <typename F>
  void ForEachPrefix(std::string_view prefix, F&& f) const {
    for (const std::vector<uint32_t>& run : runs_) {
      auto it = std::lower_bound(run.begin(), run.end(), prefix,
                                 [this](uint32_t id, std::string_view p) { return Get(id) < p; });
      for (; it != run.end() && Get(*it).substr(0, prefix.size()) == prefix; ++it) {
        f(*it);
      }
    }
    for (const uint32_t id : tail_) {
      if (Get(id).substr(0, prefix.size()) == prefix) {
        f(id);
      }
    }
  }

  [[nodiscard]] uint64_t MemoryBytes() const {
    uint64_t bytes = arena_.capacity() + Capacity(offsets_) + Capacity(slots_) + Capacity(runs_) +
                     Capacity(tail_);
    for (const auto& run : runs_) {
      bytes += Capacity(run);
    }
    return bytes;
  }

  /// Gives back the arena's and offsets' spare capacity (after a rebuild).
  void Trim() {
    TrimCapacity(arena_);
    TrimCapacity(offsets_);
  }

  void Save(std::ostream& out) const;
  bool Load(std::istream& in);

 private:
  static uint32_t SlotId(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }

  void Rehash(size_t slots) {
    slots_.assign(slots, 0);
    const size_t mask = slots - 1;
    for (uint32_t id = 0; id < size(); ++id) {
      const uint64_t hash = Hash(Get(id));
      size_t i = hash & mask;
      while (slots_[i] != 0) {
        i = (i + 1) & mask;
      }
      slots_[i] = (hash << 32) | (id + 1);
    }
  }

  void FlushTail() {
    auto less = [this](uint32_t a, uint32_t b) { return Get(a) < Get(b); };
    std::sort(tail_.begin(), tail_.end(), less);
    runs_.push_back(tail_);
    tail_.clear();
    while (runs_.size() >= 2 && runs_[runs_.size() - 2].size() <= 2 * runs_.back().size()) {
      std::vector<uint32_t>& older = runs_[runs_.size() - 2];
      std::vector<uint32_t> merged;
      merged.reserve(older.size() + runs_.back().size());
      std::merge(older.begin(), older.end(), runs_.back().begin(), runs_.back().end(),
                 std::back_inserter(merged), less);
      older.swap(merged);
      runs_.pop_back();
    }
  }

  std::string arena_;
  std::vector<uint32_t> offsets_{0};
  std::vector<uint64_t> slots_;  // hash << 32 | (id + 1); 0 = empty
  std::vector<std::vector<uint32_t>> runs_;
  std::vector<uint32_t> tail_;
};

}  // namespace emporion::search
