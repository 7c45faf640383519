#include "modules/stores/service/store_manager.hpp"

#include <algorithm>
#include <cctype>

#include "modules/stores/codec/store_json.hpp"
#include "modules/stores/domain/store_rules.hpp"
#include "platform/core/uuid.hpp"
#include "platform/events/outbox.hpp"
#include "platform/http/api_helpers.hpp"

namespace emporion::stores {
namespace {

using events::UnitOfWork;

bool Allows(const std::optional<std::vector<std::string>>& scope, const std::string& id) {
  return !scope || std::find(scope->begin(), scope->end(), id) != scope->end();
}

Error Invalid(std::vector<FieldError> errors) {
  std::string detail = errors.front().field + ": " + errors.front().message;
  return {ErrorCode::kUnprocessable, std::move(detail), std::move(errors)};
}

Error OutOfScope(const std::string& id, const std::string& permission) {
  return Error::PermissionDenied("your permission '" + permission + "' does not cover store '" +
                                 id + "'");
}

json::Document Comparable(const std::string& text) {
  auto doc = json::ParseObject(text);
  if (!doc.ok()) return json::Document(rapidjson::kObjectType);
  for (const char* k : {"version", "modifiedAt", "modifiedBy", "createdAt", "createdBy"}) {
    doc->RemoveMember(k);
  }
  return std::move(doc).value();
}

Status Publish(UnitOfWork& uow, const Store& s, const std::string& operation,
               const std::string& before, const std::string& after) {
  const json::Document b =
      before.empty() ? json::Document(rapidjson::kObjectType) : Comparable(before);
  const json::Document a =
      after.empty() ? json::Document(rapidjson::kObjectType) : Comparable(after);
  json::Writer w;
  w.StartObject().Key("id").String(s.meta.id).Key("catalogId").String(s.catalog_id);
  if (operation == "updated") {
    w.Key("changedFields").StartArray();
    for (auto it = a.MemberBegin(); it != a.MemberEnd(); ++it) {
      auto old = b.FindMember(it->name);
      if (old == b.MemberEnd() || old->value != it->value) w.String(it->name.GetString());
    }
    w.EndArray();
  }
  w.EndObject();
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("stores.store." + operation, "stores.store", s.meta.id, w.str()));
  return uow.Record("stores.store", s.meta.id, operation, http::DiffJson(b, a));
}

}  // namespace

StoreManager::StoreManager(db::Database& db, const Clock& clock, const events::EventBus* bus,
                           catalog::CatalogService& catalog, inventory::InventoryService& inventory,
                           StoreOptions options)
    : db_(db),
      clock_(clock),
      bus_(bus),
      catalog_(catalog),
      inventory_(inventory),
      options_(std::move(options)) {}

Result<Store> StoreManager::FindStore(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindStore(*tx, id));
  if (!found) return Error::NotFound("no store '" + id + "'");
  return std::move(*found);
}

Result<std::vector<std::string>> StoreManager::StoresUsingFulfillmentCenter(
    const std::string& fulfillment_center_id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::StoresUsingCenter(*tx, fulfillment_center_id);
}

namespace {

bool SameCode(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Stores are few (a merchant has a handful): scan them page by page.
template <typename Pick>
Result<std::vector<std::string>> StoresWhere(db::Database& db, Pick pick) {
  std::vector<std::string> ids;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db.Begin(db::TxMode::kRead));
  storage::Window w;
  w.limit = 1000;
  for (;;) {
    EMPORION_ASSIGN_OR_RETURN(auto page, storage::ListStores(*tx, storage::StoreFilter{}, w));
    for (const Store& s : page.first) {
      if (pick(s)) ids.push_back(s.meta.id);
    }
    if (page.first.size() < static_cast<std::size_t>(w.limit)) break;
    w.offset += w.limit;
  }
  return ids;
}

}  // namespace

Result<std::vector<std::string>> StoreManager::StoresUsingLanguage(const std::string& code) {
  return StoresWhere(db_, [&](const Store& s) {
    return std::any_of(s.languages.begin(), s.languages.end(),
                       [&](const std::string& l) { return SameCode(l, code); });
  });
}

Result<std::vector<std::string>> StoreManager::StoresUsingCurrency(const std::string& code) {
  return StoresWhere(db_, [&](const Store& s) {
    return std::any_of(s.currencies.begin(), s.currencies.end(),
                       [&](const std::string& c) { return SameCode(c, code); });
  });
}

Result<Store> StoreManager::Get(const StoreCaller& c, const std::string& id) {
  if (!Allows(c.read, id)) return OutOfScope(id, "stores:read");
  return FindStore(id);
}

Result<std::pair<std::vector<Store>, std::int64_t>> StoreManager::List(const StoreCaller& c,
                                                                       storage::StoreFilter f,
                                                                       const storage::Window& w) {
  f.scope = c.read;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListStores(*tx, f, w);
}

Status StoreManager::CheckReferences(const Store& s, const std::string& prefix,
                                     std::vector<FieldError>& errors) {
  if (!s.catalog_id.empty()) {
    auto catalog = catalog_.FindCatalog(s.catalog_id);
    if (!catalog.ok()) {
      if (catalog.error().code() != ErrorCode::kNotFound) return catalog.error();
      errors.push_back({prefix + "catalogId", "no catalog '" + s.catalog_id + "'"});
    }
  }
  std::vector<std::string> centers;
  if (s.main_fulfillment_center_id) centers.push_back(*s.main_fulfillment_center_id);
  for (const auto& id : s.additional_fulfillment_center_ids) centers.push_back(id);
  if (s.returns_fulfillment_center_id) centers.push_back(*s.returns_fulfillment_center_id);
  if (!centers.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto missing, inventory_.MissingFulfillmentCenters(centers));
    auto is_missing = [&](const std::string& id) {
      return std::find(missing.begin(), missing.end(), id) != missing.end();
    };
    if (s.main_fulfillment_center_id && is_missing(*s.main_fulfillment_center_id)) {
      errors.push_back({prefix + "mainFulfillmentCenterId",
                        "no fulfillment center '" + *s.main_fulfillment_center_id + "'"});
    }
    for (std::size_t i = 0; i < s.additional_fulfillment_center_ids.size(); ++i) {
      if (is_missing(s.additional_fulfillment_center_ids[i])) {
        errors.push_back(
            {prefix + "additionalFulfillmentCenterIds[" + std::to_string(i) + "]",
             "no fulfillment center '" + s.additional_fulfillment_center_ids[i] + "'"});
      }
    }
    if (s.returns_fulfillment_center_id && is_missing(*s.returns_fulfillment_center_id)) {
      errors.push_back({prefix + "returnsFulfillmentCenterId",
                        "no fulfillment center '" + *s.returns_fulfillment_center_id + "'"});
    }
  }
  auto check = [&](const auto& fn, const std::vector<std::string>& codes,
                   const char* field) -> Status {
    if (!fn) return Ok();
    EMPORION_ASSIGN_OR_RETURN(auto missing, fn(codes));
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (std::find(missing.begin(), missing.end(), codes[i]) != missing.end()) {
        errors.push_back({prefix + field + "[" + std::to_string(i) + "]",
                          "'" + codes[i] + "' is not configured"});
      }
    }
    return Ok();
  };
  EMPORION_RETURN_IF_ERROR(check(options_.missing_languages, s.languages, "languages"));
  EMPORION_RETURN_IF_ERROR(check(options_.missing_currencies, s.currencies, "currencies"));
  return Ok();
}

Result<Store> StoreManager::Create(const StoreCaller& c, Store v) {
  if (v.meta.id.empty()) v.meta.id = NewUuidV7(clock_.Now());
  if (!IsValidId(v.meta.id)) {
    return Error::Unprocessable("id", "must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
  }
  if (!Allows(c.write, v.meta.id)) return OutOfScope(v.meta.id, c.write_permission);
  auto errors = ValidateStore(v, "");
  EMPORION_RETURN_IF_ERROR(CheckReferences(v, "", errors));
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto clash, storage::FindStore(uow.tx(), v.meta.id));
  if (clash) {
    return Error(ErrorCode::kAlreadyExists, "a store with id '" + v.meta.id + "' already exists",
                 {{"id", "is already used by another store"}});
  }
  v.meta = EntityMeta::New(v.meta.id, uow.now(), uow.actor());
  EMPORION_RETURN_IF_ERROR(storage::InsertStore(uow.tx(), v));
  EMPORION_RETURN_IF_ERROR(Publish(uow, v, "created", "", codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return v;
}

Result<Store> StoreManager::Update(const StoreCaller& c, const std::string& id,
                                   std::optional<std::int64_t> if_match, const Mutator<Store>& m) {
  if (!Allows(c.read, id) && !Allows(c.write, id)) return OutOfScope(id, "stores:read");
  if (!Allows(c.write, id)) return OutOfScope(id, c.write_permission);
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindStore(uow.tx(), id));
  if (!found) return Error::NotFound("no store '" + id + "'");
  if (if_match && *if_match != found->meta.version) {
    return Error::PreconditionFailed("If-Match names version " + std::to_string(*if_match) +
                                     " but the current version is " +
                                     std::to_string(found->meta.version));
  }
  EMPORION_ASSIGN_OR_RETURN(auto next, m(*found));
  next.meta = found->meta;
  auto errors = ValidateStore(next, "");
  EMPORION_RETURN_IF_ERROR(CheckReferences(next, "", errors));
  if (!errors.empty()) return Invalid(std::move(errors));
  const std::string before = codec::ToJson(*found);
  if (Comparable(before) == Comparable(codec::ToJson(next))) return *found;
  next.meta.Touch(uow.now(), uow.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateStore(uow.tx(), next, found->meta.version));
  EMPORION_RETURN_IF_ERROR(Publish(uow, next, "updated", before, codec::ToJson(next)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return next;
}

Status StoreManager::Delete(const StoreCaller& c, const std::string& id,
                            std::optional<std::int64_t> if_match) {
  if (!Allows(c.write, id)) return OutOfScope(id, c.write_permission);
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindStore(uow.tx(), id));
  if (!found) return Error::NotFound("no store '" + id + "'");
  if (if_match && *if_match != found->meta.version) {
    return Error::PreconditionFailed("If-Match names version " + std::to_string(*if_match) +
                                     " but the current version is " +
                                     std::to_string(found->meta.version));
  }
  EMPORION_RETURN_IF_ERROR(storage::DeleteStore(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(Publish(uow, *found, "deleted", codec::ToJson(*found), ""));
  return uow.Commit();
}

Result<std::pair<std::int64_t, std::int64_t>> StoreManager::Bulk(const StoreCaller& c,
                                                                 std::vector<Store> items) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = "items[" + std::to_string(i) + "].";
    auto& v = items[i];
    if (v.meta.id.empty()) v.meta.id = NewUuidV7(clock_.Now());
    if (!IsValidId(v.meta.id)) errors.push_back({prefix + "id", "is not a valid id"});
    if (!Allows(c.write, v.meta.id)) errors.push_back({prefix + "id", "is outside your stores"});
    for (auto& e : ValidateStore(v, prefix)) errors.push_back(std::move(e));
    EMPORION_RETURN_IF_ERROR(CheckReferences(v, prefix, errors));
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  std::pair<std::int64_t, std::int64_t> outcome{0, 0};
  for (auto& v : items) {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindStore(uow.tx(), v.meta.id));
    if (!found) {
      v.meta = EntityMeta::New(v.meta.id, uow.now(), uow.actor());
      EMPORION_RETURN_IF_ERROR(storage::InsertStore(uow.tx(), v));
      EMPORION_RETURN_IF_ERROR(Publish(uow, v, "created", "", codec::ToJson(v)));
      ++outcome.first;
      continue;
    }
    v.meta = found->meta;
    const std::string before = codec::ToJson(*found);
    ++outcome.second;
    if (Comparable(before) == Comparable(codec::ToJson(v))) continue;
    v.meta.Touch(uow.now(), uow.actor());
    EMPORION_RETURN_IF_ERROR(storage::UpdateStore(uow.tx(), v, found->meta.version));
    EMPORION_RETURN_IF_ERROR(Publish(uow, v, "updated", before, codec::ToJson(v)));
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return outcome;
}

}  // namespace emporion::stores
