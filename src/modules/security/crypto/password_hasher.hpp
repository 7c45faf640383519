// PasswordHasher: Argon2id password hashes in libsodium's self-describing string format
// (crypto_pwhash_str), with INTERACTIVE limits by default (about 100 ms and 64 MiB per hash on
// this hardware). Hashing is deliberately expensive, so it is bounded: at most
// `max_concurrent` hashes run at once, at most `max_waiting` callers queue for a slot, and a
// caller that cannot get one in time gets kRateLimited instead of piling up on the worker pool.
// Call only from worker threads, never from an I/O thread.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"

namespace emporion::security {

class PasswordHasher {
 public:
  struct Options {
    int max_concurrent = 2;
    int max_waiting = 2;
    std::chrono::milliseconds max_wait{5000};
    unsigned long long ops_limit = 0;  // 0: crypto_pwhash_OPSLIMIT_INTERACTIVE
    std::size_t mem_limit = 0;         // 0: crypto_pwhash_MEMLIMIT_INTERACTIVE
  };

  PasswordHasher();
  explicit PasswordHasher(Options options);

  /// A new salted Argon2id hash of `password`. kRateLimited when too many hashes are queued;
  /// kInternal when the system cannot provide the memory.
  Result<std::string> Hash(std::string_view password);
  /// True when `password` matches `hash`; false for a mismatch or a malformed hash.
  /// kRateLimited as for Hash().
  Result<bool> Verify(std::string_view hash, std::string_view password);
  /// Spends the time of a verification without a stored hash, so an unknown user name takes as
  /// long as a wrong password (no user enumeration by timing).
  void VerifyNothing(std::string_view password);
  /// True when `hash` was made with other limits than the current ones.
  [[nodiscard]] bool NeedsRehash(std::string_view hash) const;

 private:
  class Slot;
  Result<Slot> Acquire();
  void Release();

  Options options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  int active_ = 0;   // GUARDED_BY(mutex_)
  int waiting_ = 0;  // GUARDED_BY(mutex_)
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // written once under dummy_once_
};

}  // namespace emporion::security
