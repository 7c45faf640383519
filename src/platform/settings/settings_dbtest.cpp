// SettingsService on SQLite and PostgreSQL: validation of every type against its definition,
// defaults, global values and per-store overrides, reset, and the events and change history
// each write leaves.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/db/migration.hpp"
#include "platform/events/outbox.hpp"
#include "platform/settings/settings.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::settings {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;

class SettingsTest : public ::testing::Test {
 protected:
  SettingsTest() : clock_(kNow), settings_(test_db_.db()) {
    test_db_.Migrate({&platform::Migrations()});
    settings_.Define({.name = "test.mode",
                      .module = "test",
                      .type = SettingType::kString,
                      .default_json = R"("fast")",
                      .allowed_values = {"fast", "safe"}});
    settings_.Define({.name = "test.limit",
                      .module = "test",
                      .type = SettingType::kInteger,
                      .default_json = "10",
                      .min = 1,
                      .max = 100,
                      .per_store = true});
    settings_.Define({.name = "test.enabled",
                      .type = SettingType::kBoolean,
                      .default_json = "false",
                      .per_store = true});
    settings_.Define({.name = "test.rate",
                      .type = SettingType::kDecimal,
                      .default_json = "0.5",
                      .min = 0,
                      .max = 1});
    settings_.Define({.name = "test.any", .type = SettingType::kJson, .default_json = "{}"});
    settings_.Define({.name = "test.channels",
                      .type = SettingType::kStringList,
                      .default_json = "[]",
                      .allowed_values = {"web", "mobile", "pos"}});
    settings_.Define({.name = "test.apiKey",
                      .type = SettingType::kString,
                      .default_json = R"("")",
                      .secret = true});
    EXPECT_TRUE(settings_.Load().ok());
  }

  events::UnitOfWork Begin() {
    auto u = events::UnitOfWork::Begin(test_db_.db(), nullptr, "alice", "req-1", clock_);
    EXPECT_TRUE(u.ok()) << u.error().detail();
    return std::move(u).value();
  }

  Status SetAndCommit(const std::string& name, const std::string& value,
                      const std::optional<std::string>& store = std::nullopt) {
    auto uow = Begin();
    EMPORION_RETURN_IF_ERROR(settings_.Set(uow, name, value, store));
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return settings_.Reload();
  }

  Status ResetAndCommit(const std::string& name,
                        const std::optional<std::string>& store = std::nullopt) {
    auto uow = Begin();
    EMPORION_RETURN_IF_ERROR(settings_.Reset(uow, name, store));
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return settings_.Reload();
  }

  std::vector<events::Change> Changes() {
    auto tx = test_db_.db().Begin(db::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    events::ChangeQuery q;
    q.entity_type = "platform.setting";
    q.limit = 100;
    auto found = events::QueryChanges(**tx, q);
    EXPECT_TRUE(found.ok());
    return found->first;
  }

  std::vector<events::DomainEvent> Events() {
    auto tx = test_db_.db().Begin(db::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto events = events::ReadOutbox(**tx, 0, 100);
    EXPECT_TRUE(events.ok());
    return *events;
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  SettingsService settings_;
};

TEST_F(SettingsTest, ValidatesValuesAgainstTheirDefinition) {
  struct Case {
    const char* name;
    const char* value;
    std::optional<std::string> store;
    std::optional<ErrorCode> error;  // nullopt: accepted
    const char* field;
  };
  const auto k422 = ErrorCode::kUnprocessable;
  const Case cases[] = {
      {"test.mode", R"("safe")", std::nullopt, std::nullopt, ""},
      {"test.mode", R"("slow")", std::nullopt, k422, "value"},  // not an allowed value
      {"test.mode", "3", std::nullopt, k422, "value"},          // wrong type
      {"test.limit", "1", std::nullopt, std::nullopt, ""},
      {"test.limit", "100", "store-1", std::nullopt, ""},
      {"test.limit", "0", std::nullopt, k422, "value"},    // below min
      {"test.limit", "101", std::nullopt, k422, "value"},  // above max
      {"test.limit", "2.5", std::nullopt, k422, "value"},  // not an integer
      {"test.limit", R"("5")", std::nullopt, k422, "value"},
      {"test.enabled", "true", std::nullopt, std::nullopt, ""},
      {"test.enabled", "1", std::nullopt, k422, "value"},
      {"test.rate", "0.1234", std::nullopt, std::nullopt, ""},
      {"test.rate", "1", std::nullopt, std::nullopt, ""},
      {"test.rate", "0.12345", std::nullopt, k422, "value"},  // five decimals
      {"test.rate", "1.5", std::nullopt, k422, "value"},      // above max
      {"test.rate", R"("0.5")", std::nullopt, k422, "value"},
      {"test.any", R"({"a":[1,2,{"b":null}]})", std::nullopt, std::nullopt, ""},
      {"test.channels", R"(["web","pos"])", std::nullopt, std::nullopt, ""},
      {"test.channels", R"(["web","fax"])", std::nullopt, k422, "value"},
      {"test.channels", R"(["web",1])", std::nullopt, k422, "value"},
      {"test.channels", R"("web")", std::nullopt, k422, "value"},
      {"test.mode", "null", std::nullopt, k422, "value"},
      {"test.mode", R"("fast")", "store-1", k422, "storeId"},  // global only
      {"test.mode", "{", std::nullopt, ErrorCode::kInvalidArgument, "value"},
      {"test.unknown", "1", std::nullopt, ErrorCode::kNotFound, ""},
  };
  for (const auto& c : cases) {
    auto result = settings_.Validate(c.name, c.value, c.store);
    if (!c.error) {
      EXPECT_TRUE(result.ok()) << c.name << " = " << c.value << ": " << result.error().detail();
      continue;
    }
    ASSERT_FALSE(result.ok()) << c.name << " = " << c.value << " was accepted";
    EXPECT_EQ(result.error().code(), *c.error) << c.name << " = " << c.value;
    if (*c.field != '\0') {
      ASSERT_FALSE(result.error().fields().empty()) << c.name << " = " << c.value;
      EXPECT_EQ(result.error().fields()[0].field, c.field) << c.name << " = " << c.value;
    }
  }
}

TEST_F(SettingsTest, ReadsTheDefaultUntilAValueIsStored) {
  EXPECT_EQ(settings_.GetInt("test.limit"), 10);
  EXPECT_EQ(settings_.GetString("test.mode"), "fast");
  EXPECT_FALSE(settings_.GetBool("test.enabled"));
  EXPECT_EQ(*settings_.GetJson("test.rate"), "0.5");
  EXPECT_EQ(settings_.GetJson("test.unknown").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(settings_.GetInt("test.unknown"), 0);
  EXPECT_EQ(settings_.GetInt("test.mode"), 0);  // wrong type reads as zero

  ASSERT_TRUE(SetAndCommit("test.limit", "42").ok());
  ASSERT_TRUE(SetAndCommit("test.mode", R"( "safe" )").ok());
  EXPECT_EQ(settings_.GetInt("test.limit"), 42);
  EXPECT_EQ(settings_.GetString("test.mode"), "safe");
  EXPECT_EQ(*settings_.GetJson("test.mode"), R"("safe")");  // normalized
}

TEST_F(SettingsTest, StoreOverridesWinOverTheGlobalValue) {
  ASSERT_TRUE(SetAndCommit("test.limit", "20").ok());
  ASSERT_TRUE(SetAndCommit("test.limit", "30", "store-1").ok());
  EXPECT_EQ(settings_.GetInt("test.limit"), 20);
  EXPECT_EQ(settings_.GetInt("test.limit", "store-1"), 30);
  EXPECT_EQ(settings_.GetInt("test.limit", "store-2"), 20);  // no override: global
  ASSERT_EQ(settings_.StoreOverrides("test.limit").size(), 1u);
  EXPECT_EQ(settings_.StoreOverrides("test.limit")[0].store_id, "store-1");
  EXPECT_EQ(settings_.Stored("test.limit", "store-1")->modified_by, "alice");

  ASSERT_TRUE(ResetAndCommit("test.limit", "store-1").ok());
  EXPECT_EQ(settings_.GetInt("test.limit", "store-1"), 20);
  ASSERT_TRUE(ResetAndCommit("test.limit").ok());
  EXPECT_EQ(settings_.GetInt("test.limit", "store-1"), 10);  // back to the default
  EXPECT_TRUE(settings_.StoreOverrides("test.limit").empty());
}

TEST_F(SettingsTest, SecondSetOverwritesTheFirst) {
  ASSERT_TRUE(SetAndCommit("test.limit", "20").ok());
  ASSERT_TRUE(SetAndCommit("test.limit", "21").ok());
  EXPECT_EQ(settings_.GetInt("test.limit"), 21);
}

TEST_F(SettingsTest, RejectedValueChangesNothing) {
  EXPECT_EQ(SetAndCommit("test.limit", "1000").error().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(SetAndCommit("test.nope", "1").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(ResetAndCommit("test.nope").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(ResetAndCommit("test.mode", "store-1").error().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(settings_.GetInt("test.limit"), 10);
  EXPECT_TRUE(Changes().empty());
  EXPECT_TRUE(Events().empty());
}

TEST_F(SettingsTest, WritesLeaveEventsAndChangeHistory) {
  ASSERT_TRUE(SetAndCommit("test.limit", "20").ok());
  ASSERT_TRUE(SetAndCommit("test.limit", "30", "store-1").ok());
  ASSERT_TRUE(ResetAndCommit("test.limit", "store-1").ok());
  ASSERT_TRUE(ResetAndCommit("test.limit", "store-1").ok());  // nothing stored: no entry

  auto changes = Changes();  // newest first
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].operation, "reset");
  EXPECT_EQ(changes[0].entity_id, "test.limit@store-1");
  EXPECT_EQ(changes[1].operation, "updated");
  EXPECT_EQ(changes[2].entity_id, "test.limit");
  EXPECT_EQ(changes[2].actor, "alice");
  EXPECT_EQ(changes[2].detail, R"({"changes":[{"field":"value","from":null,"to":20}]})");

  auto events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "platform.setting.updated");
  EXPECT_EQ(events[0].payload,
            R"({"name":"test.limit","module":"test","storeId":null,"reset":false,"value":20})");
  EXPECT_EQ(events[2].payload,
            R"({"name":"test.limit","module":"test","storeId":"store-1","reset":true})");
}

TEST_F(SettingsTest, SecretValuesAreRedactedInHistoryAndEvents) {
  ASSERT_TRUE(SetAndCommit("test.apiKey", R"("s3cret")").ok());
  EXPECT_EQ(settings_.GetString("test.apiKey"), "s3cret");
  auto changes = Changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].detail.find("s3cret"), std::string::npos) << changes[0].detail;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].payload.find("s3cret"), std::string::npos) << events[0].payload;
}

TEST_F(SettingsTest, AnotherServiceSeesStoredValuesAfterLoad) {
  ASSERT_TRUE(SetAndCommit("test.limit", "77", "store-9").ok());
  SettingsService other(test_db_.db());
  other.Define({.name = "test.limit",
                .type = SettingType::kInteger,
                .default_json = "10",
                .per_store = true});
  ASSERT_TRUE(other.Load().ok());
  EXPECT_EQ(other.GetInt("test.limit", "store-9"), 77);
  EXPECT_EQ(other.Find("test.limit")->module, "test");  // derived from the name
}

}  // namespace
}  // namespace emporion::settings
