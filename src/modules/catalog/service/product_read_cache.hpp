// ProductReadCache: the serialized API form of recently read products (`GET
// /api/v1/products/{id}`, stored and merged views), so hot storefront reads skip the read
// transaction, the merge and the JSON writer. Cleared on every `catalog.*` event of this process
// (a change to a catalog, category, property, link, SEO info or any product can change another
// product's merged view, outlines or sellability), bounded in size, and each entry lives at most
// `ttl` (the staleness bound when several nodes share one PostgreSQL database: events of other
// nodes do not reach this process) and never past its next sellability boundary (startDate or
// endDate). A generation counter keeps a read that raced with a change from being stored.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/core/clock.hpp"

namespace emporion::catalog {

class ProductReadCache {
 public:
  struct Entry {
    std::string json;
    std::int64_t version = 0;
    std::string catalog_id;  // for the caller's catalog scope
    Timestamp valid_until = 0;  // 0: no sellability boundary ahead
    std::chrono::steady_clock::time_point expires{};
  };

  explicit ProductReadCache(std::size_t capacity = 10'000,
                            std::chrono::milliseconds ttl = std::chrono::seconds(5))
      : capacity_(capacity), ttl_(ttl) {}

  /// The entry for `key` that is still fresh at `now`, or null.
  std::shared_ptr<const Entry> Get(const std::string& key, Timestamp now) const;
  /// Read before loading what will be Put: a change in between makes Put a no-op.
  [[nodiscard]] std::uint64_t Generation() const;
  void Put(const std::string& key, Entry entry, std::uint64_t generation);
  void Clear();

 private:
  const std::size_t capacity_;
  const std::chrono::milliseconds ttl_;
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;                                              // GUARDED_BY(mutex_)
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::catalog
