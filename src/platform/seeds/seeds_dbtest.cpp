// SeedRegistry on SQLite and PostgreSQL: steps run in order across modules, a finished step is
// not run again, a failing step stops the run and is retried next time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/seeds/seeds.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::seeds {
namespace {

class SeedRegistryTest : public ::testing::Test {
 protected:
  SeedRegistryTest() : clock_(1'795'000'000'000'000) {
    test_db_.Migrate({&platform::Migrations()});
  }
  SeedContext Context() { return SeedContext{test_db_.db(), clock_}; }

  test::TestDatabase test_db_;
  FakeClock clock_;
};

TEST_F(SeedRegistryTest, RunsStepsInOrderOnceAndRetriesAFailedOne) {
  SeedRegistry registry;
  std::vector<std::string> ran;
  bool fail_stock = true;
  registry.Add("demo", 60, "inventory.stock", [&](const SeedContext&) -> Status {
    ran.push_back("stock");
    if (fail_stock) return Error::Unavailable("warehouse offline");
    return {};
  });
  registry.Add("demo", 10, "localization.languages", [&](const SeedContext&) -> Status {
    ran.push_back("languages");
    return {};
  });
  registry.Add("other", 1, "other.thing", [&](const SeedContext&) -> Status {
    ran.push_back("other");
    return {};
  });

  auto first = registry.Run("demo", Context());
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error().detail().find("inventory.stock"), std::string::npos);
  EXPECT_EQ(ran, (std::vector<std::string>{"languages", "stock"}));

  fail_stock = false;
  auto second = registry.Run("demo", Context());
  ASSERT_TRUE(second.ok()) << second.error().detail();
  EXPECT_EQ(*second, 1);
  EXPECT_EQ(ran, (std::vector<std::string>{"languages", "stock", "stock"}));

  auto third = registry.Run("demo", Context());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(*third, 0);
  EXPECT_EQ(registry.DataSets(), (std::vector<std::string>{"demo", "other"}));
}

TEST_F(SeedRegistryTest, ADataSetWithoutStepsRunsNothing) {
  SeedRegistry registry;
  auto ran = registry.Run("demo", Context());
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(*ran, 0);
}

}  // namespace
}  // namespace emporion::seeds
