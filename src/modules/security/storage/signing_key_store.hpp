// SigningKeyStore: the HS256 keys that sign access tokens, kept as files
// `<dir>/jwt-<kid>.key` (32 random bytes, mode 0600, directory 0700). The first Open() on an
// empty directory creates a key. The newest key signs; the newest `keep` keys verify, so after
// Rotate() tokens signed with the previous keys stay valid until they expire; older key files
// are deleted. Key ids start with the creation time in hex, so they sort by age.
// Thread-safe: readers get an immutable snapshot; Rotate() is serialized.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "modules/security/crypto/jwt.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"

namespace emporion::security {

class SigningKeyStore {
 public:
  using KeySet = std::vector<SigningKey>;  // newest first, never empty

  /// Loads the keys in `dir` (created when missing), making one when there is none.
  /// kUnavailable when the directory or a key file cannot be read or written.
  static Result<std::unique_ptr<SigningKeyStore>> Open(std::string dir, const Clock& clock,
                                                       int keep = 3);

  /// The current keys, newest first.
  [[nodiscard]] std::shared_ptr<const KeySet> Keys() const;
  /// The key that signs new tokens.
  [[nodiscard]] SigningKey Current() const;
  /// Creates a new current key and deletes keys beyond the newest `keep`.
  Result<SigningKey> Rotate();

 private:
  SigningKeyStore(std::string dir, const Clock& clock, int keep);
  Result<SigningKey> CreateKeyFile();
  Status Reload();

  const std::string dir_;
  const Clock& clock_;
  const int keep_;
  std::mutex rotate_mutex_;  // serializes Rotate()
  mutable std::mutex mutex_;
  std::shared_ptr<const KeySet> keys_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::security
