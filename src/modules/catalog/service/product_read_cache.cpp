#include "modules/catalog/service/product_read_cache.hpp"

namespace emporion::catalog {

std::shared_ptr<const ProductReadCache::Entry> ProductReadCache::Get(const std::string& key,
                                                                     Timestamp now) const {
  std::shared_ptr<const Entry> e;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    e = it->second;
  }
  if (std::chrono::steady_clock::now() >= e->expires) return nullptr;
  if (e->valid_until != 0 && now >= e->valid_until) return nullptr;
  return e;
}

std::uint64_t ProductReadCache::Generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void ProductReadCache::Put(const std::string& key, Entry entry, std::uint64_t generation) {
  entry.expires = std::chrono::steady_clock::now() + ttl_;
  auto value = std::make_shared<const Entry>(std::move(entry));
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  if (entries_.size() >= capacity_) entries_.clear();
  entries_[key] = std::move(value);
}

void ProductReadCache::Clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

}  // namespace emporion::catalog
