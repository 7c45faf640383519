#include "platform/core/uuid.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace emporion {
namespace {
constexpr char kHex[] = "0123456789abcdef";

// Random bytes for ids, drawn from libsodium 512 at a time: its default source is the getrandom
// syscall, which costs about 1 us here and used to run for every request id. The bytes are the
// same CSPRNG output, only fetched in bulk; ids are not secrets. Per thread, so no locking.
void IdRandomBytes(unsigned char* out, std::size_t n) {
  thread_local std::array<unsigned char, 512> pool{};
  thread_local std::size_t used = pool.size();
  if (used + n > pool.size()) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::memcpy(out, pool.data() + used, n);
  used += n;
}

}  // namespace

std::string NewUuidV7(Timestamp now) {
  std::array<unsigned char, 16> b{};
  IdRandomBytes(b.data() + 6, b.size() - 6);  // bytes 0..5 are the timestamp
  const auto ms = static_cast<std::uint64_t>(now / 1000);
  for (int i = 0; i < 6; ++i) {
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  }
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0F]);
  }
  return out;
}

std::string NewUuidV7() { return NewUuidV7(SystemClock().Now()); }

std::string RandomHex(std::size_t n) {
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  std::string out;
  out.reserve(2 * n);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0F]);
  }
  return out;
}

bool IsValidId(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '~';
    if (!ok) return false;
  }
  return true;
}

}  // namespace emporion
