// Clock: the only source of "now" for domain code, so tests can use FakeClock.
// Timestamps are UTC, microseconds since the Unix epoch. Implementations are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace emporion {

/// Microseconds since 1970-01-01T00:00:00Z.
using Timestamp = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp Now() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp now) : now_(now) {}
  [[nodiscard]] Timestamp Now() const override { return now_.load(); }
  void Set(Timestamp t) { now_.store(t); }
  void Advance(Timestamp micros) { now_.fetch_add(micros); }

 private:
  std::atomic<Timestamp> now_;
};

/// Formats as ISO 8601 UTC: `2026-11-24T17:05:00Z`, with `.mmm` only when milliseconds are
/// not zero (sub-millisecond precision is dropped).
std::string FormatIso8601(Timestamp t);

/// Formats as ISO 8601 UTC with exactly three fractional digits: `2026-11-24T17:05:00.000Z`.
/// Fixed width, so stored values compare as text in time order (with FormatIso8601,
/// "...:00.250Z" sorts before "...:00Z"). Use it for database columns that are sorted or filtered.
std::string FormatIso8601Millis(Timestamp t);

/// Parses ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `+hh:mm` /
/// `-hh:mm` (converted to UTC). A date-time without zone is refused. nullopt when malformed.
std::optional<Timestamp> ParseIso8601(std::string_view text);

}  // namespace emporion
