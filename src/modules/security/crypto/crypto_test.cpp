#include "modules/security/crypto/crypto.hpp"

#include <gtest/gtest.h>

namespace emporion::security::crypto {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

TEST(CryptoTest, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Base64UrlRoundTripsWithoutPadding) {
  const std::string bytes("\xfb\xff\x00\x01x", 5);
  const std::string encoded = Base64UrlEncode(bytes);
  EXPECT_EQ(encoded, "-_8AAXg");
  EXPECT_EQ(Base64UrlDecode(encoded).value(), bytes);
  EXPECT_FALSE(Base64UrlDecode("+/8AAXg").has_value());
  EXPECT_FALSE(Base64UrlDecode("-_8AAXg=").has_value());
}

TEST(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace emporion::security::crypto
