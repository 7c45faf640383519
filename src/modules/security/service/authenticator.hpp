// SecurityAuthenticator: resolves a request's credentials to a Principal for the dispatcher.
// `Authorization: Bearer <JWT>` is verified against the signing keys (HMAC in constant time,
// expiry); `X-API-Key: emp_<id>_<secret>` is looked up by id and its secret's SHA-256 compared
// in constant time. Users and keys come from the PrincipalCache, so a request costs no
// password hashing and, once cached, no database read. A deleted, disabled or locked user, a
// revoked or expired key, and a token issued for a since-revoked key are all 401.
// Thread-safe.
#pragma once

#include "modules/security/service/principal_cache.hpp"
#include "modules/security/storage/signing_key_store.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/dispatcher.hpp"

namespace emporion::security {

class SecurityAuthenticator final : public http::Authenticator {
 public:
  SecurityAuthenticator(const SigningKeyStore& keys, PrincipalCache& cache, const Clock& clock)
      : keys_(keys), cache_(cache), clock_(clock) {}

  Result<std::shared_ptr<const http::Principal>> Authenticate(
      const http::Request& request) override;

 private:
  using PrincipalPtr = std::shared_ptr<const http::Principal>;
  Result<PrincipalPtr> FromBearer(std::string_view token, Timestamp now);
  Result<PrincipalPtr> FromApiKey(std::string_view key, Timestamp now);
  /// The cached user's principal for `how` ("bearer" or "api-key"), after the account checks.
  Result<PrincipalPtr> ForUser(const std::string& user_id, Timestamp now, bool api_key);
  Status CheckApiKey(const std::string& key_id, Timestamp now);

  const SigningKeyStore& keys_;
  PrincipalCache& cache_;
  const Clock& clock_;
};

}  // namespace emporion::security
