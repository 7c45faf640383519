#include "modules/security/crypto/jwt.hpp"

#include "modules/security/crypto/crypto.hpp"
#include "platform/json/json.hpp"

namespace emporion::security {
namespace {

constexpr Timestamp kMicrosPerSecond = 1'000'000;

Error Invalid(std::string reason) { return Error::Unauthenticated("invalid token: " + reason); }

}  // namespace

std::string SignJwt(const JwtClaims& claims, const SigningKey& key) {
  json::Writer header;
  header.StartObject().Key("alg").String("HS256").Key("typ").String("JWT");
  header.Key("kid").String(key.kid).EndObject();
  json::Writer payload;
  payload.StartObject();
  payload.Key("sub").String(claims.subject);
  payload.Key("name").String(claims.name);
  payload.Key("iat").Int(claims.issued_at / kMicrosPerSecond);
  payload.Key("exp").Int(claims.expires_at / kMicrosPerSecond);
  payload.Key("jti").String(claims.jwt_id);
  if (claims.client_id) payload.Key("cid").String(*claims.client_id);
  payload.EndObject();
  std::string token = crypto::Base64UrlEncode(header.view());
  token.push_back('.');
  token += crypto::Base64UrlEncode(payload.view());
  const std::string signature = crypto::HmacSha256(key.secret, token);
  token.push_back('.');
  token += crypto::Base64UrlEncode(signature);
  return token;
}

Result<JwtClaims> VerifyJwt(std::string_view token, const std::vector<SigningKey>& keys,
                            Timestamp now) {
  if (token.size() > 8192) return Invalid("too long");
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Invalid("not a JWT");
  }
  const std::string_view signed_part = token.substr(0, second);
  auto header_text = crypto::Base64UrlDecode(token.substr(0, first));
  auto payload_text = crypto::Base64UrlDecode(token.substr(first + 1, second - first - 1));
  auto signature = crypto::Base64UrlDecode(token.substr(second + 1));
  if (!header_text || !payload_text || !signature) return Invalid("bad encoding");

  auto header = json::ParseObject(*header_text);
  if (!header.ok()) return Invalid("bad header");
  json::FieldReader h(*header);
  const auto alg = h.String("alg");
  const auto kid = h.String("kid");
  if (!h.ok() || !alg || *alg != "HS256") return Invalid("unsupported algorithm");
  if (!kid) return Invalid("no key id");
  const SigningKey* key = nullptr;
  for (const auto& k : keys) {
    if (k.kid == *kid) key = &k;
  }
  if (key == nullptr) return Invalid("unknown signing key");
  if (!crypto::ConstantTimeEquals(crypto::HmacSha256(key->secret, signed_part), *signature)) {
    return Invalid("bad signature");
  }

  auto payload = json::ParseObject(*payload_text);
  if (!payload.ok()) return Invalid("bad payload");
  json::FieldReader p(*payload);
  JwtClaims claims;
  const auto sub = p.String("sub", true);
  const auto name = p.String("name");
  const auto iat = p.Int("iat");
  const auto exp = p.Int("exp", true);
  const auto jti = p.String("jti");
  const auto cid = p.String("cid");
  if (!p.ok() || !sub || !exp) return Invalid("bad claims");
  constexpr std::int64_t kMaxSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z
  if (*exp < 0 || *exp > kMaxSeconds || (iat && (*iat < 0 || *iat > kMaxSeconds))) {
    return Invalid("bad claims");
  }
  claims.subject = *sub;
  claims.name = name.value_or("");
  claims.issued_at = iat.value_or(0) * kMicrosPerSecond;
  claims.expires_at = *exp * kMicrosPerSecond;
  claims.jwt_id = jti.value_or("");
  claims.client_id = cid;
  if (now >= claims.expires_at) return Error::Unauthenticated("token expired");
  return claims;
}

}  // namespace emporion::security
