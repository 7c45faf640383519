// SqlIdempotencyStore on SQLite and PostgreSQL: a saved response comes back whole (status,
// content type, headers, binary body) for 24 hours; the first save wins; an expired entry is
// invisible and replaced by the next save.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/db/migration.hpp"
#include "platform/idempotency/sql_idempotency_store.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::idempotency {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;
constexpr Timestamp kHour = 3600LL * 1'000'000;

http::IdempotencyStore::Entry MakeEntry(const std::string& hash, unsigned status,
                                        std::string body) {
  http::IdempotencyStore::Entry e;
  e.request_hash = hash;
  e.response.status = status;
  e.response.body = std::move(body);
  e.response.headers = {{"Location", "/api/v1/jobs/j-1"}, {"ETag", "\"1\""}};
  return e;
}

class SqlIdempotencyStoreTest : public ::testing::Test {
 protected:
  SqlIdempotencyStoreTest() : clock_(kNow), store_(test_db_.db(), clock_) {
    test_db_.Migrate({&platform::Migrations()});
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  SqlIdempotencyStore store_;
};

TEST_F(SqlIdempotencyStoreTest, ReturnsTheSavedResponseWhole) {
  std::string body = R"({"id":"j-1"})";
  body.push_back('\0');
  body += "\xff binary tail";
  ASSERT_TRUE(
      store_.Save("u1 POST /api/v1/jobs/maintenance", "key-1", MakeEntry("hash-a", 202, body))
          .ok());
  auto found = store_.Find("u1 POST /api/v1/jobs/maintenance", "key-1");
  ASSERT_TRUE(found.ok()) << found.error().detail();
  ASSERT_TRUE(found->has_value());
  const auto& entry = **found;
  EXPECT_EQ(entry.request_hash, "hash-a");
  EXPECT_EQ(entry.response.status, 202u);
  EXPECT_EQ(entry.response.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(entry.response.body, body);
  ASSERT_EQ(entry.response.headers.size(), 2u);
  EXPECT_EQ(entry.response.headers[0].first, "Location");
  EXPECT_EQ(entry.response.headers[0].second, "/api/v1/jobs/j-1");
  EXPECT_EQ(entry.response.headers[1].second, "\"1\"");
}

TEST_F(SqlIdempotencyStoreTest, KeysAreSeparatedByScope) {
  ASSERT_TRUE(store_.Save("u1 POST /a", "k", MakeEntry("h", 201, "{}")).ok());
  EXPECT_FALSE(store_.Find("u2 POST /a", "k")->has_value());
  EXPECT_FALSE(store_.Find("u1 POST /a", "other")->has_value());
  EXPECT_TRUE(store_.Find("u1 POST /a", "k")->has_value());
}

TEST_F(SqlIdempotencyStoreTest, TheFirstSaveWins) {
  ASSERT_TRUE(store_.Save("s", "k", MakeEntry("first", 201, "1")).ok());
  ASSERT_TRUE(store_.Save("s", "k", MakeEntry("second", 201, "2")).ok());
  auto found = store_.Find("s", "k");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->request_hash, "first");
  EXPECT_EQ((*found)->response.body, "1");
}

TEST_F(SqlIdempotencyStoreTest, EntriesExpireAfterADayAndAreReplaced) {
  ASSERT_TRUE(store_.Save("s", "k", MakeEntry("old", 201, "old")).ok());
  clock_.Advance(23 * kHour);
  EXPECT_TRUE(store_.Find("s", "k")->has_value());
  clock_.Advance(1 * kHour + 1'000'000);
  EXPECT_FALSE(store_.Find("s", "k")->has_value());
  ASSERT_TRUE(store_.Save("s", "k", MakeEntry("new", 200, "new")).ok());
  auto found = store_.Find("s", "k");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->request_hash, "new");
  EXPECT_EQ((*found)->response.status, 200u);
}

TEST_F(SqlIdempotencyStoreTest, KeepsAnEmptyNoContentResponse) {
  http::IdempotencyStore::Entry e;
  e.request_hash = "h";
  e.response = http::Response::NoContent();
  ASSERT_TRUE(store_.Save("s", "k", e).ok());
  auto found = store_.Find("s", "k");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->response.status, 204u);
  EXPECT_TRUE((*found)->response.body.empty());
  EXPECT_TRUE((*found)->response.content_type.empty());
  EXPECT_TRUE((*found)->response.headers.empty());
}

}  // namespace
}  // namespace emporion::idempotency
