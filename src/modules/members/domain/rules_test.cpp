// Member rules: time zones, country codes, language tags, e-mails, dates, hierarchy cycles.
#include "modules/members/domain/rules.hpp"

#include <gtest/gtest.h>

#include <map>

namespace emporion::members {
namespace {

TEST(MemberRulesTest, AcceptsIanaTimeZonesOnly) {
  for (const char* ok : {"Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo",
                         "America/Argentina/Buenos_Aires", "Etc/GMT+5"}) {
    EXPECT_TRUE(IsTimeZone(ok)) << ok;
  }
  for (const char* bad : {"", "Mars/Olympus", "Europe/Berlinn", "GMT+25", "europe berlin",
                          "Europe/Berlin\n", "Ünknown/Zone"}) {
    EXPECT_FALSE(IsTimeZone(bad)) << bad;
  }
}

TEST(MemberRulesTest, NormalizesIso3166CountryCodes) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: invalid
  };
  const Case cases[] = {{"DE", "DE"},     {"de", "DE"},    {"USA", "USA"}, {"deu", "DEU"},
                        {"CH", "CH"},     {"XX", nullptr}, {"D", nullptr}, {"GERM", nullptr},
                        {"ZZZ", nullptr}, {"", nullptr}};
  for (const auto& c : cases) {
    auto got = CountryCode(c.in);
    if (c.out == nullptr) {
      EXPECT_FALSE(got.has_value()) << c.in;
    } else {
      ASSERT_TRUE(got.has_value()) << c.in;
      EXPECT_EQ(*got, c.out);
    }
  }
}

TEST(MemberRulesTest, ChecksLanguageTagsEmailsAndDates) {
  EXPECT_TRUE(IsLanguageTag("en-US"));
  EXPECT_TRUE(IsLanguageTag("de"));
  EXPECT_FALSE(IsLanguageTag("not a tag"));
  EXPECT_FALSE(IsLanguageTag(""));
  EXPECT_TRUE(IsEmail("anna@example.com"));
  EXPECT_FALSE(IsEmail("anna@example"));
  EXPECT_FALSE(IsEmail("@example.com"));
  EXPECT_FALSE(IsEmail("an na@example.com"));
  EXPECT_FALSE(IsEmail("a@b@example.com"));
  EXPECT_TRUE(IsDate("2000-02-29"));
  EXPECT_FALSE(IsDate("1900-02-29"));
  EXPECT_FALSE(IsDate("2001-13-01"));
  EXPECT_FALSE(IsDate("2001-1-01"));
}

TEST(MemberRulesTest, DetectsOrganizationCycles) {
  // root <- a <- b <- c
  const std::map<std::string, std::string> parents = {{"a", "root"}, {"b", "a"}, {"c", "b"}};
  ParentOf parent_of = [&](const std::string& id) -> std::optional<std::string> {
    auto it = parents.find(id);
    if (it == parents.end()) return std::nullopt;
    return it->second;
  };
  struct Case {
    const char* id;
    const char* parent;
    bool cycle;
  };
  const Case cases[] = {
      {"a", "a", true},                              // own parent
      {"a", "c", true},                              // under its own descendant
      {"root", "b", true},                           // the root under a grandchild
      {"c", "root", false},                          // moving up is fine
      {"b", "root", false},    {"new", "c", false},  // a new organization anywhere
      {"x", "unknown", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(WouldCreateCycle(c.id, c.parent, parent_of), c.cycle) << c.id << " -> " << c.parent;
  }
}

}  // namespace
}  // namespace emporion::members
