// SecurityModule: wires the security module into the app: declares its permissions and
// settings, opens the token signing keys in `<data_dir>/keys`, makes sure the built-in
// Administrator role exists, creates the bootstrap `admin` user on the first start against an
// empty users table, registers the routes and provides the request Authenticator.
// Also the command-line user management (`emporion user create|set-password`), which works on
// a migrated database without a server.
// Thread safety: Create() at start-up; afterwards everything it hands out is thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emporion/security/security_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/module/context.hpp"

namespace emporion::security {

/// The module's schema migrations (generated from storage/migrations).
const std::vector<db::Migration>& Migrations();

struct SecurityOptions {
  /// Password of the bootstrap `admin` (EMPORION_ADMIN_PASSWORD). When absent, a random one is
  /// generated and printed once to stderr.
  std::optional<std::string> admin_password;
  // Defaults of the module's settings (the server configuration may change them).
  int lockout_attempts = 5;
  int lockout_minutes = 5;
  int access_token_minutes = 60;
  int refresh_token_days = 30;
};

class SecurityModule {
 public:
  /// Sets the module up as described above. kUnavailable when the database or the key
  /// directory cannot be used. `ctx` and everything it refers to must outlive the module.
  static Result<std::unique_ptr<SecurityModule>> Create(ModuleContext& ctx,
                                                        SecurityOptions options);
  ~SecurityModule();
  SecurityModule(const SecurityModule&) = delete;
  SecurityModule& operator=(const SecurityModule&) = delete;

  /// For Dispatcher::SetAuthenticator; lives as long as the module.
  http::Authenticator& authenticator();
  SecurityService& service();

  struct Impl;

 private:
  explicit SecurityModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// `emporion user create`: creates a user in a migrated database (the Administrator role is
/// created first when missing). Errors as SecurityService::CreateUser.
Result<User> CreateUserCommand(db::Database& db, const Clock& clock, UserDraft draft,
                               std::optional<std::string> password);
/// `emporion user set-password`: kNotFound for an unknown user name; 422 naming `password`
/// when it breaks the policy.
Status SetPasswordCommand(db::Database& db, const Clock& clock, const std::string& user_name,
                          const std::string& password);

}  // namespace emporion::security
