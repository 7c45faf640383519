#include "modules/catalog/service/internals.hpp"

#include <algorithm>

#include "platform/core/uuid.hpp"
#include "platform/http/api_helpers.hpp"

namespace emporion::catalog {

bool Access::Allows(const std::string& catalog_id) const {
  if (!catalogs) return true;
  return std::find(catalogs->begin(), catalogs->end(), catalog_id) != catalogs->end();
}

namespace internal {

bool Allowed(const Access& access, const std::optional<std::string>& catalog_id) {
  if (access.Unlimited()) return true;
  return catalog_id && access.Allows(*catalog_id);
}

Error Invalid(std::vector<FieldError> errors) {
  std::string detail;
  for (const auto& e : errors) {
    if (!detail.empty()) detail += "; ";
    detail += e.field + ": " + e.message;
  }
  return {ErrorCode::kUnprocessable, std::move(detail), std::move(errors)};
}

Error Missing(const std::string& what, const std::string& id) {
  return Error::NotFound("no " + what + " '" + id + "'");
}

Error IdTaken(const std::string& what, const std::string& id, const std::string& prefix) {
  const std::string message = "a " + what + " with id '" + id + "' already exists";
  return {ErrorCode::kAlreadyExists, message, {{prefix + "id", message}}};
}

Error Forbidden(const Caller& c, const std::string& catalog_id) {
  return Error::PermissionDenied("permission '" + c.write_permission +
                                 "' does not cover catalog '" + catalog_id + "'");
}

Status CheckVersion(const std::optional<std::int64_t>& expected, std::int64_t current) {
  return http::CheckVersion(expected, current);
}

std::vector<std::string> ChangedFields(const std::string& before, const std::string& after) {
  std::vector<std::string> out;
  auto a = json::Parse(before);
  auto b = json::Parse(after);
  if (!a.ok() || !b.ok() || !a->IsObject() || !b->IsObject()) return out;
  for (auto it = b->MemberBegin(); it != b->MemberEnd(); ++it) {
    auto old = a->FindMember(it->name);
    if (old == a->MemberEnd() || old->value != it->value) out.emplace_back(it->name.GetString());
  }
  for (auto it = a->MemberBegin(); it != a->MemberEnd(); ++it) {
    if (!b->HasMember(it->name)) out.emplace_back(it->name.GetString());
  }
  return out;
}

Status Publish(WriteTx& w, const std::string& entity, const std::string& id,
               const std::string& operation, const std::string& before, const std::string& after,
               const std::vector<std::pair<std::string, std::optional<std::string>>>& ids) {
  json::Writer payload;
  payload.StartObject().Key("id").String(id);
  for (const auto& [key, value] : ids) payload.Key(key).OptString(value);
  if (operation == "updated") {
    payload.Key("changedFields").StartArray();
    for (const auto& f : ChangedFields(before, after)) payload.String(f);
    payload.EndArray();
  }
  payload.EndObject();
  const std::string type = "catalog." + entity;
  EMPORION_RETURN_IF_ERROR(
      w.uow.Emit(type + "." + operation, type, id, std::string(payload.view())));
  // A create records what identifies the new entity (the event's payload), not a diff from
  // nothing to its whole document: an import of many products would otherwise write each
  // document a second time into the history.
  if (operation == "created") {
    return w.uow.Record(type, id, operation, std::string(payload.view()));
  }
  std::string detail = "{}";
  if (!before.empty() || !after.empty()) {
    auto a = json::Parse(before.empty() ? "{}" : before);
    auto b = json::Parse(after.empty() ? "{}" : after);
    if (a.ok() && b.ok()) detail = http::DiffJson(*a, *b);
  }
  return w.uow.Record(type, id, operation, detail);
}

EntityMeta NewMeta(WriteTx& w, const std::string& requested_id) {
  return EntityMeta::New(requested_id.empty() ? NewUuidV7(w.now()) : requested_id, w.now(),
                         w.actor());
}

Result<std::optional<Catalog>> CachedCatalog(WriteTx& w, const std::string& id) {
  auto it = w.cache.catalogs.find(id);
  if (it == w.cache.catalogs.end()) {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindCatalog(w.tx(), id));
    it = w.cache.catalogs.emplace(id, std::move(found)).first;
  }
  return it->second;
}

Result<std::optional<CategoryRef>> CachedCategoryRef(WriteTx& w, const std::string& id) {
  auto it = w.cache.categories.find(id);
  if (it == w.cache.categories.end()) {
    EMPORION_ASSIGN_OR_RETURN(auto refs, storage::FindCategoryRefs(w.tx(), {id}));
    std::optional<CategoryRef> ref;
    if (!refs.empty()) ref = std::move(refs.front());
    it = w.cache.categories.emplace(id, std::move(ref)).first;
  }
  return it->second;
}

Result<const std::vector<Property>*> CachedProperties(WriteTx& w, const std::string& catalog_id) {
  auto it = w.cache.properties.find(catalog_id);
  if (it == w.cache.properties.end()) {
    EMPORION_ASSIGN_OR_RETURN(auto props, storage::PropertiesOfCatalog(w.tx(), catalog_id));
    it = w.cache.properties.emplace(catalog_id, std::move(props)).first;
  }
  return &it->second;
}

void AddItemError(std::vector<FieldError>& errors, const std::string& prefix, const Error& e) {
  if (e.fields().empty()) {
    errors.push_back({prefix.substr(0, prefix.size() - 1), e.detail()});
    return;
  }
  for (const auto& f : e.fields()) {
    if (f.field.rfind(prefix, 0) == 0) {
      errors.push_back(f);
    } else {
      errors.push_back({prefix + f.field, f.message});
    }
  }
}

}  // namespace internal
}  // namespace emporion::catalog
