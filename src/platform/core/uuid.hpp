// UUID v7 generation (RFC 9562): time-ordered, lower-case, so ids sort by creation time and
// index inserts stay local. Thread-safe (randomness from libsodium).
#pragma once

#include <string>
#include <string_view>

#include "platform/core/clock.hpp"

namespace emporion {

/// A new lower-case UUID v7 string for the given time.
std::string NewUuidV7(Timestamp now);
/// A new UUID v7 for the system clock's now.
std::string NewUuidV7();
/// `n` random bytes, hex-encoded (2n characters), from libsodium's CSPRNG.
std::string RandomHex(std::size_t n);
/// True when `text` is 1..128 characters of [A-Za-z0-9._~-]: what a client may give as an id.
bool IsValidId(std::string_view text);

}  // namespace emporion
