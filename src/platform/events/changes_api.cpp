#include "platform/events/changes_api.hpp"

#include "platform/events/outbox.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::events {
namespace {

constexpr const char* kChangeListSchema = R"json({
  "type": "object", "required": ["items", "total"],
  "properties": {
    "total": {"type": "integer"},
    "items": {"type": "array", "items": {
      "type": "object",
      "required": ["id", "entityType", "entityId", "operation", "actor", "at", "requestId", "detail"],
      "properties": {
        "id": {"type": "string", "description": "Position in the history (increasing)"},
        "entityType": {"type": "string", "examples": ["catalog.product"]},
        "entityId": {"type": "string"},
        "operation": {"type": "string", "examples": ["created", "updated", "deleted"]},
        "actor": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "requestId": {"type": "string"},
        "detail": {"type": "object", "description": "{\"changes\": [{\"field\", \"from\", \"to\"}]} or other facts"}
      }}}
  }
})json";

/// A non-empty optional text filter; an empty value means "no filter".
std::optional<std::string> Filter(const http::Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

std::string ChangeJson(const Change& c) {
  json::Writer w;
  w.StartObject();
  w.Key("id").String(std::to_string(c.seq));
  w.Key("entityType").String(c.entity_type);
  w.Key("entityId").String(c.entity_id);
  w.Key("operation").String(c.operation);
  w.Key("actor").String(c.actor);
  w.Key("at").Time(c.at);
  w.Key("requestId").String(c.request_id);
  w.Key("detail").RawJson(c.detail.empty() ? "{}" : c.detail);
  w.EndObject();
  return w.str();
}

}  // namespace

void RegisterChangesApi(http::Router& router, auth::PermissionRegistry& permissions,
                        db::Database& db) {
  permissions.Declare({.name = kChangesRead,
                       .module = "platform",
                       .display_names = {{"en-US", "View the change history"},
                                         {"de-DE", "Änderungsverlauf anzeigen"}},
                       .store_scopable = false});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/changes",
              .permission = kChangesRead,
              .tag = "changes",
              .summary = "The change history: who changed what and when, newest first",
              .response_schema = kChangeListSchema,
              .query = {{"entityType", "string", "e.g. catalog.product"},
                        {"entityId", "string", "Changes of one entity"},
                        {"actor", "string", "Changes made by this user name"},
                        {"operation", "string", "created, updated, deleted, ..."},
                        {"since", "string", "ISO 8601 date-time: changes at or after it"},
                        {"limit", "integer", "Page size, 0 to 1000 (default 20)"},
                        {"offset", "integer", "Items to skip"}},
              .handler = [&db](http::Request& req) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto page, http::ParseListParams(req, {}));
                ChangeQuery q;
                q.entity_type = Filter(req, "entityType");
                q.entity_id = Filter(req, "entityId");
                q.actor = Filter(req, "actor");
                q.operation = Filter(req, "operation");
                if (auto since = Filter(req, "since")) {
                  q.since = ParseIso8601(*since);
                  if (!q.since) {
                    return Error::InvalidField("since",
                                               "must be an ISO 8601 date-time such as "
                                               "2026-11-24T17:05:00Z");
                  }
                }
                q.limit = page.limit;
                q.offset = page.offset;
                EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(db::TxMode::kRead));
                EMPORION_ASSIGN_OR_RETURN(auto found, QueryChanges(*tx, q));
                std::vector<std::string> items;
                items.reserve(found.first.size());
                for (const auto& c : found.first) items.push_back(ChangeJson(c));
                return http::Response::Ok(http::ListEnvelope(items, found.second));
              }});
}

}  // namespace emporion::events
