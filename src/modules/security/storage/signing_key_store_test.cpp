#include "modules/security/storage/signing_key_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <random>

namespace emporion::security {
namespace {

namespace fs = std::filesystem;

class SigningKeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = (fs::temp_directory_path() / ("emporion-keys-" + std::to_string(rd()))).string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
  FakeClock clock_{1'790'000'000'000'000};
};

TEST_F(SigningKeyStoreTest, FirstOpenCreatesOnePrivateKeyFile) {
  auto store = SigningKeyStore::Open(dir_, clock_);
  ASSERT_TRUE(store.ok()) << store.error().detail();
  const auto keys = (*store)->Keys();
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->front().secret.size(), 32u);
  const std::string path = dir_ + "/jwt-" + keys->front().kid + ".key";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(keys->front().created_at, clock_.Now());
}

TEST_F(SigningKeyStoreTest, ReopeningLoadsTheSameKey) {
  auto first = SigningKeyStore::Open(dir_, clock_);
  ASSERT_TRUE(first.ok());
  const SigningKey key = (*first)->Current();
  auto second = SigningKeyStore::Open(dir_, clock_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->Current().kid, key.kid);
  EXPECT_EQ((*second)->Current().secret, key.secret);
  EXPECT_EQ((*second)->Keys()->size(), 1u);
}

TEST_F(SigningKeyStoreTest, RotationMakesANewCurrentKeyAndKeepsTheLastThree) {
  auto store = SigningKeyStore::Open(dir_, clock_);
  ASSERT_TRUE(store.ok());
  std::vector<std::string> kids = {(*store)->Current().kid};
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(1'000'000);
    auto rotated = (*store)->Rotate();
    ASSERT_TRUE(rotated.ok()) << rotated.error().detail();
    EXPECT_EQ((*store)->Current().kid, rotated->kid);
    kids.push_back(rotated->kid);
  }
  const auto keys = (*store)->Keys();
  ASSERT_EQ(keys->size(), 3u);
  EXPECT_EQ((*keys)[0].kid, kids[3]);
  EXPECT_EQ((*keys)[1].kid, kids[2]);
  EXPECT_EQ((*keys)[2].kid, kids[1]);
  EXPECT_FALSE(fs::exists(dir_ + "/jwt-" + kids[0] + ".key"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 3u);
}

TEST_F(SigningKeyStoreTest, IgnoresFilesThatAreNotWholeKeys) {
  fs::create_directories(dir_);
  {
    std::FILE* f = std::fopen((dir_ + "/jwt-0000000000000001-abcd.key").c_str(), "wb");
    std::fputs("short", f);
    std::fclose(f);
  }
  auto store = SigningKeyStore::Open(dir_, clock_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Keys()->size(), 1u);
  EXPECT_EQ((*store)->Current().secret.size(), 32u);
}

}  // namespace
}  // namespace emporion::security
