// Decimal: exact fixed-point amounts with 4 decimal places (int64 of 1/10,000 units), the only
// representation of money inside emporion (CONTRACT: at most 4 decimal places; never binary
// floating point). Money pairs an amount with an ISO 4217 currency; RoundToCurrency rounds to the
// currency's minor unit with an explicit rounding mode. Value types; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/core/result.hpp"

namespace emporion {

enum class RoundingMode {
  kHalfUp,    // 0.5 away from zero (commercial rounding)
  kHalfEven,  // banker's rounding
  kCeiling,   // toward +infinity
  kFloor,     // toward -infinity
};

/// Parses "half-up", "half-even", "ceiling", "floor" (also camelCase forms).
std::optional<RoundingMode> ParseRoundingMode(std::string_view text);
const char* RoundingModeName(RoundingMode mode);

class Decimal {
 public:
  static constexpr std::int64_t kScale = 10'000;
  static constexpr int kPlaces = 4;

  constexpr Decimal() = default;
  /// From a whole number.
  static constexpr Decimal FromInt(std::int64_t units) { return Decimal(units * kScale); }
  /// From the raw scaled value (1 = 0.0001).
  static constexpr Decimal FromRaw(std::int64_t raw) { return Decimal(raw); }
  /// Parses a plain decimal ("-12.3456", "10", "0.5"); at most 4 decimal places and no
  /// exponent; nullopt otherwise or on overflow.
  static std::optional<Decimal> Parse(std::string_view text);
  /// From a JSON number already parsed to double: converts through the shortest text that
  /// round-trips (so 19.99 stays 19.99) and parses that exactly. nullopt when it has more
  /// than 4 decimal places or is out of range. Exact for inputs of up to 15 significant digits.
  static std::optional<Decimal> FromDouble(double value);

  [[nodiscard]] constexpr std::int64_t raw() const { return raw_; }
  /// Canonical text without trailing zeros: "12.5", "-0.0001", "10".
  [[nodiscard]] std::string ToString() const;
  /// Text with exactly `places` decimals (0..4), e.g. "12.50".
  [[nodiscard]] std::string ToString(int places) const;

  /// Rounds to `places` decimal places (0..4) with `mode`.
  [[nodiscard]] Decimal Round(int places, RoundingMode mode) const;

  constexpr Decimal operator+(Decimal o) const { return Decimal(raw_ + o.raw_); }
  constexpr Decimal operator-(Decimal o) const { return Decimal(raw_ - o.raw_); }
  constexpr Decimal operator-() const { return Decimal(-raw_); }
  constexpr Decimal& operator+=(Decimal o) {
    raw_ += o.raw_;
    return *this;
  }
  constexpr Decimal& operator-=(Decimal o) {
    raw_ -= o.raw_;
    return *this;
  }
  /// Times a quantity (exact).
  constexpr Decimal operator*(std::int64_t n) const { return Decimal(raw_ * n); }
  /// Product of two decimals, rounded to 4 places with `mode` (128-bit intermediate).
  [[nodiscard]] Decimal Multiply(Decimal o, RoundingMode mode = RoundingMode::kHalfEven) const;
  /// Quotient rounded to 4 places; nullopt when dividing by zero.
  [[nodiscard]] std::optional<Decimal> Divide(Decimal o,
                                              RoundingMode mode = RoundingMode::kHalfEven) const;

  constexpr auto operator<=>(const Decimal&) const = default;
  [[nodiscard]] constexpr bool IsZero() const { return raw_ == 0; }
  [[nodiscard]] constexpr bool IsNegative() const { return raw_ < 0; }

 private:
  constexpr explicit Decimal(std::int64_t raw) : raw_(raw) {}
  std::int64_t raw_ = 0;
};

/// ISO 4217 minor unit digits (USD 2, JPY 0, KWD 3, ...); 2 for codes not in the table.
int CurrencyMinorUnits(std::string_view code);
/// True for three upper-case ASCII letters.
bool IsCurrencyCode(std::string_view code);
/// True for a code of the ISO 4217 list of active currencies (and funds, precious metals and
/// the testing code XTS), as published by the maintenance agency (2026 edition).
bool IsIso4217Currency(std::string_view code);

struct Money {
  Decimal amount;
  std::string currency;

  /// Rounds the amount to the currency's minor unit (or `places` when given).
  [[nodiscard]] Money RoundToCurrency(RoundingMode mode = RoundingMode::kHalfUp,
                                      std::optional<int> places = std::nullopt) const;
  /// Converts with an exchange rate (amount * rate), rounded to 4 places.
  [[nodiscard]] Money Convert(std::string target_currency, Decimal rate) const;
  bool operator==(const Money&) const = default;
};

/// How amounts of one currency are rounded: decimal places (0..4) and mode.
struct CurrencyRounding {
  int places = 2;
  RoundingMode mode = RoundingMode::kHalfUp;
};

/// The exchange rates of a set of currencies, each relative to one primary currency
/// (1 primary = `rate` units of the currency; the primary's own rate is 1), with each
/// currency's rounding. Value type; thread-compatible.
class ExchangeRateTable {
 public:
  struct Entry {
    Decimal rate;
    CurrencyRounding rounding;
  };
  /// Adds or replaces `code`. `rate` must be > 0 (kInvalidArgument otherwise).
  Status Set(const std::string& code, Decimal rate, CurrencyRounding rounding);
  /// The entry of `code`, or nullptr.
  [[nodiscard]] const Entry* Find(std::string_view code) const;

 private:
  std::vector<std::pair<std::string, Entry>> entries_;
};

/// Converts `money` into `target` through the rates of `table`: amount * rate(target) /
/// rate(source), computed exactly and rounded once to the target's rounding (places and mode).
/// kNotFound naming the currency when either is not in the table; kInvalidArgument when the
/// result does not fit. Converting into the same currency only rounds.
Result<Money> Convert(const Money& money, const std::string& target,
                      const ExchangeRateTable& table);

}  // namespace emporion
