#include "modules/security/crypto/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace emporion::security {
namespace {

PasswordHasher::Options Cheap() {
  PasswordHasher::Options o;
  o.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
  o.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
  return o;
}

TEST(PasswordHasherTest, HashesAreSaltedArgon2idAndVerify) {
  PasswordHasher hasher(Cheap());
  auto a = hasher.Hash("Passw0rd-1");
  auto b = hasher.Hash("Passw0rd-1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(*a, *b) << "each hash has its own salt";
  EXPECT_TRUE(*hasher.Verify(*a, "Passw0rd-1"));
  EXPECT_FALSE(*hasher.Verify(*a, "Passw0rd-2"));
  EXPECT_FALSE(*hasher.Verify("not a hash", "Passw0rd-1"));
  EXPECT_FALSE(*hasher.Verify("", ""));
}

TEST(PasswordHasherTest, HashesWithOtherLimitsNeedARehash) {
  PasswordHasher cheap(Cheap());
  PasswordHasher::Options stronger = Cheap();
  stronger.ops_limit = crypto_pwhash_OPSLIMIT_MIN + 1;
  PasswordHasher strong(stronger);
  auto hash = cheap.Hash("Passw0rd-1");
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(cheap.NeedsRehash(*hash));
  EXPECT_TRUE(strong.NeedsRehash(*hash));
  EXPECT_TRUE(*strong.Verify(*hash, "Passw0rd-1")) << "old hashes still verify";
  EXPECT_TRUE(strong.NeedsRehash("garbage"));
}

}  // namespace
}  // namespace emporion::security
