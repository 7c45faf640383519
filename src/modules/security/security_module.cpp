// Wires the security module (and only it): settings and permissions it declares, the objects
// behind its routes, the bootstrap administrator, and the command-line user commands.
#include "emporion/security/security_module.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "modules/security/api/security_routes.hpp"
#include "modules/security/crypto/password_hasher.hpp"
#include "modules/security/domain/user_rules.hpp"
#include "modules/security/service/authenticator.hpp"
#include "modules/security/service/principal_cache.hpp"
#include "modules/security/service/security_service_impl.hpp"
#include "modules/security/service/token_service.hpp"
#include "modules/security/storage/signing_key_store.hpp"
#include "modules/security/storage/user_repository.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/settings/settings.hpp"

namespace emporion::security {
namespace {

constexpr Timestamp kMinute = 60'000'000;

void DeclarePermissions(auth::PermissionRegistry& registry) {
  registry.Declare({"security:read",
                    "security",
                    {{"en-US", "View users, roles and API keys"},
                     {"de-DE", "Benutzer, Rollen und API-Schlüssel anzeigen"}},
                    false});
  registry.Declare({"security:manage",
                    "security",
                    {{"en-US", "Manage users, roles, API keys and signing keys"},
                     {"de-DE", "Benutzer, Rollen, API-Schlüssel und Signaturschlüssel verwalten"}},
                    false});
}

settings::SettingDefinition IntSetting(std::string name, std::int64_t default_value,
                                       std::int64_t min, std::int64_t max, std::string en,
                                       std::string de, std::string description) {
  settings::SettingDefinition d;
  d.name = std::move(name);
  d.module = "security";
  d.type = settings::SettingType::kInteger;
  d.default_json = std::to_string(default_value);
  d.min = min;
  d.max = max;
  d.display_names = {{"en-US", std::move(en)}, {"de-DE", std::move(de)}};
  d.description = std::move(description);
  return d;
}

void DeclareSettings(settings::SettingsService& s, const SecurityOptions& o) {
  s.Define(IntSetting("security.lockout.maxAttempts", o.lockout_attempts, 1, 100,
                      "Failed sign-ins before lockout", "Fehlversuche bis zur Sperre",
                      "Consecutive failed sign-ins after which an account is locked."));
  s.Define(IntSetting("security.lockout.minutes", o.lockout_minutes, 1, 7 * 24 * 60,
                      "Lockout duration (minutes)", "Sperrdauer (Minuten)",
                      "How long a locked account stays locked."));
  s.Define(IntSetting("security.password.minLength", 8, 4, 128, "Minimum password length",
                      "Mindestlänge des Passworts",
                      "Passwords also need at least one letter and one digit."));
  s.Define(IntSetting("security.accessToken.minutes", o.access_token_minutes, 1, 24 * 60,
                      "Access token lifetime (minutes)", "Gültigkeit des Zugriffstokens (Minuten)",
                      "Lifetime of access tokens issued by /api/v1/auth/token."));
  s.Define(IntSetting("security.refreshToken.days", o.refresh_token_days, 1, 365,
                      "Refresh token lifetime (days)", "Gültigkeit des Refresh-Tokens (Tage)",
                      "Lifetime of refresh tokens; each use rotates the token."));
  s.Define(IntSetting("security.rateLimit.signInsPerMinutePerIp", 120, 0, 1'000'000,
                      "Sign-ins per minute per IP address", "Anmeldungen pro Minute je IP-Adresse",
                      "Token requests one address may make per minute; 0 turns the limit off."));
  s.Define(IntSetting("security.rateLimit.signInsPerMinutePerUser", 30, 0, 1'000'000,
                      "Sign-ins per minute per user name", "Anmeldungen pro Minute je Benutzername",
                      "Password sign-ins per user name per minute; 0 turns the limit off."));
}

int ClampToInt(std::int64_t v) {
  return static_cast<int>(std::clamp<std::int64_t>(v, 0, 1'000'000'000));
}

SecurityPolicy PolicyFrom(const settings::SettingsService& s) {
  SecurityPolicy p;
  p.password.min_length = ClampToInt(s.GetInt("security.password.minLength"));
  p.lockout.max_attempts = ClampToInt(s.GetInt("security.lockout.maxAttempts"));
  p.lockout.duration = s.GetInt("security.lockout.minutes") * kMinute;
  p.access_token_ttl = s.GetInt("security.accessToken.minutes") * kMinute;
  p.refresh_token_ttl = s.GetInt("security.refreshToken.days") * 24 * 60 * kMinute;
  p.sign_ins_per_minute_per_ip = ClampToInt(s.GetInt("security.rateLimit.signInsPerMinutePerIp"));
  p.sign_ins_per_minute_per_user =
      ClampToInt(s.GetInt("security.rateLimit.signInsPerMinutePerUser"));
  return p;
}

PermissionLookup LookupIn(const auth::PermissionRegistry& registry) {
  return [&registry](std::string_view name) -> std::optional<PermissionInfo> {
    const auth::PermissionDefinition* def = registry.Find(name);
    if (def == nullptr) return std::nullopt;
    return PermissionInfo{def->store_scopable, def->module == "catalog"};
  };
}

/// 20 characters of letters and digits with at least one of each.
std::string RandomPassword() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr std::uint32_t kSize = sizeof kAlphabet - 1;
  for (;;) {
    std::string out;
    for (int i = 0; i < 20; ++i) out.push_back(kAlphabet[randombytes_uniform(kSize)]);
    const bool digit = out.find_first_of("23456789") != std::string::npos;
    const bool letter = out.find_first_not_of("23456789") != std::string::npos;
    if (digit && letter) return out;
  }
}

Status BootstrapAdmin(db::Database& db, SecurityServiceImpl& service,
                      const std::optional<std::string>& configured) {
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(auto count, storage::UserRepository().Count(*tx));
    if (count > 0) return Ok();
  }
  const bool generated = !configured || configured->empty();
  const std::string password = generated ? RandomPassword() : *configured;
  UserDraft draft;
  draft.user_name = "admin";
  draft.user_type = UserType::kAdministrator;
  draft.roles = {std::string(kAdministratorRoleName)};
  Caller system{"", "system", true, "", ""};
  // The operator chose this password; the policy applies to later changes, not to it.
  auto created = service.CreateBootstrapUser(draft, password, system);
  if (!created.ok()) {
    // Another node that started at the same moment created it first.
    if (created.error().code() == ErrorCode::kAlreadyExists) return Ok();
    return std::move(created).error();
  }
  if (generated) {
    std::fprintf(stderr,
                 "\n  Created the administrator 'admin' with the password: %s\n"
                 "  It is shown only this once; change it after signing in.\n\n",
                 password.c_str());
    std::fflush(stderr);
  } else {
    spdlog::info(
        "created the administrator 'admin' with the password from EMPORION_ADMIN_PASSWORD");
  }
  return Ok();
}

}  // namespace

struct SecurityModule::Impl {
  explicit Impl(ModuleContext& ctx)
      : settings(ctx.settings),
        cache(ctx.db, ctx.clock),
        service({ctx.db, ctx.clock, &ctx.bus, hasher, [this] { return PolicyFrom(settings); },
                 LookupIn(ctx.permissions)}) {}

  settings::SettingsService& settings;
  PasswordHasher hasher;
  PrincipalCache cache;
  SecurityServiceImpl service;
  std::unique_ptr<SigningKeyStore> keys;
  std::unique_ptr<TokenService> tokens;
  std::unique_ptr<SecurityAuthenticator> authenticator;
  std::unique_ptr<SecurityRoutesDeps> routes;
};

SecurityModule::SecurityModule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SecurityModule::~SecurityModule() = default;

Result<std::unique_ptr<SecurityModule>> SecurityModule::Create(ModuleContext& ctx,
                                                               SecurityOptions options) {
  if (sodium_init() < 0) return Error::Internal("libsodium cannot be initialized");
  DeclarePermissions(ctx.permissions);
  DeclareSettings(ctx.settings, options);
  auto impl = std::make_unique<Impl>(ctx);
  EMPORION_ASSIGN_OR_RETURN(impl->keys, SigningKeyStore::Open(ctx.data_dir + "/keys", ctx.clock));
  impl->tokens =
      std::make_unique<TokenService>(ctx.db, ctx.clock, &ctx.bus, impl->hasher, *impl->keys,
                                     [s = &ctx.settings] { return PolicyFrom(*s); });
  impl->authenticator =
      std::make_unique<SecurityAuthenticator>(*impl->keys, impl->cache, ctx.clock);
  impl->cache.Subscribe(ctx.bus);
  EMPORION_RETURN_IF_ERROR(impl->service.EnsureBuiltInRoles());
  EMPORION_RETURN_IF_ERROR(BootstrapAdmin(ctx.db, impl->service, options.admin_password));
  impl->routes = std::make_unique<SecurityRoutesDeps>(
      SecurityRoutesDeps{impl->service, *impl->tokens, ctx.permissions, ctx.clock});
  RegisterSecurityRoutes(ctx.router, *impl->routes);
  return std::unique_ptr<SecurityModule>(new SecurityModule(std::move(impl)));
}

http::Authenticator& SecurityModule::authenticator() { return *impl_->authenticator; }
SecurityService& SecurityModule::service() { return impl_->service; }

namespace {

struct OfflineService {
  explicit OfflineService(db::Database& db, const Clock& clock)
      : service({db, clock, nullptr, hasher, [] { return SecurityPolicy{}; },
                 [](std::string_view) { return std::optional<PermissionInfo>{}; }}) {}
  PasswordHasher hasher;
  SecurityServiceImpl service;
};

const Caller kCommandLine{"", "command-line", true, "", ""};

}  // namespace

Result<User> CreateUserCommand(db::Database& db, const Clock& clock, UserDraft draft,
                               std::optional<std::string> password) {
  OfflineService offline(db, clock);
  EMPORION_RETURN_IF_ERROR(offline.service.EnsureBuiltInRoles());
  return offline.service.CreateUser(std::nullopt, std::move(draft), std::move(password),
                                    kCommandLine);
}

Status SetPasswordCommand(db::Database& db, const Clock& clock, const std::string& user_name,
                          const std::string& password) {
  OfflineService offline(db, clock);
  EMPORION_ASSIGN_OR_RETURN(auto user, offline.service.FindUserByName(user_name));
  if (!user) return Error::NotFound("no user named '" + user_name + "'");
  auto changed = offline.service.SetPassword(user->meta.id, password, std::nullopt, kCommandLine);
  if (!changed.ok()) return std::move(changed).error();
  return Ok();
}

}  // namespace emporion::security
