// TokenService: the OAuth 2.0 token endpoint's grants (RFC 6749): `password`,
// `client_credentials` (client_id = API key id, client_secret = its secret) and rotating
// `refresh_token`. Issues HS256 access tokens and opaque refresh tokens (`<id>.<secret>`, only a
// SHA-256 of the secret is stored). Password sign-ins are rate limited per IP and per user
// name, count towards the lockout, and are recorded in the change history as
// `login-succeeded` / `login-failed`. Argon2 verification happens outside any transaction.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emporion/security/types.hpp"
#include "modules/security/crypto/password_hasher.hpp"
#include "modules/security/service/rate_limiter.hpp"
#include "modules/security/service/security_policy.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::security {

class SigningKeyStore;

struct TokenRequestContext {
  std::string ip;
  std::string request_id;
};

/// What the endpoint answers: tokens, or an RFC 6749 error (status 400 or 401), or 429 with the
/// seconds to wait.
struct GrantOutcome {
  bool ok = false;
  // On success:
  std::string access_token;
  std::int64_t expires_in = 0;  // seconds
  std::string refresh_token;
  // On failure:
  unsigned status = 400;
  std::string error;  // invalid_request, invalid_grant, invalid_client, ...
  std::string description;
  std::int64_t retry_after_seconds = 0;  // with status 429
};

/// A signing key as the API shows it: never the secret.
struct SigningKeyInfo {
  std::string kid;
  Timestamp created_at = 0;
  bool current = false;
};

class TokenService {
 public:
  TokenService(db::Database& db, const Clock& clock, const events::EventBus* bus,
               PasswordHasher& hasher, SigningKeyStore& keys, PolicySource policy);

  /// kUnavailable / kInternal only for infrastructure failures; every client mistake is a
  /// GrantOutcome.
  Result<GrantOutcome> PasswordGrant(const std::string& user_name, const std::string& password,
                                     const TokenRequestContext& context);
  Result<GrantOutcome> ClientCredentialsGrant(const std::string& client_id,
                                              const std::string& client_secret,
                                              const TokenRequestContext& context);
  Result<GrantOutcome> RefreshTokenGrant(const std::string& refresh_token,
                                         const TokenRequestContext& context);

  /// The keys that verify tokens, newest (the signing one) first.
  [[nodiscard]] std::vector<SigningKeyInfo> SigningKeys() const;
  /// Makes a new signing key; tokens signed with the previous ones stay valid until they
  /// expire. Recorded as `security.signing-key.rotated`. kUnavailable when the key directory
  /// cannot be written.
  Result<SigningKeyInfo> RotateSigningKey(const Caller& caller);

 private:
  struct Subject {
    std::string user_id;
    std::string user_name;
    std::optional<std::string> client_id;
  };
  /// Signs an access token and stores a refresh token (in `family_id`, or a new family)
  /// inside `tx`; the caller commits.
  Result<GrantOutcome> Issue(db::Transaction& tx, const Subject& subject,
                             const std::optional<std::string>& family_id, Timestamp now,
                             const SecurityPolicy& policy);
  /// Records a failed sign-in in its own unit of work.
  Status RecordFailure(const std::string& user_id, const std::string& actor,
                       const std::string& reason, const std::string& grant_type,
                       const TokenRequestContext& context);
  std::optional<GrantOutcome> RateLimited(const std::string& key, int per_minute);

  db::Database& db_;
  const Clock& clock_;
  const events::EventBus* bus_;
  PasswordHasher& hasher_;
  SigningKeyStore& keys_;
  PolicySource policy_;
  RateLimiter limiter_;
};

}  // namespace emporion::security
