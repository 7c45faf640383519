#include "modules/security/service/authenticator.hpp"

#include "modules/security/crypto/crypto.hpp"
#include "modules/security/crypto/jwt.hpp"

namespace emporion::security {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::shared_ptr<const http::Principal>> SecurityAuthenticator::Authenticate(
    const http::Request& request) {
  const Timestamp now = clock_.Now();
  const std::string_view authorization = request.Header("authorization");
  if (!authorization.empty()) {
    if (!StartsWithNoCase(authorization, "bearer ")) {
      return Error::Unauthenticated("unsupported Authorization scheme; use 'Bearer <token>'");
    }
    return FromBearer(Trim(authorization.substr(7)), now);
  }
  const std::string_view api_key = request.Header("x-api-key");
  if (!api_key.empty()) {
    return FromApiKey(Trim(api_key), now);
  }
  return PrincipalPtr{};
}

auto SecurityAuthenticator::FromBearer(std::string_view token, Timestamp now)
    -> Result<PrincipalPtr> {
  const auto keys = keys_.Keys();
  EMPORION_ASSIGN_OR_RETURN(JwtClaims claims, VerifyJwt(token, *keys, now));
  if (claims.client_id) EMPORION_RETURN_IF_ERROR(CheckApiKey(*claims.client_id, now));
  return ForUser(claims.subject, now, false);
}

auto SecurityAuthenticator::FromApiKey(std::string_view key, Timestamp now)
    -> Result<PrincipalPtr> {
  // emp_<id>_<secret>: the secret is hex, so the last underscore ends the id.
  const auto last = key.rfind('_');
  if (key.size() > 512 || key.substr(0, 4) != "emp_" || last == std::string_view::npos ||
      last <= 4 || last + 1 == key.size()) {
    return Error::Unauthenticated("malformed API key");
  }
  const std::string id(key.substr(4, last - 4));
  const std::string_view secret = key.substr(last + 1);
  EMPORION_ASSIGN_OR_RETURN(auto cached, cache_.FindApiKey(id));
  if (cached == nullptr ||
      !crypto::ConstantTimeEquals(crypto::Sha256Hex(secret), cached->secret_hash)) {
    return Error::Unauthenticated("unknown or revoked API key");
  }
  if (cached->key.IsExpired(now)) return Error::Unauthenticated("the API key has expired");
  return ForUser(cached->key.user_id, now, true);
}

auto SecurityAuthenticator::ForUser(const std::string& user_id, Timestamp now, bool api_key)
    -> Result<PrincipalPtr> {
  EMPORION_ASSIGN_OR_RETURN(auto user, cache_.FindUser(user_id));
  if (user == nullptr) return Error::Unauthenticated("the user no longer exists");
  if (!user->is_active) return Error::Unauthenticated("the user account is disabled");
  if (user->lockout_end && *user->lockout_end > now) {
    return Error::Unauthenticated("the user account is locked");
  }
  return api_key ? user->as_api_key : user->as_bearer;
}

Status SecurityAuthenticator::CheckApiKey(const std::string& key_id, Timestamp now) {
  EMPORION_ASSIGN_OR_RETURN(auto cached, cache_.FindApiKey(key_id));
  if (cached == nullptr) return Error::Unauthenticated("the API key behind this token was revoked");
  if (cached->key.IsExpired(now)) {
    return Error::Unauthenticated("the API key behind this token has expired");
  }
  return Ok();
}

}  // namespace emporion::security
