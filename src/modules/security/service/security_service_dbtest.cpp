// The security service, token grants and principal cache on SQLite and PostgreSQL: business
// keys, the last-administrator and role-in-use rules, versions, list filters, lockout
// arithmetic through real sign-ins (FakeClock), refresh-token rotation and replay, API keys.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <random>
#include <set>

#include "emporion/security/security_module.hpp"
#include "modules/security/crypto/jwt.hpp"
#include "modules/security/service/principal_cache.hpp"
#include "modules/security/service/security_service_impl.hpp"
#include "modules/security/service/token_service.hpp"
#include "modules/security/storage/signing_key_store.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::security {
namespace {

constexpr Timestamp kMinute = 60'000'000;
constexpr Timestamp kStart = 1'795'000'000'000'000;

PasswordHasher::Options CheapHashing() {
  PasswordHasher::Options o;
  o.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
  o.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
  return o;
}

class SecurityServiceTest : public ::testing::Test {
 protected:
  SecurityServiceTest()
      : clock_(kStart),
        hasher_(CheapHashing()),
        service_({test_db_.db(), clock_, &bus_, hasher_, [this] { return policy_; },
                  [](std::string_view name) -> std::optional<PermissionInfo> {
                    if (name == "orders:read" || name == "catalog:read") {
                      return PermissionInfo{true, name == "catalog:read"};
                    }
                    return std::nullopt;
                  }}),
        cache_(test_db_.db(), clock_) {
    test_db_.Migrate({&platform::Migrations(), &security::Migrations()});
    std::random_device rd;
    key_dir_ = (std::filesystem::temp_directory_path() / ("emporion-sec-" + std::to_string(rd())))
                   .string();
    keys_ = std::move(SigningKeyStore::Open(key_dir_, clock_)).value();
    tokens_ = std::make_unique<TokenService>(test_db_.db(), clock_, &bus_, hasher_, *keys_,
                                             [this] { return policy_; });
    cache_.Subscribe(bus_);
    bus_.Subscribe("security.",
                   [this](const events::DomainEvent& e) { events_.push_back(e.type); });
    EXPECT_TRUE(service_.EnsureBuiltInRoles().ok());
    admin_ = Create("root", "root@example.com", {"Administrator"}, "Passw0rd1");
  }
  ~SecurityServiceTest() override { std::filesystem::remove_all(key_dir_); }

  User Create(const std::string& name, std::optional<std::string> email,
              std::vector<std::string> roles, std::optional<std::string> password) {
    UserDraft d;
    d.user_name = name;
    d.email = std::move(email);
    d.roles = std::move(roles);
    auto u = service_.CreateUser(std::nullopt, d, std::move(password), kRoot);
    EXPECT_TRUE(u.ok()) << u.error().detail();
    return u.ok() ? *u : User{};
  }

  GrantOutcome SignIn(const std::string& name, const std::string& password) {
    auto out = tokens_->PasswordGrant(name, password, {"10.0.0.1", "req"});
    EXPECT_TRUE(out.ok()) << out.error().detail();
    return out.ok() ? *out : GrantOutcome{};
  }

  const Caller kRoot{"", "root", true, "req", "127.0.0.1"};
  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  PasswordHasher hasher_;
  SecurityPolicy policy_;
  SecurityServiceImpl service_;
  PrincipalCache cache_;
  std::string key_dir_;
  std::unique_ptr<SigningKeyStore> keys_;
  std::unique_ptr<TokenService> tokens_;
  std::vector<std::string> events_;
  User admin_;
};

TEST_F(SecurityServiceTest, DuplicateUserNameAndEmailAreConflictsNamingTheField) {
  Create("alice", "alice@example.com", {}, std::nullopt);
  UserDraft d;
  d.user_name = "ALICE";
  auto dup_name = service_.CreateUser(std::nullopt, d, std::nullopt, kRoot);
  ASSERT_FALSE(dup_name.ok());
  EXPECT_EQ(dup_name.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup_name.error().fields().at(0).field, "userName");
  d.user_name = "alice2";
  d.email = "Alice@Example.com";
  auto dup_email = service_.CreateUser(std::nullopt, d, std::nullopt, kRoot);
  ASSERT_FALSE(dup_email.ok());
  EXPECT_EQ(dup_email.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup_email.error().fields().at(0).field, "email");
}

TEST_F(SecurityServiceTest, UnknownRoleAndWeakPasswordAreUnprocessable) {
  UserDraft d;
  d.user_name = "bob";
  d.roles = {"Administrator", "Ghost"};
  auto unknown = service_.CreateUser(std::nullopt, d, std::nullopt, kRoot);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(unknown.error().fields().at(0).field, "roles[1]");
  d.roles = {};
  auto weak = service_.CreateUser(std::nullopt, d, std::string("short"), kRoot);
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().fields().at(0).field, "password");
}

TEST_F(SecurityServiceTest, LastAdministratorAndSelfAreProtected) {
  const Caller as_root{admin_.meta.id, "root", true, "req", ""};
  auto self = service_.DeleteUser(admin_.meta.id, std::nullopt, as_root);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code(), ErrorCode::kConflict);
  auto last = service_.DeleteUser(admin_.meta.id, std::nullopt, kRoot);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code(), ErrorCode::kConflict);
  auto demote = service_.UpdateUser(
      admin_.meta.id, std::nullopt,
      [](const User&, UserDraft& d) {
        d.roles.clear();
        return Ok();
      },
      std::nullopt, kRoot);
  ASSERT_FALSE(demote.ok());
  EXPECT_EQ(demote.error().code(), ErrorCode::kConflict);
  // With a second administrator the first may go.
  Create("root2", std::nullopt, {"Administrator"}, std::nullopt);
  EXPECT_TRUE(service_.DeleteUser(admin_.meta.id, std::nullopt, kRoot).ok());
}

TEST_F(SecurityServiceTest, OnlyAdministratorsGrantTheAdministratorRole) {
  const Caller manager{"m1", "manager", false, "req", ""};
  UserDraft d;
  d.user_name = "sneaky";
  d.roles = {"administrator"};
  auto r = service_.CreateUser(std::nullopt, d, std::nullopt, manager);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(SecurityServiceTest, UpdatesCheckTheVersionAndBumpItOnlyOnChange) {
  User u = Create("carol", std::nullopt, {}, std::nullopt);
  auto same = service_.UpdateUser(
      u.meta.id, 1, [](const User&, UserDraft&) { return Ok(); }, std::nullopt, kRoot);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->meta.version, 1);
  auto changed = service_.UpdateUser(
      u.meta.id, 1,
      [](const User&, UserDraft& d) {
        d.email = "carol@example.com";
        return Ok();
      },
      std::nullopt, kRoot);
  ASSERT_TRUE(changed.ok()) << changed.error().detail();
  EXPECT_EQ(changed->meta.version, 2);
  auto stale = service_.UpdateUser(
      u.meta.id, 1, [](const User&, UserDraft&) { return Ok(); }, std::nullopt, kRoot);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), ErrorCode::kPreconditionFailed);
  EXPECT_EQ(std::count(events_.begin(), events_.end(), "security.user.updated"), 1);
}

TEST_F(SecurityServiceTest, RolesValidatePermissionsAndCannotBeDeletedWhileHeld) {
  RoleDraft bad{"Bad", "", {{"orders:read", {}, {}}, {"nope:x", {}, {}}}};
  auto rejected = service_.CreateRole(std::nullopt, bad, kRoot);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().fields().at(0).field, "permissions[1]");

  auto role =
      service_.CreateRole(std::nullopt, {"Clerk", "desk", {{"orders:read", {"s1"}, {}}}}, kRoot);
  ASSERT_TRUE(role.ok()) << role.error().detail();
  auto dup = service_.CreateRole(std::nullopt, {"clerk", "", {}}, kRoot);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().fields().at(0).field, "name");

  Create("dave", std::nullopt, {"Clerk"}, std::nullopt);
  auto in_use = service_.DeleteRole(role->meta.id, std::nullopt, kRoot);
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().code(), ErrorCode::kConflict);

  auto builtin = service_.DeleteRole(std::string(kAdministratorRoleId), std::nullopt, kRoot);
  ASSERT_FALSE(builtin.ok());
  EXPECT_EQ(builtin.error().code(), ErrorCode::kConflict);
  auto change_builtin = service_.UpdateRole(
      std::string(kAdministratorRoleId), std::nullopt,
      [](const Role&, RoleDraft& d) {
        d.description = "x";
        return Ok();
      },
      kRoot);
  ASSERT_FALSE(change_builtin.ok());
  EXPECT_EQ(change_builtin.error().code(), ErrorCode::kConflict);
}

TEST_F(SecurityServiceTest, ListsFilterByTextTypeAndRoleAndSort) {
  ASSERT_TRUE(
      service_.CreateRole(std::nullopt, {"Clerk", "", {{"orders:read", {}, {}}}}, kRoot).ok());
  Create("zed", "zed@shop.example", {"Clerk"}, std::nullopt);
  Create("amy", "amy@shop.example", {}, std::nullopt);
  Create("bea_100", std::nullopt, {"Clerk"}, std::nullopt);

  UserQuery by_text;
  by_text.q = "SHOP.example";
  auto page = service_.ListUsers(by_text);
  ASSERT_TRUE(page.ok()) << page.error().detail();
  EXPECT_EQ(page->total, 2);

  UserQuery percent;
  percent.q = "_100";
  EXPECT_EQ(service_.ListUsers(percent)->total, 1);

  UserQuery by_role;
  by_role.role = "clerk";
  by_role.sort = {{"userName", true}};
  auto clerks = service_.ListUsers(by_role);
  ASSERT_TRUE(clerks.ok());
  ASSERT_EQ(clerks->items.size(), 2u);
  EXPECT_EQ(clerks->items[0].user_name, "zed");
  EXPECT_EQ(clerks->items[0].roles, std::vector<std::string>{"Clerk"});

  UserQuery paged;
  paged.limit = 1;
  paged.offset = 1;
  auto second = service_.ListUsers(paged);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->total, 4);
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].user_name, "bea_100");
}

TEST_F(SecurityServiceTest, FifthFailedSignInLocksUntilTheLockoutEnds) {
  Create("erin", std::nullopt, {}, std::string("Secret123"));
  for (int i = 0; i < 4; ++i) {
    auto out = SignIn("erin", "wrong-password1");
    EXPECT_FALSE(out.ok);
    EXPECT_EQ(out.error, "invalid_grant");
  }
  EXPECT_TRUE(std::find(events_.begin(), events_.end(), "security.user.locked-out") ==
              events_.end());
  EXPECT_FALSE(SignIn("erin", "wrong-password1").ok);
  EXPECT_TRUE(std::find(events_.begin(), events_.end(), "security.user.locked-out") !=
              events_.end());
  // Locked: even the right password fails.
  auto locked = SignIn("erin", "Secret123");
  EXPECT_FALSE(locked.ok);
  EXPECT_NE(locked.description.find("locked"), std::string::npos);
  clock_.Advance(5 * kMinute);
  auto after = SignIn("erin", "Secret123");
  EXPECT_TRUE(after.ok) << after.description;
  auto user = service_.FindUserByName("erin");
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_FALSE((*user)->IsLockedOut(clock_.Now()));
  EXPECT_EQ((*user)->last_login_at, clock_.Now());
}

TEST_F(SecurityServiceTest, UnlockEndsALockoutAndTheCacheSeesIt) {
  User u = Create("fay", std::nullopt, {}, std::string("Secret123"));
  for (int i = 0; i < 5; ++i) SignIn("fay", "nope-nope1");
  auto cached = cache_.FindUser(u.meta.id);
  ASSERT_TRUE(cached.ok() && *cached != nullptr);
  EXPECT_TRUE((*cached)->lockout_end.has_value());
  auto unlocked = service_.Unlock(u.meta.id, kRoot);
  ASSERT_TRUE(unlocked.ok()) << unlocked.error().detail();
  EXPECT_FALSE(unlocked->IsLockedOut(clock_.Now()));
  auto reloaded = cache_.FindUser(u.meta.id);
  ASSERT_TRUE(reloaded.ok() && *reloaded != nullptr);
  EXPECT_FALSE((*reloaded)->lockout_end.has_value());
  EXPECT_TRUE(SignIn("fay", "Secret123").ok);
}

TEST_F(SecurityServiceTest, RefreshTokensRotateAndAReplayRevokesTheFamily) {
  Create("gus", std::nullopt, {}, std::string("Secret123"));
  GrantOutcome first = SignIn("gus", "Secret123");
  ASSERT_TRUE(first.ok);
  auto keys = keys_->Keys();
  auto claims = VerifyJwt(first.access_token, *keys, clock_.Now());
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->name, "gus");
  EXPECT_EQ(first.expires_in, 3600);

  auto second = tokens_->RefreshTokenGrant(first.refresh_token, {"10.0.0.1", "req"});
  ASSERT_TRUE(second.ok() && second->ok) << second->description;
  EXPECT_NE(second->refresh_token, first.refresh_token);
  // The first token was used up; using it again is a replay that ends the sign-in.
  auto replay = tokens_->RefreshTokenGrant(first.refresh_token, {"10.0.0.1", "req"});
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->ok);
  EXPECT_EQ(replay->error, "invalid_grant");
  auto after_replay = tokens_->RefreshTokenGrant(second->refresh_token, {"10.0.0.1", "req"});
  ASSERT_TRUE(after_replay.ok());
  EXPECT_FALSE(after_replay->ok) << "the replay revoked the whole family";
}

TEST_F(SecurityServiceTest, RefreshTokensExpire) {
  Create("hal", std::nullopt, {}, std::string("Secret123"));
  GrantOutcome first = SignIn("hal", "Secret123");
  clock_.Advance(30LL * 24 * 60 * kMinute);
  auto expired = tokens_->RefreshTokenGrant(first.refresh_token, {"10.0.0.1", "req"});
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->ok);
}

TEST_F(SecurityServiceTest, ApiKeysStoreOnlyAHashAndWorkForClientCredentials) {
  User u = Create("integration", std::nullopt, {}, std::nullopt);
  auto issued = service_.CreateApiKey(std::nullopt, {"erp", u.meta.id, std::nullopt}, kRoot);
  ASSERT_TRUE(issued.ok()) << issued.error().detail();
  const std::string secret = issued->secret_key.substr(issued->secret_key.rfind('_') + 1);
  auto cached = cache_.FindApiKey(issued->key.meta.id);
  ASSERT_TRUE(cached.ok() && *cached != nullptr);
  EXPECT_EQ((*cached)->secret_hash.size(), 64u);
  EXPECT_EQ((*cached)->secret_hash.find(secret), std::string::npos);

  auto ok = tokens_->ClientCredentialsGrant(issued->key.meta.id, secret, {"10.0.0.2", "r"});
  ASSERT_TRUE(ok.ok() && ok->ok) << ok->description;
  auto claims = VerifyJwt(ok->access_token, *keys_->Keys(), clock_.Now());
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->subject, u.meta.id);
  EXPECT_EQ(claims->client_id, issued->key.meta.id);

  auto wrong = tokens_->ClientCredentialsGrant(issued->key.meta.id, "00", {"10.0.0.2", "r"});
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->status, 401u);
  EXPECT_EQ(wrong->error, "invalid_client");

  ASSERT_TRUE(service_.DeleteApiKey(issued->key.meta.id, std::nullopt, kRoot).ok());
  auto gone = cache_.FindApiKey(issued->key.meta.id);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, nullptr);
  auto refresh = tokens_->RefreshTokenGrant(ok->refresh_token, {"10.0.0.2", "r"});
  ASSERT_TRUE(refresh.ok());
  EXPECT_FALSE(refresh->ok);
}

TEST_F(SecurityServiceTest, PrincipalCarriesStoreScopedPermissionsFromRoles) {
  ASSERT_TRUE(
      service_
          .CreateRole(
              std::nullopt,
              {"StoreClerk", "", {{"orders:read", {"s2", "s1"}, {}}, {"catalog:read", {}, {}}}},
              kRoot)
          .ok());
  User u = Create("ivy", std::nullopt, {"StoreClerk"}, std::nullopt);
  auto cached = cache_.FindUser(u.meta.id);
  ASSERT_TRUE(cached.ok() && *cached != nullptr);
  const http::Principal& p = *(*cached)->as_bearer;
  EXPECT_FALSE(p.is_administrator);
  EXPECT_TRUE(p.HasForStore("orders:read", "s1"));
  EXPECT_FALSE(p.HasForStore("orders:read", "s3"));
  EXPECT_TRUE(p.HasForStore("catalog:read", "anything"));
  EXPECT_FALSE(p.Has("orders:update"));
  // Changing the role reaches cached principals through the role event.
  auto role = service_.ListRoles({});
  ASSERT_TRUE(role.ok());
  std::string id;
  for (const auto& r : role->items) {
    if (r.name == "StoreClerk") id = r.meta.id;
  }
  ASSERT_TRUE(service_
                  .UpdateRole(
                      id, std::nullopt,
                      [](const Role&, RoleDraft& d) {
                        d.permissions = {{"orders:read", {}, {}}};
                        return Ok();
                      },
                      kRoot)
                  .ok());
  auto fresh = cache_.FindUser(u.meta.id);
  ASSERT_TRUE(fresh.ok() && *fresh != nullptr);
  EXPECT_TRUE((*fresh)->as_bearer->HasForStore("orders:read", "s3"));
  EXPECT_FALSE((*fresh)->as_bearer->Has("catalog:read"));
}

TEST_F(SecurityServiceTest, DeletedUsersDisappearFromTheCache) {
  User u = Create("jon", std::nullopt, {}, std::nullopt);
  auto before = cache_.FindUser(u.meta.id);
  ASSERT_TRUE(before.ok() && *before != nullptr);
  ASSERT_TRUE(service_.DeleteUser(u.meta.id, std::nullopt, kRoot).ok());
  auto after = cache_.FindUser(u.meta.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, nullptr);
}

}  // namespace
}  // namespace emporion::security
