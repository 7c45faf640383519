#include "modules/security/storage/signing_key_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "modules/security/crypto/crypto.hpp"
#include "platform/core/uuid.hpp"

namespace emporion::security {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kKeyBytes = 32;
constexpr std::string_view kPrefix = "jwt-";
constexpr std::string_view kSuffix = ".key";

std::string KidFor(Timestamp now) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(now));
  return std::string(buf) + "-" + RandomHex(4);
}

Timestamp CreatedFromKid(const std::string& kid) {
  if (kid.size() < 16) return 0;
  try {
    return static_cast<Timestamp>(std::stoull(kid.substr(0, 16), nullptr, 16));
  } catch (const std::exception&) {
    return 0;
  }
}

Status WriteFileExclusive(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error::Unavailable("cannot create " + path + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return Error::Unavailable("cannot write " + path + ": " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Error::Unavailable("cannot sync " + path);
  return Ok();
}

}  // namespace

SigningKeyStore::SigningKeyStore(std::string dir, const Clock& clock, int keep)
    : dir_(std::move(dir)), clock_(clock), keep_(std::max(keep, 1)) {}

Result<std::unique_ptr<SigningKeyStore>> SigningKeyStore::Open(std::string dir, const Clock& clock,
                                                               int keep) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::Unavailable("cannot create key directory " + dir + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  std::unique_ptr<SigningKeyStore> store(new SigningKeyStore(std::move(dir), clock, keep));
  EMPORION_RETURN_IF_ERROR(store->Reload());
  if (store->Keys()->empty()) {
    EMPORION_RETURN_IF_ERROR(store->CreateKeyFile());
    EMPORION_RETURN_IF_ERROR(store->Reload());
  }
  return store;
}

Status SigningKeyStore::Reload() {
  KeySet keys;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= kPrefix.size() + kSuffix.size() || name.rfind(kPrefix, 0) != 0 ||
        name.substr(name.size() - kSuffix.size()) != kSuffix) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return Error::Unavailable("cannot read " + it->path().string());
    if (secret.size() != kKeyBytes) continue;  // a partial or foreign file never signs
    std::string kid = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
    const Timestamp created = CreatedFromKid(kid);
    keys.push_back({std::move(kid), std::move(secret), created});
  }
  if (ec) return Error::Unavailable("cannot list key directory " + dir_ + ": " + ec.message());
  std::sort(keys.begin(), keys.end(),
            [](const SigningKey& a, const SigningKey& b) { return a.kid > b.kid; });
  if (keys.size() > static_cast<std::size_t>(keep_)) keys.resize(static_cast<std::size_t>(keep_));
  std::lock_guard lock(mutex_);
  keys_ = std::make_shared<const KeySet>(std::move(keys));
  return Ok();
}

Result<SigningKey> SigningKeyStore::CreateKeyFile() {
  SigningKey key{KidFor(clock_.Now()), crypto::RandomBytes(kKeyBytes), clock_.Now()};
  const std::string path = dir_ + "/" + std::string(kPrefix) + key.kid + std::string(kSuffix);
  const std::string temp = path + ".tmp";
  EMPORION_RETURN_IF_ERROR(WriteFileExclusive(temp, key.secret));
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return Error::Unavailable("cannot install key file " + path);
  }
  return key;
}

std::shared_ptr<const SigningKeyStore::KeySet> SigningKeyStore::Keys() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

SigningKey SigningKeyStore::Current() const { return Keys()->front(); }

Result<SigningKey> SigningKeyStore::Rotate() {
  std::lock_guard rotating(rotate_mutex_);
  EMPORION_ASSIGN_OR_RETURN(SigningKey key, CreateKeyFile());
  EMPORION_RETURN_IF_ERROR(Reload());
  // Keys beyond the newest `keep_` can no longer verify anything: delete their files.
  const auto keys = Keys();
  std::vector<fs::path> stale;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    const bool kept = std::any_of(keys->begin(), keys->end(), [&name](const SigningKey& k) {
      return name == std::string(kPrefix) + k.kid + std::string(kSuffix);
    });
    if (!kept) stale.push_back(it->path());
  }
  for (const auto& path : stale) fs::remove(path, ec);
  return key;
}

}  // namespace emporion::security
