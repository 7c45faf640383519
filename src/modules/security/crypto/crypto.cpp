#include "modules/security/crypto/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace emporion::security::crypto {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(Bytes(data), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char c : digest) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

namespace {

// OpenSSL 3's one-shot HMAC() fetches the algorithm and builds a context on every call (about
// 25,000 instructions for an access token, callgrind). Each thread keeps one keyed context and
// re-initialises it, which for HMAC restores the precomputed inner and outer pads.
class ThreadHmac {
 public:
  ThreadHmac()
      : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)),
        ctx_(mac_ != nullptr ? EVP_MAC_CTX_new(mac_) : nullptr) {}
  ~ThreadHmac() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  ThreadHmac(const ThreadHmac&) = delete;
  ThreadHmac& operator=(const ThreadHmac&) = delete;

  std::string Sha256(std::string_view key, std::string_view data) {
    bool ok = ctx_ != nullptr;
    if (ok && keyed_ && key == key_) {
      ok = EVP_MAC_init(ctx_, nullptr, 0, nullptr) == 1;
    } else if (ok) {
      char digest[] = "SHA256";
      const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                                   OSSL_PARAM_construct_end()};
      ok = EVP_MAC_init(ctx_, Bytes(key), key.size(), params) == 1;
      keyed_ = ok;
      key_.assign(key);
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    ok = ok && EVP_MAC_update(ctx_, Bytes(data), data.size()) == 1 &&
         EVP_MAC_final(ctx_, mac, &length, sizeof mac) == 1;
    if (!ok) {
      // Only an allocation failure inside OpenSSL gets here: not an expected outcome.
      keyed_ = false;
      throw std::runtime_error("HMAC-SHA256 failed");
    }
    return {reinterpret_cast<const char*>(mac), length};
  }

 private:
  EVP_MAC* mac_;
  EVP_MAC_CTX* ctx_;
  bool keyed_ = false;
  std::string key_;
};

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  thread_local ThreadHmac hmac;
  return hmac.Sha256(key, data);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Base64UrlEncode(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(), variant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  // A table decoder: what it decodes (token headers, payloads, signatures) is not secret, and
  // libsodium's constant-time decoder cost about 8,000 instructions per token part.
  static constexpr auto kValues = [] {
    std::array<signed char, 256> v{};
    v.fill(-1);
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
      v[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    }
    return v;
  }();
  const std::size_t n = text.size();
  const std::size_t rest = n % 4;
  if (rest == 1) return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const auto value = [&](std::size_t i) { return static_cast<int>(kValues[in[i]]); };
  std::string out(n / 4 * 3 + (rest == 0 ? 0 : rest - 1), '\0');
  auto* next = reinterpret_cast<unsigned char*>(out.data());
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {  // four characters, three bytes
    const int a = value(i), b = value(i + 1), c = value(i + 2), d = value(i + 3);
    if ((a | b | c | d) < 0) return std::nullopt;
    const auto bits = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
    *next++ = static_cast<unsigned char>(bits >> 16);
    *next++ = static_cast<unsigned char>(bits >> 8);
    *next++ = static_cast<unsigned char>(bits);
  }
  if (rest != 0) {  // unpadded tail: 2 characters for one byte, 3 for two
    const int a = value(i), b = value(i + 1), c = rest == 3 ? value(i + 2) : 0;
    if ((a | b | c) < 0) return std::nullopt;
    // The bits past the last byte must be zero: one spelling per byte string.
    if (rest == 2 ? (b & 0x0F) != 0 : (c & 0x03) != 0) return std::nullopt;
    const auto bits = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6));
    *next++ = static_cast<unsigned char>(bits >> 16);
    if (rest == 3) *next = static_cast<unsigned char>(bits >> 8);
  }
  return out;
}

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

}  // namespace emporion::security::crypto
