#include "platform/core/clock.hpp"

#include <chrono>
#include <cstdio>

namespace emporion {
namespace {

// Days from civil date, Howard Hinnant's algorithm (proleptic Gregorian).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
}

bool ReadDigits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

Timestamp SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

std::string Format(Timestamp t, bool always_millis) {
  constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
  std::int64_t days = t / kMicrosPerDay;
  std::int64_t rem = t % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  CivilFromDays(days, y, m, d);
  const auto secs = static_cast<int>(rem / 1'000'000);
  const auto millis = static_cast<int>((rem % 1'000'000) / 1000);
  char buf[40];
  int n = 0;
  if (millis != 0 || always_millis) {
    n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                      static_cast<long long>(y), m, d, secs / 3600, secs / 60 % 60, secs % 60,
                      millis);
  } else {
    n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ",
                      static_cast<long long>(y), m, d, secs / 3600, secs / 60 % 60, secs % 60);
  }
  return {buf, static_cast<std::size_t>(n)};
}

}  // namespace

std::string FormatIso8601(Timestamp t) { return Format(t, false); }

std::string FormatIso8601Millis(Timestamp t) { return Format(t, true); }

std::optional<Timestamp> ParseIso8601(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadDigits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !ReadDigits(s, 5, 2, month) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysInMonth[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
  std::int64_t micros = DaysFromCivil(year, static_cast<unsigned>(month),
                                      static_cast<unsigned>(day)) *
                        86'400'000'000;
  if (s.size() == 10) return micros;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!ReadDigits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !ReadDigits(s, 14, 2, mm)) {
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!ReadDigits(s, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  std::int64_t frac = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::int64_t scale = 100'000;
    std::size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      frac += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
  }
  micros += (static_cast<std::int64_t>(hh) * 3600 + mm * 60 + ss) * 1'000'000 + frac;
  if (pos >= s.size()) return std::nullopt;  // a zone is required
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return micros;
  if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0;
    int om = 0;
    if (!ReadDigits(s, pos + 1, 2, oh)) return std::nullopt;
    std::size_t p = pos + 3;
    if (p < s.size() && s[p] == ':') ++p;
    if (!ReadDigits(s, p, 2, om) || p + 2 != s.size() || oh > 23 || om > 59) return std::nullopt;
    const std::int64_t offset = (static_cast<std::int64_t>(oh) * 3600 + om * 60) * 1'000'000;
    return s[pos] == '+' ? micros - offset : micros + offset;
  }
  return std::nullopt;
}

}  // namespace emporion
