// What the CatalogManager's parts share: the write context, events and change history, the
// generic create / update / delete / bulk flows every resource goes through, and the read-side
// decoration (outlines, SEO infos, associations, variations, merged view). Internal to
// service/. Functions are reentrant; a WriteTx and a Decorator belong to one request.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "modules/catalog/codec/catalog_json.hpp"
#include "modules/catalog/domain/category_tree.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "modules/catalog/storage/repository.hpp"
#include "platform/events/outbox.hpp"

namespace emporion::catalog::internal {

/// Definitions one write request reads again and again (a bulk of 10,000 products in one
/// catalog needs its catalog and property definitions once). Saves that change a cached
/// object drop it.
struct WriteCache {
  std::unordered_map<std::string, std::optional<Catalog>> catalogs;
  std::unordered_map<std::string, std::vector<Property>> properties;  // by catalog id
  std::unordered_map<std::string, std::optional<CategoryRef>> categories;
  std::unordered_map<std::string, std::vector<DictionaryItem>> dictionaries;  // by property id
  /// Main products saved by this request (an import writes a main product, then its
  /// variations, which look it up). Filled and read by SaveProduct only.
  std::unordered_map<std::string, Product> saved_products;
  /// What an import batch looked up for all its records at once (see ApplyBatch), so each
  /// record need not ask again: product ids and SKUs no row has, SEO slug keys (SlugKey) no row
  /// holds, and ids of products that exist. Empty outside batches. Writes of the request keep
  /// them true: a product insert or SKU change, an SEO row insert or slug change, a product
  /// delete (NoteProductWritten, NoteSlugWritten, RemoveProductRow).
  std::unordered_set<std::string> absent_product_ids;
  std::unordered_set<std::string> absent_codes;
  std::unordered_set<std::string> free_slugs;
  std::unordered_set<std::string> present_products;
};

/// One write request: its unit of work, its caller and its cache.
struct WriteTx {
  events::UnitOfWork& uow;
  const Caller& caller;
  WriteCache cache = {};
  /// Import batches write through this (multi-row INSERTs, see db::BatchedInserts).
  db::Transaction* batched = nullptr;
  db::Transaction& tx() { return batched != nullptr ? *batched : uow.tx(); }
  [[nodiscard]] Timestamp now() const { return uow.now(); }
  [[nodiscard]] const std::string& actor() const { return uow.actor(); }
};

/// Cached reads of the write request (see WriteCache).
Result<std::optional<Catalog>> CachedCatalog(WriteTx& w, const std::string& id);
Result<std::optional<CategoryRef>> CachedCategoryRef(WriteTx& w, const std::string& id);
Result<const std::vector<Property>*> CachedProperties(WriteTx& w, const std::string& catalog_id);

/// Keeps the WriteCache's look-ups true after `p` was inserted or updated.
void NoteProductWritten(WriteTx& w, const Product& p);
/// Keeps the WriteCache's look-ups true after an SEO row with this slug was written.
void NoteSlugWritten(WriteTx& w, const SeoInfo& s);
/// Store, language and lower-case slug: what SEO slugs are unique by.
std::string SlugKey(const SeoInfo& s);

/// 422 with every field error.
Error Invalid(std::vector<FieldError> errors);
/// 404 "no <what> '<id>'".
Error Missing(const std::string& what, const std::string& id);
/// 409 naming `<prefix>id`: a new value asks for an id another one has.
Error IdTaken(const std::string& what, const std::string& id, const std::string& prefix);
/// 403 for a change in a catalog outside the caller's write scope.
Error Forbidden(const Caller& c, const std::string& catalog_id);
/// 412 when `expected` is set and differs from `current`.
Status CheckVersion(const std::optional<std::int64_t>& expected, std::int64_t current);

/// The kChanges JSON of a value: what change detection and history compare.
template <typename T>
std::string Changes(const T& v) {
  return codec::ToJson(v, codec::Form::kChanges);
}
/// Top-level fields that differ between two kChanges texts.
std::vector<std::string> ChangedFields(const std::string& before, const std::string& after);

/// Writes `catalog.<entity>.<operation>` to the outbox and a change-history entry. `ids` are
/// extra payload members (null when unset); `before`/`after` are kChanges texts ("" for none)
/// of updates and deletes. A create's history entry is its payload (id and ids), not a diff.
Status Publish(WriteTx& w, const std::string& entity, const std::string& id,
               const std::string& operation, const std::string& before, const std::string& after,
               const std::vector<std::pair<std::string, std::optional<std::string>>>& ids);

/// Meta for a new value: the client's id or a new UUID v7, version 1, stamped now by the actor.
EntityMeta NewMeta(WriteTx& w, const std::string& requested_id);

/// The operations the generic flows need from one resource.
template <typename T>
struct Resource {
  std::string label;  // "product", for messages
  std::function<Result<std::optional<T>>(db::Transaction&, const std::string& id)> find;
  /// Bulk: the existing value an item without id upserts (by business key); may be empty.
  std::function<Result<std::optional<T>>(db::Transaction&, const T& item)> find_by_key;
  /// The catalog that scopes a stored value; nullopt when it belongs to no catalog.
  std::function<Result<std::optional<std::string>>(db::Transaction&, const T&)> catalog_of;
  /// Fills a stored value's child rows (SEO infos, associations) before it is compared/patched.
  std::function<Status(db::Transaction&, T&)> load_children;
  /// Validates and writes (insert when `existing` is empty); returns the stored value.
  std::function<Result<T>(WriteTx&, T, const std::optional<T>& existing, const std::string& prefix)>
      save;
  std::function<Status(WriteTx&, const T&, bool cascade)> remove;
  /// Derived fields for responses.
  std::function<Status(db::Transaction&, std::vector<T>&)> decorate;
};

bool Allowed(const Access& access, const std::optional<std::string>& catalog_id);

/// Shared plumbing of the manager.
struct Env {
  db::Database& db;
  const Clock& clock;
  const events::EventBus* bus;

  Result<events::UnitOfWork> Begin(const Caller& c) const {
    return events::UnitOfWork::Begin(db, bus, c.actor, c.request_id, clock);
  }
  Result<std::unique_ptr<db::Transaction>> Read() const { return db.Begin(db::TxMode::kRead); }
};

template <typename T>
Result<T> DoGet(const Env& env, const Caller& c, const Resource<T>& r, const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, env.Read());
  EMPORION_ASSIGN_OR_RETURN(auto found, r.find(*tx, id));
  if (!found) return Missing(r.label, id);
  EMPORION_ASSIGN_OR_RETURN(auto catalog, r.catalog_of(*tx, *found));
  if (!Allowed(c.read, catalog)) return Missing(r.label, id);
  std::vector<T> one{std::move(*found)};
  if (r.decorate) EMPORION_RETURN_IF_ERROR(r.decorate(*tx, one));
  return std::move(one.front());
}

template <typename T>
Result<T> DoCreate(const Env& env, const Caller& c, const Resource<T>& r, T v) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, env.Begin(c));
  WriteTx w{uow, c};
  if (!v.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto clash, r.find(uow.tx(), v.meta.id));
    if (clash) {
      return Error(ErrorCode::kAlreadyExists,
                   "a " + r.label + " with id '" + v.meta.id + "' already exists",
                   {{"id", "is already used by another " + r.label}});
    }
  }
  EMPORION_ASSIGN_OR_RETURN(T saved, r.save(w, std::move(v), std::nullopt, ""));
  std::vector<T> one{std::move(saved)};
  if (r.decorate) EMPORION_RETURN_IF_ERROR(r.decorate(uow.tx(), one));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return std::move(one.front());
}

/// Loads the stored value for a change: 404 when unknown or invisible, 403 outside the
/// caller's write scope, 412 on a stale version. Child rows are loaded.
template <typename T>
Result<T> LoadForChange(WriteTx& w, const Resource<T>& r, const std::string& id,
                        const std::optional<std::int64_t>& if_match) {
  EMPORION_ASSIGN_OR_RETURN(auto found, r.find(w.tx(), id));
  if (!found) return Missing(r.label, id);
  EMPORION_ASSIGN_OR_RETURN(auto catalog, r.catalog_of(w.tx(), *found));
  if (!Allowed(w.caller.read, catalog)) return Missing(r.label, id);
  if (!Allowed(w.caller.write, catalog)) return Forbidden(w.caller, catalog.value_or(""));
  EMPORION_RETURN_IF_ERROR(CheckVersion(if_match, found->meta.version));
  if (r.load_children) EMPORION_RETURN_IF_ERROR(r.load_children(w.tx(), *found));
  return std::move(*found);
}

template <typename T>
Result<T> DoUpdate(const Env& env, const Caller& c, const Resource<T>& r, const std::string& id,
                   const std::optional<std::int64_t>& if_match, const Mutator<T>& m) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, env.Begin(c));
  WriteTx w{uow, c};
  EMPORION_ASSIGN_OR_RETURN(T existing, LoadForChange(w, r, id, if_match));
  EMPORION_ASSIGN_OR_RETURN(T next, m(existing));
  next.meta.id = id;
  std::optional<T> before(std::move(existing));
  EMPORION_ASSIGN_OR_RETURN(T saved, r.save(w, std::move(next), before, ""));
  std::vector<T> one{std::move(saved)};
  if (r.decorate) EMPORION_RETURN_IF_ERROR(r.decorate(uow.tx(), one));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return std::move(one.front());
}

template <typename T>
Status DoDelete(const Env& env, const Caller& c, const Resource<T>& r, const std::string& id,
                const std::optional<std::int64_t>& if_match, bool cascade) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, env.Begin(c));
  WriteTx w{uow, c};
  EMPORION_ASSIGN_OR_RETURN(T existing, LoadForChange(w, r, id, if_match));
  EMPORION_RETURN_IF_ERROR(r.remove(w, existing, cascade));
  return uow.Commit();
}

/// Moves an item's error into the bulk's list, naming the item ("items[3].code").
void AddItemError(std::vector<FieldError>& errors, const std::string& prefix, const Error& e);

/// Upserts one item inside the caller's unit of work, by id or else by business key: the
/// shared step of bulk requests, import jobs and mass updates. Returns true when an existing
/// value was updated, false when one was created. Item errors (422, 409, 403) write nothing
/// (a database error may leave the transaction poisoned: the commit then fails).
template <typename T>
Result<bool> UpsertItem(WriteTx& w, const Resource<T>& r, T item, const std::string& prefix) {
  std::optional<T> existing;
  if (!item.meta.id.empty()) {
    EMPORION_ASSIGN_OR_RETURN(existing, r.find(w.tx(), item.meta.id));
  } else if (r.find_by_key) {
    EMPORION_ASSIGN_OR_RETURN(existing, r.find_by_key(w.tx(), item));
  }
  if (existing) {
    EMPORION_ASSIGN_OR_RETURN(auto catalog, r.catalog_of(w.tx(), *existing));
    if (!Allowed(w.caller.read, catalog) || !Allowed(w.caller.write, catalog)) {
      return Forbidden(w.caller, catalog.value_or(""));
    }
    if (r.load_children) EMPORION_RETURN_IF_ERROR(r.load_children(w.tx(), *existing));
    item.meta.id = existing->meta.id;
  }
  const bool update = existing.has_value();
  EMPORION_ASSIGN_OR_RETURN(T saved, r.save(w, std::move(item), existing, prefix));
  (void)saved;
  return update;
}

template <typename T>
Result<BulkOutcome> DoBulk(const Env& env, const Caller& c, const Resource<T>& r,
                           std::vector<T> items) {
  if (items.size() > kMaxBulkItems) {
    return Error::InvalidField("items", "at most " + std::to_string(kMaxBulkItems) +
                                            " items per request; use an import job for more");
  }
  EMPORION_ASSIGN_OR_RETURN(auto uow, env.Begin(c));
  WriteTx w{uow, c};
  BulkOutcome outcome;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = "items[" + std::to_string(i) + "].";
    auto saved = UpsertItem(w, r, std::move(items[i]), prefix);
    if (!saved.ok()) {
      const ErrorCode code = saved.error().code();
      if (code == ErrorCode::kInternal || code == ErrorCode::kUnavailable) return saved.error();
      AddItemError(errors, prefix, saved.error());
      if (errors.size() >= 1000) break;
      continue;
    }
    ++(*saved ? outcome.updated : outcome.created);
  }
  if (!errors.empty()) {
    std::string detail = "the bulk request was not applied: ";
    for (std::size_t i = 0; i < errors.size() && i < 5; ++i) {
      detail += (i == 0 ? "" : "; ") + errors[i].field + ": " + errors[i].message;
    }
    if (errors.size() > 5) detail += "; and " + std::to_string(errors.size() - 5) + " more";
    return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  return outcome;
}

/// Read-side decoration of one request: caches catalogs, category rows and property
/// definitions while it computes outlines, SEO infos, associations, variations and the merged
/// view. Belongs to one transaction.
class Decorator {
 public:
  Decorator(db::Transaction& tx, Timestamp now) : tx_(tx), now_(now) {}

  Status Categories(std::vector<Category>& categories);
  Status Products(std::vector<Product>& products, ProductView view);
  /// Loads SEO infos (and associations) of stored values, e.g. before a PATCH.
  Status ProductChildren(std::vector<Product*> products);
  Status CategoryChildren(std::vector<Category*> categories);

  Result<const Catalog*> GetCatalog(const std::string& id);
  Status EnsureRefs(const std::vector<std::string>& ids);
  const CategoryRef* Ref(const std::string& id) const;
  Result<const std::vector<Property>*> PropertiesOf(const std::string& catalog_id);

 private:
  db::Transaction& tx_;
  Timestamp now_;
  std::unordered_map<std::string, std::optional<Catalog>> catalogs_;
  std::unordered_map<std::string, CategoryRef> refs_;
  std::unordered_map<std::string, std::vector<Property>> properties_;
};

}  // namespace emporion::catalog::internal

namespace emporion::catalog::internal {

/// Resolves and checks the property values of an object on the category path `path_ids` of
/// `catalog` (see domain/property_values.hpp); appends 422 errors to `errors`.
Status CheckPropertyValues(WriteTx& w, const Catalog& catalog,
                           const std::vector<std::string>& path_ids,
                           std::vector<PropertyValues>& values, int owner,
                           const std::set<std::string>& inherited, const std::string& prefix,
                           std::vector<FieldError>& errors);

/// Checks an owner's embedded SEO infos: fields, languages of the catalog, duplicates within
/// the set (422, appended to `errors`), and slugs held by other objects (returned as a 409
/// naming the holder). Sets object type, id and catalog on each entry.
Status CheckSeoSet(WriteTx& w, std::vector<SeoInfo>& seo, const std::string& object_type,
                   const std::string& object_id, const Catalog& catalog, const std::string& prefix,
                   std::vector<FieldError>& errors);
/// Replaces the owner's SEO rows by `seo`: an entry keeps the row with its id, else the row
/// with its store, language and slug; other rows are deleted. Fills meta of `seo`.
Status SyncSeo(WriteTx& w, std::vector<SeoInfo>& seo, const std::vector<SeoInfo>& existing);

/// Removes a product row with its SEO infos, associations, links to it and associations that
/// point at it (their owners get a product.updated event).
Status RemoveProductRow(WriteTx& w, const std::string& id);
/// Removes a category row with its SEO infos, links to it, links placed under it and
/// associations that point at it. The caller handles children and products.
Status RemoveCategoryRow(WriteTx& w, const Category& category);
/// Removes a property definition and its dictionary items (values are the caller's concern).
Status RemovePropertyRow(WriteTx& w, const Property& property);

Resource<Catalog> CatalogResource(const Env& env);
Resource<Category> CategoryResource(const Env& env);
Resource<Product> ProductResource(const Env& env);
Resource<Property> PropertyResource(const Env& env);
Resource<DictionaryItem> DictionaryResource(const std::string& property_id);
Resource<CatalogLink> LinkResource(const std::string& catalog_id);
Resource<ProductAssociation> AssociationResource(const std::string& product_id);

}  // namespace emporion::catalog::internal
