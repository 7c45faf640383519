#include "modules/security/crypto/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

namespace emporion::security {

/// RAII hold on one hashing slot.
class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher* owner) : owner_(owner) {}
  Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
  Slot& operator=(Slot&&) = delete;
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() {
    if (owner_ != nullptr) owner_->Release();
  }

 private:
  PasswordHasher* owner_;
};

PasswordHasher::PasswordHasher() : PasswordHasher(Options{}) {}

PasswordHasher::PasswordHasher(Options options) : options_(options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialized");
  if (options_.ops_limit == 0) options_.ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  if (options_.mem_limit == 0) options_.mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (options_.max_concurrent < 1) options_.max_concurrent = 1;
}

Result<PasswordHasher::Slot> PasswordHasher::Acquire() {
  std::unique_lock lock(mutex_);
  if (active_ >= options_.max_concurrent) {
    if (waiting_ >= options_.max_waiting) {
      return Error(ErrorCode::kRateLimited, "too many sign-ins at once; retry in a moment");
    }
    ++waiting_;
    const bool got = freed_.wait_for(lock, options_.max_wait,
                                     [this] { return active_ < options_.max_concurrent; });
    --waiting_;
    if (!got) return Error(ErrorCode::kRateLimited, "too many sign-ins at once; retry in a moment");
  }
  ++active_;
  return Slot(this);
}

void PasswordHasher::Release() {
  {
    std::lock_guard lock(mutex_);
    --active_;
  }
  freed_.notify_one();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  EMPORION_ASSIGN_OR_RETURN(Slot slot, Acquire());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), options_.ops_limit,
                        options_.mem_limit) != 0) {
    return Error::Internal("Argon2id hashing failed: out of memory");
  }
  return std::string(out);
}

Result<bool> PasswordHasher::Verify(std::string_view hash, std::string_view password) {
  // crypto_pwhash_str_verify needs a NUL-terminated hash of bounded length.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string stored(hash);
  EMPORION_ASSIGN_OR_RETURN(Slot slot, Acquire());
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyNothing(std::string_view password) {
  std::call_once(dummy_once_, [this] {
    auto hash = Hash("emporion-timing-equalizer-0");
    dummy_hash_ = hash.ok() ? *hash : std::string();
  });
  if (!dummy_hash_.empty()) (void)Verify(dummy_hash_, password);
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string stored(hash);
  return crypto_pwhash_str_needs_rehash(stored.c_str(), options_.ops_limit, options_.mem_limit) !=
         0;
}

}  // namespace emporion::security
