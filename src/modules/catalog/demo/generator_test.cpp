#include "modules/catalog/demo/generator.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "platform/json/json.hpp"

namespace emporion::catalog::demo {
namespace {

std::string Generate(std::int64_t products, std::uint64_t seed) {
  GeneratorOptions o;
  o.products = products;
  o.seed = seed;
  std::ostringstream out;
  GenerateCatalog(o, out);
  return out.str();
}

TEST(GeneratorTest, SameSeedGivesTheSameFileAndAnotherSeedAnotherOne) {
  EXPECT_EQ(Generate(40, 7), Generate(40, 7));
  EXPECT_NE(Generate(40, 7), Generate(40, 8));
}

TEST(GeneratorTest, EmitsEveryKindOfRecordWithTenValuesPerProduct) {
  std::istringstream in(Generate(80, 1));
  std::map<std::string, int> kinds;
  std::set<std::string> skus;
  std::string line;
  int variations = 0;
  while (std::getline(in, line)) {
    auto doc = json::ParseObject(line);
    ASSERT_TRUE(doc.ok()) << line;
    const std::string type = (*doc)["type"].GetString();
    ++kinds[type];
    if (type != "product") continue;
    EXPECT_EQ((*doc)["properties"].Size(), 10u) << line;
    EXPECT_TRUE(skus.insert((*doc)["code"].GetString()).second);
    if (doc->HasMember("mainProductId")) ++variations;
  }
  EXPECT_EQ(kinds["catalog"], 2);  // physical and virtual
  EXPECT_EQ(kinds["property"], 12);
  EXPECT_EQ(kinds["category"], 4 + 20 + 100);
  EXPECT_EQ(kinds["product"], 80);
  EXPECT_EQ(variations, 60);  // groups of a main product and 3 variations
  EXPECT_EQ(kinds["link"], 1 + 2);  // a root category and every tenth main product
}

TEST(GeneratorTest, IdsAndSkusAreStable) {
  GeneratorOptions o;
  EXPECT_EQ(ProductId(o, 12), "electronics-p-0000012");
  EXPECT_EQ(ProductSku(o, 12), "EL-0000012");
}

}  // namespace
}  // namespace emporion::catalog::demo
