// SettingsService: typed settings that modules declare at start-up (name, type, default,
// allowed values, global or per store), stored values in the `settings` table, validation on
// write, and the values the API (settings_api.hpp) shows. Values travel as JSON text.
//
// Thread safety: Define() at start-up only, before any other call. Everything else is
// thread-safe; reads are served from an in-memory cache that Load()/Reload() refresh from the
// database (the API reloads after every committed write; another node's writes are seen after
// its next reload).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/events/outbox.hpp"

namespace emporion::settings {

enum class SettingType { kString, kInteger, kBoolean, kDecimal, kJson, kStringList };

/// "string", "integer", "boolean", "decimal", "json", "stringList" (the API's `type`).
const char* SettingTypeName(SettingType type);

struct SettingDefinition {
  std::string name;    // "security.lockout.maxAttempts"
  std::string module;  // "security"
  SettingType type = SettingType::kString;
  std::string default_json;                 // JSON text of the default value
  std::vector<std::string> allowed_values;  // kString / kStringList: the only values accepted
  std::optional<std::int64_t> min;          // kInteger and kDecimal: inclusive bounds
  std::optional<std::int64_t> max;
  bool per_store = false;                            // may be overridden per store
  std::map<std::string, std::string> display_names;  // language -> text
  std::string description;
  bool secret = false;  // value never returned by the API
};

/// One stored value: the global one (empty store_id) or a store's override.
struct StoredValue {
  std::string name;
  std::string store_id;  // empty: global
  std::string value_json;
  Timestamp modified_at = 0;
  std::string modified_by;
};

class SettingsService {
 public:
  explicit SettingsService(db::Database& db);

  /// Declares a setting (start-up only). A second declaration of a name replaces the first.
  void Define(SettingDefinition definition);
  [[nodiscard]] const std::vector<SettingDefinition>& Definitions() const { return defs_; }
  [[nodiscard]] const SettingDefinition* Find(const std::string& name) const;

  /// Loads stored values into the cache (call once after migrations).
  Status Load();
  /// Re-reads the cache; call after committing a Set/Reset.
  Status Reload() { return Load(); }

  /// The effective JSON value: the store's override, else the global value, else the default.
  /// kNotFound for an undeclared name.
  Result<std::string> GetJson(const std::string& name,
                              const std::optional<std::string>& store_id = std::nullopt) const;
  /// Typed reads of the effective value; 0 / false / "" for an undeclared name or a value of
  /// another type (a programming error, logged).
  std::int64_t GetInt(const std::string& name,
                      const std::optional<std::string>& store_id = std::nullopt) const;
  bool GetBool(const std::string& name,
               const std::optional<std::string>& store_id = std::nullopt) const;
  std::string GetString(const std::string& name,
                        const std::optional<std::string>& store_id = std::nullopt) const;

  /// The stored value of exactly this scope (no fallback), nullopt when none is stored.
  std::optional<StoredValue> Stored(const std::string& name,
                                    const std::optional<std::string>& store_id) const;
  /// Every store override of `name`, by store id.
  std::vector<StoredValue> StoreOverrides(const std::string& name) const;

  /// Checks `value_json` against the definition of `name`: kNotFound for an undeclared name,
  /// 422 naming `value` for a value of the wrong type, outside the allowed values or bounds,
  /// 422 naming `storeId` when a store value is given for a global-only setting.
  /// Returns the value normalized (compact JSON).
  Result<std::string> Validate(const std::string& name, std::string_view value_json,
                               const std::optional<std::string>& store_id) const;

  /// Validates and stores the value inside `uow`, with a `platform.setting.updated` event and a
  /// change-history entry (secret values redacted). The cache changes on Reload() after commit.
  Status Set(events::UnitOfWork& uow, const std::string& name, const std::string& value_json,
             const std::optional<std::string>& store_id);
  /// Removes a stored value (back to the global value or the default) inside `uow`, with an
  /// event and a change entry when something was stored. kNotFound for an undeclared name.
  Status Reset(events::UnitOfWork& uow, const std::string& name,
               const std::optional<std::string>& store_id);

 private:
  using Key = std::pair<std::string, std::string>;  // (name, store id or "")

  db::Database& db_;
  std::vector<SettingDefinition> defs_;
  mutable std::mutex mutex_;
  std::map<Key, StoredValue> values_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::settings
