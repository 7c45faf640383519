// Language tag syntax and canonical casing.
#include "modules/localization/domain/rules.hpp"

#include <gtest/gtest.h>

namespace emporion::localization {
namespace {

TEST(LanguageTagTest, CanonicalizesValidTags) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"en-US", "en-US"},     {"en-us", "en-US"},   {"EN_us", "en-US"},
      {"de", "de"},           {"gsw-CH", "gsw-CH"}, {"zh-hant-tw", "zh-Hant-TW"},
      {"sr-Latn", "sr-Latn"}, {"es-419", "es-419"}, {"DE-de", "de-DE"},
  };
  for (const auto& c : cases) {
    auto got = CanonicalLanguageTag(c.in);
    ASSERT_TRUE(got.has_value()) << c.in;
    EXPECT_EQ(*got, c.out) << c.in;
  }
}

TEST(LanguageTagTest, RejectsMalformedTags) {
  for (const char* bad : {"", "e", "english", "en-", "-US", "en-USA", "en-U5", "en-US-x",
                          "en-Latn-US-1", "12-US", "en US", "en-1234", "en--US"}) {
    EXPECT_FALSE(CanonicalLanguageTag(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace emporion::localization
