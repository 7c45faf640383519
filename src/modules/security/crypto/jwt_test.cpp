#include "modules/security/crypto/jwt.hpp"

#include <gtest/gtest.h>

#include "modules/security/crypto/crypto.hpp"

namespace emporion::security {
namespace {

constexpr Timestamp kSecond = 1'000'000;
constexpr Timestamp kStart = 1'790'000'000 * kSecond;

SigningKey Key(std::string kid, char fill) { return {std::move(kid), std::string(32, fill), 0}; }

JwtClaims Claims(Timestamp now, Timestamp ttl) {
  JwtClaims c;
  c.subject = "user-1";
  c.name = "alice";
  c.issued_at = now;
  c.expires_at = now + ttl;
  c.jwt_id = "jti-1";
  return c;
}

TEST(JwtTest, SignedTokenVerifiesAndCarriesItsClaims) {
  FakeClock clock(kStart);
  const SigningKey key = Key("k1", 'a');
  JwtClaims claims = Claims(clock.Now(), 3600 * kSecond);
  claims.client_id = "key-7";
  const std::string token = SignJwt(claims, key);
  auto verified = VerifyJwt(token, {key}, clock.Now());
  ASSERT_TRUE(verified.ok()) << verified.error().detail();
  EXPECT_EQ(verified->subject, "user-1");
  EXPECT_EQ(verified->name, "alice");
  EXPECT_EQ(verified->jwt_id, "jti-1");
  EXPECT_EQ(verified->client_id, std::optional<std::string>("key-7"));
  EXPECT_EQ(verified->expires_at, kStart + 3600 * kSecond);
}

TEST(JwtTest, TokenStopsVerifyingAtItsExpiry) {
  FakeClock clock(kStart);
  const SigningKey key = Key("k1", 'a');
  const std::string token = SignJwt(Claims(clock.Now(), 60 * kSecond), key);
  clock.Advance(60 * kSecond - 1);
  EXPECT_TRUE(VerifyJwt(token, {key}, clock.Now()).ok());
  clock.Advance(1);
  auto expired = VerifyJwt(token, {key}, clock.Now());
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_NE(expired.error().detail().find("expired"), std::string::npos);
}

TEST(JwtTest, TamperedTokensAreRejected) {
  const SigningKey key = Key("k1", 'a');
  const std::string token = SignJwt(Claims(kStart, 3600 * kSecond), key);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  // Another payload under the original signature.
  JwtClaims other = Claims(kStart, 3600 * kSecond);
  other.subject = "admin";
  const std::string forged_payload = SignJwt(other, key);
  const std::string swapped =
      token.substr(0, dot1 + 1) +
      forged_payload.substr(forged_payload.find('.') + 1,
                            forged_payload.rfind('.') - forged_payload.find('.') - 1) +
      token.substr(dot2);
  std::string flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  const std::string cases[] = {
      swapped,          flipped, token.substr(0, dot2),  // no signature
      token + ".extra",                                  // four parts
      "not-a-token",    "",
  };
  for (const auto& bad : cases) {
    auto r = VerifyJwt(bad, {key}, kStart);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    }
  }
}

TEST(JwtTest, AlgorithmNoneAndOtherAlgorithmsAreRefused) {
  const SigningKey key = Key("k1", 'a');
  const std::string header = crypto::Base64UrlEncode(R"({"alg":"none","typ":"JWT","kid":"k1"})");
  const std::string payload =
      crypto::Base64UrlEncode(R"({"sub":"user-1","exp":99999999999,"iat":1})");
  EXPECT_FALSE(VerifyJwt(header + "." + payload + ".", {key}, kStart).ok());
  const std::string hs512 = crypto::Base64UrlEncode(R"({"alg":"HS512","kid":"k1"})");
  const std::string signing_input = hs512 + "." + payload;
  const std::string sig = crypto::Base64UrlEncode(crypto::HmacSha256(key.secret, signing_input));
  EXPECT_FALSE(VerifyJwt(signing_input + "." + sig, {key}, kStart).ok());
}

// A token with this header and payload text, correctly signed with `key`.
std::string SignRaw(std::string_view header, std::string_view payload, const SigningKey& key) {
  const std::string input =
      crypto::Base64UrlEncode(header) + "." + crypto::Base64UrlEncode(payload);
  return input + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key.secret, input));
}

TEST(JwtTest, SignedButMalformedHeadersAndPayloadsAreRefused) {
  const SigningKey key = Key("k1", 'a');
  constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT","kid":"k1"})";
  constexpr std::string_view kPayload = R"({"sub":"user-1","exp":99999999999,"iat":1})";
  ASSERT_TRUE(VerifyJwt(SignRaw(kHeader, kPayload, key), {key}, kStart).ok());
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"({"alg":"HS256","kid":"k1"} {})", kPayload},               // two documents
      {R"(["HS256","k1"])", kPayload},                              // not an object
      {R"({"alg":"HS256","kid":{"id":"k1"}})", kPayload},           // nested
      {R"({"alg":"HS256","kid":7})", kPayload},                     // kid not a string
      {R"({"alg":"HS256","kid":"k1")", kPayload},                   // truncated
      {kHeader, R"({"sub":"user-1","exp":99999999999,"x":[1]})"},   // an array
      {kHeader, R"({"sub":"user-1","exp":{"at":1}})"},              // nested
      {kHeader, R"({"sub":7,"exp":99999999999})"},                  // sub not a string
      {kHeader, R"({"sub":"user-1","exp":99999999999.5})"},         // exp not an integer
      {kHeader, R"({"sub":"user-1","exp":"99999999999"})"},         // exp a string
      {kHeader, R"({"sub":"user-1","exp":18446744073709551615})"},  // exp beyond int64
      {kHeader, R"({"sub":"user-1"})"},                             // no exp
      {kHeader, R"({"exp":99999999999})"},                          // no sub
      {kHeader, "\"user-1\""},                                      // not an object
      {kHeader, ""},
  };
  for (const auto& [header, payload] : cases) {
    auto r = VerifyJwt(SignRaw(header, payload, key), {key}, kStart);
    EXPECT_FALSE(r.ok()) << header << " " << payload;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
    }
  }
}

TEST(JwtTest, EscapedStringsAndIgnoredMembersAreReadCorrectly) {
  const SigningKey key = Key("k1", 'a');
  auto r = VerifyJwt(SignRaw(R"({"alg":"HS256","typ":null,"kid":"k\u0031"})",
                             R"({"sub":"us\"er","exp":99999999999,"admin":true,"cid":"c1"})", key),
                     {key}, kStart);
  ASSERT_TRUE(r.ok()) << r.error().detail();
  EXPECT_EQ(r->subject, "us\"er");
  EXPECT_EQ(r->client_id.value_or(""), "c1");
  EXPECT_EQ(r->expires_at, 99'999'999'999 * kSecond);
  EXPECT_EQ(r->issued_at, 0);
}

TEST(JwtTest, RotatedKeysKeepVerifyingWhileKnownAndUnknownKidsFail) {
  const SigningKey old_key = Key("k1", 'a');
  const SigningKey new_key = Key("k2", 'b');
  const std::string old_token = SignJwt(Claims(kStart, 3600 * kSecond), old_key);
  const std::string new_token = SignJwt(Claims(kStart, 3600 * kSecond), new_key);
  // After rotation both keys are in the ring, the new one first.
  EXPECT_TRUE(VerifyJwt(old_token, {new_key, old_key}, kStart).ok());
  EXPECT_TRUE(VerifyJwt(new_token, {new_key, old_key}, kStart).ok());
  // Once the old key is dropped its tokens fail.
  auto dropped = VerifyJwt(old_token, {new_key}, kStart);
  ASSERT_FALSE(dropped.ok());
  EXPECT_NE(dropped.error().detail().find("unknown signing key"), std::string::npos);
  // A key with the right id but other bytes does not verify.
  EXPECT_FALSE(VerifyJwt(old_token, {Key("k1", 'z')}, kStart).ok());
}

}  // namespace
}  // namespace emporion::security
