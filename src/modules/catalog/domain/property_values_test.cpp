#include "modules/catalog/domain/property_values.hpp"

#include <gtest/gtest.h>

namespace emporion::catalog {
namespace {

Property Def(std::string id, ValueType vt, PropertyType type = PropertyType::kProduct) {
  Property p;
  p.meta.id = id;
  p.name = id;
  p.catalog_id = "cat";
  p.type = type;
  p.value_type = vt;
  return p;
}

PropertyValues Values(std::string name, std::vector<PropertyScalar> values,
                      std::optional<std::string> language = std::nullopt) {
  PropertyValues pv;
  pv.name = std::move(name);
  for (auto& v : values) pv.values.push_back({std::move(v), language, std::nullopt});
  return pv;
}

std::vector<FieldError> Check(const std::vector<Property>& defs, std::vector<PropertyValues> values,
                              ValueOwner owner = ValueOwner::kProduct,
                              std::set<std::string> inherited = {}) {
  PropertyScope scope;
  for (const auto& d : defs) scope.properties.push_back(&d);
  scope.languages = {"en-US", "de-DE"};
  scope.inherited = std::move(inherited);
  scope.dictionaries["size"] = {{"s-id", "S"}, {"m-id", "M"}};
  return ValidatePropertyValues(values, scope, owner);
}

TEST(PropertyValuesTest, EachValueTypeAcceptsItsValuesAndRefusesOthers) {
  struct Case {
    ValueType type;
    PropertyScalar value;
    bool ok;
  };
  const Case cases[] = {
      {ValueType::kShortText, std::string("red"), true},
      {ValueType::kShortText, std::int64_t{5}, false},
      {ValueType::kShortText, std::string(513, 'x'), false},
      {ValueType::kLongText, std::string(5000, 'x'), true},
      {ValueType::kHtml, std::string("<b>x</b>"), true},
      {ValueType::kHtml, true, false},
      {ValueType::kNumber, 2.5, true},
      {ValueType::kNumber, std::int64_t{3}, true},
      {ValueType::kNumber, std::string("3"), false},
      {ValueType::kInteger, std::int64_t{3}, true},
      {ValueType::kInteger, 2.5, false},
      {ValueType::kBoolean, true, true},
      {ValueType::kBoolean, std::string("true"), false},
      {ValueType::kDateTime, std::string("2026-11-24T17:05:00Z"), true},
      {ValueType::kDateTime, std::string("tomorrow"), false},
      {ValueType::kGeoPoint, std::string("52.52,13.40"), true},
      {ValueType::kGeoPoint, std::string("95,13"), false},
      {ValueType::kGeoPoint, std::string("north"), false},
  };
  for (const auto& c : cases) {
    auto errors = Check({Def("p", c.type)}, {Values("p", {c.value})});
    EXPECT_EQ(errors.empty(), c.ok) << ToString(c.type) << " case failed";
    if (!c.ok && !errors.empty()) {
      EXPECT_EQ(errors[0].field, "properties.p");
    }
  }
}

TEST(PropertyValuesTest, DateTimesAreNormalized) {
  PropertyScope scope;
  Property d = Def("when", ValueType::kDateTime);
  scope.properties = {&d};
  std::vector<PropertyValues> values = {Values("when", {std::string("2026-11-24T18:05:00+01:00")})};
  EXPECT_TRUE(ValidatePropertyValues(values, scope, ValueOwner::kProduct).empty());
  EXPECT_EQ(std::get<std::string>(values[0].values[0].value), "2026-11-24T17:05:00Z");
  EXPECT_EQ(values[0].property_id, "when");
}

TEST(PropertyValuesTest, ValidationRulesBindTextLengthPatternAndNumberRange) {
  Property text = Def("t", ValueType::kShortText);
  text.validation.regex = "[A-Z]{3}";
  text.validation.min_length = 3;
  text.validation.max_length = 3;
  Property num = Def("n", ValueType::kNumber);
  num.validation.min = 0;
  num.validation.max = 10;
  struct Case {
    const Property* def;
    PropertyScalar value;
    bool ok;
  };
  const Case cases[] = {
      {&text, std::string("ABC"), true},
      {&text, std::string("abc"), false},
      {&text, std::string("ABCD"), false},
      {&text, std::string("AB"), false},
      {&num, 0.0, true},
      {&num, 10.0, true},
      {&num, 10.5, false},
      {&num, std::int64_t{-1}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Check({*c.def}, {Values(c.def->name, {c.value})}).empty(), c.ok);
  }
}

TEST(PropertyValuesTest, RequiredMissingIsNamed) {
  Property p = Def("brand", ValueType::kShortText);
  p.required = true;
  auto errors = Check({p}, {});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "properties.brand");
  EXPECT_EQ(errors[0].message, "is required");
  EXPECT_FALSE(Check({p}, {Values("brand", {})}).empty());  // empty values do not count
}

TEST(PropertyValuesTest, RequiredBindsByOwner) {
  Property product_level = Def("brand", ValueType::kShortText, PropertyType::kProduct);
  product_level.required = true;
  Property variation_level = Def("size", ValueType::kShortText, PropertyType::kVariation);
  variation_level.required = true;
  variation_level.dictionary = true;
  // A main product needs the product-level value only.
  auto main_errors = Check({product_level, variation_level}, {});
  ASSERT_EQ(main_errors.size(), 1u);
  EXPECT_EQ(main_errors[0].field, "properties.brand");
  // A variation needs both, but inherits the product-level one from its main product.
  auto variation_errors =
      Check({product_level, variation_level}, {}, ValueOwner::kVariation, {"brand", "size"});
  ASSERT_EQ(variation_errors.size(), 1u);
  EXPECT_EQ(variation_errors[0].field, "properties.size");
}

TEST(PropertyValuesTest, DictionaryValuesMatchByAliasOrId) {
  Property size = Def("size", ValueType::kShortText);
  size.dictionary = true;
  std::vector<PropertyValues> by_alias = {Values("size", {std::string("m")})};
  PropertyScope scope;
  scope.properties = {&size};
  scope.dictionaries["size"] = {{"s-id", "S"}, {"m-id", "M"}};
  EXPECT_TRUE(ValidatePropertyValues(by_alias, scope, ValueOwner::kProduct).empty());
  EXPECT_EQ(by_alias[0].values[0].value_id, "m-id");
  EXPECT_EQ(std::get<std::string>(by_alias[0].values[0].value), "M");

  PropertyValues by_id;
  by_id.property_id = "size";
  by_id.values.push_back({std::monostate{}, std::nullopt, std::string("s-id")});
  std::vector<PropertyValues> ids = {by_id};
  EXPECT_TRUE(ValidatePropertyValues(ids, scope, ValueOwner::kProduct).empty());
  EXPECT_EQ(std::get<std::string>(ids[0].values[0].value), "S");

  auto errors = Check({size}, {Values("size", {std::string("XXL")})});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("dictionary"), std::string::npos);
}

TEST(PropertyValuesTest, MultivalueAndMultilanguage) {
  Property single = Def("color", ValueType::kShortText);
  Property multi = Def("tags", ValueType::kShortText);
  multi.multivalue = true;
  Property localized = Def("title", ValueType::kShortText);
  localized.multilanguage = true;
  struct Case {
    const Property* def;
    std::vector<PropertyValueItem> items;
    bool ok;
  };
  const std::optional<std::string> none;
  const Case cases[] = {
      {&single, {{std::string("red"), none, none}}, true},
      {&single, {{std::string("red"), none, none}, {std::string("blue"), none, none}}, false},
      {&multi, {{std::string("a"), none, none}, {std::string("b"), none, none}}, true},
      {&localized,
       {{std::string("Hi"), std::string("en-US"), none},
        {std::string("Hallo"), std::string("de-DE"), none}},
       true},
      {&localized, {{std::string("Hi"), none, none}}, false},
      {&localized, {{std::string("Salut"), std::string("fr-FR"), none}}, false},
      {&localized,
       {{std::string("Hi"), std::string("en-US"), none},
        {std::string("Hello"), std::string("en-US"), none}},
       false},
      {&single, {{std::string("red"), std::string("en-US"), none}}, false},
  };
  for (const auto& c : cases) {
    PropertyValues pv;
    pv.name = c.def->name;
    pv.values = c.items;
    EXPECT_EQ(Check({*c.def}, {pv}).empty(), c.ok) << c.def->name;
  }
}

TEST(PropertyValuesTest, UnknownPropertiesAndWrongOwnersAreRefused) {
  Property category_level = Def("banner", ValueType::kShortText, PropertyType::kCategory);
  auto unknown = Check({}, {Values("ghost", {std::string("x")})});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].field, "properties.ghost");
  auto wrong_owner = Check({category_level}, {Values("banner", {std::string("x")})});
  ASSERT_EQ(wrong_owner.size(), 1u);
  EXPECT_NE(wrong_owner[0].message.find("Category property"), std::string::npos);
  EXPECT_TRUE(Check({category_level}, {Values("banner", {std::string("x")})}, ValueOwner::kCategory)
                  .empty());
  Property p = Def("color", ValueType::kShortText);
  EXPECT_FALSE(
      Check({p}, {Values("color", {std::string("a")}), Values("color", {std::string("b")})})
          .empty());
}

TEST(PropertyValuesTest, PropertiesAreInheritedFromCatalogAndAncestorCategories) {
  std::vector<Property> all = {
      Def("catalog_wide", ValueType::kShortText), Def("on_root", ValueType::kShortText),
      Def("on_child", ValueType::kShortText), Def("elsewhere", ValueType::kShortText)};
  all[1].category_id = "root";
  all[2].category_id = "child";
  all[3].category_id = "other";
  struct Case {
    std::vector<std::string> path;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {{}, {"catalog_wide"}},
      {{"root"}, {"catalog_wide", "on_root"}},
      {{"root", "child"}, {"catalog_wide", "on_root", "on_child"}},
      {{"other"}, {"catalog_wide", "elsewhere"}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> names;
    for (const Property* p : ApplicableProperties(all, c.path)) names.push_back(p->name);
    EXPECT_EQ(names, c.expected);
  }
}

}  // namespace
}  // namespace emporion::catalog
