#include "platform/core/decimal.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace emporion {
namespace {

__extension__ typedef __int128 Int128;  // GCC extension; -Wpedantic needs the marker

constexpr std::array<std::int64_t, 5> kPow10 = {1, 10, 100, 1000, 10000};

// Divides with rounding per mode; d > 0.
Int128 DivRound(Int128 n, Int128 d, RoundingMode mode) {
  Int128 q = n / d;
  Int128 r = n % d;
  if (r == 0) return q;
  const bool negative = n < 0;
  const Int128 abs_r = r < 0 ? -r : r;
  switch (mode) {
    case RoundingMode::kFloor:
      return negative ? q - 1 : q;
    case RoundingMode::kCeiling:
      return negative ? q : q + 1;
    case RoundingMode::kHalfUp:
      if (2 * abs_r >= d) return negative ? q - 1 : q + 1;
      return q;
    case RoundingMode::kHalfEven:
      if (2 * abs_r > d || (2 * abs_r == d && (q % 2 != 0))) return negative ? q - 1 : q + 1;
      return q;
  }
  return q;
}

std::optional<std::int64_t> Narrow(Int128 v) {
  if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(v);
}

}  // namespace

std::optional<RoundingMode> ParseRoundingMode(std::string_view t) {
  if (t == "half-up" || t == "halfUp" || t == "HalfUp") return RoundingMode::kHalfUp;
  if (t == "half-even" || t == "halfEven" || t == "HalfEven") return RoundingMode::kHalfEven;
  if (t == "ceiling" || t == "Ceiling") return RoundingMode::kCeiling;
  if (t == "floor" || t == "Floor") return RoundingMode::kFloor;
  return std::nullopt;
}

const char* RoundingModeName(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::kHalfUp: return "half-up";
    case RoundingMode::kHalfEven: return "half-even";
    case RoundingMode::kCeiling: return "ceiling";
    case RoundingMode::kFloor: return "floor";
  }
  return "half-up";
}

std::optional<Decimal> Decimal::Parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    i = 1;
  }
  Int128 whole = 0;
  std::size_t digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (s[i] - '0');
    if (whole > Int128(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
  }
  Int128 frac = 0;
  int places = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t frac_digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++frac_digits) {
      if (places == kPlaces) {
        if (s[i] != '0') return std::nullopt;  // more than 4 significant decimals
        continue;
      }
      frac = frac * 10 + (s[i] - '0');
      ++places;
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (digits == 0 || i != s.size()) return std::nullopt;
  Int128 raw = whole * kScale + frac * kPow10[static_cast<std::size_t>(kPlaces - places)];
  if (negative) raw = -raw;
  auto narrow = Narrow(raw);
  if (!narrow) return std::nullopt;
  return Decimal(*narrow);
}

std::optional<Decimal> Decimal::FromDouble(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return Parse(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

std::string Decimal::ToString() const {
  std::string s = ToString(kPlaces);
  const auto dot = s.find('.');
  if (dot != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string Decimal::ToString(int places) const {
  if (places < 0) places = 0;
  if (places > kPlaces) places = kPlaces;
  const Decimal r = Round(places, RoundingMode::kHalfUp);
  const bool negative = r.raw_ < 0;
  const auto abs = static_cast<std::uint64_t>(negative ? -(r.raw_ + 1) : r.raw_) +
                   (negative ? 1u : 0u);
  const std::uint64_t whole = abs / static_cast<std::uint64_t>(kScale);
  const std::uint64_t frac = abs % static_cast<std::uint64_t>(kScale);
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (places > 0) {
    std::string f = std::to_string(frac);
    f.insert(0, static_cast<std::size_t>(kPlaces) - f.size(), '0');
    out += "." + f.substr(0, static_cast<std::size_t>(places));
  }
  return out;
}

Decimal Decimal::Round(int places, RoundingMode mode) const {
  if (places >= kPlaces) return *this;
  if (places < 0) places = 0;
  const std::int64_t unit = kPow10[static_cast<std::size_t>(kPlaces - places)];
  const Int128 q = DivRound(raw_, unit, mode);
  return Decimal(static_cast<std::int64_t>(q * unit));
}

Decimal Decimal::Multiply(Decimal o, RoundingMode mode) const {
  const Int128 product = Int128(raw_) * Int128(o.raw_);
  return Decimal(static_cast<std::int64_t>(DivRound(product, kScale, mode)));
}

std::optional<Decimal> Decimal::Divide(Decimal o, RoundingMode mode) const {
  if (o.raw_ == 0) return std::nullopt;
  Int128 n = Int128(raw_) * kScale;
  Int128 d = o.raw_;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  auto narrow = Narrow(DivRound(n, d, mode));
  if (!narrow) return std::nullopt;
  return Decimal(*narrow);
}

int CurrencyMinorUnits(std::string_view code) {
  struct Entry {
    const char* code;
    int digits;
  };
  static constexpr Entry kTable[] = {
      {"BHD", 3}, {"BIF", 0}, {"CLF", 4}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"IQD", 3},
      {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0}, {"KWD", 3}, {"LYD", 3},
      {"OMR", 3}, {"PYG", 0}, {"RWF", 0}, {"TND", 3}, {"UGX", 0}, {"UYI", 0}, {"UYW", 4},
      {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0},
  };
  for (const auto& e : kTable) {
    if (code == e.code) return e.digits;
  }
  return 2;
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

bool IsIso4217Currency(std::string_view code) {
  // ISO 4217 list one (current currencies and funds), sorted for binary search.
  static constexpr std::string_view kCodes[] = {
      "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
      "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
      "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE",
      "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL",
      "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
      "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
      "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
      "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
      "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON",
      "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
      "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD",
      "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV",
      "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD",
      "XPF", "XPT", "XSU", "XTS", "XUA", "YER", "ZAR", "ZMW", "ZWG",
  };
  return std::binary_search(std::begin(kCodes), std::end(kCodes), code);
}

Status ExchangeRateTable::Set(const std::string& code, Decimal rate, CurrencyRounding rounding) {
  if (rate.raw() <= 0) {
    return Error::InvalidField("exchangeRate", "must be greater than 0 for " + code);
  }
  for (auto& [c, e] : entries_) {
    if (c == code) {
      e = {rate, rounding};
      return Ok();
    }
  }
  entries_.push_back({code, {rate, rounding}});
  return Ok();
}

const ExchangeRateTable::Entry* ExchangeRateTable::Find(std::string_view code) const {
  for (const auto& [c, e] : entries_) {
    if (c == code) return &e;
  }
  return nullptr;
}

Result<Money> Convert(const Money& money, const std::string& target,
                      const ExchangeRateTable& table) {
  const auto* from = table.Find(money.currency);
  if (from == nullptr) return Error::NotFound("no exchange rate for currency '" + money.currency + "'");
  const auto* to = table.Find(target);
  if (to == nullptr) return Error::NotFound("no exchange rate for currency '" + target + "'");
  const int places = std::clamp(to->rounding.places, 0, Decimal::kPlaces);
  // amount * rate_to / rate_from, as an exact fraction of raw units, rounded once to `places`:
  // raw_result = round(raw * to / (from * 10^(4 - places))) * 10^(4 - places).
  const std::int64_t unit = kPow10[static_cast<std::size_t>(Decimal::kPlaces - places)];
  const Int128 n = Int128(money.amount.raw()) * Int128(to->rate.raw());
  const Int128 d = Int128(from->rate.raw()) * unit;
  const Int128 q = DivRound(n, d, to->rounding.mode);
  auto raw = Narrow(q * unit);
  if (!raw) return Error::InvalidArgument("the converted amount is out of range");
  return Money{Decimal::FromRaw(*raw), target};
}

Money Money::RoundToCurrency(RoundingMode mode, std::optional<int> places) const {
  return {amount.Round(places.value_or(CurrencyMinorUnits(currency)), mode), currency};
}

Money Money::Convert(std::string target_currency, Decimal rate) const {
  return {amount.Multiply(rate, RoundingMode::kHalfEven), std::move(target_currency)};
}

}  // namespace emporion
