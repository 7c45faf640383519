#include "modules/catalog/domain/variation_merge.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace emporion::catalog {
namespace {

Product Main() {
  Product m;
  m.meta.id = "main";
  m.code = "SHIRT";
  m.name = "Shirt";
  m.catalog_id = "cat";
  m.category_id = "shirts";
  m.is_active = true;
  m.tax_type = "Clothing";
  m.weight = 0.3;
  m.gtin = "111";
  m.images.push_back({"main.jpg", std::nullopt, std::nullopt, 0, std::nullopt});
  m.descriptions.push_back({"A fine shirt", "FullReview", std::string("en-US")});
  PropertyValues brand;
  brand.property_id = "brand";
  brand.name = "brand";
  brand.values.push_back({std::string("Acme"), std::nullopt, std::nullopt});
  PropertyValues color;
  color.property_id = "color";
  color.name = "color";
  color.values.push_back({std::string("white"), std::nullopt, std::nullopt});
  m.properties = {brand, color};
  return m;
}

std::optional<PropertyType> TypeOf(const std::string& id) {
  if (id == "brand") return PropertyType::kProduct;
  if (id == "color") return PropertyType::kVariation;
  return std::nullopt;
}

bool Inherited(const Product& p, const std::string& field) {
  return std::find(p.inherited_fields.begin(), p.inherited_fields.end(), field) !=
         p.inherited_fields.end();
}

TEST(VariationMergeTest, UnsetFieldsComeFromTheMainProduct) {
  Product v;
  v.meta.id = "v1";
  v.code = "SHIRT-RED";
  v.name = "Shirt red";
  v.catalog_id = "cat";
  v.main_product_id = "main";
  Product merged = MergeVariation(v, Main(), TypeOf);
  EXPECT_EQ(merged.category_id, "shirts");
  EXPECT_EQ(merged.tax_type, "Clothing");
  EXPECT_EQ(merged.weight, 0.3);
  EXPECT_EQ(merged.images.size(), 1u);
  EXPECT_EQ(merged.descriptions.size(), 1u);
  EXPECT_TRUE(Inherited(merged, "images"));
  EXPECT_TRUE(Inherited(merged, "taxType"));
  // Identity stays the variation's own; gtin is never inherited.
  EXPECT_EQ(merged.meta.id, "v1");
  EXPECT_EQ(merged.code, "SHIRT-RED");
  EXPECT_EQ(merged.name, "Shirt red");
  EXPECT_FALSE(merged.gtin.has_value());
}

TEST(VariationMergeTest, OwnValuesWin) {
  struct Case {
    const char* field;
    std::function<void(Product&)> set;
    std::function<bool(const Product&)> kept;
  };
  const Case cases[] = {
      {"taxType", [](Product& p) { p.tax_type = "Kids"; },
       [](const Product& p) { return p.tax_type == "Kids"; }},
      {"images",
       [](Product& p) {
         p.images.push_back({"red.jpg", std::nullopt, std::nullopt, 0, std::nullopt});
       },
       [](const Product& p) { return p.images.size() == 1 && p.images[0].url == "red.jpg"; }},
      {"isActive", [](Product& p) { p.is_active = false; },
       [](const Product& p) { return p.is_active == false; }},
      {"categoryId", [](Product& p) { p.category_id = "sale"; },
       [](const Product& p) { return p.category_id == "sale"; }},
  };
  for (const auto& c : cases) {
    Product v;
    v.meta.id = "v1";
    v.main_product_id = "main";
    c.set(v);
    Product merged = MergeVariation(v, Main(), TypeOf);
    EXPECT_TRUE(c.kept(merged)) << c.field;
    EXPECT_FALSE(Inherited(merged, c.field)) << c.field;
  }
}

TEST(VariationMergeTest, OnlyProductLevelPropertyValuesAreInherited) {
  Product v;
  v.meta.id = "v1";
  v.main_product_id = "main";
  Product merged = MergeVariation(v, Main(), TypeOf);
  ASSERT_EQ(merged.properties.size(), 1u);
  EXPECT_EQ(merged.properties[0].property_id, "brand");
  EXPECT_TRUE(merged.properties[0].inherited);
  EXPECT_TRUE(Inherited(merged, "properties"));

  PropertyValues own_brand;
  own_brand.property_id = "brand";
  own_brand.name = "brand";
  own_brand.values.push_back({std::string("Other"), std::nullopt, std::nullopt});
  v.properties = {own_brand};
  merged = MergeVariation(v, Main(), TypeOf);
  ASSERT_EQ(merged.properties.size(), 1u);
  EXPECT_FALSE(merged.properties[0].inherited);
  EXPECT_EQ(std::get<std::string>(merged.properties[0].values[0].value), "Other");
}

TEST(VariationMergeTest, NotAVariationOfThisMainIsLeftAlone) {
  Product v;
  v.meta.id = "v1";
  v.main_product_id = "someone-else";
  Product merged = MergeVariation(v, Main(), TypeOf);
  EXPECT_FALSE(merged.category_id.has_value());
  EXPECT_TRUE(merged.inherited_fields.empty());
}

}  // namespace
}  // namespace emporion::catalog
