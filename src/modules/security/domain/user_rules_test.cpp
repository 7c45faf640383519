#include "modules/security/domain/user_rules.hpp"

#include <gtest/gtest.h>

namespace emporion::security {
namespace {

TEST(UserRulesTest, UserNamesByTheTable) {
  const std::pair<std::string, bool> cases[] = {
      {"admin", true},
      {"jane.doe@example.com", true},
      {"a-b_c+d", true},
      {"", false},
      {"with space", false},
      {"ümlaut", false},
      {std::string(256, 'a'), true},
      {std::string(257, 'a'), false},
      {"semi;colon", false},
  };
  for (const auto& [name, ok] : cases) {
    Status s = ValidateUserName(name);
    EXPECT_EQ(s.ok(), ok) << name;
    if (!s.ok()) {
      EXPECT_EQ(s.error().fields()[0].field, "userName");
    }
  }
}

TEST(UserRulesTest, EmailsByTheTable) {
  const std::pair<const char*, bool> cases[] = {
      {"jane@example.com", true},
      {"j.d+tag@mail.example.co", true},
      {"jane", false},
      {"@example.com", false},
      {"jane@", false},
      {"jane@localhost", false},
      {"jane@exa mple.com", false},
      {"jane@-example.com", false},
      {"ja..ne@example.com", false},
      {"jane doe@example.com", false},
  };
  for (const auto& [email, ok] : cases) {
    Status s = ValidateEmail(email);
    EXPECT_EQ(s.ok(), ok) << email;
    if (!s.ok()) {
      EXPECT_EQ(s.error().fields()[0].field, "email");
    }
  }
}

TEST(UserRulesTest, NormalizedKeysIgnoreAsciiCase) {
  EXPECT_EQ(NormalizeKey("Jane.Doe@Example.COM"), "jane.doe@example.com");
}

}  // namespace
}  // namespace emporion::security
