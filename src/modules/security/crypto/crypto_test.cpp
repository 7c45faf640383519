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

TEST(CryptoTest, HmacSha256KeepsKeysApartWhenTheyAlternate) {
  // RFC 4231 test case 6: a 131-byte key (longer than the block, so it is hashed first).
  const std::string long_key(131, '\xaa');
  const std::string case6 = "Test Using Larger Than Block-Size Key - Hash Key First";
  const std::string expected6 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
  const std::string expected2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  // The thread's context is re-keyed on every switch and reused while the key stays.
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(Hex(HmacSha256(long_key, case6)), expected6);
    EXPECT_EQ(Hex(HmacSha256(long_key, case6)), expected6);
    EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")), expected2);
  }
  EXPECT_EQ(HmacSha256("", "").size(), 32u);
}

TEST(CryptoTest, Base64UrlDecodesEveryLengthAndRejectsOtherSpellings) {
  for (std::size_t n = 0; n < 40; ++n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(i * 37 + n));
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)).value(), bytes) << n;
  }
  EXPECT_FALSE(Base64UrlDecode("A").has_value()) << "no length leaves 6 bits";
  EXPECT_FALSE(Base64UrlDecode("AB").has_value()) << "unused trailing bits must be zero";
  EXPECT_EQ(Base64UrlDecode("AA").value(), std::string(1, '\0'));
  EXPECT_FALSE(Base64UrlDecode("AA.A").has_value());
  EXPECT_FALSE(Base64UrlDecode("AA A").has_value());
  EXPECT_FALSE(Base64UrlDecode("AAB").has_value()) << "two bytes leave 2 bits that must be zero";
  EXPECT_EQ(Base64UrlDecode("AAE").value(), std::string("\0\x01", 2));
  EXPECT_FALSE(Base64UrlDecode("AAAA=A").has_value()) << "no padding, nothing outside the alphabet";
  EXPECT_FALSE(Base64UrlDecode("AAAAA+").has_value());
  EXPECT_EQ(Base64UrlDecode("_-_-").value(), "\xff\xef\xfe");
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
