#include "modules/inventory/service/inventory_manager.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "modules/inventory/domain/availability.hpp"
#include "modules/inventory/domain/rules.hpp"
#include "platform/core/uuid.hpp"
#include "platform/events/outbox.hpp"
#include "platform/http/api_helpers.hpp"

namespace emporion::inventory {
namespace {

using events::UnitOfWork;

constexpr std::size_t kMaxReservationItems = 1000;
constexpr std::size_t kMaxReservationBatch = 256;
constexpr std::size_t kCatalogChunk = 1000;
constexpr std::size_t kMaxReportedErrors = 1000;

Error Invalid(std::vector<FieldError> errors) {
  std::string detail = errors.empty() ? std::string("invalid")
                                      : errors.front().field + ": " + errors.front().message;
  if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
  if (errors.size() > kMaxReportedErrors) errors.resize(kMaxReportedErrors);
  return {ErrorCode::kUnprocessable, std::move(detail), std::move(errors)};
}

bool Allows(const storage::IdScope& scope, const std::string& id) {
  return !scope || std::find(scope->begin(), scope->end(), id) != scope->end();
}

Status CheckVersion(const std::optional<std::int64_t>& expected, std::int64_t current) {
  if (expected && *expected != current) {
    return Error::PreconditionFailed("If-Match names version " + std::to_string(*expected) +
                                     " but the current version is " + std::to_string(current));
  }
  return Ok();
}

Result<std::string> NewId(const std::string& requested, Timestamp now, const std::string& prefix) {
  if (requested.empty()) return NewUuidV7(now);
  if (!IsValidId(requested)) {
    return Error::Unprocessable(prefix + "id",
                                "must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
  }
  return requested;
}

/// The API JSON without the members that change on every write.
json::Document Comparable(const std::string& text) {
  auto doc = json::ParseObject(text);
  if (!doc.ok()) return json::Document(rapidjson::kObjectType);
  for (const char* k : {"version", "modifiedAt", "modifiedBy", "createdAt", "createdBy"}) {
    doc->RemoveMember(k);
  }
  return std::move(doc).value();
}

std::vector<std::string> ChangedFields(const json::Value& before, const json::Value& after) {
  std::vector<std::string> out;
  for (auto it = after.MemberBegin(); it != after.MemberEnd(); ++it) {
    auto b = before.FindMember(it->name);
    if (b == before.MemberEnd() || b->value != it->value) out.emplace_back(it->name.GetString());
  }
  for (auto it = before.MemberBegin(); it != before.MemberEnd(); ++it) {
    if (!after.HasMember(it->name)) out.emplace_back(it->name.GetString());
  }
  return out;
}

/// Writes `inventory.<entity>.<operation>` and its change-history entry.
Status Publish(UnitOfWork& uow, const std::string& entity, const std::string& id,
               const std::string& operation, const std::string& before_json,
               const std::string& after_json,
               const std::vector<std::pair<std::string, std::string>>& ids) {
  const json::Document before =
      before_json.empty() ? json::Document(rapidjson::kObjectType) : Comparable(before_json);
  const json::Document after =
      after_json.empty() ? json::Document(rapidjson::kObjectType) : Comparable(after_json);
  json::Writer w;
  w.StartObject().Key("id").String(id);
  for (const auto& [k, v] : ids) w.Key(k).String(v);
  if (operation == "updated") {
    w.Key("changedFields").StartArray();
    for (const auto& f : ChangedFields(before, after)) w.String(f);
    w.EndArray();
  }
  w.EndObject();
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("inventory." + entity + "." + operation, "inventory." + entity, id, w.str()));
  return uow.Record("inventory." + entity, id, operation, http::DiffJson(before, after));
}

std::string StockPayload(const InventoryRecord& r, Timestamp now, const char* reason) {
  json::Writer w;
  w.StartObject();
  w.Key("id").String(r.meta.id);
  w.Key("productId").String(r.product_id);
  w.Key("fulfillmentCenterId").String(r.fulfillment_center_id);
  w.Key("inStockQuantity").Int(r.in_stock_quantity);
  w.Key("reservedQuantity").Int(r.reserved_quantity);
  w.Key("availableQuantity").Int(AvailableOf(r, now));
  w.Key("reorderMinQuantity").Int(r.reorder_min_quantity);
  w.Key("reason").String(reason);
  w.EndObject();
  return w.str();
}

bool StockDiffers(const InventoryRecord& a, const InventoryRecord& b) {
  return a.in_stock_quantity != b.in_stock_quantity || a.reserved_quantity != b.reserved_quantity ||
         a.status != b.status || a.allow_backorder != b.allow_backorder ||
         a.allow_preorder != b.allow_preorder || a.backorder_quantity != b.backorder_quantity ||
         a.preorder_quantity != b.preorder_quantity ||
         a.backorder_availability_date != b.backorder_availability_date ||
         a.preorder_availability_date != b.preorder_availability_date ||
         a.reorder_min_quantity != b.reorder_min_quantity;
}

/// inventory.changed when stock-relevant fields changed, and inventory.low-stock when the
/// available quantity reached reorderMinQuantity.
Status EmitStockEvents(UnitOfWork& uow, const std::optional<InventoryRecord>& before,
                       const InventoryRecord& after, const char* reason) {
  if (before && !StockDiffers(*before, after)) return Ok();
  const Timestamp now = uow.now();
  const std::string payload = StockPayload(after, now, reason);
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("inventory.changed", "inventory.inventory", after.meta.id, payload));
  const std::optional<std::int64_t> was =
      before ? std::optional<std::int64_t>(AvailableOf(*before, now)) : std::nullopt;
  if (after.reorder_min_quantity > 0 &&
      CrossesLowStock(was, AvailableOf(after, now), after.reorder_min_quantity)) {
    EMPORION_RETURN_IF_ERROR(
        uow.Emit("inventory.low-stock", "inventory.inventory", after.meta.id, payload));
  }
  return Ok();
}

/// The API names of the fields a sync can set that differ between `a` and `b` (empty: the
/// record is unchanged).
std::vector<const char*> SyncChangedFields(const InventoryRecord& a, const InventoryRecord& b) {
  std::vector<const char*> out;
  auto add = [&out](bool differs, const char* field) {
    if (differs) out.push_back(field);
  };
  add(a.in_stock_quantity != b.in_stock_quantity, "inStockQuantity");
  add(a.reorder_min_quantity != b.reorder_min_quantity, "reorderMinQuantity");
  add(a.preorder_quantity != b.preorder_quantity, "preorderQuantity");
  add(a.backorder_quantity != b.backorder_quantity, "backorderQuantity");
  add(a.allow_backorder != b.allow_backorder, "allowBackorder");
  add(a.allow_preorder != b.allow_preorder, "allowPreorder");
  add(a.preorder_availability_date != b.preorder_availability_date, "preorderAvailabilityDate");
  add(a.backorder_availability_date != b.backorder_availability_date,
      "backorderAvailabilityDate");
  add(a.status != b.status, "status");
  add(a.outer_id != b.outer_id, "outerId");
  return out;
}

std::vector<std::string> Unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

InventoryManager::InventoryManager(db::Database& db, const Clock& clock, events::EventBus* bus,
                                   catalog::CatalogService& catalog)
    : db_(db), clock_(clock), bus_(bus), catalog_(catalog) {
  if (bus_ != nullptr) {
    bus_->Subscribe("catalog.product.", [this](const events::DomainEvent& e) {
      std::lock_guard lock(mutex_);
      tracking_.erase(e.entity_id);
      // A main product's flag is inherited by its variations: forget all on a main change.
      if (e.payload.find("\"mainProductId\":null") != std::string::npos) tracking_.clear();
    });
    bus_->Subscribe("stores.store.", [this](const events::DomainEvent& e) {
      std::lock_guard lock(mutex_);
      stores_.erase(e.entity_id);
    });
  }
}

void InventoryManager::SetStoreLinks(StoreLinks links) { links_ = std::move(links); }

Result<StoreFulfillment> InventoryManager::StoreCenters(const std::string& store_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = stores_.find(store_id);
    if (it != stores_.end()) return it->second;
  }
  if (!links_.fulfillment_of) return Error::NotFound("no store '" + store_id + "'");
  EMPORION_ASSIGN_OR_RETURN(auto found, links_.fulfillment_of(store_id));
  if (!found) return Error::NotFound("no store '" + store_id + "'");
  std::lock_guard lock(mutex_);
  stores_[store_id] = *found;
  return *found;
}

Result<std::vector<std::string>> InventoryManager::CentersOfStores(
    const std::vector<std::string>& stores) {
  std::vector<std::string> out;
  for (const auto& s : stores) {
    auto centers = StoreCenters(s);
    if (!centers.ok()) {
      if (centers.error().code() == ErrorCode::kNotFound) continue;
      return centers.error();
    }
    if (!centers->main_fulfillment_center_id.empty()) {
      out.push_back(centers->main_fulfillment_center_id);
    }
    for (const auto& id : centers->other_ids) out.push_back(id);
  }
  return Unique(std::move(out));
}

Result<std::map<std::string, bool>> InventoryManager::Tracking(
    const std::vector<std::string>& ids) {
  std::map<std::string, bool> out;
  std::vector<std::string> missing;
  {
    std::lock_guard lock(mutex_);
    for (const auto& id : ids) {
      auto it = tracking_.find(id);
      if (it != tracking_.end()) {
        out[id] = it->second;
      } else {
        missing.push_back(id);
      }
    }
  }
  missing = Unique(std::move(missing));
  std::unordered_map<std::string, bool> found;
  std::map<std::string, std::string> inherit;  // variation -> main product, flag unset
  for (std::size_t i = 0; i < missing.size(); i += kCatalogChunk) {
    std::vector<std::string> chunk(
        missing.begin() + static_cast<std::ptrdiff_t>(i),
        missing.begin() + static_cast<std::ptrdiff_t>(std::min(missing.size(), i + kCatalogChunk)));
    EMPORION_ASSIGN_OR_RETURN(auto flags, catalog_.TrackingFlags(chunk));
    for (const auto& [id, f] : flags) {
      if (!f.track_inventory && f.main_product_id) {
        inherit[id] = *f.main_product_id;
      } else {
        found[id] = f.track_inventory.value_or(true);
      }
    }
  }
  if (!inherit.empty()) {
    std::vector<std::string> mains;
    for (const auto& [v, m] : inherit) mains.push_back(m);
    mains = Unique(std::move(mains));
    std::unordered_map<std::string, bool> main_flags;
    for (std::size_t i = 0; i < mains.size(); i += kCatalogChunk) {
      std::vector<std::string> chunk(
          mains.begin() + static_cast<std::ptrdiff_t>(i),
          mains.begin() + static_cast<std::ptrdiff_t>(std::min(mains.size(), i + kCatalogChunk)));
      EMPORION_ASSIGN_OR_RETURN(auto flags, catalog_.TrackingFlags(chunk));
      for (const auto& [id, f] : flags) main_flags[id] = f.track_inventory.value_or(true);
    }
    for (const auto& [v, m] : inherit) {
      auto it = main_flags.find(m);
      found[v] = it == main_flags.end() ? true : it->second;
    }
  }
  std::lock_guard lock(mutex_);
  for (const auto& [id, flag] : found) {
    tracking_[id] = flag;
    out[id] = flag;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fulfillment centers

Result<FulfillmentCenter> InventoryManager::GetCenter(const Caller& c, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindCenter(*tx, id));
  if (!found || !Allows(c.read_centers, id)) {
    return Error::NotFound("no fulfillment center '" + id + "'");
  }
  return std::move(*found);
}

Result<storage::Slice<FulfillmentCenter>> InventoryManager::ListCenters(const Caller& c,
                                                                        storage::CenterFilter f,
                                                                        const storage::Window& w) {
  f.scope = c.read_centers;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListCenters(*tx, f, w);
}

namespace {

/// Validates and writes a center (insert when `existing` is empty) inside `uow`.
Result<FulfillmentCenter> SaveCenter(UnitOfWork& uow, FulfillmentCenter v,
                                     const std::optional<FulfillmentCenter>& existing,
                                     const std::string& prefix) {
  auto& tx = uow.tx();
  if (existing) {
    v.meta = existing->meta;
  } else {
    EMPORION_ASSIGN_OR_RETURN(std::string id, NewId(v.meta.id, uow.now(), prefix));
    v.meta = EntityMeta::New(id, uow.now(), uow.actor());
  }
  auto errors = ValidateFulfillmentCenter(v, prefix);
  if (!errors.empty()) return Invalid(std::move(errors));
  if (v.geo_location) {
    v.geo_location->latitude = *CanonicalCoordinate(v.geo_location->latitude, 90);
    v.geo_location->longitude = *CanonicalCoordinate(v.geo_location->longitude, 180);
  }
  if (v.code) {
    EMPORION_ASSIGN_OR_RETURN(auto holder, storage::FindCenterByCode(tx, *v.code));
    if (holder && holder->meta.id != v.meta.id) {
      const std::string message =
          "code '" + *v.code + "' is already used by fulfillment center '" + holder->meta.id + "'";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "code", message}});
    }
  }
  if (!existing) {
    EMPORION_RETURN_IF_ERROR(storage::InsertCenter(tx, v));
    EMPORION_RETURN_IF_ERROR(
        Publish(uow, "fulfillment-center", v.meta.id, "created", "", codec::ToJson(v), {}));
    return v;
  }
  const std::string before = codec::ToJson(*existing);
  if (Comparable(before) == Comparable(codec::ToJson(v))) return *existing;
  v.meta.Touch(uow.now(), uow.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateCenter(tx, v, existing->meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(uow, "fulfillment-center", v.meta.id, "updated", before, codec::ToJson(v), {}));
  return v;
}

}  // namespace

Result<FulfillmentCenter> InventoryManager::CreateCenter(const Caller& c, FulfillmentCenter v) {
  if (!c.unlimited_write) {
    return Error::PermissionDenied(
        "fulfillment centers are shared by all stores: creating one needs a permission that is "
        "not limited to stores");
  }
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto clash, storage::FindCenter(uow.tx(), v.meta.id));
    if (clash) {
      return Error(ErrorCode::kAlreadyExists,
                   "a fulfillment center with id '" + v.meta.id + "' already exists",
                   {{"id", "is already used by another fulfillment center"}});
    }
  }
  EMPORION_ASSIGN_OR_RETURN(auto saved, SaveCenter(uow, std::move(v), std::nullopt, ""));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return saved;
}

Result<FulfillmentCenter> InventoryManager::UpdateCenter(const Caller& c, const std::string& id,
                                                         std::optional<std::int64_t> if_match,
                                                         const Mutator<FulfillmentCenter>& m) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindCenter(uow.tx(), id));
  if (!found || !Allows(c.read_centers, id)) {
    return Error::NotFound("no fulfillment center '" + id + "'");
  }
  if (!Allows(c.write_centers, id)) {
    return Error::PermissionDenied("fulfillment center '" + id +
                                   "' belongs to none of the stores you may change");
  }
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, found->meta.version));
  EMPORION_ASSIGN_OR_RETURN(auto next, m(*found));
  EMPORION_ASSIGN_OR_RETURN(auto saved, SaveCenter(uow, std::move(next), found, ""));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return saved;
}

Status InventoryManager::DeleteCenter(const Caller& c, const std::string& id,
                                      std::optional<std::int64_t> if_match) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  auto& tx = uow.tx();
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindCenter(tx, id));
  if (!found || !Allows(c.read_centers, id)) {
    return Error::NotFound("no fulfillment center '" + id + "'");
  }
  if (!c.unlimited_write) {
    return Error::PermissionDenied(
        "fulfillment centers are shared by all stores: deleting one needs a permission that is "
        "not limited to stores");
  }
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, found->meta.version));
  if (links_.stores_using) {
    EMPORION_ASSIGN_OR_RETURN(auto stores, links_.stores_using(id));
    if (!stores.empty()) {
      return Error::Conflict("fulfillment center '" + id + "' is used by store(s) " + Join(stores) +
                             "; remove it from those stores first");
    }
  }
  EMPORION_ASSIGN_OR_RETURN(auto stocked, storage::CountStockedRecords(tx, id));
  if (stocked > 0) {
    return Error::Conflict("fulfillment center '" + id + "' holds stock or reservations in " +
                           std::to_string(stocked) +
                           " inventory record(s); set them to zero or delete them first");
  }
  EMPORION_ASSIGN_OR_RETURN(auto empty_records, storage::RecordsOfCenter(tx, id));
  for (const auto& r : empty_records) {
    EMPORION_RETURN_IF_ERROR(storage::DeleteRecord(tx, r.meta.id));
    EMPORION_RETURN_IF_ERROR(Publish(uow, "inventory", r.meta.id, "deleted",
                                     codec::ToJson(r, uow.now()), "",
                                     {{"productId", r.product_id}, {"fulfillmentCenterId", id}}));
  }
  EMPORION_RETURN_IF_ERROR(storage::DeleteCenter(tx, id));
  EMPORION_RETURN_IF_ERROR(
      Publish(uow, "fulfillment-center", id, "deleted", codec::ToJson(*found), "", {}));
  return uow.Commit();
}

Result<BulkOutcome> InventoryManager::BulkCenters(const Caller& c,
                                                  std::vector<FulfillmentCenter> items) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  BulkOutcome outcome;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = "items[" + std::to_string(i) + "].";
    auto& item = items[i];
    std::optional<FulfillmentCenter> existing;
    if (!item.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(existing, storage::FindCenter(uow.tx(), item.meta.id));
    } else if (item.code) {
      EMPORION_ASSIGN_OR_RETURN(existing, storage::FindCenterByCode(uow.tx(), *item.code));
    }
    if (existing && !Allows(c.write_centers, existing->meta.id)) {
      errors.push_back({prefix + "id", "belongs to none of the stores you may change"});
      continue;
    }
    if (!existing && !c.unlimited_write) {
      errors.push_back(
          {prefix + "id", "creating a fulfillment center needs an unlimited permission"});
      continue;
    }
    auto saved = SaveCenter(uow, std::move(item), existing, prefix);
    if (!saved.ok()) {
      if (saved.error().fields().empty()) return saved.error();
      for (const auto& f : saved.error().fields()) errors.push_back(f);
      continue;
    }
    ++(existing ? outcome.updated : outcome.created);
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return outcome;
}

Result<std::vector<std::string>> InventoryManager::MissingFulfillmentCenters(
    const std::vector<std::string>& ids) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  const auto unique = Unique(ids);
  EMPORION_ASSIGN_OR_RETURN(auto existing, storage::ExistingCenterIds(*tx, unique));
  std::set<std::string> have(existing.begin(), existing.end());
  std::vector<std::string> missing;
  for (const auto& id : unique) {
    if (have.count(id) == 0) missing.push_back(id);
  }
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Inventory records

Result<InventoryRecord> InventoryManager::GetRecord(const Caller& c, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindRecord(*tx, id));
  if (!found || !Allows(c.read_centers, found->fulfillment_center_id)) {
    return Error::NotFound("no inventory record '" + id + "'");
  }
  return std::move(*found);
}

Result<storage::Slice<InventoryRecord>> InventoryManager::ListRecords(const Caller& c,
                                                                      storage::RecordFilter f,
                                                                      const storage::Window& w) {
  f.centers = c.read_centers;
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListRecords(*tx, f, w);
}

namespace {

struct RecordContext {
  UnitOfWork& uow;
  const Caller& caller;
  const std::map<std::string, bool>& products;  // known products
  const std::set<std::string>& centers;         // existing centers
};

Result<InventoryRecord> SaveRecord(RecordContext& ctx, InventoryRecord v,
                                   const std::optional<InventoryRecord>& existing,
                                   const std::string& prefix) {
  auto& tx = ctx.uow.tx();
  std::vector<FieldError> errors;
  if (existing) {
    if (v.product_id != existing->product_id) {
      errors.push_back(
          {prefix + "productId", "cannot change; create a record for the other product"});
    }
    if (v.fulfillment_center_id != existing->fulfillment_center_id) {
      errors.push_back({prefix + "fulfillmentCenterId",
                        "cannot change; create a record for the other fulfillment center"});
    }
    v.meta = existing->meta;
    v.reserved_quantity = existing->reserved_quantity;
  } else {
    EMPORION_ASSIGN_OR_RETURN(std::string id, NewId(v.meta.id, ctx.uow.now(), prefix));
    v.meta = EntityMeta::New(id, ctx.uow.now(), ctx.uow.actor());
    v.reserved_quantity = 0;
  }
  for (auto& e : ValidateRecord(v, prefix)) errors.push_back(std::move(e));
  if (!v.product_id.empty() && ctx.products.count(v.product_id) == 0) {
    errors.push_back({prefix + "productId", "no product '" + v.product_id + "'"});
  }
  if (!v.fulfillment_center_id.empty() && ctx.centers.count(v.fulfillment_center_id) == 0) {
    errors.push_back({prefix + "fulfillmentCenterId",
                      "no fulfillment center '" + v.fulfillment_center_id + "'"});
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  if (!Allows(ctx.caller.write_centers, v.fulfillment_center_id)) {
    return Error(ErrorCode::kPermissionDenied,
                 "fulfillment center '" + v.fulfillment_center_id +
                     "' belongs to none of the stores you may change",
                 {{prefix + "fulfillmentCenterId", "is outside your stores"}});
  }
  const std::vector<std::pair<std::string, std::string>> ids = {
      {"productId", v.product_id}, {"fulfillmentCenterId", v.fulfillment_center_id}};
  const Timestamp now = ctx.uow.now();
  if (!existing) {
    EMPORION_ASSIGN_OR_RETURN(auto holder,
                              storage::FindRecordByKey(tx, v.product_id, v.fulfillment_center_id));
    if (holder) {
      const std::string message = "product '" + v.product_id + "' already has inventory record '" +
                                  holder->meta.id + "' in fulfillment center '" +
                                  v.fulfillment_center_id + "'";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "fulfillmentCenterId", message}});
    }
    EMPORION_RETURN_IF_ERROR(storage::InsertRecord(tx, v));
    EMPORION_RETURN_IF_ERROR(
        Publish(ctx.uow, "inventory", v.meta.id, "created", "", codec::ToJson(v, now), ids));
    EMPORION_RETURN_IF_ERROR(EmitStockEvents(ctx.uow, std::nullopt, v, "created"));
    return v;
  }
  const std::string before = codec::ToJson(*existing, now);
  if (Comparable(before) == Comparable(codec::ToJson(v, now))) return *existing;
  v.meta.Touch(now, ctx.uow.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateRecord(tx, v, existing->meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(ctx.uow, "inventory", v.meta.id, "updated", before, codec::ToJson(v, now), ids));
  EMPORION_RETURN_IF_ERROR(EmitStockEvents(ctx.uow, existing, v, "updated"));
  return v;
}

}  // namespace

Result<InventoryRecord> InventoryManager::CreateRecord(const Caller& c, InventoryRecord v) {
  EMPORION_ASSIGN_OR_RETURN(auto products, Tracking({v.product_id}));
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto existing_centers,
                            storage::ExistingCenterIds(uow.tx(), {v.fulfillment_center_id}));
  std::set<std::string> centers(existing_centers.begin(), existing_centers.end());
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto clash, storage::FindRecord(uow.tx(), v.meta.id));
    if (clash) {
      return Error(ErrorCode::kAlreadyExists,
                   "an inventory record with id '" + v.meta.id + "' already exists",
                   {{"id", "is already used by another inventory record"}});
    }
  }
  RecordContext ctx{uow, c, products, centers};
  EMPORION_ASSIGN_OR_RETURN(auto saved, SaveRecord(ctx, std::move(v), std::nullopt, ""));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return saved;
}

Result<InventoryRecord> InventoryManager::UpdateRecord(const Caller& c, const std::string& id,
                                                       std::optional<std::int64_t> if_match,
                                                       const Mutator<InventoryRecord>& m) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindRecord(uow.tx(), id));
  if (!found || !Allows(c.read_centers, found->fulfillment_center_id)) {
    return Error::NotFound("no inventory record '" + id + "'");
  }
  if (!Allows(c.write_centers, found->fulfillment_center_id)) {
    return Error::PermissionDenied("inventory record '" + id +
                                   "' is in a fulfillment center of none of your stores");
  }
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, found->meta.version));
  EMPORION_ASSIGN_OR_RETURN(auto next, m(*found));
  // The product and center were valid when the record was made; a change is refused anyway.
  const std::map<std::string, bool> products = {{found->product_id, true}};
  const std::set<std::string> centers = {found->fulfillment_center_id};
  RecordContext ctx{uow, c, products, centers};
  EMPORION_ASSIGN_OR_RETURN(auto saved, SaveRecord(ctx, std::move(next), found, ""));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return saved;
}

Status InventoryManager::DeleteRecord(const Caller& c, const std::string& id,
                                      std::optional<std::int64_t> if_match) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindRecord(uow.tx(), id));
  if (!found || !Allows(c.read_centers, found->fulfillment_center_id)) {
    return Error::NotFound("no inventory record '" + id + "'");
  }
  if (!Allows(c.write_centers, found->fulfillment_center_id)) {
    return Error::PermissionDenied("inventory record '" + id +
                                   "' is in a fulfillment center of none of your stores");
  }
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, found->meta.version));
  if (found->reserved_quantity > 0) {
    return Error::Conflict("inventory record '" + id + "' has " +
                           std::to_string(found->reserved_quantity) +
                           " reserved unit(s); release or commit the reservations first");
  }
  EMPORION_RETURN_IF_ERROR(storage::DeleteRecord(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(Publish(
      uow, "inventory", id, "deleted", codec::ToJson(*found, uow.now()), "",
      {{"productId", found->product_id}, {"fulfillmentCenterId", found->fulfillment_center_id}}));
  return uow.Commit();
}

Result<BulkOutcome> InventoryManager::BulkRecords(const Caller& c,
                                                  std::vector<InventoryRecord> items) {
  std::vector<std::string> product_ids;
  std::vector<std::string> center_ids;
  for (const auto& i : items) {
    product_ids.push_back(i.product_id);
    center_ids.push_back(i.fulfillment_center_id);
  }
  EMPORION_ASSIGN_OR_RETURN(auto products, Tracking(product_ids));
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto existing_centers,
                            storage::ExistingCenterIds(uow.tx(), Unique(center_ids)));
  std::set<std::string> centers(existing_centers.begin(), existing_centers.end());
  RecordContext ctx{uow, c, products, centers};
  BulkOutcome outcome;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = "items[" + std::to_string(i) + "].";
    auto& item = items[i];
    std::optional<InventoryRecord> existing;
    if (!item.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(existing, storage::FindRecord(uow.tx(), item.meta.id));
    }
    if (!existing) {
      EMPORION_ASSIGN_OR_RETURN(existing, storage::FindRecordByKey(uow.tx(), item.product_id,
                                                                   item.fulfillment_center_id));
      if (existing && !item.meta.id.empty() && existing->meta.id != item.meta.id) {
        errors.push_back({prefix + "id", "the record of this product and center has id '" +
                                             existing->meta.id + "'"});
        continue;
      }
    }
    if (existing && !Allows(c.write_centers, existing->fulfillment_center_id)) {
      errors.push_back({prefix + "fulfillmentCenterId", "is outside your stores"});
      continue;
    }
    auto saved = SaveRecord(ctx, std::move(item), existing, prefix);
    if (!saved.ok()) {
      if (saved.error().fields().empty()) return saved.error();
      for (const auto& f : saved.error().fields()) errors.push_back(f);
      continue;
    }
    ++(existing ? outcome.updated : outcome.created);
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Availability and reservations

Result<std::vector<ProductAvailability>> InventoryManager::Availability(
    const std::string& store_id, const std::vector<std::string>& product_ids) {
  EMPORION_ASSIGN_OR_RETURN(auto store, StoreCenters(store_id));
  std::vector<std::string> centers;
  if (!store.main_fulfillment_center_id.empty()) {
    centers.push_back(store.main_fulfillment_center_id);
  }
  for (const auto& id : store.other_ids) {
    if (std::find(centers.begin(), centers.end(), id) == centers.end()) centers.push_back(id);
  }
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& id : product_ids) {
    if (seen.insert(id).second) ids.push_back(id);
  }
  EMPORION_ASSIGN_OR_RETURN(auto tracked, Tracking(ids));
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto records, storage::StockFor(*tx, ids, centers));
  std::unordered_map<std::string, std::vector<InventoryRecord>> by_product;
  for (auto& r : records) by_product[r.product_id].push_back(std::move(r));
  const Timestamp now = clock_.Now();
  std::vector<ProductAvailability> out;
  out.reserve(ids.size());
  static const std::vector<InventoryRecord> kNone;
  for (const auto& id : ids) {
    auto t = tracked.find(id);
    const bool is_tracked = t == tracked.end() || t->second;
    auto it = by_product.find(id);
    out.push_back(ComputeAvailability(id, is_tracked, centers,
                                      it == by_product.end() ? kNone : it->second, now));
  }
  return out;
}

Result<Reservation> InventoryManager::Reserve(const std::string& actor,
                                              const ReservationRequest& request) {
  Caller c;
  c.actor = actor;
  return ReserveAs(c, request);
}

Result<Reservation> InventoryManager::Release(const std::string& actor, const std::string& id) {
  Caller c;
  c.actor = actor;
  return ReleaseAs(c, id);
}

Result<Reservation> InventoryManager::Commit(const std::string& actor, const std::string& id) {
  Caller c;
  c.actor = actor;
  return CommitAs(c, id);
}

Result<Reservation> InventoryManager::ReserveAs(const Caller& c,
                                                const ReservationRequest& request) {
  std::vector<FieldError> errors;
  if (request.store_id.empty()) errors.push_back({"storeId", "is required"});
  if (request.items.empty()) errors.push_back({"items", "must name at least one product"});
  if (request.items.size() > kMaxReservationItems) {
    errors.push_back(
        {"items", "at most " + std::to_string(kMaxReservationItems) + " items per reservation"});
  }
  if (request.reference.size() > 256) {
    errors.push_back({"reference", "is longer than 256 characters"});
  }
  std::vector<std::string> product_ids;
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const auto& item = request.items[i];
    const std::string p = "items[" + std::to_string(i) + "].";
    if (item.product_id.empty()) errors.push_back({p + "productId", "is required"});
    if (item.quantity < 1) errors.push_back({p + "quantity", "must be at least 1"});
    product_ids.push_back(item.product_id);
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  auto store = StoreCenters(request.store_id);
  if (!store.ok()) {
    if (store.error().code() == ErrorCode::kNotFound) {
      return Error::Unprocessable("storeId", "no store '" + request.store_id + "'");
    }
    return store.error();
  }
  std::vector<std::string> centers;
  if (!store->main_fulfillment_center_id.empty()) {
    centers.push_back(store->main_fulfillment_center_id);
  }
  for (const auto& id : store->other_ids) {
    if (std::find(centers.begin(), centers.end(), id) == centers.end()) centers.push_back(id);
  }
  EMPORION_ASSIGN_OR_RETURN(auto tracked, Tracking(product_ids));
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    if (tracked.count(request.items[i].product_id) == 0) {
      errors.push_back({"items[" + std::to_string(i) + "].productId",
                        "no product '" + request.items[i].product_id + "'"});
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));

  PendingReservation pending;
  pending.request = &request;
  pending.centers = std::move(centers);
  pending.tracked = std::move(tracked);
  pending.actor = c.actor;
  pending.request_id = c.request_id;
  return Submit(pending);
}

namespace {

/// Loads the records every reservation of a batch may touch: one query per 500 products.
Result<RecordMap> LoadStock(db::Transaction& tx, const std::vector<PendingReservation*>& batch) {
  std::vector<std::string> products;
  std::vector<std::string> centers;
  for (const auto* p : batch) {
    for (const auto& item : p->request->items) products.push_back(item.product_id);
    centers.insert(centers.end(), p->centers.begin(), p->centers.end());
  }
  EMPORION_ASSIGN_OR_RETURN(auto records, storage::RecordsFor(tx, Unique(std::move(products)),
                                                              Unique(std::move(centers))));
  RecordMap map;
  for (auto& rec : records) {
    auto key = std::make_pair(rec.product_id, rec.fulfillment_center_id);
    map.emplace(std::move(key), std::move(rec));
  }
  return map;
}

/// One reservation inside the batch's unit of work. Business refusals (short stock, a taken id)
/// come back as errors and write nothing; `fatal` is set when the transaction can no longer be
/// trusted (a statement failed, or a conditional update found the stock gone), and the caller
/// then rolls the batch back and retries its reservations one by one.
Result<Reservation> ReserveInUnit(UnitOfWork& uow, RecordMap& map, const PendingReservation& p,
                                  bool& fatal) {
  auto& tx = uow.tx();
  const Timestamp now = uow.now();
  const ReservationRequest& request = *p.request;
  auto db_error = [&fatal](Error e) {
    fatal = true;
    return e;
  };
  auto id = NewId(request.id, now, "");
  if (!id.ok()) return id.error();
  if (!request.id.empty()) {
    auto clash = storage::FindReservation(tx, *id);
    if (!clash.ok()) return db_error(clash.error());
    if (*clash) {
      return Error(ErrorCode::kAlreadyExists, "a reservation with id '" + *id + "' already exists",
                   {{"id", "is already used by another reservation"}});
    }
  }
  auto plan = PlanReservation(request.items, p.centers, map, p.tracked, now);
  if (!plan.shortfalls.empty()) {
    std::vector<FieldError> short_lines;
    std::string detail = "not enough stock:";
    for (const auto& s : plan.shortfalls) {
      const std::string message = "product '" + s.product_id + "': " + std::to_string(s.requested) +
                                  " requested, " + std::to_string(s.available) + " available";
      short_lines.push_back({"items[" + std::to_string(s.item) + "].quantity", message});
      detail += " " + message + ";";
    }
    detail.pop_back();
    return Error(ErrorCode::kConflict, std::move(detail), std::move(short_lines));
  }
  Reservation r;
  r.meta = EntityMeta::New(*id, now, p.actor);
  r.store_id = request.store_id;
  r.reference = request.reference;
  r.status = ReservationStatus::kActive;
  std::vector<std::size_t> covered(request.items.size(), 0);
  for (const auto& a : plan.allocations) {
    auto& rec = map.at({a.product_id, a.fulfillment_center_id});
    auto ok = storage::ReserveIfAvailable(tx, a.product_id, a.fulfillment_center_id, a.quantity,
                                          ExtraAllowance(rec, now), now, p.actor);
    if (!ok.ok()) return db_error(ok.error());
    if (!*ok) {
      // Another node took the stock between our read and this update.
      return db_error(
          Error(ErrorCode::kConflict,
                "not enough stock: product '" + a.product_id + "' was reserved concurrently",
                {{"items[" + std::to_string(a.item) + "].quantity", "no longer available"}}));
    }
    const InventoryRecord before = rec;
    rec.reserved_quantity += a.quantity;
    rec.meta.Touch(now, p.actor);
    if (auto s = EmitStockEvents(uow, before, rec, "reserved"); !s.ok()) return db_error(s.error());
    r.lines.push_back({a.product_id, a.quantity, a.fulfillment_center_id});
    covered[a.item] = 1;
  }
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    if (covered[i] == 0) {
      r.lines.push_back({request.items[i].product_id, request.items[i].quantity, std::nullopt});
    }
  }
  if (auto s = storage::InsertReservation(tx, r); !s.ok()) return db_error(s.error());
  if (auto s = Publish(
          uow, "reservation", r.meta.id, "created", "", codec::ToJson(r),
          {{"storeId", r.store_id}, {"reference", r.reference}, {"requestId", p.request_id}});
      !s.ok()) {
    return db_error(s.error());
  }
  return r;
}

}  // namespace

void InventoryManager::RunBatch(const std::vector<PendingReservation*>& batch) {
  // All in one transaction: one durable commit (one fsync) for the whole batch.
  bool fatal = false;
  std::vector<std::optional<Result<Reservation>>> results(batch.size());
  {
    auto uow =
        UnitOfWork::Begin(db_, bus_, batch.front()->actor, batch.front()->request_id, clock_);
    if (!uow.ok()) {
      for (auto* p : batch) p->result = Result<Reservation>(uow.error());
      return;
    }
    auto map = LoadStock(uow->tx(), batch);
    if (!map.ok()) {
      fatal = true;
    } else {
      for (std::size_t i = 0; i < batch.size() && !fatal; ++i) {
        results[i] = ReserveInUnit(*uow, *map, *batch[i], fatal);
      }
    }
    if (!fatal) {
      if (auto s = uow->Commit(); !s.ok()) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          batch[i]->result = results[i] && !results[i]->ok() ? std::move(*results[i])
                                                             : Result<Reservation>(s.error());
        }
        return;
      }
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
      return;
    }
  }
  // The batch was rolled back: each reservation alone, so one bad one cannot fail the others.
  for (auto* p : batch) {
    auto uow = UnitOfWork::Begin(db_, bus_, p->actor, p->request_id, clock_);
    if (!uow.ok()) {
      p->result = Result<Reservation>(uow.error());
      continue;
    }
    auto map = LoadStock(uow->tx(), {p});
    if (!map.ok()) {
      p->result = Result<Reservation>(map.error());
      continue;
    }
    bool failed = false;
    auto r = ReserveInUnit(*uow, *map, *p, failed);
    if (r.ok()) {
      if (auto s = uow->Commit(); !s.ok()) r = Result<Reservation>(s.error());
    }
    p->result = std::move(r);
  }
}

Result<Reservation> InventoryManager::Submit(PendingReservation& p) {
  std::unique_lock lock(batch_mutex_);
  batch_queue_.push_back(&p);
  for (;;) {
    if (p.result) return std::move(*p.result);
    if (!batch_leader_ && !batch_queue_.empty()) {
      // Lead: take the queued reservations of the first one's actor (events and history carry
      // one actor per transaction), run them as one transaction, then hand over.
      batch_leader_ = true;
      std::vector<PendingReservation*> batch;
      const std::string actor = batch_queue_.front()->actor;
      for (auto it = batch_queue_.begin();
           it != batch_queue_.end() && batch.size() < kMaxReservationBatch;) {
        if ((*it)->actor == actor) {
          batch.push_back(*it);
          it = batch_queue_.erase(it);
        } else {
          ++it;
        }
      }
      lock.unlock();
      RunBatch(batch);
      lock.lock();
      batch_leader_ = false;
      batch_cv_.notify_all();
      continue;
    }
    batch_cv_.wait(lock);
  }
}

namespace {

Result<Reservation> Finish(UnitOfWork& uow, const std::string& id, bool commit,
                           const storage::IdScope& stores) {
  auto& tx = uow.tx();
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindReservation(tx, id));
  if (!found) return Error::NotFound("no reservation '" + id + "'");
  if (!Allows(stores, found->store_id)) {
    return Error::PermissionDenied("reservation '" + id + "' belongs to store '" + found->store_id +
                                   "', which is outside your stores");
  }
  if (found->status != ReservationStatus::kActive) {
    return Error::Conflict("reservation '" + id + "' is " + ToString(found->status) +
                           " already and cannot change");
  }
  const Timestamp now = uow.now();
  const std::string before = codec::ToJson(*found);
  for (const auto& line : found->lines) {
    if (!line.fulfillment_center_id) continue;
    EMPORION_ASSIGN_OR_RETURN(
        bool ok, storage::Unreserve(tx, line.product_id, *line.fulfillment_center_id, line.quantity,
                                    commit, now, uow.actor()));
    if (!ok) continue;  // the record is gone; nothing left to release
    json::Writer w;
    w.StartObject().Key("productId").String(line.product_id);
    w.Key("fulfillmentCenterId").String(*line.fulfillment_center_id);
    w.Key("quantity").Int(line.quantity);
    w.Key("reservationId").String(id);
    w.Key("reason").String(commit ? "committed" : "released").EndObject();
    EMPORION_RETURN_IF_ERROR(uow.Emit("inventory.changed", "inventory.inventory",
                                      line.product_id + "@" + *line.fulfillment_center_id,
                                      w.str()));
  }
  Reservation next = *found;
  next.status = commit ? ReservationStatus::kCommitted : ReservationStatus::kReleased;
  next.meta.Touch(now, uow.actor());
  EMPORION_RETURN_IF_ERROR(storage::UpdateReservationStatus(tx, next, found->meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(uow, "reservation", id, "updated", before, codec::ToJson(next),
              {{"storeId", next.store_id}, {"status", ToString(next.status)}}));
  return next;
}

}  // namespace

Result<Reservation> InventoryManager::ReleaseAs(const Caller& c, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto r, Finish(uow, id, false, c.stores));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return r;
}

Result<Reservation> InventoryManager::CommitAs(const Caller& c, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  EMPORION_ASSIGN_OR_RETURN(auto r, Finish(uow, id, true, c.stores));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return r;
}

Result<Reservation> InventoryManager::GetReservation(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindReservation(*tx, id));
  if (!found) return Error::NotFound("no reservation '" + id + "'");
  return std::move(*found);
}

// ---------------------------------------------------------------------------------------------
// ERP sync

Result<SyncOutcome> InventoryManager::Sync(const Caller& c, codec::SyncRequest request) {
  auto& items = request.items;
  std::vector<FieldError> errors;
  auto bad = [&](std::size_t i, const char* field, std::string message) {
    if (errors.size() < kMaxReportedErrors) {
      errors.push_back({"items[" + std::to_string(i) + "]." + field, std::move(message)});
    }
  };
  // SKUs to product ids: one bulk lookup of the distinct SKUs (the catalog reads ids only, a
  // query per few hundred codes; a product read per SKU cost ~250 us each at 200k products).
  std::vector<std::string> skus;
  for (const auto& s : items) {
    if (s.product_id.empty() && s.sku) skus.push_back(*s.sku);
  }
  std::unordered_map<std::string, std::string> by_sku;
  if (!skus.empty()) {
    EMPORION_ASSIGN_OR_RETURN(by_sku, catalog_.ProductIdsByCode(Unique(std::move(skus))));
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& s = items[i];
    if (s.product_id.empty() && s.sku) {
      if (auto it = by_sku.find(*s.sku); it != by_sku.end()) s.product_id = it->second;
      if (s.product_id.empty()) bad(i, "sku", "no product with SKU '" + *s.sku + "'");
      continue;
    }
    if (s.product_id.empty()) bad(i, "productId", "is required (or give sku)");
  }
  std::vector<std::string> product_ids;
  std::vector<std::string> center_ids;
  product_ids.reserve(items.size());
  for (const auto& s : items) {
    if (!s.product_id.empty()) product_ids.push_back(s.product_id);
    center_ids.push_back(s.fulfillment_center_id);
  }
  product_ids = Unique(std::move(product_ids));
  center_ids = Unique(std::move(center_ids));
  EMPORION_ASSIGN_OR_RETURN(auto known, Tracking(product_ids));
  EMPORION_ASSIGN_OR_RETURN(auto missing_centers, MissingFulfillmentCenters(center_ids));
  const std::set<std::string> missing(missing_centers.begin(), missing_centers.end());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& s = items[i];
    if (!s.product_id.empty() && known.count(s.product_id) == 0) {
      bad(i, "productId", "no product '" + s.product_id + "'");
    }
    if (missing.count(s.fulfillment_center_id) != 0) {
      bad(i, "fulfillmentCenterId", "no fulfillment center '" + s.fulfillment_center_id + "'");
    } else if (!Allows(c.write_centers, s.fulfillment_center_id)) {
      bad(i, "fulfillmentCenterId", "is outside your stores");
    }
    if (request.mode == SyncMode::kAbsolute && !s.in_stock_quantity) {
      bad(i, "inStockQuantity", "is required in absolute mode");
    }
    if (request.mode == SyncMode::kAdjust && !s.delta)
      bad(i, "delta", "is required in adjust mode");
    for (const auto& [field, v] : {std::pair<const char*, std::optional<std::int64_t>>{
                                       "inStockQuantity", s.in_stock_quantity},
                                   {"reorderMinQuantity", s.reorder_min_quantity},
                                   {"preorderQuantity", s.preorder_quantity},
                                   {"backorderQuantity", s.backorder_quantity}}) {
      if (v && *v < 0) bad(i, field, "must not be negative");
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));

  EMPORION_ASSIGN_OR_RETURN(auto uow, UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_));
  auto& tx = uow.tx();
  const Timestamp now = uow.now();
  EMPORION_ASSIGN_OR_RETURN(auto existing, storage::RecordsFor(tx, product_ids, center_ids));
  struct Work {
    std::optional<InventoryRecord> before;
    InventoryRecord after;
    bool touched = false;
  };
  // Keyed by (product, center) and written in that order: the upserts walk the unique index
  // (and the B-tree pages they dirty) in order instead of jumping around it.
  std::map<std::pair<std::string, std::string>, Work> work;
  for (auto& r : existing) {
    auto key = std::make_pair(r.product_id, r.fulfillment_center_id);
    InventoryRecord after = r;
    work.emplace(std::move(key), Work{std::move(r), std::move(after), false});
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& s = items[i];
    auto key = std::make_pair(std::move(s.product_id), std::move(s.fulfillment_center_id));
    auto it = work.find(key);
    if (it == work.end()) {
      InventoryRecord fresh;
      fresh.meta = EntityMeta::New(NewUuidV7(now), now, uow.actor());
      fresh.product_id = key.first;
      fresh.fulfillment_center_id = key.second;
      it = work.emplace(std::move(key), Work{std::nullopt, std::move(fresh), false}).first;
    }
    it->second.touched = true;
    auto& r = it->second.after;
    if (request.mode == SyncMode::kAbsolute) {
      r.in_stock_quantity = *s.in_stock_quantity;
    } else {
      r.in_stock_quantity += *s.delta;
      if (r.in_stock_quantity < 0) {
        bad(i, "delta",
            "would make inStockQuantity negative (" + std::to_string(r.in_stock_quantity) + ")");
      }
    }
    if (s.reorder_min_quantity) r.reorder_min_quantity = *s.reorder_min_quantity;
    if (s.preorder_quantity) r.preorder_quantity = *s.preorder_quantity;
    if (s.backorder_quantity) r.backorder_quantity = *s.backorder_quantity;
    if (s.allow_backorder) r.allow_backorder = *s.allow_backorder;
    if (s.allow_preorder) r.allow_preorder = *s.allow_preorder;
    if (s.preorder_availability_date) r.preorder_availability_date = *s.preorder_availability_date;
    if (s.backorder_availability_date) {
      r.backorder_availability_date = *s.backorder_availability_date;
    }
    if (s.status) r.status = *s.status;
    if (s.outer_id) r.outer_id = *s.outer_id;
  }
  if (!errors.empty()) return Invalid(std::move(errors));

  SyncOutcome outcome;
  std::vector<const InventoryRecord*> writes;
  writes.reserve(items.size());
  for (auto& [key, w] : work) {
    if (!w.touched) continue;
    auto& r = w.after;
    const bool created = !w.before;
    std::vector<const char*> changed_fields;
    if (!created) {
      changed_fields = SyncChangedFields(*w.before, r);
      if (changed_fields.empty()) {  // a no-op: no write, no event, no history
        ++outcome.unchanged;
        continue;
      }
      r.meta.Touch(now, uow.actor());
    }
    writes.push_back(&r);
    // One event per record: the entity event carries the stock figures that inventory.changed
    // would (one outbox row per record keeps a 50,000-record sync fast); inventory.changed is
    // emitted once for the whole sync below, inventory.low-stock per record that reaches its
    // threshold.
    json::Writer p;
    p.StartObject().Key("id").String(r.meta.id);
    p.Key("productId").String(r.product_id);
    p.Key("fulfillmentCenterId").String(r.fulfillment_center_id);
    p.Key("inStockQuantity").Int(r.in_stock_quantity);
    p.Key("reservedQuantity").Int(r.reserved_quantity);
    p.Key("availableQuantity").Int(AvailableOf(r, now));
    if (!created) {
      p.Key("changedFields").StartArray();
      for (const char* f : changed_fields) p.String(f);
      p.EndArray();
    }
    p.Key("source").String("sync").EndObject();
    EMPORION_RETURN_IF_ERROR(
        uow.Emit(created ? "inventory.inventory.created" : "inventory.inventory.updated",
                 "inventory.inventory", r.meta.id, p.str()));
    const std::optional<std::int64_t> was =
        w.before ? std::optional<std::int64_t>(AvailableOf(*w.before, now)) : std::nullopt;
    if (r.reorder_min_quantity > 0 &&
        CrossesLowStock(was, AvailableOf(r, now), r.reorder_min_quantity)) {
      EMPORION_RETURN_IF_ERROR(uow.Emit("inventory.low-stock", "inventory.inventory", r.meta.id,
                                        StockPayload(r, now, "sync")));
    }
    ++(created ? outcome.created : outcome.updated);
  }
  EMPORION_RETURN_IF_ERROR(storage::UpsertRecords(tx, writes));
  if (outcome.created + outcome.updated > 0) {
    json::Writer changed;
    changed.StartObject().Key("source").String("sync");
    changed.Key("created").Int(outcome.created).Key("updated").Int(outcome.updated);
    changed.Key("fulfillmentCenterIds").StartArray();
    for (const auto& id : center_ids) changed.String(id);
    changed.EndArray().EndObject();
    EMPORION_RETURN_IF_ERROR(uow.Emit("inventory.changed", "inventory.sync",
                                      c.request_id.empty() ? NewUuidV7(now) : c.request_id,
                                      changed.str()));
  }
  json::Writer detail;
  detail.StartObject().Key("mode").String(request.mode == SyncMode::kAdjust ? "adjust"
                                                                            : "absolute");
  detail.Key("records").Int(static_cast<std::int64_t>(items.size()));
  detail.Key("created").Int(outcome.created).Key("updated").Int(outcome.updated);
  detail.Key("unchanged").Int(outcome.unchanged).EndObject();
  const std::string sync_id = c.request_id.empty() ? NewUuidV7(now) : c.request_id;
  EMPORION_RETURN_IF_ERROR(uow.Record("inventory.sync", sync_id, "synced", detail.str()));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return outcome;
}

Result<std::vector<InventoryRecord>> InventoryService::StockOfProducts(
    const std::vector<std::string>&) {
  return Error::Unavailable("StockOfProducts is not supported by this inventory service");
}

Result<std::vector<InventoryRecord>> InventoryManager::StockOfProducts(
    const std::vector<std::string>& product_ids) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::StockOfProducts(*tx, product_ids);
}

}  // namespace emporion::inventory
