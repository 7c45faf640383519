#include "platform/settings/settings_api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "platform/events/outbox.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::settings {
namespace {

constexpr const char* kSettingSchema = R"json({
  "type": "object",
  "required": ["name", "module", "type", "value", "defaultValue", "source", "perStore", "secret"],
  "properties": {
    "name": {"type": "string"},
    "module": {"type": "string"},
    "type": {"type": "string", "enum": ["string", "integer", "boolean", "decimal", "json", "stringList"]},
    "displayName": {"type": "string", "description": "In the best language of Accept-Language"},
    "displayNames": {"type": "object", "additionalProperties": {"type": "string"}},
    "description": {"type": "string"},
    "value": {"description": "The effective value for `storeId` (null for secret settings)"},
    "defaultValue": {"description": "null for secret settings"},
    "source": {"type": "string", "enum": ["default", "global", "store"]},
    "storeId": {"type": ["string", "null"]},
    "hasValue": {"type": "boolean", "description": "A value is stored (default not used)"},
    "perStore": {"type": "boolean"},
    "secret": {"type": "boolean"},
    "allowedValues": {"type": "array", "items": {"type": "string"}},
    "min": {"type": "integer"},
    "max": {"type": "integer"},
    "modifiedAt": {"type": ["string", "null"], "format": "date-time"},
    "modifiedBy": {"type": ["string", "null"]},
    "storeValues": {"type": "array", "description": "Store overrides (single-setting reads of per-store settings)",
                    "items": {"type": "object", "properties": {"storeId": {"type": "string"}, "value": {},
                              "modifiedAt": {"type": "string", "format": "date-time"},
                              "modifiedBy": {"type": "string"}}}}
  }
})json";

constexpr const char* kSettingListSchema =
    R"({"type":"object","required":["items","total"],"properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Setting"}},"total":{"type":"integer"}}})";

constexpr const char* kSettingUpdateSchema = R"json({
  "type": "object", "required": ["value"],
  "properties": {"value": {"description": "A JSON value of the setting's type"},
                 "storeId": {"type": "string", "description": "Set the value for this store only"}}
})json";

constexpr const char* kSettingRef = R"({"$ref":"#/components/schemas/Setting"})";

/// The `storeId` query parameter: absent, or a non-empty id.
Result<std::optional<std::string>> StoreIdQuery(const http::Request& req) {
  auto store = req.Query("storeId");
  if (!store) return std::optional<std::string>{};
  if (store->empty() || store->size() > 128) {
    return Error::InvalidField("storeId", "must be 1 to 128 characters");
  }
  return store;
}

/// 403 unless the caller may update the value of this scope: a store value needs
/// settings:update for that store, a global value an unlimited settings:update.
Status CheckUpdateScope(const http::Request& req, const std::optional<std::string>& store_id) {
  if (!req.principal) return Error::Unauthenticated("authentication required");
  const http::Principal& p = *req.principal;
  if (store_id) {
    if (p.HasForStore(kSettingsUpdate, *store_id)) return Ok();
    return Error::PermissionDenied("permission 'settings:update' is not granted for store '" +
                                   *store_id + "'");
  }
  if (!p.StoreScope(kSettingsUpdate).has_value()) return Ok();
  return Error::PermissionDenied(
      "permission 'settings:update' is limited to stores; global values need it unlimited");
}

void WriteStored(json::Writer& w, const std::optional<StoredValue>& v) {
  w.Key("modifiedAt");
  if (v) {
    w.Time(v->modified_at);
  } else {
    w.Null();
  }
  w.Key("modifiedBy");
  if (v) {
    w.String(v->modified_by);
  } else {
    w.Null();
  }
}

std::string SettingJson(const SettingsService& settings, const SettingDefinition& def,
                        const std::optional<std::string>& store_id,
                        std::string_view accept_language, bool with_store_values) {
  // Which stored value is in effect: the store's, the global one, or none (default).
  std::optional<StoredValue> effective;
  std::string source = "default";
  if (store_id && def.per_store) {
    effective = settings.Stored(def.name, store_id);
    if (effective) source = "store";
  }
  if (!effective) {
    effective = settings.Stored(def.name, std::nullopt);
    if (effective) source = "global";
  }
  json::Writer w;
  w.StartObject();
  w.Key("name").String(def.name);
  w.Key("module").String(def.module);
  w.Key("type").String(SettingTypeName(def.type));
  if (!def.display_names.empty()) {
    std::vector<std::string> languages;
    for (const auto& [language, text] : def.display_names) languages.push_back(language);
    const std::string chosen = auth::NegotiateLanguage(accept_language, languages, "en-US");
    auto it = def.display_names.find(chosen);
    w.Key("displayName").String(it != def.display_names.end() ? it->second : def.name);
  } else {
    w.Key("displayName").String(def.name);
  }
  w.Key("displayNames").StartObject();
  for (const auto& [language, text] : def.display_names) w.Key(language).String(text);
  w.EndObject();
  w.Key("description").String(def.description);
  w.Key("value");
  if (def.secret) {
    w.Null();
  } else {
    w.RawJson(effective ? effective->value_json : def.default_json);
  }
  w.Key("defaultValue");
  if (def.secret) {
    w.Null();
  } else {
    w.RawJson(def.default_json);
  }
  w.Key("source").String(source);
  w.Key("hasValue").Bool(effective.has_value());
  w.Key("storeId");
  if (store_id) {
    w.String(*store_id);
  } else {
    w.Null();
  }
  w.Key("perStore").Bool(def.per_store);
  w.Key("secret").Bool(def.secret);
  if (!def.allowed_values.empty()) {
    w.Key("allowedValues").StartArray();
    for (const auto& v : def.allowed_values) w.String(v);
    w.EndArray();
  }
  if (def.min) w.Key("min").Int(*def.min);
  if (def.max) w.Key("max").Int(*def.max);
  WriteStored(w, effective);
  if (with_store_values && def.per_store) {
    w.Key("storeValues").StartArray();
    for (const auto& v : settings.StoreOverrides(def.name)) {
      w.StartObject().Key("storeId").String(v.store_id).Key("value");
      if (def.secret) {
        w.Null();
      } else {
        w.RawJson(v.value_json);
      }
      w.Key("modifiedAt").Time(v.modified_at).Key("modifiedBy").String(v.modified_by);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return w.str();
}

Result<const SettingDefinition*> FindDefinition(const SettingsService& settings,
                                                const std::string& name) {
  const SettingDefinition* def = settings.Find(name);
  if (def == nullptr) return Error::NotFound("no setting named '" + name + "'");
  return def;
}

}  // namespace

void RegisterSettingsApi(http::Router& router, auth::PermissionRegistry& permissions,
                         SettingsService& settings, db::Database& db, const Clock& clock,
                         const events::EventBus& bus) {
  permissions.Declare(
      {.name = kSettingsRead,
       .module = "platform",
       .display_names = {{"en-US", "View settings"}, {"de-DE", "Einstellungen anzeigen"}},
       .store_scopable = false});
  permissions.Declare(
      {.name = kSettingsUpdate,
       .module = "platform",
       .display_names = {{"en-US", "Change settings"}, {"de-DE", "Einstellungen ändern"}},
       .store_scopable = true});
  router.AddSchema("Setting", kSettingSchema);

  router.Add(
      {.method = http::Verb::get,
       .path = "/api/v1/settings",
       .permission = kSettingsRead,
       .tag = "settings",
       .summary = "List setting definitions with their current values",
       .description = "Sorted by name. With `storeId`, values are the ones in effect for that "
                      "store (its override, else the global value, else the default).",
       .response_schema = kSettingListSchema,
       .query = {{"module", "string", "Only settings of this module"},
                 {"storeId", "string", "Show the values in effect for this store"},
                 {"q", "string", "Only settings whose name contains this text"},
                 {"limit", "integer", "Page size, 0 to 1000 (default 20)"},
                 {"offset", "integer", "Items to skip"}},
       .handler = [&settings](http::Request& req) -> Result<http::Response> {
         EMPORION_ASSIGN_OR_RETURN(auto page, http::ParseListParams(req, {}));
         EMPORION_ASSIGN_OR_RETURN(auto store_id, StoreIdQuery(req));
         const auto module = req.Query("module");
         std::vector<const SettingDefinition*> matching;
         for (const auto& def : settings.Definitions()) {
           if (module && def.module != *module) continue;
           if (page.q && def.name.find(*page.q) == std::string::npos) continue;
           matching.push_back(&def);
         }
         std::sort(matching.begin(), matching.end(),
                   [](const auto* a, const auto* b) { return a->name < b->name; });
         std::vector<std::string> items;
         const auto begin = std::min(matching.size(), static_cast<std::size_t>(page.offset));
         const auto end = std::min(matching.size(), begin + static_cast<std::size_t>(page.limit));
         for (auto i = begin; i < end; ++i) {
           items.push_back(
               SettingJson(settings, *matching[i], store_id, req.Header("accept-language"), false));
         }
         return http::Response::Ok(
             http::ListEnvelope(items, static_cast<std::int64_t>(matching.size())));
       }});

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/settings/{name}",
              .permission = kSettingsRead,
              .tag = "settings",
              .summary = "A setting with its value (and its store overrides)",
              .response_schema = kSettingRef,
              .query = {{"storeId", "string", "Show the value in effect for this store"}},
              .handler = [&settings](http::Request& req) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto store_id, StoreIdQuery(req));
                EMPORION_ASSIGN_OR_RETURN(const SettingDefinition* def,
                                          FindDefinition(settings, req.Param("name")));
                return http::Response::Ok(
                    SettingJson(settings, *def, store_id, req.Header("accept-language"), true));
              }});

  router.Add(
      {.method = http::Verb::put,
       .path = "/api/v1/settings/{name}",
       .permission = kSettingsUpdate,
       .tag = "settings",
       .summary = "Set a setting's value, globally or for one store",
       .description = "The value is checked against the definition: type, allowed values, "
                      "bounds (422 naming `value`), and whether it may be set per store (422 "
                      "naming `storeId`).",
       .request_schema = kSettingUpdateSchema,
       .response_schema = kSettingRef,
       .handler = [&settings, &db, &clock, &bus](http::Request& req) -> Result<http::Response> {
         const std::string& name = req.Param("name");
         EMPORION_ASSIGN_OR_RETURN(const SettingDefinition* def, FindDefinition(settings, name));
         EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(req));
         json::FieldReader reader(body);
         const json::Value* value = reader.Raw("value");
         auto store_id = reader.String("storeId");
         if (value == nullptr && !body.HasMember("value")) reader.AddError("value", "is required");
         EMPORION_RETURN_IF_ERROR(reader.ToStatus());
         if (store_id && store_id->empty()) store_id.reset();
         EMPORION_RETURN_IF_ERROR(CheckUpdateScope(req, store_id));
         // `"value": null` reads as absent in FieldReader; Validate names it.
         const std::string value_json = value != nullptr ? json::Stringify(*value) : "null";
         EMPORION_ASSIGN_OR_RETURN(
             auto uow, events::UnitOfWork::Begin(db, &bus, req.Actor(), req.request_id, clock));
         EMPORION_RETURN_IF_ERROR(settings.Set(uow, name, value_json, store_id));
         EMPORION_RETURN_IF_ERROR(uow.Commit());
         if (auto s = settings.Reload(); !s.ok()) {
           spdlog::warn("settings: reload after update failed: {}", s.error().detail());
         }
         return http::Response::Ok(
             SettingJson(settings, *def, store_id, req.Header("accept-language"), true));
       }});

  router.Add(
      {.method = http::Verb::delete_,
       .path = "/api/v1/settings/{name}",
       .permission = kSettingsUpdate,
       .tag = "settings",
       .summary = "Reset a setting to its default (or a store's value to the global one)",
       .success_status = 204,
       .query = {{"storeId", "string", "Reset only this store's value"}},
       .handler = [&settings, &db, &clock, &bus](http::Request& req) -> Result<http::Response> {
         const std::string& name = req.Param("name");
         EMPORION_RETURN_IF_ERROR(FindDefinition(settings, name));
         EMPORION_ASSIGN_OR_RETURN(auto store_id, StoreIdQuery(req));
         EMPORION_RETURN_IF_ERROR(CheckUpdateScope(req, store_id));
         EMPORION_ASSIGN_OR_RETURN(
             auto uow, events::UnitOfWork::Begin(db, &bus, req.Actor(), req.request_id, clock));
         EMPORION_RETURN_IF_ERROR(settings.Reset(uow, name, store_id));
         EMPORION_RETURN_IF_ERROR(uow.Commit());
         if (auto s = settings.Reload(); !s.ok()) {
           spdlog::warn("settings: reload after reset failed: {}", s.error().detail());
         }
         return http::Response::NoContent();
       }});
}

}  // namespace emporion::settings
