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

}  // namespace
}  // namespace emporion
