#include "modules/catalog/service/product_read_cache.hpp"

#include <gtest/gtest.h>

namespace emporion::catalog {
namespace {

ProductReadCache::Entry Make(std::string json, Timestamp valid_until = 0) {
  ProductReadCache::Entry e;
  e.json = std::move(json);
  e.version = 3;
  e.catalog_id = "c";
  e.valid_until = valid_until;
  return e;
}

TEST(ProductReadCacheTest, ServesWhatWasPutUntilCleared) {
  ProductReadCache cache;
  cache.Put("p|m", Make("{}"), cache.Generation());
  auto hit = cache.Get("p|m", 100);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->json, "{}");
  EXPECT_EQ(hit->version, 3);
  cache.Clear();
  EXPECT_EQ(cache.Get("p|m", 100), nullptr);
}

TEST(ProductReadCacheTest, APutThatRacedWithAChangeIsDropped) {
  ProductReadCache cache;
  const auto generation = cache.Generation();
  cache.Clear();  // a change happened while the product was being read
  cache.Put("p|m", Make("{}"), generation);
  EXPECT_EQ(cache.Get("p|m", 100), nullptr);
}

TEST(ProductReadCacheTest, EntriesEndAtTheirSellabilityBoundaryAndTtl) {
  ProductReadCache cache(10, std::chrono::milliseconds(0));
  cache.Put("expired", Make("{}"), cache.Generation());
  EXPECT_EQ(cache.Get("expired", 100), nullptr);
  ProductReadCache dated;
  dated.Put("p", Make("{}", 200), dated.Generation());
  EXPECT_NE(dated.Get("p", 199), nullptr);
  EXPECT_EQ(dated.Get("p", 200), nullptr);
}

TEST(ProductReadCacheTest, StaysWithinItsCapacity) {
  ProductReadCache cache(2);
  cache.Put("a", Make("a"), cache.Generation());
  cache.Put("b", Make("b"), cache.Generation());
  cache.Put("c", Make("c"), cache.Generation());
  EXPECT_NE(cache.Get("c", 0), nullptr);
  EXPECT_EQ(cache.Get("a", 0), nullptr);
}

}  // namespace
}  // namespace emporion::catalog
