// PermissionRegistry and NegotiateLanguage: Accept-Language parsing, weights, exact and
// primary-subtag matches, fallbacks, and localized permission display names.
#include "platform/auth/permissions.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace emporion::auth {
namespace {

TEST(NegotiateLanguageTest, PicksTheBestAvailableLanguage) {
  struct Case {
    const char* header;
    std::vector<std::string> available;
    const char* expected;
  };
  const std::vector<std::string> en_de = {"en-US", "de-DE"};
  const Case cases[] = {
      {"de-DE,de;q=0.9,en;q=0.8", en_de, "de-DE"},
      {"", en_de, "en-US"},                    // no header: fallback
      {"fr-FR", en_de, "en-US"},               // nothing matches: fallback
      {"fr-FR,de;q=0.5", en_de, "de-DE"},      // second choice matches
      {"de", en_de, "de-DE"},                  // primary subtag only
      {"de-AT", en_de, "de-DE"},               // same primary subtag
      {"en-GB", en_de, "en-US"},               // same primary subtag
      {"en;q=0.5,de;q=0.8", en_de, "de-DE"},   // weights, not order, decide
      {"de-DE,en-US", en_de, "de-DE"},         // equal weights: header order
      {"DE-de", en_de, "de-DE"},               // case-insensitive, available spelling returned
      {"de;q=0,en", en_de, "en-US"},           // q=0 means not acceptable
      {"de;q=abc,en-US", en_de, "en-US"},      // malformed weight: range ignored
      {"de;q=1.5,en-US", en_de, "en-US"},      // weight above 1 is malformed
      {"  de-DE ; q=1.0 ", en_de, "de-DE"},    // whitespace
      {"*", en_de, "en-US"},                   // any: the fallback when available
      {"fr, *;q=0.1", {"de-DE"}, "de-DE"},     // any: else the first available
      {"en-GB", {"en-US", "en-GB"}, "en-GB"},  // an exact tag beats a primary match
      {",,;q=0.5,", en_de, "en-US"},           // garbage
      {"de-DE", {}, "en-US"},                  // nothing available
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NegotiateLanguage(c.header, c.available), c.expected) << "header: " << c.header;
  }
}

TEST(NegotiateLanguageTest, UsesTheGivenFallback) {
  EXPECT_EQ(NegotiateLanguage("fr", {"en-US", "de-DE"}, "de-DE"), "de-DE");
}

PermissionRegistry MakeRegistry() {
  PermissionRegistry registry;
  registry.Declare({.name = "catalog:read",
                    .module = "catalog",
                    .display_names = {{"en-US", "Read catalog"}, {"de-DE", "Katalog lesen"}}});
  registry.Declare({.name = "orders:read", .module = "", .display_names = {}});
  return registry;
}

TEST(PermissionRegistryTest, DeclaresAndFindsPermissions) {
  PermissionRegistry registry = MakeRegistry();
  EXPECT_TRUE(registry.Exists("catalog:read"));
  EXPECT_FALSE(registry.Exists("catalog:delete"));
  ASSERT_NE(registry.Find("orders:read"), nullptr);
  EXPECT_EQ(registry.Find("orders:read")->module, "orders");  // derived from the name
  EXPECT_EQ(registry.All().size(), 2u);
}

TEST(PermissionRegistryTest, SecondDeclarationReplacesTheFirst) {
  PermissionRegistry registry = MakeRegistry();
  registry.Declare({.name = "catalog:read",
                    .module = "catalog",
                    .display_names = {{"en-US", "View catalog"}},
                    .store_scopable = false});
  ASSERT_EQ(registry.All().size(), 2u);
  EXPECT_EQ(registry.DisplayName("catalog:read", "en-US"), "View catalog");
  EXPECT_FALSE(registry.Find("catalog:read")->store_scopable);
}

TEST(PermissionRegistryTest, DisplayNameFollowsAcceptLanguage) {
  PermissionRegistry registry = MakeRegistry();
  EXPECT_EQ(registry.DisplayName("catalog:read", "de-DE,de;q=0.9"), "Katalog lesen");
  EXPECT_EQ(registry.DisplayName("catalog:read", "de"), "Katalog lesen");
  EXPECT_EQ(registry.DisplayName("catalog:read", "fr-FR"), "Read catalog");
  EXPECT_EQ(registry.DisplayName("catalog:read", ""), "Read catalog");
  EXPECT_EQ(registry.DisplayName("orders:read", "de-DE"), "orders:read");  // no names
  EXPECT_EQ(registry.DisplayName("nope:none", "de-DE"), "nope:none");      // undeclared
}

}  // namespace
}  // namespace emporion::auth
