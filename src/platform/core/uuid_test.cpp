// UUID v7 (RFC 9562): format, version and variant bits, time order; RandomHex; IsValidId.
#include "platform/core/uuid.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <regex>
#include <set>
#include <string>

namespace emporion {
namespace {

const std::regex kUuidV7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

std::uint64_t UnixMillisOf(const std::string& uuid) {
  const std::string hex = uuid.substr(0, 8) + uuid.substr(9, 4);
  return std::stoull(hex, nullptr, 16);
}

TEST(UuidV7Test, IsLowerCaseHexWithVersion7AndRfcVariant) {
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewUuidV7(1'795'000'000'000'000 + i);
    ASSERT_EQ(id.size(), 36u);
    EXPECT_TRUE(std::regex_match(id, kUuidV7)) << id;
  }
}

TEST(UuidV7Test, EncodesTheMillisecondTimestampInTheFirst48Bits) {
  struct Case {
    Timestamp micros;
    std::uint64_t millis;
  } cases[] = {
      {0, 0},
      {999, 0},
      {1'000, 1},
      {1'795'000'000'123'456, 1'795'000'000'123},
      {281'474'976'710'655'000, 281'474'976'710'655},  // the largest 48-bit value
  };
  for (const auto& c : cases) {
    EXPECT_EQ(UnixMillisOf(NewUuidV7(c.micros)), c.millis) << c.micros;
  }
}

TEST(UuidV7Test, SortsByCreationTimeAcrossMilliseconds) {
  std::string previous;
  for (Timestamp ms = 1'700'000'000'000; ms < 1'700'000'000'000 + 500; ++ms) {
    const std::string id = NewUuidV7(ms * 1000);
    if (!previous.empty()) {
      EXPECT_LT(previous, id);
    }
    previous = id;
  }
}

TEST(UuidV7Test, IsUniqueWithinOneMillisecond) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(NewUuidV7(1'700'000'000'000'000));
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(UuidV7Test, SystemClockVariantIsAValidId) {
  const std::string id = NewUuidV7();
  EXPECT_TRUE(std::regex_match(id, kUuidV7)) << id;
  EXPECT_TRUE(IsValidId(id));
}

TEST(RandomHexTest, HasTwoLowerHexCharactersPerByte) {
  for (std::size_t n : {0u, 1u, 16u, 32u}) {
    const std::string hex = RandomHex(n);
    EXPECT_EQ(hex.size(), 2 * n);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
  }
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

TEST(IsValidIdTest, AcceptsUnreservedCharactersUpTo128) {
  struct Case {
    std::string id;
    bool valid;
  } cases[] = {
      {"p1", true},
      {"SKU-001_a.b~c", true},
      {std::string(128, 'a'), true},
      {std::string(129, 'a'), false},
      {"", false},
      {"has space", false},
      {"slash/inside", false},
      {"percent%20", false},
      {"quote'", false},
      {"\xc3\xa9t\xc3\xa9", false},  // non-ASCII
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidId(c.id), c.valid) << c.id;
}

}  // namespace
}  // namespace emporion
