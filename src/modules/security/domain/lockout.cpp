#include "modules/security/domain/lockout.hpp"

namespace emporion::security {

FailureOutcome AfterFailedSignIn(const LockoutPolicy& policy, int previous_failures,
                                 Timestamp now) {
  const int failures = (previous_failures < 0 ? 0 : previous_failures) + 1;
  if (policy.max_attempts >= 1 && failures >= policy.max_attempts) {
    return {0, now + policy.duration};
  }
  return {failures, std::nullopt};
}

}  // namespace emporion::security
