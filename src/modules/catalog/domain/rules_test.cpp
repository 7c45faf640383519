#include "modules/catalog/domain/rules.hpp"

#include <gtest/gtest.h>

namespace emporion::catalog {
namespace {

Catalog TwoLanguages() {
  Catalog c;
  c.meta.id = "cat";
  c.name = "Main";
  c.default_language = "en-US";
  c.languages = {"en-US", "de-DE"};
  return c;
}

bool HasField(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) return true;
  }
  return false;
}

TEST(CatalogRulesTest, CodesRefuseWhitespaceAndReservedCharacters) {
  struct Case {
    std::string code;
    bool ok;
  };
  const Case cases[] = {
      {"SKU-123", true},
      {"abc_def.9", true},
      {"", false},
      {"has space", false},
      {"a/b", false},
      {"50%", false},
      {"x&y", false},
      {std::string(64, 'a'), true},
      {std::string(65, 'a'), false},
  };
  for (const auto& c : cases) EXPECT_EQ(!CheckCode(c.code).has_value(), c.ok) << c.code;
}

TEST(CatalogRulesTest, SlugsAndLanguageTags) {
  EXPECT_FALSE(CheckSlug("red-shirt").has_value());
  EXPECT_TRUE(CheckSlug("red shirt").has_value());
  EXPECT_TRUE(CheckSlug("a/b").has_value());
  EXPECT_TRUE(CheckSlug("").has_value());
  EXPECT_TRUE(IsLanguageCode("en-US"));
  EXPECT_TRUE(IsLanguageCode("de"));
  EXPECT_TRUE(IsLanguageCode("zh-Hant-TW"));
  EXPECT_FALSE(IsLanguageCode("e"));
  EXPECT_FALSE(IsLanguageCode("en_US"));
  EXPECT_FALSE(IsLanguageCode("en-"));
}

TEST(CatalogRulesTest, CatalogNeedsNameAndItsDefaultLanguageAmongItsLanguages) {
  Catalog ok = TwoLanguages();
  EXPECT_TRUE(ValidateCatalog(ok).empty());
  Catalog bad = ok;
  bad.name = "";
  bad.languages = {"de-DE"};
  auto errors = ValidateCatalog(bad, "items[2].");
  EXPECT_TRUE(HasField(errors, "items[2].name"));
  EXPECT_TRUE(HasField(errors, "items[2].languages"));
}

TEST(CatalogRulesTest, ProductWindowQuantitiesAndLanguagesAreChecked) {
  Product p;
  p.code = "SKU";
  p.name = "Shirt";
  p.start_date = 200;
  p.end_date = 100;
  p.min_quantity = 5;
  p.max_quantity = 2;
  p.weight = -1;
  p.descriptions.push_back({"Nice", "FullReview", std::string("fr-FR")});
  p.localized_name.push_back({"de-DE", "Hemd"});
  auto errors = ValidateProduct(p, TwoLanguages());
  EXPECT_TRUE(HasField(errors, "endDate"));
  EXPECT_TRUE(HasField(errors, "maxQuantity"));
  EXPECT_TRUE(HasField(errors, "weight"));
  EXPECT_TRUE(HasField(errors, "descriptions[0].languageCode"));
  EXPECT_FALSE(HasField(errors, "localizedName[0].languageCode"));
}

TEST(CatalogRulesTest, SellableOnlyWhenActiveBuyableAndInsideTheHalfOpenWindow) {
  struct Case {
    std::optional<bool> active;
    std::optional<bool> buyable;
    std::optional<Timestamp> start;
    std::optional<Timestamp> end;
    Timestamp now;
    bool main_active;
    bool sellable;
  };
  const Case cases[] = {
      {true, true, std::nullopt, std::nullopt, 50, true, true},
      {false, true, std::nullopt, std::nullopt, 50, true, false},
      {true, false, std::nullopt, std::nullopt, 50, true, false},
      {true, true, 100, std::nullopt, 50, true, false},   // before start
      {true, true, 100, std::nullopt, 100, true, true},   // start is inclusive
      {true, true, std::nullopt, 100, 100, true, false},  // end is exclusive
      {true, true, std::nullopt, 100, 99, true, true},
      {std::nullopt, std::nullopt, std::nullopt, std::nullopt, 1, true, true},
      {true, true, std::nullopt, std::nullopt, 1, false, false},  // main product inactive
  };
  for (const auto& c : cases) {
    Product p;
    p.is_active = c.active;
    p.is_buyable = c.buyable;
    p.start_date = c.start;
    p.end_date = c.end;
    EXPECT_EQ(IsSellable(p, c.now, c.main_active), c.sellable) << "now " << c.now;
  }
}

TEST(CatalogRulesTest, PropertyFlagsMustFitTheValueType) {
  struct Case {
    ValueType type;
    bool dictionary;
    bool multilanguage;
    bool multivalue;
    std::optional<std::string> regex;
    std::optional<double> min;
    const char* bad_field;  // nullptr: valid
  };
  const Case cases[] = {
      {ValueType::kShortText, true, false, true, std::nullopt, std::nullopt, nullptr},
      {ValueType::kInteger, true, false, false, std::nullopt, std::nullopt, "dictionary"},
      {ValueType::kBoolean, false, true, false, std::nullopt, std::nullopt, "multilanguage"},
      {ValueType::kDateTime, false, false, true, std::nullopt, std::nullopt, "multivalue"},
      {ValueType::kShortText, false, false, false, std::string("[a-"), std::nullopt,
       "validation.regex"},
      {ValueType::kNumber, false, false, false, std::string("x"), std::nullopt, "validation.regex"},
      {ValueType::kShortText, false, false, false, std::nullopt, 1.0, "validation"},
      {ValueType::kNumber, false, false, false, std::nullopt, 1.0, nullptr},
  };
  for (const auto& c : cases) {
    Property p;
    p.name = "color";
    p.value_type = c.type;
    p.dictionary = c.dictionary;
    p.multilanguage = c.multilanguage;
    p.multivalue = c.multivalue;
    p.validation.regex = c.regex;
    p.validation.min = c.min;
    auto errors = ValidateProperty(p, TwoLanguages());
    if (c.bad_field == nullptr) {
      EXPECT_TRUE(errors.empty()) << ToString(c.type);
    } else {
      EXPECT_TRUE(HasField(errors, c.bad_field)) << ToString(c.type) << " " << c.bad_field;
    }
  }
  Property bad_name;
  bad_name.name = "1color";
  EXPECT_TRUE(HasField(ValidateProperty(bad_name, TwoLanguages()), "name"));
}

TEST(CatalogRulesTest, DefaultsApplyToMainProductsOnly) {
  Product main;
  ApplyProductDefaults(main);
  EXPECT_EQ(main.product_type, ProductType::kPhysical);
  EXPECT_EQ(main.is_active, true);
  EXPECT_EQ(main.priority, 0);
  Product variation;
  variation.main_product_id = "m";
  ApplyProductDefaults(variation);
  EXPECT_FALSE(variation.is_active.has_value());
  EXPECT_FALSE(variation.product_type.has_value());
}

}  // namespace
}  // namespace emporion::catalog
