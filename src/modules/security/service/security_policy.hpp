// SecurityPolicy: the tunable numbers of the module (password rules, lockout, token lifetimes,
// sign-in rate limits), read fresh for each decision from a PolicySource so changes made
// through the settings API apply at once. Value type; a PolicySource must be thread-safe.
#pragma once

#include <functional>

#include "modules/security/domain/lockout.hpp"
#include "modules/security/domain/password_policy.hpp"
#include "platform/core/clock.hpp"

namespace emporion::security {

struct SecurityPolicy {
  PasswordPolicy password;
  LockoutPolicy lockout;
  Timestamp access_token_ttl = 60LL * 60'000'000;           // security.accessToken.minutes
  Timestamp refresh_token_ttl = 30LL * 24 * 3'600'000'000;  // security.refreshToken.days
  int sign_ins_per_minute_per_ip = 120;   // security.rateLimit.signInsPerMinutePerIp, 0: off
  int sign_ins_per_minute_per_user = 30;  // security.rateLimit.signInsPerMinutePerUser, 0: off
};

using PolicySource = std::function<SecurityPolicy()>;

}  // namespace emporion::security
