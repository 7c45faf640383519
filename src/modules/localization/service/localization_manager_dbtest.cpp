// LocalizationManager against SQLite and PostgreSQL: the LocalizationService other modules call
// (lookups in any case, active flags, rounding settings with the ISO 4217 fallback, conversion
// with stored rates) and the usage hook that turns a delete of a language or currency in use
// into a conflict.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emporion/localization/localization_module.hpp"
#include "modules/localization/service/localization_manager.hpp"
#include "platform/db/migration.hpp"
#include "support/test_db.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::localization {
namespace {

constexpr Timestamp kNow = 1'795'000'000'000'000;

class LocalizationManagerTest : public ::testing::Test {
 protected:
  LocalizationManagerTest() : clock_(kNow), manager_(test_db_.db(), clock_, &bus_) {
    test_db_.Migrate({&platform::Migrations(), &localization::Migrations()});
    Language en;
    en.code = "en-US";
    en.name = "English";
    EXPECT_TRUE(manager_.languages().Create(actor_, en).ok());
    Language de;
    de.code = "de-DE";
    de.name = "German";
    de.is_active = false;
    EXPECT_TRUE(manager_.languages().Create(actor_, de).ok());
    Currency usd;
    usd.code = "USD";
    usd.name = "Dollar";
    EXPECT_TRUE(manager_.currencies().Create(actor_, usd).ok());
    Currency eur;
    eur.code = "EUR";
    eur.name = "Euro";
    eur.exchange_rate = *Decimal::Parse("0.8");
    eur.rounding = {2, RoundingMode::kHalfEven};
    EXPECT_TRUE(manager_.currencies().Create(actor_, eur).ok());
  }

  test::TestDatabase test_db_;
  FakeClock clock_;
  events::EventBus bus_;
  LocalizationManager manager_;
  resource::Actor actor_{"alice", "req-1"};
};

TEST_F(LocalizationManagerTest, AnswersOtherModulesQuestions) {
  EXPECT_TRUE(*manager_.IsActiveLanguage("en-us"));
  EXPECT_FALSE(*manager_.IsActiveLanguage("de-DE"));  // exists but inactive
  EXPECT_FALSE(*manager_.IsActiveLanguage("fr-FR"));
  EXPECT_FALSE(*manager_.IsActiveLanguage("not a tag"));
  EXPECT_TRUE(*manager_.IsActiveCurrency("EUR"));
  EXPECT_FALSE(*manager_.IsActiveCurrency("GBP"));
  auto found = manager_.FindCurrency("USD");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->is_primary);

  auto eur = manager_.Rounding("EUR");
  ASSERT_TRUE(eur.ok());
  EXPECT_EQ(eur->places, 2);
  EXPECT_EQ(eur->mode, RoundingMode::kHalfEven);
  auto jpy = manager_.Rounding("JPY");  // not stored: ISO 4217 minor units, half-up
  ASSERT_TRUE(jpy.ok());
  EXPECT_EQ(jpy->places, 0);
  EXPECT_EQ(jpy->mode, RoundingMode::kHalfUp);

  auto converted = manager_.Convert({*Decimal::Parse("10.05"), "USD"}, "EUR");
  ASSERT_TRUE(converted.ok()) << converted.error().detail();
  EXPECT_EQ(converted->amount.ToString(), "8.04");
  EXPECT_EQ(manager_.Convert({Decimal::FromInt(1), "USD"}, "GBP").error().code(),
            ErrorCode::kNotFound);
}

TEST_F(LocalizationManagerTest, UsageCheckBlocksDeletes) {
  manager_.AddUsageCheck(
      [](UsageKind kind, const std::string& code) -> Result<std::optional<std::string>> {
        if (kind == UsageKind::kCurrency && code == "EUR")
          return std::optional<std::string>("store 'eu'");
        if (kind == UsageKind::kLanguage && code == "en-US")
          return std::optional<std::string>("store 'us'");
        return std::optional<std::string>();
      });
  auto eur = manager_.FindCurrency("EUR");
  ASSERT_TRUE(eur.ok() && eur->has_value());
  auto blocked = manager_.currencies().Delete(actor_, (*eur)->meta.id, std::nullopt);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code(), ErrorCode::kConflict);
  EXPECT_NE(blocked.error().detail().find("store 'eu'"), std::string::npos);
  auto en = manager_.FindLanguage("en-US");
  ASSERT_TRUE(en.ok() && en->has_value());
  EXPECT_EQ(manager_.languages().Delete(actor_, (*en)->meta.id, std::nullopt).error().code(),
            ErrorCode::kConflict);
  auto de = manager_.FindLanguage("de-DE");
  ASSERT_TRUE(de.ok() && de->has_value());
  EXPECT_TRUE(manager_.languages().Delete(actor_, (*de)->meta.id, std::nullopt).ok());
}

}  // namespace
}  // namespace emporion::localization
