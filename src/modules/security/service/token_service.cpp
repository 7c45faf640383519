#include "modules/security/service/token_service.hpp"

#include "modules/security/crypto/crypto.hpp"
#include "modules/security/crypto/jwt.hpp"
#include "modules/security/domain/lockout.hpp"
#include "modules/security/domain/user_rules.hpp"
#include "modules/security/storage/api_key_repository.hpp"
#include "modules/security/storage/refresh_token_repository.hpp"
#include "modules/security/storage/signing_key_store.hpp"
#include "modules/security/storage/storage_codec.hpp"
#include "modules/security/storage/user_repository.hpp"
#include "platform/core/uuid.hpp"
#include "platform/events/outbox.hpp"
#include "platform/json/json.hpp"

namespace emporion::security {
namespace {

constexpr const char* kUserEntity = "security.user";
constexpr int kMaxCasAttempts = 8;

const storage::UserRepository kUsers;
const storage::ApiKeyRepository kApiKeys;
const storage::RefreshTokenRepository kRefreshTokens;

GrantOutcome Fail(std::string error, std::string description, unsigned status = 400) {
  GrantOutcome out;
  out.status = status;
  out.error = std::move(error);
  out.description = std::move(description);
  return out;
}

GrantOutcome InvalidCredentials() {
  return Fail("invalid_grant", "the user name or password is wrong");
}

std::string LoginDetail(const std::string& grant_type, const TokenRequestContext& context,
                        const std::string* reason = nullptr,
                        const std::optional<std::string>& user_name = std::nullopt,
                        const std::optional<Timestamp>& lockout_end = std::nullopt) {
  json::Writer w;
  w.StartObject().Key("grantType").String(grant_type).Key("ip").String(context.ip);
  if (reason != nullptr) w.Key("reason").String(*reason);
  if (user_name) w.Key("userName").String(*user_name);
  if (lockout_end) w.Key("lockoutEnd").Time(*lockout_end);
  w.EndObject();
  return w.str();
}

}  // namespace

TokenService::TokenService(db::Database& db, const Clock& clock, const events::EventBus* bus,
                           PasswordHasher& hasher, SigningKeyStore& keys, PolicySource policy)
    : db_(db),
      clock_(clock),
      bus_(bus),
      hasher_(hasher),
      keys_(keys),
      policy_(std::move(policy)),
      limiter_(clock) {}

std::optional<GrantOutcome> TokenService::RateLimited(const std::string& key, int per_minute) {
  const Timestamp wait = limiter_.Take(key, per_minute);
  if (wait == 0) return std::nullopt;
  GrantOutcome out = Fail("rate_limited", "too many sign-in attempts; retry later", 429);
  out.retry_after_seconds = (wait + 999'999) / 1'000'000;
  return out;
}

Status TokenService::RecordFailure(const std::string& user_id, const std::string& actor,
                                   const std::string& reason, const std::string& grant_type,
                                   const TokenRequestContext& context) {
  EMPORION_ASSIGN_OR_RETURN(
      auto uow, events::UnitOfWork::Begin(db_, bus_, actor, context.request_id, clock_));
  EMPORION_RETURN_IF_ERROR(uow.Record(kUserEntity, user_id, "login-failed",
                                      LoginDetail(grant_type, context, &reason, actor)));
  return uow.Commit();
}

Result<GrantOutcome> TokenService::Issue(db::Transaction& tx, const Subject& subject,
                                         const std::optional<std::string>& family_id, Timestamp now,
                                         const SecurityPolicy& policy) {
  storage::RefreshTokenRecord refresh;
  refresh.id = NewUuidV7(now);
  refresh.family_id = family_id.value_or(refresh.id);
  refresh.user_id = subject.user_id;
  refresh.client_id = subject.client_id;
  const std::string secret = RandomHex(32);
  refresh.token_hash = crypto::Sha256Hex(secret);
  refresh.issued_at = now;
  refresh.expires_at = now + policy.refresh_token_ttl;
  EMPORION_RETURN_IF_ERROR(kRefreshTokens.DeleteExpired(tx, subject.user_id, now));
  EMPORION_RETURN_IF_ERROR(kRefreshTokens.Insert(tx, refresh));

  JwtClaims claims;
  claims.subject = subject.user_id;
  claims.name = subject.user_name;
  claims.issued_at = now;
  claims.expires_at = now + policy.access_token_ttl;
  claims.jwt_id = NewUuidV7(now);
  claims.client_id = subject.client_id;

  GrantOutcome out;
  out.ok = true;
  out.status = 200;
  out.access_token = SignJwt(claims, keys_.Current());
  out.expires_in = policy.access_token_ttl / 1'000'000;
  out.refresh_token = refresh.id + "." + secret;
  return out;
}

Result<GrantOutcome> TokenService::PasswordGrant(const std::string& user_name,
                                                 const std::string& password,
                                                 const TokenRequestContext& context) {
  const std::string grant = "password";
  const SecurityPolicy policy = policy_();
  const std::string normalized = NormalizeKey(user_name);
  if (auto limited = RateLimited("ip:" + context.ip, policy.sign_ins_per_minute_per_ip)) {
    return *limited;
  }
  if (auto limited = RateLimited("user:" + normalized, policy.sign_ins_per_minute_per_user)) {
    return *limited;
  }

  std::optional<storage::UserRecord> record;
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(record, kUsers.FindByUserName(*tx, normalized));
    if (!record && normalized.find('@') != std::string::npos) {
      EMPORION_ASSIGN_OR_RETURN(record, kUsers.FindByEmail(*tx, normalized));
    }
  }
  if (!record) {
    hasher_.VerifyNothing(password);
    EMPORION_RETURN_IF_ERROR(RecordFailure("", user_name, "unknown-user", grant, context));
    return InvalidCredentials();
  }
  const User& user = record->user;
  const std::string& id = user.meta.id;
  if (user.IsLockedOut(clock_.Now())) {
    EMPORION_RETURN_IF_ERROR(RecordFailure(id, user.user_name, "locked-out", grant, context));
    return Fail("invalid_grant",
                "the account is locked after too many failed sign-ins; "
                "try again later or ask an administrator to unlock it");
  }

  bool matches = false;
  if (record->password_hash) {
    auto verified = hasher_.Verify(*record->password_hash, password);
    if (!verified.ok()) {
      if (verified.error().code() != ErrorCode::kRateLimited) return std::move(verified).error();
      GrantOutcome busy = Fail("rate_limited", verified.error().detail(), 429);
      busy.retry_after_seconds = 1;
      return busy;
    }
    matches = *verified;
  } else {
    hasher_.VerifyNothing(password);
  }

  if (!matches) {
    EMPORION_ASSIGN_OR_RETURN(
        auto uow, events::UnitOfWork::Begin(db_, bus_, user.user_name, context.request_id, clock_));
    // Compare-and-set on the counter: concurrent failures each count exactly once.
    FailureOutcome outcome;
    for (int attempt = 0;; ++attempt) {
      EMPORION_ASSIGN_OR_RETURN(auto fresh, kUsers.FindById(uow.tx(), id));
      if (!fresh) return InvalidCredentials();
      outcome = AfterFailedSignIn(policy.lockout, fresh->failed_login_count, uow.now());
      EMPORION_ASSIGN_OR_RETURN(bool stored,
                                kUsers.RecordFailure(uow.tx(), id, fresh->failed_login_count,
                                                     outcome.failed_count, outcome.lockout_end));
      if (stored) break;
      if (attempt + 1 == kMaxCasAttempts) {
        return Error::Unavailable("too much contention on the sign-in counter");
      }
    }
    const std::string reason = "invalid-password";
    EMPORION_RETURN_IF_ERROR(
        uow.Record(kUserEntity, id, "login-failed",
                   LoginDetail(grant, context, &reason, user.user_name, outcome.lockout_end)));
    if (outcome.lockout_end) {
      json::Writer w;
      w.StartObject().Key("id").String(id).Key("userName").String(user.user_name);
      w.Key("lockoutEnd").Time(*outcome.lockout_end).EndObject();
      EMPORION_RETURN_IF_ERROR(uow.Emit("security.user.locked-out", kUserEntity, id, w.str()));
    }
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return InvalidCredentials();
  }

  if (!user.is_active) {
    EMPORION_RETURN_IF_ERROR(RecordFailure(id, user.user_name, "disabled", grant, context));
    return Fail("invalid_grant", "the account is disabled");
  }

  // A hash made with older limits is upgraded while the password is at hand.
  std::optional<std::string> rehash;
  if (hasher_.NeedsRehash(*record->password_hash)) {
    auto fresh_hash = hasher_.Hash(password);
    if (fresh_hash.ok()) rehash = *fresh_hash;
  }
  EMPORION_ASSIGN_OR_RETURN(
      auto uow, events::UnitOfWork::Begin(db_, bus_, user.user_name, context.request_id, clock_));
  EMPORION_RETURN_IF_ERROR(kUsers.RecordSuccess(uow.tx(), id, uow.now()));
  if (rehash) {
    EMPORION_RETURN_IF_ERROR(kUsers.SetPasswordHash(uow.tx(), id, *rehash,
                                                    user.password_changed_at.value_or(uow.now())));
  }
  EMPORION_ASSIGN_OR_RETURN(auto out, Issue(uow.tx(), {id, user.user_name, std::nullopt},
                                            std::nullopt, uow.now(), policy));
  EMPORION_RETURN_IF_ERROR(
      uow.Record(kUserEntity, id, "login-succeeded", LoginDetail(grant, context)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return out;
}

Result<GrantOutcome> TokenService::ClientCredentialsGrant(const std::string& client_id,
                                                          const std::string& client_secret,
                                                          const TokenRequestContext& context) {
  const std::string grant = "client_credentials";
  const SecurityPolicy policy = policy_();
  if (auto limited = RateLimited("ip:" + context.ip, policy.sign_ins_per_minute_per_ip)) {
    return *limited;
  }
  // The secret may also be given as the whole key, "emp_<id>_<secret>".
  std::string secret = client_secret;
  const std::string prefix = "emp_" + client_id + "_";
  if (secret.rfind(prefix, 0) == 0) secret = secret.substr(prefix.size());

  std::optional<storage::ApiKeyRecord> key;
  std::optional<storage::UserRecord> owner;
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(key, kApiKeys.FindById(*tx, client_id));
    if (key) {
      EMPORION_ASSIGN_OR_RETURN(owner, kUsers.FindById(*tx, key->key.user_id));
    }
  }
  const Timestamp now = clock_.Now();
  const bool secret_ok =
      key.has_value() && crypto::ConstantTimeEquals(crypto::Sha256Hex(secret), key->secret_hash);
  if (!secret_ok || key->key.IsExpired(now) || !owner) {
    const std::string reason =
        !secret_ok ? "invalid-client" : (!owner ? "unknown-user" : "expired-key");
    EMPORION_RETURN_IF_ERROR(RecordFailure(owner ? owner->user.meta.id : "",
                                           owner ? owner->user.user_name : client_id, reason, grant,
                                           context));
    return Fail("invalid_client",
                secret_ok ? "the API key has expired" : "unknown client or wrong secret", 401);
  }
  const User& user = owner->user;
  if (!user.is_active || user.IsLockedOut(now)) {
    EMPORION_RETURN_IF_ERROR(RecordFailure(
        user.meta.id, user.user_name, user.is_active ? "locked-out" : "disabled", grant, context));
    return Fail("invalid_grant", "the key's user account is disabled or locked");
  }
  EMPORION_ASSIGN_OR_RETURN(
      auto uow, events::UnitOfWork::Begin(db_, bus_, user.user_name, context.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto out, Issue(uow.tx(), {user.meta.id, user.user_name, client_id},
                                            std::nullopt, uow.now(), policy));
  EMPORION_RETURN_IF_ERROR(
      uow.Record(kUserEntity, user.meta.id, "login-succeeded", LoginDetail(grant, context)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return out;
}

Result<GrantOutcome> TokenService::RefreshTokenGrant(const std::string& refresh_token,
                                                     const TokenRequestContext& context) {
  const SecurityPolicy policy = policy_();
  if (auto limited = RateLimited("ip:" + context.ip, policy.sign_ins_per_minute_per_ip)) {
    return *limited;
  }
  const auto dot = refresh_token.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == refresh_token.size()) {
    return Fail("invalid_grant", "the refresh token is not valid");
  }
  const std::string token_id = refresh_token.substr(0, dot);
  const std::string secret = refresh_token.substr(dot + 1);

  EMPORION_ASSIGN_OR_RETURN(
      auto uow, events::UnitOfWork::Begin(db_, bus_, "system", context.request_id, clock_));
  auto& tx = uow.tx();
  const Timestamp now = uow.now();
  EMPORION_ASSIGN_OR_RETURN(auto stored, kRefreshTokens.FindById(tx, token_id));
  if (!stored || !crypto::ConstantTimeEquals(crypto::Sha256Hex(secret), stored->token_hash)) {
    return Fail("invalid_grant", "the refresh token is not valid");
  }
  if (stored->revoked_at) {
    // A second use of a rotated token means it leaked: end the whole sign-in.
    EMPORION_RETURN_IF_ERROR(kRefreshTokens.RevokeFamily(tx, stored->family_id, now));
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return Fail("invalid_grant", "the refresh token was already used or revoked");
  }
  if (stored->expires_at <= now) return Fail("invalid_grant", "the refresh token has expired");
  EMPORION_ASSIGN_OR_RETURN(auto owner, kUsers.FindById(tx, stored->user_id));
  if (!owner || !owner->user.is_active || owner->user.IsLockedOut(now)) {
    return Fail("invalid_grant", "the user account is disabled, locked or deleted");
  }
  if (stored->client_id) {
    EMPORION_ASSIGN_OR_RETURN(auto key, kApiKeys.FindById(tx, *stored->client_id));
    if (!key || key->key.IsExpired(now)) {
      return Fail("invalid_grant", "the API key behind this token was revoked or has expired");
    }
  }
  const User& user = owner->user;
  EMPORION_ASSIGN_OR_RETURN(auto out, Issue(tx, {user.meta.id, user.user_name, stored->client_id},
                                            stored->family_id, now, policy));
  const std::string new_id = out.refresh_token.substr(0, out.refresh_token.find('.'));
  EMPORION_ASSIGN_OR_RETURN(bool used, kRefreshTokens.MarkUsed(tx, token_id, now, new_id));
  if (!used) {
    // Lost a race with another use of the same token: treat it as the replay it is.
    return Fail("invalid_grant", "the refresh token was already used or revoked");
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return out;
}

std::vector<SigningKeyInfo> TokenService::SigningKeys() const {
  std::vector<SigningKeyInfo> out;
  const auto keys = keys_.Keys();
  for (std::size_t i = 0; i < keys->size(); ++i) {
    out.push_back({(*keys)[i].kid, (*keys)[i].created_at, i == 0});
  }
  return out;
}

Result<SigningKeyInfo> TokenService::RotateSigningKey(const Caller& caller) {
  EMPORION_ASSIGN_OR_RETURN(
      auto uow, events::UnitOfWork::Begin(db_, bus_, caller.user_name, caller.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(SigningKey key, keys_.Rotate());
  json::Writer w;
  w.StartObject().Key("kid").String(key.kid).Key("createdAt").Time(key.created_at).EndObject();
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("security.signing-key.rotated", "security.signing-key", key.kid, w.str()));
  EMPORION_RETURN_IF_ERROR(uow.Record("security.signing-key", key.kid, "rotated", w.str()));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return SigningKeyInfo{key.kid, key.created_at, true};
}

}  // namespace emporion::security
