// SettingsService: typed settings that modules declare at start-up (name, type, default,
// allowed values, global or per store), stored values in the `settings` table, validation on
// write, and GET/PUT /api/v1/settings. Values travel as JSON text. Thread-safe; reads are
// served from an in-memory cache refreshed on every write through this service.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::settings {

enum class SettingType { kString, kInteger, kBoolean, kDecimal, kJson, kStringList };

struct SettingDefinition {
  std::string name;    // "security.lockout.maxAttempts"
  std::string module;  // "security"
  SettingType type = SettingType::kString;
  std::string default_json;                 // JSON text of the default value
  std::vector<std::string> allowed_values;  // for kString: the only values accepted
  std::optional<std::int64_t> min;          // for kInteger
  std::optional<std::int64_t> max;
  bool per_store = false;  // may be overridden per store
  std::map<std::string, std::string> display_names;  // language -> text
  std::string description;
  bool secret = false;  // value never returned by the API
};

class SettingsService {
 public:
  explicit SettingsService(db::Database& db);

  /// Declares a setting (start-up only).
  void Define(SettingDefinition definition);
  [[nodiscard]] const std::vector<SettingDefinition>& Definitions() const { return defs_; }
  [[nodiscard]] const SettingDefinition* Find(const std::string& name) const;

  /// Loads stored values into the cache (call once after migrations).
  Status Load();

  /// The effective JSON value: the store's override, else the global value, else the default.
  /// kNotFound for an undeclared name.
  Result<std::string> GetJson(const std::string& name,
                              const std::optional<std::string>& store_id = std::nullopt) const;
  std::int64_t GetInt(const std::string& name,
                      const std::optional<std::string>& store_id = std::nullopt) const;
  bool GetBool(const std::string& name,
               const std::optional<std::string>& store_id = std::nullopt) const;
  std::string GetString(const std::string& name,
                        const std::optional<std::string>& store_id = std::nullopt) const;

  /// Validates `value_json` against the definition (422 naming the setting) and stores it
  /// inside `tx`; the cache is updated by Commit() of the caller through ApplyCommitted().
  Status Set(db::Transaction& tx, const std::string& name, const std::string& value_json,
             const std::optional<std::string>& store_id);
  /// Removes a stored value (back to default) inside `tx`.
  Status Reset(db::Transaction& tx, const std::string& name,
               const std::optional<std::string>& store_id);
  /// Re-reads the cache after a committed Set/Reset.
  Status Reload() { return Load(); }

 private:
  db::Database& db_;
  std::vector<SettingDefinition> defs_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::string> values_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::settings
