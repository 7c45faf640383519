#include "modules/pricing/service/pricing_manager.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include "modules/pricing/codec/pricing_json.hpp"
#include "modules/pricing/domain/evaluator.hpp"
#include "modules/pricing/domain/rules.hpp"
#include "platform/core/uuid.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::pricing {
namespace {

constexpr std::size_t kCatalogBatch = 1000;

Status CheckVersion(const std::optional<std::int64_t>& expected, std::int64_t current) {
  if (expected && *expected != current) {
    return Error::PreconditionFailed("version " + std::to_string(*expected) + " is not current (" +
                                     std::to_string(current) + ")");
  }
  return Ok();
}

std::string Diff(const std::string& before, const std::string& after) {
  auto a = json::Parse(before.empty() ? "{}" : before);
  auto b = json::Parse(after.empty() ? "{}" : after);
  if (!a.ok() || !b.ok()) return "{}";
  return http::DiffJson(*a, *b);
}

template <typename T>
void PrepareNew(T& v, const events::UnitOfWork& uow) {
  v.meta =
      EntityMeta::New(v.meta.id.empty() ? NewUuidV7(uow.now()) : v.meta.id, uow.now(), uow.actor());
}

template <typename T>
void PrepareUpdate(T& v, const T& current, const events::UnitOfWork& uow) {
  v.meta = current.meta;
  v.meta.Touch(uow.now(), uow.actor());
}

Status Check(std::vector<FieldError> errors) {
  if (errors.empty()) return Ok();
  return domain::Unprocessable(std::move(errors));
}

template <typename T>
Result<T> Required(Result<std::optional<T>> found, const std::string& what, const std::string& id) {
  if (!found.ok()) return std::move(found).error();
  if (!*found) return Error::NotFound(what + " '" + id + "' not found");
  return std::move(**found);
}

std::vector<std::vector<std::string>> Batches(const std::vector<std::string>& ids,
                                              std::size_t size) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; i < ids.size(); i += size) {
    out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(i),
                     ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + size)));
  }
  return out;
}

}  // namespace

PricingManager::PricingManager(db::Database& db, const Clock& clock, events::EventBus* bus,
                               catalog::CatalogService& catalog, PricingOptions options)
    : db_(db), clock_(clock), bus_(bus), catalog_(catalog), options_(std::move(options)) {
  if (bus_ != nullptr) {
    auto drop = [this](const events::DomainEvent&) { Invalidate(); };
    bus_->Subscribe("pricing.price-list.", drop);
    bus_->Subscribe("pricing.assignment.", drop);
  }
}

void PricingManager::Invalidate() {
  std::lock_guard lock(snapshot_mutex_);
  snapshot_.reset();
  ++generation_;
}

Result<std::shared_ptr<const PricingManager::Snapshot>> PricingManager::CurrentSnapshot() {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(snapshot_mutex_);
    if (snapshot_) return snapshot_;
    generation = generation_;
  }
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  auto snap = std::make_shared<Snapshot>();
  EMPORION_ASSIGN_OR_RETURN(snap->assignments, storage::AllAssignments(*tx));
  EMPORION_ASSIGN_OR_RETURN(auto lists, storage::AllPriceLists(*tx));
  for (auto& l : lists) snap->lists.emplace(l.meta.id, std::move(l));
  for (const auto& a : snap->assignments) {
    if (a.start_date) snap->boundaries.push_back(*a.start_date);
    if (a.end_date) snap->boundaries.push_back(*a.end_date);
  }
  std::sort(snap->boundaries.begin(), snap->boundaries.end());
  snap->generation = generation;
  std::shared_ptr<const Snapshot> out = std::move(snap);
  std::lock_guard lock(snapshot_mutex_);
  if (generation_ == generation) snapshot_ = out;  // else a write raced us: next call reloads
  return out;
}

Result<events::UnitOfWork> PricingManager::Begin(const Caller& c) {
  return events::UnitOfWork::Begin(db_, bus_, c.actor, c.request_id, clock_);
}

Status PricingManager::Publish(events::UnitOfWork& uow, const std::string& entity,
                               const std::string& op, const std::string& id,
                               const std::string& before, const std::string& after) {
  const std::string type = "pricing." + entity;
  const std::string& body = op == "deleted" ? before : after;
  EMPORION_RETURN_IF_ERROR(uow.Emit(type + "." + op, type, id, body.empty() ? "{}" : body));
  // A creation's entry is compact ("{}"): its event payload carries the whole resource, and an
  // import of a million prices does not parse each one back for a diff from nothing.
  return uow.Record(type, id, op, op == "created" ? std::string("{}") : Diff(before, after));
}

// ---------------------------------------------------------------------------------------------
// Price lists

Result<PriceList> PricingManager::GetPriceList(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return Required(storage::FindPriceList(*tx, id), "price list", id);
}

Result<storage::Page<PriceList>> PricingManager::ListPriceLists(const storage::PriceListFilter& f,
                                                                const storage::Window& w) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListPriceLists(*tx, f, w);
}

Result<PriceList> PricingManager::CreatePriceList(const Caller& c, PriceList v) {
  std::vector<FieldError> errors;
  domain::ValidatePriceList(v, "", errors);
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto existing, storage::FindPriceList(uow.tx(), v.meta.id));
    if (existing) return Error::AlreadyExists("price list '" + v.meta.id + "' exists");
  }
  PrepareNew(v, uow);
  EMPORION_RETURN_IF_ERROR(storage::InsertPriceList(uow.tx(), v));
  EMPORION_RETURN_IF_ERROR(Publish(uow, "price-list", "created", v.meta.id, "", codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return v;
}

Result<PriceList> PricingManager::UpdatePriceList(const Caller& c, const std::string& id,
                                                  std::optional<std::int64_t> if_match,
                                                  const Mutator<PriceList>& m) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  EMPORION_ASSIGN_OR_RETURN(auto current,
                            Required(storage::FindPriceList(uow.tx(), id), "price list", id));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, current.meta.version));
  EMPORION_ASSIGN_OR_RETURN(PriceList v, m(current));
  std::vector<FieldError> errors;
  domain::ValidatePriceList(v, "", errors);
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  PrepareUpdate(v, current, uow);
  EMPORION_RETURN_IF_ERROR(storage::UpdatePriceList(uow.tx(), v, current.meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(uow, "price-list", "updated", id, codec::ToJson(current), codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return v;
}

Status PricingManager::DeletePriceList(const Caller& c, const std::string& id,
                                       std::optional<std::int64_t> if_match, bool cascade) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  EMPORION_ASSIGN_OR_RETURN(auto current,
                            Required(storage::FindPriceList(uow.tx(), id), "price list", id));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, current.meta.version));
  EMPORION_ASSIGN_OR_RETURN(auto prices, storage::CountPricesOfList(uow.tx(), id));
  EMPORION_ASSIGN_OR_RETURN(auto assignments, storage::AssignmentIdsOfList(uow.tx(), id));
  if ((prices > 0 || !assignments.empty()) && !cascade) {
    return Error::Conflict("price list '" + id + "' has " + std::to_string(prices) +
                           " price(s) and " + std::to_string(assignments.size()) +
                           " assignment(s); delete them first or use ?cascade=true");
  }
  for (const auto& a : assignments) {
    EMPORION_ASSIGN_OR_RETURN(auto found,
                              Required(storage::FindAssignment(uow.tx(), a), "assignment", a));
    EMPORION_RETURN_IF_ERROR(storage::DeleteAssignment(uow.tx(), a));
    EMPORION_RETURN_IF_ERROR(Publish(uow, "assignment", "deleted", a, codec::ToJson(found), ""));
  }
  EMPORION_RETURN_IF_ERROR(storage::DeletePricesOfList(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(storage::DeletePriceList(uow.tx(), id));
  // The list's prices go with it: one event for the list (payload pricesDeleted), not one per
  // price, so deleting a list of millions stays one small transaction log entry per list.
  json::Writer payload;
  payload.StartObject().Key("id").String(id).Key("name").String(current.name);
  payload.Key("pricesDeleted").Int(prices).EndObject();
  EMPORION_RETURN_IF_ERROR(
      uow.Emit("pricing.price-list.deleted", "pricing.price-list", id, payload.str()));
  EMPORION_RETURN_IF_ERROR(
      uow.Record("pricing.price-list", id, "deleted", Diff(codec::ToJson(current), "")));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return Ok();
}

Result<BulkOutcome> PricingManager::BulkPriceLists(const Caller& c, std::vector<PriceList> items) {
  std::vector<FieldError> errors;
  std::set<std::string> names;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = "items[" + std::to_string(i) + "].";
    domain::ValidatePriceList(items[i], prefix, errors);
    if (!names.insert(items[i].name).second) {
      errors.push_back({prefix + "name", "appears twice in this request"});
    }
  }
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  BulkOutcome out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    PriceList& v = items[i];
    std::optional<PriceList> current;
    if (!v.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(current, storage::FindPriceList(uow.tx(), v.meta.id));
    }
    if (!current) {
      EMPORION_ASSIGN_OR_RETURN(auto by_name, storage::FindPriceListByName(uow.tx(), v.name));
      if (by_name && (v.meta.id.empty() || by_name->meta.id == v.meta.id)) current = by_name;
    }
    if (current) {
      PrepareUpdate(v, *current, uow);
      auto s = storage::UpdatePriceList(uow.tx(), v, current->meta.version);
      if (!s.ok()) {
        return Error(s.error().code(), "items[" + std::to_string(i) + "]: " + s.error().detail());
      }
      EMPORION_RETURN_IF_ERROR(Publish(uow, "price-list", "updated", v.meta.id,
                                       codec::ToJson(*current), codec::ToJson(v)));
      ++out.updated;
    } else {
      PrepareNew(v, uow);
      auto s = storage::InsertPriceList(uow.tx(), v);
      if (!s.ok()) {
        return Error(s.error().code(), "items[" + std::to_string(i) + "]: " + s.error().detail(),
                     {{"items[" + std::to_string(i) + "].name", s.error().detail()}});
      }
      EMPORION_RETURN_IF_ERROR(
          Publish(uow, "price-list", "created", v.meta.id, "", codec::ToJson(v)));
      ++out.created;
    }
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Prices

Result<Price> PricingManager::GetPrice(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return Required(storage::FindPrice(*tx, id), "price", id);
}

Result<storage::Page<Price>> PricingManager::ListPrices(const storage::PriceFilter& f,
                                                        const storage::Window& w) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListPrices(*tx, f, w);
}

Status PricingManager::CheckPriceRefs(events::UnitOfWork& uow,
                                      const std::vector<const Price*>& prices,
                                      const std::string& prefix_pattern) {
  // prefix_pattern: "" for one price, "items" for a bulk ("items[3].").
  auto prefix = [&](std::size_t i) {
    return prefix_pattern.empty() ? std::string() : prefix_pattern + "[" + std::to_string(i) + "].";
  };
  std::vector<FieldError> errors;
  std::map<std::string, bool> lists;
  std::vector<std::string> product_ids;
  for (const Price* p : prices) {
    lists.emplace(p->price_list_id, false);
    product_ids.push_back(p->product_id);
  }
  for (auto& [id, exists] : lists) {
    EMPORION_ASSIGN_OR_RETURN(auto found, storage::FindPriceList(uow.tx(), id));
    exists = found.has_value();
  }
  std::sort(product_ids.begin(), product_ids.end());
  product_ids.erase(std::unique(product_ids.begin(), product_ids.end()), product_ids.end());
  std::set<std::string> known;
  for (const auto& batch : Batches(product_ids, kCatalogBatch)) {
    EMPORION_ASSIGN_OR_RETURN(auto products,
                              catalog_.FindProducts(batch, catalog::ProductView::kStored));
    for (const auto& p : products) known.insert(p.meta.id);
  }
  for (std::size_t i = 0; i < prices.size(); ++i) {
    if (!lists[prices[i]->price_list_id]) {
      errors.push_back({prefix(i) + "priceListId", "no price list with this id"});
    }
    if (known.count(prices[i]->product_id) == 0) {
      errors.push_back({prefix(i) + "productId", "no product with this id in the catalog"});
    }
  }
  return Check(std::move(errors));
}

Status PricingManager::CheckOverlap(events::UnitOfWork& uow, const Price& v,
                                    const std::string& field_prefix) {
  EMPORION_ASSIGN_OR_RETURN(
      auto same,
      storage::FindSameTier(uow.tx(), v.price_list_id, v.product_id, v.min_quantity, v.meta.id));
  for (const auto& other : same) {
    if (domain::WindowsOverlap(v.start_date, v.end_date, other.start_date, other.end_date)) {
      const std::string message =
          "price '" + other.meta.id +
          "' of the same product, list and minQuantity has an overlapping date window";
      return Error(ErrorCode::kConflict, field_prefix + "minQuantity: " + message,
                   {{field_prefix + "minQuantity", message}});
    }
  }
  return Ok();
}

Result<Price> PricingManager::CreatePrice(const Caller& c, Price v) {
  std::vector<FieldError> errors;
  domain::ValidatePrice(v, "", errors);
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto existing, storage::FindPrice(uow.tx(), v.meta.id));
    if (existing) return Error::AlreadyExists("price '" + v.meta.id + "' exists");
  }
  EMPORION_RETURN_IF_ERROR(CheckPriceRefs(uow, {&v}, ""));
  PrepareNew(v, uow);
  EMPORION_RETURN_IF_ERROR(CheckOverlap(uow, v, ""));
  EMPORION_RETURN_IF_ERROR(storage::InsertPrice(uow.tx(), v));
  EMPORION_RETURN_IF_ERROR(Publish(uow, "price", "created", v.meta.id, "", codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return v;
}

Result<Price> PricingManager::UpdatePrice(const Caller& c, const std::string& id,
                                          std::optional<std::int64_t> if_match,
                                          const Mutator<Price>& m) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  EMPORION_ASSIGN_OR_RETURN(auto current, Required(storage::FindPrice(uow.tx(), id), "price", id));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, current.meta.version));
  EMPORION_ASSIGN_OR_RETURN(Price v, m(current));
  std::vector<FieldError> errors;
  domain::ValidatePrice(v, "", errors);
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_RETURN_IF_ERROR(CheckPriceRefs(uow, {&v}, ""));
  PrepareUpdate(v, current, uow);
  EMPORION_RETURN_IF_ERROR(CheckOverlap(uow, v, ""));
  EMPORION_RETURN_IF_ERROR(storage::UpdatePrice(uow.tx(), v, current.meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(uow, "price", "updated", id, codec::ToJson(current), codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return v;
}

Status PricingManager::DeletePrice(const Caller& c, const std::string& id,
                                   std::optional<std::int64_t> if_match) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  EMPORION_ASSIGN_OR_RETURN(auto current, Required(storage::FindPrice(uow.tx(), id), "price", id));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, current.meta.version));
  EMPORION_RETURN_IF_ERROR(storage::DeletePrice(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(Publish(uow, "price", "deleted", id, codec::ToJson(current), ""));
  return uow.Commit();
}

Result<BulkOutcome> PricingManager::BulkPrices(const Caller& c, std::vector<Price> items) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    domain::ValidatePrice(items[i], "items[" + std::to_string(i) + "].", errors);
  }
  // Overlaps inside the request itself.
  std::map<std::tuple<std::string, std::string, std::int64_t>, std::vector<std::size_t>> tiers;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& same = tiers[{items[i].price_list_id, items[i].product_id, items[i].min_quantity}];
    for (std::size_t j : same) {
      if (domain::WindowsOverlap(items[i].start_date, items[i].end_date, items[j].start_date,
                                 items[j].end_date)) {
        errors.push_back(
            {"items[" + std::to_string(i) + "].minQuantity", "overlaps items[" + std::to_string(j) +
                                                                 "] (same product, list, "
                                                                 "minQuantity and date window)"});
        break;
      }
    }
    same.push_back(i);
  }
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  std::vector<const Price*> refs;
  refs.reserve(items.size());
  for (const auto& p : items) refs.push_back(&p);
  EMPORION_RETURN_IF_ERROR(CheckPriceRefs(uow, refs, "items"));

  // Existing rows by id, in one query per 500.
  std::vector<std::string> ids;
  for (const auto& p : items) {
    if (!p.meta.id.empty()) ids.push_back(p.meta.id);
  }
  EMPORION_ASSIGN_OR_RETURN(auto existing_rows, storage::FindPricesByIds(uow.tx(), ids));
  std::unordered_map<std::string, Price> existing;
  for (auto& p : existing_rows) existing.emplace(p.meta.id, std::move(p));

  BulkOutcome out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Price& v = items[i];
    const std::string prefix = "items[" + std::to_string(i) + "].";
    std::optional<Price> current;
    if (auto it = existing.find(v.meta.id); !v.meta.id.empty() && it != existing.end()) {
      current = it->second;
    } else if (v.meta.id.empty()) {
      // Business key: the same tier with the same window is this price.
      EMPORION_ASSIGN_OR_RETURN(auto same, storage::FindSameTier(uow.tx(), v.price_list_id,
                                                                 v.product_id, v.min_quantity, ""));
      for (auto& s : same) {
        if (s.start_date == v.start_date && s.end_date == v.end_date) current = std::move(s);
      }
    }
    if (current) {
      PrepareUpdate(v, *current, uow);
      EMPORION_RETURN_IF_ERROR(CheckOverlap(uow, v, prefix));
      EMPORION_RETURN_IF_ERROR(storage::UpdatePrice(uow.tx(), v, current->meta.version));
      EMPORION_RETURN_IF_ERROR(
          Publish(uow, "price", "updated", v.meta.id, codec::ToJson(*current), codec::ToJson(v)));
      ++out.updated;
    } else {
      PrepareNew(v, uow);
      EMPORION_RETURN_IF_ERROR(CheckOverlap(uow, v, prefix));
      EMPORION_RETURN_IF_ERROR(storage::InsertPrice(uow.tx(), v));
      EMPORION_RETURN_IF_ERROR(Publish(uow, "price", "created", v.meta.id, "", codec::ToJson(v)));
      ++out.created;
    }
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Assignments

Result<Assignment> PricingManager::GetAssignment(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return Required(storage::FindAssignment(*tx, id), "assignment", id);
}

Result<storage::Page<Assignment>> PricingManager::ListAssignments(
    const storage::AssignmentFilter& f, const storage::Window& w) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::ListAssignments(*tx, f, w);
}

Status PricingManager::CheckAssignmentRefs(events::UnitOfWork& uow, const Assignment& v,
                                           const std::string& prefix) {
  std::vector<FieldError> errors;
  EMPORION_ASSIGN_OR_RETURN(auto list, storage::FindPriceList(uow.tx(), v.price_list_id));
  if (!list) errors.push_back({prefix + "priceListId", "no price list with this id"});
  if (v.store_id && options_.store_exists && !options_.store_exists(*v.store_id)) {
    errors.push_back({prefix + "storeId", "no store with this id"});
  }
  if (v.catalog_id) {
    auto found = catalog_.FindCatalog(*v.catalog_id);
    if (!found.ok()) {
      if (found.error().code() != ErrorCode::kNotFound) return std::move(found).error();
      errors.push_back({prefix + "catalogId", "no catalog with this id"});
    }
  }
  return Check(std::move(errors));
}

Result<Assignment> PricingManager::CreateAssignment(const Caller& c, Assignment v) {
  std::vector<FieldError> errors;
  domain::ValidateAssignment(v, "", errors);
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto existing, storage::FindAssignment(uow.tx(), v.meta.id));
    if (existing) return Error::AlreadyExists("assignment '" + v.meta.id + "' exists");
  }
  EMPORION_RETURN_IF_ERROR(CheckAssignmentRefs(uow, v, ""));
  PrepareNew(v, uow);
  EMPORION_RETURN_IF_ERROR(storage::InsertAssignment(uow.tx(), v));
  EMPORION_RETURN_IF_ERROR(Publish(uow, "assignment", "created", v.meta.id, "", codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return v;
}

Result<Assignment> PricingManager::UpdateAssignment(const Caller& c, const std::string& id,
                                                    std::optional<std::int64_t> if_match,
                                                    const Mutator<Assignment>& m) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  EMPORION_ASSIGN_OR_RETURN(auto current,
                            Required(storage::FindAssignment(uow.tx(), id), "assignment", id));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, current.meta.version));
  EMPORION_ASSIGN_OR_RETURN(Assignment v, m(current));
  std::vector<FieldError> errors;
  domain::ValidateAssignment(v, "", errors);
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_RETURN_IF_ERROR(CheckAssignmentRefs(uow, v, ""));
  PrepareUpdate(v, current, uow);
  EMPORION_RETURN_IF_ERROR(storage::UpdateAssignment(uow.tx(), v, current.meta.version));
  EMPORION_RETURN_IF_ERROR(
      Publish(uow, "assignment", "updated", id, codec::ToJson(current), codec::ToJson(v)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return v;
}

Status PricingManager::DeleteAssignment(const Caller& c, const std::string& id,
                                        std::optional<std::int64_t> if_match) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  EMPORION_ASSIGN_OR_RETURN(auto current,
                            Required(storage::FindAssignment(uow.tx(), id), "assignment", id));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, current.meta.version));
  EMPORION_RETURN_IF_ERROR(storage::DeleteAssignment(uow.tx(), id));
  EMPORION_RETURN_IF_ERROR(Publish(uow, "assignment", "deleted", id, codec::ToJson(current), ""));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return Ok();
}

Result<BulkOutcome> PricingManager::BulkAssignments(const Caller& c,
                                                    std::vector<Assignment> items) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    domain::ValidateAssignment(items[i], "items[" + std::to_string(i) + "].", errors);
  }
  EMPORION_RETURN_IF_ERROR(Check(std::move(errors)));
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  BulkOutcome out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Assignment& v = items[i];
    EMPORION_RETURN_IF_ERROR(CheckAssignmentRefs(uow, v, "items[" + std::to_string(i) + "]."));
    std::optional<Assignment> current;
    if (!v.meta.id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(current, storage::FindAssignment(uow.tx(), v.meta.id));
    }
    if (current) {
      PrepareUpdate(v, *current, uow);
      EMPORION_RETURN_IF_ERROR(storage::UpdateAssignment(uow.tx(), v, current->meta.version));
      EMPORION_RETURN_IF_ERROR(Publish(uow, "assignment", "updated", v.meta.id,
                                       codec::ToJson(*current), codec::ToJson(v)));
      ++out.updated;
    } else {
      PrepareNew(v, uow);
      EMPORION_RETURN_IF_ERROR(storage::InsertAssignment(uow.tx(), v));
      EMPORION_RETURN_IF_ERROR(
          Publish(uow, "assignment", "created", v.meta.id, "", codec::ToJson(v)));
      ++out.created;
    }
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  Invalidate();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

domain::EvaluationContext PricingManager::ContextOf(const EvaluationRequest& request) const {
  domain::EvaluationContext ctx;
  ctx.store_id = request.store_id;
  ctx.catalog_id = request.catalog_id;
  ctx.currency = request.currency;
  ctx.at = request.date.value_or(clock_.Now());
  ctx.quantity = request.quantity;
  ctx.explain = request.explain;
  ctx.shopper.user_groups = request.user_groups;
  ctx.shopper.tags = request.tags;
  ctx.shopper.country = request.country;
  if (request.customer_id && options_.shopper_of) {
    if (auto known = options_.shopper_of(*request.customer_id)) {
      for (auto& g : known->user_groups) ctx.shopper.user_groups.push_back(std::move(g));
      for (auto& t : known->tags) ctx.shopper.tags.push_back(std::move(t));
      if (!ctx.shopper.country) ctx.shopper.country = std::move(known->country);
    }
  }
  return ctx;
}

Result<std::vector<EvaluatedPrice>> PricingManager::Evaluate(const EvaluationRequest& request) {
  const domain::EvaluationContext ctx = ContextOf(request);
  std::vector<std::string> ids;
  ids.reserve(request.product_ids.size());
  {
    std::unordered_set<std::string_view> seen;
    seen.reserve(request.product_ids.size());
    for (const auto& id : request.product_ids) {
      if (seen.insert(id).second) ids.push_back(id);
    }
  }

  EMPORION_ASSIGN_OR_RETURN(auto snapshot, CurrentSnapshot());
  domain::Selection selection =
      domain::SelectAssignments(ctx, snapshot->assignments, snapshot->lists);
  const std::vector<std::string> list_ids = selection.PriceListIds();
  if (list_ids.empty() || ids.empty()) return std::vector<EvaluatedPrice>{};

  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto prices, storage::FindPricesFor(*tx, ids, list_ids, ctx.at));
  // Variations without a price of their own: ask the catalog for their main products, in one
  // call, and load the mains' prices in one more query.
  domain::PricesByProduct by_product;
  by_product.reserve(ids.size());
  for (const auto& p : prices) by_product[p.product_id].push_back(&p);
  std::vector<std::string> unpriced;
  for (const auto& id : ids) {
    if (by_product.count(id) == 0) unpriced.push_back(id);
  }
  std::unordered_map<std::string, std::string> main_of;
  std::vector<Price> main_prices;
  if (!unpriced.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto products,
                              catalog_.FindProducts(unpriced, catalog::ProductView::kStored));
    std::vector<std::string> mains;
    for (const auto& p : products) {
      if (p.main_product_id && !p.main_product_id->empty()) {
        main_of.emplace(p.meta.id, *p.main_product_id);
        if (by_product.count(*p.main_product_id) == 0) mains.push_back(*p.main_product_id);
      }
    }
    std::sort(mains.begin(), mains.end());
    mains.erase(std::unique(mains.begin(), mains.end()), mains.end());
    if (!mains.empty()) {
      EMPORION_ASSIGN_OR_RETURN(main_prices, storage::FindPricesFor(*tx, mains, list_ids, ctx.at));
      for (const auto& p : main_prices) by_product[p.product_id].push_back(&p);
    }
  }
  return domain::PriceProducts(ctx, selection, ids, by_product, main_of);
}

namespace {

/// The cache key of a ranking context: every input of SelectAssignments except the date.
std::string RankingKey(const EvaluationRequest& r) {
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    std::string out;
    for (const auto& s : v) out.append(s).push_back('\x1f');
    return out;
  };
  std::string key;
  key.append(r.store_id.value_or("")).push_back('\x1e');
  key.append(r.catalog_id.value_or("")).push_back('\x1e');
  key.append(r.currency).push_back('\x1e');
  key.append(r.customer_id.value_or("")).push_back('\x1e');
  key.append(sorted(r.user_groups)).push_back('\x1e');
  key.append(sorted(r.tags)).push_back('\x1e');
  key.append(r.country.value_or(""));
  return key;
}

// An anonymous context depends only on the assignments, dropped with the generation; a
// customer's groups and tags come from the members module, so they are re-read after a second.
constexpr Timestamp kAnonymousRankingTtl = 60'000'000;
constexpr Timestamp kCustomerRankingTtl = 1'000'000;
constexpr std::size_t kMaxRankedEntries = 10'000;

}  // namespace

Result<std::vector<std::string>> PricingManager::RankedPriceLists(
    const EvaluationRequest& context) {
  const Timestamp now = clock_.Now();
  // An explicit date is answered without the cache (the cache holds "now" answers).
  const bool cacheable = !context.date.has_value();
  std::string key;
  if (cacheable) {
    key = RankingKey(context);
    std::uint64_t generation = 0;
    {
      std::lock_guard lock(snapshot_mutex_);
      generation = generation_;
    }
    std::lock_guard lock(ranked_mutex_);
    auto it = ranked_.find(key);
    if (it != ranked_.end() && it->second.generation == generation && now < it->second.expires) {
      return it->second.lists;
    }
  }
  domain::EvaluationContext ctx = ContextOf(context);
  ctx.explain = false;
  EMPORION_ASSIGN_OR_RETURN(auto snapshot, CurrentSnapshot());
  std::vector<std::string> lists =
      domain::SelectAssignments(ctx, snapshot->assignments, snapshot->lists).PriceListIds();
  if (cacheable) {
    RankedEntry entry;
    entry.generation = snapshot->generation;
    entry.expires = now + (context.customer_id ? kCustomerRankingTtl : kAnonymousRankingTtl);
    // The ranking changes when an assignment's window opens or closes.
    auto next = std::upper_bound(snapshot->boundaries.begin(), snapshot->boundaries.end(), now);
    if (next != snapshot->boundaries.end()) entry.expires = std::min(entry.expires, *next);
    entry.lists = lists;
    std::lock_guard lock(ranked_mutex_);
    if (ranked_.size() >= kMaxRankedEntries) ranked_.clear();
    ranked_[std::move(key)] = std::move(entry);
  }
  return lists;
}

// ---------------------------------------------------------------------------------------------
// Import / export helpers

Result<std::unordered_map<std::string, std::string>> PricingManager::ResolveSkus(
    const std::vector<std::string>& skus) {
  std::vector<std::string> unique = skus;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  return catalog_.ProductIdsByCode(unique);
}

Result<BulkOutcome> PricingManager::ImportRows(
    const Caller& c, const std::string& list_id, std::vector<ImportRow> rows,
    const std::function<void(std::size_t, std::string)>& row_error) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(c));
  // The list's current prices of these products, in one query per 500 products; kept current
  // as rows are written, so rows of one chunk are checked against each other too.
  std::vector<std::string> product_ids;
  product_ids.reserve(rows.size());
  for (const auto& r : rows) product_ids.push_back(r.price.product_id);
  std::sort(product_ids.begin(), product_ids.end());
  product_ids.erase(std::unique(product_ids.begin(), product_ids.end()), product_ids.end());
  EMPORION_ASSIGN_OR_RETURN(auto existing,
                            storage::PricesOfListFor(uow.tx(), list_id, product_ids));
  std::map<std::pair<std::string, std::int64_t>, std::vector<Price>> tiers;
  for (auto& p : existing) tiers[{p.product_id, p.min_quantity}].push_back(std::move(p));

  // New prices are written with multi-row INSERTs: collected here and flushed at the end, or
  // earlier when a later row of the chunk updates one of them.
  std::vector<Price> unwritten;
  std::unordered_set<std::string> unwritten_ids;
  auto write_new = [&]() -> Status {
    EMPORION_RETURN_IF_ERROR(storage::InsertPrices(uow.tx(), unwritten));
    unwritten.clear();
    unwritten_ids.clear();
    return Ok();
  };
  // One event and change entry for the chunk instead of one per price (see PricingOptions).
  const bool per_chunk = options_.import_events_per_chunk;
  std::vector<std::string> changed_products;
  BulkOutcome out;
  for (auto& row : rows) {
    Price& v = row.price;
    v.price_list_id = list_id;
    auto& same = tiers[{v.product_id, v.min_quantity}];
    Price* current = nullptr;
    bool overlaps = false;
    for (auto& s : same) {
      if (s.start_date == v.start_date && s.end_date == v.end_date) {
        current = &s;
      } else if (domain::WindowsOverlap(v.start_date, v.end_date, s.start_date, s.end_date)) {
        overlaps = true;
      }
    }
    if (overlaps) {
      row_error(row.row, "sku " + row.sku +
                             ": another price of this product and minQuantity has an "
                             "overlapping date window");
      continue;
    }
    if (current != nullptr) {
      if (current->list == v.list && current->sale == v.sale) continue;  // unchanged
      if (unwritten_ids.count(current->meta.id) != 0) EMPORION_RETURN_IF_ERROR(write_new());
      PrepareUpdate(v, *current, uow);
      EMPORION_RETURN_IF_ERROR(storage::UpdatePrice(uow.tx(), v, current->meta.version));
      if (per_chunk) {
        changed_products.push_back(v.product_id);
      } else {
        EMPORION_RETURN_IF_ERROR(
            Publish(uow, "price", "updated", v.meta.id, codec::ToJson(*current), codec::ToJson(v)));
      }
      *current = v;
      ++out.updated;
    } else {
      PrepareNew(v, uow);
      if (per_chunk) {
        changed_products.push_back(v.product_id);
      } else {
        EMPORION_RETURN_IF_ERROR(Publish(uow, "price", "created", v.meta.id, "", codec::ToJson(v)));
      }
      unwritten_ids.insert(v.meta.id);
      same.push_back(v);
      unwritten.push_back(std::move(v));
      ++out.created;
    }
  }
  EMPORION_RETURN_IF_ERROR(write_new());
  if (per_chunk && !changed_products.empty()) {
    std::sort(changed_products.begin(), changed_products.end());
    changed_products.erase(std::unique(changed_products.begin(), changed_products.end()),
                           changed_products.end());
    json::Writer w;
    w.StartObject().Key("priceListId").String(list_id);
    w.Key("created").Int(out.created).Key("updated").Int(out.updated);
    w.Key("productIds").StartArray();
    for (const auto& id : changed_products) w.String(id);
    w.EndArray().EndObject();
    EMPORION_RETURN_IF_ERROR(
        uow.Emit("pricing.price.imported", "pricing.price-list", list_id, w.str()));
    EMPORION_RETURN_IF_ERROR(uow.Record("pricing.price-list", list_id, "prices-imported", w.str()));
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return out;
}

Result<std::vector<std::pair<std::string, Price>>> PricingManager::ExportList(
    const std::string& list_id) {
  std::vector<Price> prices;
  {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(
        auto list, Required(storage::FindPriceList(*tx, list_id), "price list", list_id));
    (void)list;
    EMPORION_ASSIGN_OR_RETURN(prices, storage::PricesOfList(*tx, list_id));
  }
  std::vector<std::string> product_ids;
  for (const auto& p : prices) {
    if (product_ids.empty() || product_ids.back() != p.product_id)
      product_ids.push_back(p.product_id);
  }
  std::unordered_map<std::string, std::string> sku_of;
  for (const auto& batch : Batches(product_ids, kCatalogBatch)) {
    EMPORION_ASSIGN_OR_RETURN(auto products,
                              catalog_.FindProducts(batch, catalog::ProductView::kStored));
    for (const auto& p : products) sku_of.emplace(p.meta.id, p.code);
  }
  std::vector<std::pair<std::string, Price>> out;
  out.reserve(prices.size());
  for (auto& p : prices) {
    auto it = sku_of.find(p.product_id);
    out.emplace_back(it == sku_of.end() ? p.product_id : it->second, std::move(p));
  }
  return out;
}

Result<std::vector<Price>> PricingService::PricesOfProducts(const std::vector<std::string>&) {
  return Error::Unavailable("PricesOfProducts is not supported by this pricing service");
}

Result<std::vector<PriceList>> PricingService::AllPriceLists() {
  return Error::Unavailable("AllPriceLists is not supported by this pricing service");
}

Result<std::vector<Price>> PricingManager::PricesOfProducts(
    const std::vector<std::string>& product_ids) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::PricesOfProducts(*tx, product_ids);
}

Result<std::vector<PriceList>> PricingManager::AllPriceLists() {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return storage::AllPriceLists(*tx);
}

}  // namespace emporion::pricing
