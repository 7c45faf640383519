#include "modules/stores/domain/store_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace emporion::stores {
namespace {

Store Valid() {
  Store s;
  s.name = "Electronics";
  s.catalog_id = "cat";
  s.default_language = "en-US";
  s.languages = {"en-US", "de-DE"};
  s.default_currency = "USD";
  s.currencies = {"USD", "EUR"};
  return s;
}

bool Names(const std::vector<FieldError>& errors, const std::string& field) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field; });
}

TEST(StoreRulesTest, LanguageTagsAndTimeZones) {
  struct Case {
    const char* text;
    bool tag;
  };
  for (const auto& c :
       {Case{"en", true}, Case{"en-US", true}, Case{"zh-Hant-TW", true}, Case{"e", false},
        Case{"en_US", false}, Case{"en-", false}, Case{"english-US", false}, Case{"", false}}) {
    EXPECT_EQ(IsLanguageTag(c.text), c.tag) << c.text;
  }
  for (const auto& c :
       {Case{"UTC", true}, Case{"Europe/Berlin", true},
        Case{"America/Argentina/Buenos_Aires", true}, Case{"Etc/GMT+1", true},
        Case{"/Berlin", false}, Case{"Europe//Berlin", false}, Case{"Europe/Ber lin", false}}) {
    EXPECT_EQ(IsTimeZoneName(c.text), c.tag) << c.text;
  }
}

TEST(StoreRulesTest, DefaultsMustBeAmongTheLists) {
  struct Case {
    const char* name;
    void (*change)(Store&);
    const char* field;  // nullptr: valid
  };
  const Case cases[] = {
      {"valid", [](Store&) {}, nullptr},
      {"default language not listed", [](Store& s) { s.default_language = "fr-FR"; },
       "defaultLanguage"},
      {"default currency not listed", [](Store& s) { s.default_currency = "GBP"; },
       "defaultCurrency"},
      {"bad currency code", [](Store& s) { s.currencies.push_back("euro"); }, "currencies[2]"},
      {"bad language tag", [](Store& s) { s.languages.push_back("de_DE"); }, "languages[2]"},
      {"repeated center",
       [](Store& s) {
         s.main_fulfillment_center_id = "a";
         s.additional_fulfillment_center_ids = {"b", "a"};
       },
       "additionalFulfillmentCenterIds[1]"},
      {"bad url", [](Store& s) { s.url = "shop.example.com"; }, "url"},
      {"bad country", [](Store& s) { s.country = "de"; }, "country"},
      {"missing catalog", [](Store& s) { s.catalog_id.clear(); }, "catalogId"},
  };
  for (const auto& c : cases) {
    Store s = Valid();
    c.change(s);
    auto errors = ValidateStore(s, "");
    if (c.field == nullptr) {
      EXPECT_TRUE(errors.empty()) << c.name;
    } else {
      EXPECT_TRUE(Names(errors, c.field)) << c.name;
    }
  }
}

TEST(StoreRulesTest, EmptyListsDefaultToTheDefaults) {
  Store s = Valid();
  s.languages.clear();
  s.currencies.clear();
  EXPECT_TRUE(ValidateStore(s, "").empty());
  EXPECT_EQ(s.languages, std::vector<std::string>{"en-US"});
  EXPECT_EQ(s.currencies, std::vector<std::string>{"USD"});
}

}  // namespace
}  // namespace emporion::stores
