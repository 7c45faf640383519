#include "platform/core/decimal.hpp"

#include <gtest/gtest.h>

namespace emporion {
namespace {

Decimal D(const char* s) { return *Decimal::Parse(s); }

TEST(DecimalTest, ParsesAndPrintsCanonically) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {{"0", "0"},         {"10", "10"},        {"12.5", "12.5"},
               {"12.50", "12.5"},  {"-0.0001", "-0.0001"}, {"+3.25", "3.25"},
               {"19.99", "19.99"}, {"1.23450", "1.2345"}, {"-12345678901.1234", "-12345678901.1234"}};
  for (const auto& c : cases) {
    auto d = Decimal::Parse(c.in);
    ASSERT_TRUE(d.has_value()) << c.in;
    EXPECT_EQ(d->ToString(), c.out) << c.in;
  }
}

TEST(DecimalTest, RejectsMoreThanFourPlacesAndJunk) {
  for (const char* bad : {"", "-", ".5", "1.", "1.23456", "1e3", "abc", "1,5", "99999999999999999999"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
  }
}

TEST(DecimalTest, FromDoubleIsExactForDecimalLiterals) {
  EXPECT_EQ(Decimal::FromDouble(19.99)->ToString(), "19.99");
  EXPECT_EQ(Decimal::FromDouble(0.1)->raw(), 1000);
  EXPECT_EQ(Decimal::FromDouble(1234567.8912)->ToString(), "1234567.8912");
  EXPECT_FALSE(Decimal::FromDouble(0.12345).has_value());
}

TEST(DecimalTest, AddsWithoutBinaryError) {
  Decimal sum;
  for (int i = 0; i < 10; ++i) sum += D("0.1");
  EXPECT_EQ(sum, D("1"));
}

TEST(DecimalTest, RoundsPerMode) {
  struct Case {
    const char* in;
    int places;
    RoundingMode mode;
    const char* out;
  } cases[] = {
      {"2.345", 2, RoundingMode::kHalfUp, "2.35"},    {"2.345", 2, RoundingMode::kHalfEven, "2.34"},
      {"2.355", 2, RoundingMode::kHalfEven, "2.36"},  {"-2.345", 2, RoundingMode::kHalfUp, "-2.35"},
      {"2.341", 2, RoundingMode::kCeiling, "2.35"},   {"-2.341", 2, RoundingMode::kCeiling, "-2.34"},
      {"2.349", 2, RoundingMode::kFloor, "2.34"},     {"-2.341", 2, RoundingMode::kFloor, "-2.35"},
      {"2.5", 0, RoundingMode::kHalfEven, "2"},       {"3.5", 0, RoundingMode::kHalfEven, "4"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(D(c.in).Round(c.places, c.mode).ToString(), c.out)
        << c.in << " " << RoundingModeName(c.mode);
  }
}

TEST(DecimalTest, MultipliesAndDividesWithRounding) {
  EXPECT_EQ(D("19.99").Multiply(D("0.19")).ToString(), "3.7981");
  EXPECT_EQ((D("19.99") * 3).ToString(), "59.97");
  EXPECT_EQ(D("10").Divide(D("3"))->ToString(), "3.3333");
  EXPECT_FALSE(D("1").Divide(D("0")).has_value());
  EXPECT_EQ(D("12.5").ToString(2), "12.50");
}

TEST(MoneyTest, RoundsToCurrencyMinorUnits) {
  EXPECT_EQ((Money{D("10.555"), "USD"}.RoundToCurrency().amount.ToString()), "10.56");
  EXPECT_EQ((Money{D("1050.5"), "JPY"}.RoundToCurrency().amount.ToString()), "1051");
  EXPECT_EQ((Money{D("1.2345"), "KWD"}.RoundToCurrency().amount.ToString()), "1.235");
  EXPECT_EQ((Money{D("100"), "USD"}.Convert("EUR", D("0.9215")).amount.ToString()), "92.15");
  EXPECT_TRUE(IsCurrencyCode("EUR"));
  EXPECT_FALSE(IsCurrencyCode("eur"));
}

TEST(Iso4217Test, KnowsActiveCodesAndRejectsOthers) {
  for (const char* code : {"AED", "CHF", "EUR", "JPY", "KWD", "USD", "XCG", "ZWG", "ZMW"}) {
    EXPECT_TRUE(IsIso4217Currency(code)) << code;
  }
  for (const char* code : {"ABC", "usd", "US", "USDD", "DEM", "ZZZ", ""}) {
    EXPECT_FALSE(IsIso4217Currency(code)) << code;
  }
}

TEST(ConvertTest, ConvertsExactlyAndRoundsPerTargetCurrency) {
  ExchangeRateTable table;
  ASSERT_TRUE(table.Set("USD", *Decimal::Parse("1"), {2, RoundingMode::kHalfUp}).ok());
  ASSERT_TRUE(table.Set("EUR", *Decimal::Parse("0.9"), {2, RoundingMode::kHalfEven}).ok());
  ASSERT_TRUE(table.Set("JPY", *Decimal::Parse("150.5"), {0, RoundingMode::kHalfUp}).ok());
  ASSERT_TRUE(table.Set("KWD", *Decimal::Parse("0.3071"), {3, RoundingMode::kFloor}).ok());
  ASSERT_TRUE(table.Set("CHF", *Decimal::Parse("0.8829"), {2, RoundingMode::kCeiling}).ok());
  struct Case {
    const char* amount;
    const char* from;
    const char* to;
    const char* expected;
  };
  const Case cases[] = {
      {"100", "USD", "EUR", "90"},
      {"10", "EUR", "USD", "11.11"},        // 11.111... half-up
      {"0.05", "USD", "EUR", "0.04"},       // 0.045 half-even -> 0.04
      {"0.15", "USD", "EUR", "0.14"},       // 0.135 half-even -> 0.14
      {"1", "USD", "JPY", "151"},           // 150.5 half-up -> 151
      {"-1", "USD", "JPY", "-151"},         // half-up is away from zero
      {"100", "EUR", "JPY", "16722"},       // 16722.22...
      {"1", "USD", "KWD", "0.307"},         // floor
      {"-1", "USD", "KWD", "-0.308"},       // floor goes down
      {"1", "USD", "CHF", "0.89"},          // 0.8829 ceiling
      {"12.345", "USD", "USD", "12.35"},    // same currency only rounds
      {"3", "EUR", "EUR", "3"},
  };
  for (const auto& c : cases) {
    auto out = Convert({*Decimal::Parse(c.amount), c.from}, c.to, table);
    ASSERT_TRUE(out.ok()) << c.amount << " " << c.from << "->" << c.to;
    EXPECT_EQ(out->amount.ToString(), c.expected) << c.amount << " " << c.from << "->" << c.to;
    EXPECT_EQ(out->currency, c.to);
  }
}

TEST(ConvertTest, UnknownCurrencyAndNonPositiveRateAreErrors) {
  ExchangeRateTable table;
  EXPECT_FALSE(table.Set("USD", Decimal::FromInt(0), {}).ok());
  EXPECT_FALSE(table.Set("USD", Decimal::FromInt(-1), {}).ok());
  ASSERT_TRUE(table.Set("USD", Decimal::FromInt(1), {}).ok());
  auto out = Convert({Decimal::FromInt(1), "USD"}, "EUR", table);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(Convert({Decimal::FromInt(1), "GBP"}, "USD", table).ok());
}

}  // namespace
}  // namespace emporion
