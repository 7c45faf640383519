#include "platform/settings/settings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "platform/json/json.hpp"

namespace emporion::settings {
namespace {

using db::Param;

constexpr std::size_t kMaxValueBytes = 64 * 1024;

std::string Quoted(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + ("'" + v + "'");
  return out;
}

/// A JSON number with at most four decimal places (the platform's Decimal precision).
bool HasAtMostFourDecimals(const json::Value& v) {
  if (v.IsInt64() || v.IsUint64()) return true;
  const double d = v.GetDouble();
  if (!std::isfinite(d)) return false;
  const double scaled = d * 10000.0;
  return std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, std::fabs(scaled));
}

Status CheckBounds(const SettingDefinition& def, double v) {
  if (def.min && v < static_cast<double>(*def.min)) {
    return Error::Unprocessable("value", "must be at least " + std::to_string(*def.min));
  }
  if (def.max && v > static_cast<double>(*def.max)) {
    return Error::Unprocessable("value", "must be at most " + std::to_string(*def.max));
  }
  return Ok();
}

Status CheckAllowed(const SettingDefinition& def, std::string_view v) {
  if (def.allowed_values.empty()) return Ok();
  if (std::find(def.allowed_values.begin(), def.allowed_values.end(), v) !=
      def.allowed_values.end()) {
    return Ok();
  }
  return Error::Unprocessable(
      "value", "'" + std::string(v) + "' is not allowed; use one of " + Quoted(def.allowed_values));
}

Status CheckType(const SettingDefinition& def, const json::Value& v) {
  switch (def.type) {
    case SettingType::kString:
      if (!v.IsString()) return Error::Unprocessable("value", "must be a string");
      return CheckAllowed(def, {v.GetString(), v.GetStringLength()});
    case SettingType::kInteger:
      if (!v.IsInt64()) return Error::Unprocessable("value", "must be an integer");
      return CheckBounds(def, static_cast<double>(v.GetInt64()));
    case SettingType::kBoolean:
      if (!v.IsBool()) return Error::Unprocessable("value", "must be true or false");
      return Ok();
    case SettingType::kDecimal:
      if (!v.IsNumber() || !HasAtMostFourDecimals(v)) {
        return Error::Unprocessable("value", "must be a number with at most 4 decimal places");
      }
      return CheckBounds(def, v.GetDouble());
    case SettingType::kJson:
      return Ok();
    case SettingType::kStringList:
      if (!v.IsArray()) return Error::Unprocessable("value", "must be an array of strings");
      for (const auto& item : v.GetArray()) {
        if (!item.IsString()) return Error::Unprocessable("value", "must be an array of strings");
        EMPORION_RETURN_IF_ERROR(CheckAllowed(def, {item.GetString(), item.GetStringLength()}));
      }
      return Ok();
  }
  return Error::Internal("unknown setting type");
}

std::optional<json::Document> ParseValue(const std::string& text) {
  auto doc = json::Parse(text);
  if (!doc.ok()) return std::nullopt;
  return std::move(doc).value();
}

std::string EventPayload(const SettingDefinition& def, const std::string& store_id,
                         const std::optional<std::string>& value_json) {
  json::Writer w;
  w.StartObject().Key("name").String(def.name).Key("module").String(def.module);
  w.Key("storeId");
  if (store_id.empty()) {
    w.Null();
  } else {
    w.String(store_id);
  }
  w.Key("reset").Bool(!value_json.has_value());
  if (!def.secret && value_json) w.Key("value").RawJson(*value_json);
  w.EndObject();
  return w.str();
}

std::string ChangeDetail(const SettingDefinition& def, const std::string& store_id,
                         const std::optional<std::string>& from,
                         const std::optional<std::string>& to) {
  json::Writer w;
  w.StartObject();
  if (!store_id.empty()) w.Key("storeId").String(store_id);
  w.Key("changes").StartArray().StartObject().Key("field").String("value");
  auto write = [&](const std::optional<std::string>& v) {
    if (!v) {
      w.Null();
    } else if (def.secret) {
      w.String("***");
    } else {
      w.RawJson(*v);
    }
  };
  w.Key("from");
  write(from);
  w.Key("to");
  write(to);
  w.EndObject().EndArray().EndObject();
  return w.str();
}

}  // namespace

const char* SettingTypeName(SettingType type) {
  switch (type) {
    case SettingType::kString:
      return "string";
    case SettingType::kInteger:
      return "integer";
    case SettingType::kBoolean:
      return "boolean";
    case SettingType::kDecimal:
      return "decimal";
    case SettingType::kJson:
      return "json";
    case SettingType::kStringList:
      return "stringList";
  }
  return "string";
}

SettingsService::SettingsService(db::Database& db) : db_(db) {}

void SettingsService::Define(SettingDefinition definition) {
  if (definition.module.empty()) {
    definition.module = definition.name.substr(0, definition.name.find('.'));
  }
  if (definition.default_json.empty()) definition.default_json = "null";
  // Defaults are code, not input; still, a malformed one must not reach a response verbatim.
  if (auto doc = json::Parse(definition.default_json); doc.ok()) {
    definition.default_json = json::Stringify(*doc);
  } else {
    spdlog::error("setting '{}' has a malformed default {}; using null", definition.name,
                  definition.default_json);
    definition.default_json = "null";
  }
  auto it = std::find_if(defs_.begin(), defs_.end(),
                         [&](const SettingDefinition& d) { return d.name == definition.name; });
  if (it != defs_.end()) {
    *it = std::move(definition);
  } else {
    defs_.push_back(std::move(definition));
  }
}

const SettingDefinition* SettingsService::Find(const std::string& name) const {
  auto it = std::find_if(defs_.begin(), defs_.end(),
                         [&](const SettingDefinition& d) { return d.name == name; });
  return it == defs_.end() ? nullptr : &*it;
}

Status SettingsService::Load() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx->Query("SELECT name, store_id, value, modified_at, modified_by FROM settings", {}));
  std::map<Key, StoredValue> fresh;
  for (const auto& r : rows) {
    StoredValue v{r.Text(0), r.Text(1), r.Text(2), ParseIso8601(r.Text(3)).value_or(0), r.Text(4)};
    fresh.emplace(Key{v.name, v.store_id}, std::move(v));
  }
  std::lock_guard lock(mutex_);
  values_ = std::move(fresh);
  return Ok();
}

Result<std::string> SettingsService::GetJson(const std::string& name,
                                             const std::optional<std::string>& store_id) const {
  const SettingDefinition* def = Find(name);
  if (def == nullptr) return Error::NotFound("no setting named '" + name + "'");
  std::lock_guard lock(mutex_);
  if (store_id && !store_id->empty() && def->per_store) {
    auto it = values_.find(Key{name, *store_id});
    if (it != values_.end()) return it->second.value_json;
  }
  auto it = values_.find(Key{name, ""});
  if (it != values_.end()) return it->second.value_json;
  return def->default_json;
}

std::int64_t SettingsService::GetInt(const std::string& name,
                                     const std::optional<std::string>& store_id) const {
  auto text = GetJson(name, store_id);
  if (text.ok()) {
    if (auto doc = ParseValue(*text); doc && doc->IsInt64()) return doc->GetInt64();
  }
  spdlog::error("setting '{}' is not a declared integer setting", name);
  return 0;
}

bool SettingsService::GetBool(const std::string& name,
                              const std::optional<std::string>& store_id) const {
  auto text = GetJson(name, store_id);
  if (text.ok()) {
    if (auto doc = ParseValue(*text); doc && doc->IsBool()) return doc->GetBool();
  }
  spdlog::error("setting '{}' is not a declared boolean setting", name);
  return false;
}

std::string SettingsService::GetString(const std::string& name,
                                       const std::optional<std::string>& store_id) const {
  auto text = GetJson(name, store_id);
  if (text.ok()) {
    if (auto doc = ParseValue(*text); doc && doc->IsString()) {
      return {doc->GetString(), doc->GetStringLength()};
    }
  }
  spdlog::error("setting '{}' is not a declared string setting", name);
  return {};
}

std::optional<StoredValue> SettingsService::Stored(
    const std::string& name, const std::optional<std::string>& store_id) const {
  std::lock_guard lock(mutex_);
  auto it = values_.find(Key{name, store_id.value_or("")});
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<StoredValue> SettingsService::StoreOverrides(const std::string& name) const {
  std::vector<StoredValue> out;
  std::lock_guard lock(mutex_);
  for (auto it = values_.lower_bound(Key{name, ""}); it != values_.end() && it->first.first == name;
       ++it) {
    if (!it->first.second.empty()) out.push_back(it->second);
  }
  return out;
}

Result<std::string> SettingsService::Validate(const std::string& name, std::string_view value_json,
                                              const std::optional<std::string>& store_id) const {
  const SettingDefinition* def = Find(name);
  if (def == nullptr) return Error::NotFound("no setting named '" + name + "'");
  if (store_id && !store_id->empty()) {
    if (!def->per_store) {
      return Error::Unprocessable("storeId", "setting '" + name + "' cannot be set per store");
    }
    if (store_id->size() > 128) return Error::InvalidField("storeId", "at most 128 characters");
  }
  if (value_json.size() > kMaxValueBytes) {
    return Error::Unprocessable("value", "must be at most 64 KiB of JSON");
  }
  auto doc = json::Parse(value_json);
  if (!doc.ok()) return Error::InvalidField("value", "is not valid JSON");
  if (doc->IsNull()) return Error::Unprocessable("value", "is required; use DELETE to reset");
  EMPORION_RETURN_IF_ERROR(CheckType(*def, *doc));
  return json::Stringify(*doc);
}

Status SettingsService::Set(events::UnitOfWork& uow, const std::string& name,
                            const std::string& value_json,
                            const std::optional<std::string>& store_id) {
  EMPORION_ASSIGN_OR_RETURN(std::string normalized, Validate(name, value_json, store_id));
  const SettingDefinition& def = *Find(name);
  const std::string store = store_id.value_or("");
  EMPORION_ASSIGN_OR_RETURN(
      auto before, uow.tx().QueryOne("SELECT value FROM settings WHERE name = ? AND store_id = ?",
                                     {Param(name), Param(store)}));
  EMPORION_RETURN_IF_ERROR(
      uow.tx().Exec("INSERT INTO settings (name, store_id, value, modified_at, modified_by) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, store_id) DO UPDATE SET "
                    "value = excluded.value, modified_at = excluded.modified_at, "
                    "modified_by = excluded.modified_by",
                    {Param(name), Param(store), Param(normalized), Param(FormatIso8601Millis(uow.now())),
                     Param(uow.actor())}));
  const std::optional<std::string> from =
      before ? std::optional<std::string>(before->Text(0)) : std::nullopt;
  const std::string entity_id = store.empty() ? name : name + "@" + store;
  EMPORION_RETURN_IF_ERROR(uow.Emit("platform.setting.updated", "platform.setting", entity_id,
                                    EventPayload(def, store, normalized)));
  return uow.Record("platform.setting", entity_id, "updated",
                    ChangeDetail(def, store, from, normalized));
}

Status SettingsService::Reset(events::UnitOfWork& uow, const std::string& name,
                              const std::optional<std::string>& store_id) {
  const SettingDefinition* def = Find(name);
  if (def == nullptr) return Error::NotFound("no setting named '" + name + "'");
  if (store_id && !store_id->empty() && !def->per_store) {
    return Error::Unprocessable("storeId", "setting '" + name + "' cannot be set per store");
  }
  const std::string store = store_id.value_or("");
  EMPORION_ASSIGN_OR_RETURN(
      auto before, uow.tx().QueryOne("SELECT value FROM settings WHERE name = ? AND store_id = ?",
                                     {Param(name), Param(store)}));
  if (!before) return Ok();
  EMPORION_RETURN_IF_ERROR(uow.tx().Exec("DELETE FROM settings WHERE name = ? AND store_id = ?",
                                         {Param(name), Param(store)}));
  const std::string entity_id = store.empty() ? name : name + "@" + store;
  EMPORION_RETURN_IF_ERROR(uow.Emit("platform.setting.updated", "platform.setting", entity_id,
                                    EventPayload(*def, store, std::nullopt)));
  return uow.Record("platform.setting", entity_id, "reset",
                    ChangeDetail(*def, store, before->Text(0), std::nullopt));
}

}  // namespace emporion::settings
