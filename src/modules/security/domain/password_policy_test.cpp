#include "modules/security/domain/password_policy.hpp"

#include <gtest/gtest.h>

namespace emporion::security {
namespace {

TEST(PasswordPolicyTest, AcceptsAndRejectsByTheTable) {
  struct Case {
    const char* password;
    bool ok;
    const char* message_part;
  };
  const Case cases[] = {
      {"abcdefg1", true, ""},
      {"Passw0rd!", true, ""},
      {"abcdef1", false, "at least 8 characters"},
      {"abcdefgh", false, "must contain a digit"},
      {"12345678", false, "must contain a letter"},
      {"", false, "at least 8 characters"},
      {"пароль12", true, ""},  // 8 code points, 14 bytes; Cyrillic letters count as letters
      {"пар1", false, "at least 8 characters"},  // 8 bytes but only 4 characters
  };
  const PasswordPolicy policy;
  for (const auto& c : cases) {
    Status s = CheckPassword(policy, c.password);
    EXPECT_EQ(s.ok(), c.ok) << c.password;
    if (!c.ok && !s.ok()) {
      EXPECT_EQ(s.error().code(), ErrorCode::kUnprocessable);
      ASSERT_EQ(s.error().fields().size(), 1u);
      EXPECT_EQ(s.error().fields()[0].field, "password");
      EXPECT_NE(s.error().fields()[0].message.find(c.message_part), std::string::npos)
          << c.password << ": " << s.error().fields()[0].message;
    }
  }
}

TEST(PasswordPolicyTest, ReportsEveryBrokenRuleInOneMessage) {
  Status s = CheckPassword(PasswordPolicy{}, "!!!");
  ASSERT_FALSE(s.ok());
  const std::string& m = s.error().fields()[0].message;
  EXPECT_NE(m.find("at least 8"), std::string::npos);
  EXPECT_NE(m.find("letter"), std::string::npos);
  EXPECT_NE(m.find("digit"), std::string::npos);
}

TEST(PasswordPolicyTest, HonoursConfiguredMinimumAndFieldName) {
  PasswordPolicy policy;
  policy.min_length = 12;
  EXPECT_FALSE(CheckPassword(policy, "abcdefgh123").ok());
  EXPECT_TRUE(CheckPassword(policy, "abcdefghi123").ok());
  Status s = CheckPassword(policy, "short1", "newPassword");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields()[0].field, "newPassword");
}

TEST(PasswordPolicyTest, RefusesOverlongPasswords) {
  EXPECT_FALSE(CheckPassword(PasswordPolicy{}, std::string(257, 'a') + "1").ok());
}

}  // namespace
}  // namespace emporion::security
