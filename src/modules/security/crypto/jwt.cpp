#include "modules/security/crypto/jwt.hpp"

#include <cstdint>
#include <limits>

#include "modules/security/crypto/crypto.hpp"
#include "platform/json/json.hpp"  // rapidjson, configured (its Reader comes with the DOM)

namespace emporion::security {
namespace {

constexpr Timestamp kMicrosPerSecond = 1'000'000;

Error Invalid(std::string reason) { return Error::Unauthenticated("invalid token: " + reason); }

// A token's header or payload: one flat JSON object, read in place with rapidjson's SAX reader
// (no document tree, no copies; tokens are checked on every authenticated request). Nested
// objects and arrays are refused: emporion never writes them. No UTF-8 validation: the header's
// strings are only compared, and the payload is read after its signature proved it ours.
class FlatObject final : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, FlatObject> {
 public:
  /// Parses `text`, which it modifies and which must outlive this object. False unless `text`
  /// is one flat JSON object.
  bool Parse(std::string& text) {
    rapidjson::Reader reader;
    rapidjson::InsituStringStream stream(text.data());
    return !reader.Parse<rapidjson::kParseInsituFlag>(stream, *this).IsError() && complete_;
  }

  /// The string member `key`; nullopt when absent. A member of another type is a type error.
  std::optional<std::string_view> Text(std::string_view key) {
    const Member* m = Find(key);
    if (m == nullptr) return std::nullopt;
    if (m->kind != Kind::kString) type_error_ = true;
    return m->text;
  }
  /// The integer member `key`; nullopt when absent. A member of another type is a type error.
  std::optional<std::int64_t> Integer(std::string_view key) {
    const Member* m = Find(key);
    if (m == nullptr) return std::nullopt;
    if (m->kind != Kind::kInteger) type_error_ = true;
    return m->number;
  }
  [[nodiscard]] bool type_error() const { return type_error_; }

  // SAX events (rapidjson::Reader's handler interface).
  bool StartObject() { return depth_++ == 0; }
  bool EndObject(rapidjson::SizeType /*members*/) {
    complete_ = --depth_ == 0;
    return true;
  }
  bool StartArray() { return false; }
  bool Key(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    key_ = std::string_view(s, n);
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    return Add(Kind::kString, std::string_view(s, n), 0);
  }
  bool Int(int v) { return Add(Kind::kInteger, {}, v); }
  bool Uint(unsigned v) { return Add(Kind::kInteger, {}, v); }
  bool Int64(std::int64_t v) { return Add(Kind::kInteger, {}, v); }
  bool Uint64(std::uint64_t v) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Add(Kind::kOther, {}, 0);
    }
    return Add(Kind::kInteger, {}, static_cast<std::int64_t>(v));
  }
  bool Default() { return Add(Kind::kOther, {}, 0); }  // null, true/false, fractions

 private:
  enum class Kind { kString, kInteger, kOther };
  struct Member {
    std::string_view key;
    Kind kind;
    std::string_view text;
    std::int64_t number;
  };

  bool Add(Kind kind, std::string_view text, std::int64_t number) {
    if (depth_ != 1) return false;
    members_.push_back(Member{key_, kind, text, number});
    return true;
  }
  [[nodiscard]] const Member* Find(std::string_view key) const {
    for (const Member& m : members_) {
      if (m.key == key) return &m;
    }
    return nullptr;
  }

  std::vector<Member> members_;
  std::string_view key_;
  int depth_ = 0;
  bool complete_ = false;
  bool type_error_ = false;
};

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

  FlatObject header;
  if (!header.Parse(*header_text)) return Invalid("bad header");
  const auto alg = header.Text("alg");
  const auto kid = header.Text("kid");
  if (header.type_error() || !alg || *alg != "HS256") return Invalid("unsupported algorithm");
  if (!kid) return Invalid("no key id");
  const SigningKey* key = nullptr;
  for (const auto& k : keys) {
    if (k.kid == *kid) key = &k;
  }
  if (key == nullptr) return Invalid("unknown signing key");
  if (!crypto::ConstantTimeEquals(crypto::HmacSha256(key->secret, signed_part), *signature)) {
    return Invalid("bad signature");
  }

  FlatObject payload;
  if (!payload.Parse(*payload_text)) return Invalid("bad payload");
  JwtClaims claims;
  const auto sub = payload.Text("sub");
  const auto name = payload.Text("name");
  const auto iat = payload.Integer("iat");
  const auto exp = payload.Integer("exp");
  const auto jti = payload.Text("jti");
  const auto cid = payload.Text("cid");
  if (payload.type_error() || !sub || !exp) return Invalid("bad claims");
  constexpr std::int64_t kMaxSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z
  if (*exp < 0 || *exp > kMaxSeconds || (iat && (*iat < 0 || *iat > kMaxSeconds))) {
    return Invalid("bad claims");
  }
  claims.subject = std::string(*sub);
  claims.name = std::string(name.value_or(""));
  claims.issued_at = iat.value_or(0) * kMicrosPerSecond;
  claims.expires_at = *exp * kMicrosPerSecond;
  claims.jwt_id = std::string(jti.value_or(""));
  if (cid) claims.client_id = std::string(*cid);
  if (now >= claims.expires_at) return Error::Unauthenticated("token expired");
  return claims;
}

}  // namespace emporion::security
