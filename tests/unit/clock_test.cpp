#include "platform/core/clock.hpp"

#include <gtest/gtest.h>

namespace emporion {
namespace {

TEST(Iso8601Test, RoundTripsUtcTimes) {
  struct Case {
    const char* text;
    const char* formatted;
  } cases[] = {
      {"2026-11-24T17:05:00Z", "2026-11-24T17:05:00Z"},
      {"2026-11-24T17:05:00.250Z", "2026-11-24T17:05:00.250Z"},
      {"2026-11-24T18:05:00+01:00", "2026-11-24T17:05:00Z"},
      {"2024-02-29", "2024-02-29T00:00:00Z"},
      {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
  };
  for (const auto& c : cases) {
    auto t = ParseIso8601(c.text);
    ASSERT_TRUE(t.has_value()) << c.text;
    EXPECT_EQ(FormatIso8601(*t), c.formatted) << c.text;
  }
}

TEST(Iso8601Test, MillisFormatHasFixedWidthAndSortsAsText) {
  struct Case {
    Timestamp t;
    const char* text;
  } cases[] = {
      {0, "1970-01-01T00:00:00.000Z"},
      {1'795'000'000'000'000, "2026-11-18T11:06:40.000Z"},
      {1'795'000'000'250'999, "2026-11-18T11:06:40.250Z"},
      {-1'000, "1969-12-31T23:59:59.999Z"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatIso8601Millis(c.t), c.text);
    EXPECT_EQ(ParseIso8601(c.text), c.t / 1000 * 1000) << c.text;
  }
  EXPECT_LT(FormatIso8601Millis(1'795'000'000'000'000), FormatIso8601Millis(1'795'000'000'250'000));
  // The API format omits zero milliseconds, so it does not sort as text; the storage one does.
  EXPECT_GT(FormatIso8601(1'795'000'000'000'000), FormatIso8601(1'795'000'000'250'000));
}

TEST(Iso8601Test, RejectsMalformedAndZonelessTimes) {
  for (const char* bad : {"", "2026", "2026-13-01", "2023-02-29", "2026-11-24T17:05:00",
                          "2026-11-24T25:00:00Z", "2026-11-24T17:05:00Zjunk", "yesterday"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace emporion
