// PermissionRegistry: every module declares its permissions (`<module>:<action>`) here at
// start-up, with localized display names; GET /api/v1/security/permissions lists them and role
// validation refuses unknown names. The app checks at start-up that every route's permission is
// declared. Thread-safe after start-up (read-only).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace emporion::auth {

struct PermissionDefinition {
  std::string name;                                  // "catalog:read"
  std::string module;                                // "catalog"
  std::map<std::string, std::string> display_names;  // "en-US" -> "Read catalog", "de-DE" -> ...
  bool store_scopable = true;                        // may be limited to stores
};

class PermissionRegistry {
 public:
  /// Declares a permission; a second declaration of the same name replaces the first.
  void Declare(PermissionDefinition definition);
  [[nodiscard]] const std::vector<PermissionDefinition>& All() const { return all_; }
  [[nodiscard]] bool Exists(std::string_view name) const;
  /// The definition of `name`, or nullptr when it was never declared. The pointer stays valid
  /// until the next Declare().
  [[nodiscard]] const PermissionDefinition* Find(std::string_view name) const;
  /// The display name in the best language of an Accept-Language header value, falling back
  /// to en-US, then to the name itself.
  [[nodiscard]] std::string DisplayName(std::string_view name,
                                        std::string_view accept_language) const;

 private:
  std::vector<PermissionDefinition> all_;
};

/// Picks the best of `available` languages for an Accept-Language value
/// ("de-DE,de;q=0.9,en;q=0.8"), matching full tags first, then primary subtags; `fallback` when
/// nothing matches. Ranges are tried by descending weight (ties in header order); for each range an
/// exact (case-insensitive) tag wins over one that only shares the primary subtag ("de-AT" ->
/// "de-DE"). `q=0` ranges and ranges with a malformed weight are ignored; `*` picks `fallback` when
/// it is available, else the first available language. Returns the spelling used in `available`.
std::string NegotiateLanguage(std::string_view accept_language,
                              const std::vector<std::string>& available,
                              const std::string& fallback = "en-US");

}  // namespace emporion::auth
