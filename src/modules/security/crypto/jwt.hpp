// JSON Web Tokens (RFC 7519) signed with HS256 (HMAC-SHA256, RFC 7518) and a `kid` header naming
// the signing key, so keys can rotate while older tokens stay verifiable until they expire.
// Verification accepts only HS256 (never `none`), compares signatures in constant time and
// checks `exp` against the caller's clock. Reentrant; no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"

namespace emporion::security {

struct SigningKey {
  std::string kid;     // key id, in the token header
  std::string secret;  // 32 random bytes
  Timestamp created_at = 0;
};

/// The claims emporion puts in an access token. Times travel as whole seconds (NumericDate).
struct JwtClaims {
  std::string subject;                   // sub: the user id
  std::string name;                      // name: the user name
  Timestamp issued_at = 0;               // iat
  Timestamp expires_at = 0;              // exp
  std::string jwt_id;                    // jti
  std::optional<std::string> client_id;  // cid: the API key a client_credentials token came from
};

/// `header.payload.signature`, signed with `key`.
std::string SignJwt(const JwtClaims& claims, const SigningKey& key);

/// Verifies `token` against `keys` (looked up by the header's `kid`) and returns its claims.
/// kUnauthenticated with a short reason when the token is malformed, uses another algorithm,
/// names an unknown key, has a bad signature or has expired at `now`.
Result<JwtClaims> VerifyJwt(std::string_view token, const std::vector<SigningKey>& keys,
                            Timestamp now);

}  // namespace emporion::security
