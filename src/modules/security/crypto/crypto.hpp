// Small cryptographic helpers over OpenSSL and libsodium: SHA-256, HMAC-SHA256, constant-time
// comparison, base64url (RFC 4648 section 5, no padding) and random secrets.
// Reentrant; no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace emporion::security::crypto {

/// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);
/// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
/// Compares in time that depends only on the lengths, never on where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
/// base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
/// Decodes base64url without padding; nullopt on any other character or a bad length.
std::optional<std::string> Base64UrlDecode(std::string_view text);
/// `n` bytes from the operating system's CSPRNG.
std::string RandomBytes(std::size_t n);

}  // namespace emporion::security::crypto
