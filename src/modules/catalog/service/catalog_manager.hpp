// CatalogManager: the catalog's use cases. Every write is one UnitOfWork (one transaction with
// its outbox events and change history) that validates with domain/ and stores with storage/;
// every read is one read transaction. It enforces the rules of the catalog (unique SKUs and
// category codes, no cycles, subtree moves, variations of main products only, property values
// against their definitions, unique SEO slugs, ...) and the caller's catalog scopes.
//
// Errors: 400 for malformed values is the api's job; here kUnprocessable (422) names every bad
// field, kAlreadyExists (409) a taken key, kConflict (409) an object still in use,
// kNotFound (404) an unknown or invisible object, kPermissionDenied (403) a write outside the
// caller's catalogs, kPreconditionFailed (412) a stale If-Match version.
//
// Thread-safe: it holds references to thread-safe services only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "modules/catalog/service/product_read_cache.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::catalog {

/// The catalogs a caller may use for one kind of access.
struct Access {
  CatalogScope catalogs;  // nullopt: all catalogs
  [[nodiscard]] bool Allows(const std::string& catalog_id) const;
  [[nodiscard]] bool Unlimited() const { return !catalogs.has_value(); }
};

struct Caller {
  std::string actor = "system";
  std::string request_id;
  Access read;   // what the caller may see (catalog:read)
  Access write;  // where the caller may make this change (catalog:create/update/delete)
  std::string write_permission = "catalog:update";  // named in 403 details
};

/// Turns the stored value into the new one (PUT ignores it; PATCH merges into it).
template <typename T>
using Mutator = std::function<Result<T>(const T& current)>;

struct BulkOutcome {
  std::int64_t created = 0;
  std::int64_t updated = 0;
};

/// A property definition with its dictionary items (an import record).
struct PropertyRecord {
  Property property;
  std::vector<DictionaryItem> items;
};
/// A change of a stored product (mass update): loaded, changed and saved in the batch's unit of
/// work, so it sees the current version.
struct ProductPatch {
  std::string product_id;
  std::function<Status(Product&)> apply;
};
/// One record of an import or mass update batch.
struct ImportRecord {
  std::string ref;  // "line 12", "row 3", "product <id>"
  std::variant<Catalog, Category, Product, PropertyRecord, CatalogLink, ProductAssociation,
               ProductPatch>
      value;
  bool keep_associations = false;  // a product record without associations keeps the stored
  bool keep_seo = false;           // ... likewise SEO infos
  /// CSV: a product's main product by SKU and category by code, resolved when the record is
  /// written (so they may name records earlier in the same batch).
  std::optional<std::string> main_product_code;
  std::optional<std::string> category_code;
};
struct RecordError {
  std::string ref;
  Error error;
};
struct BatchOutcome {
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t failed = 0;
  std::vector<RecordError> errors;
};

/// Most items one bulk request may carry.
inline constexpr std::size_t kMaxBulkItems = 10'000;

class CatalogManager final : public CatalogService {
 public:
  CatalogManager(db::Database& db, const Clock& clock, const events::EventBus* bus);

  // CatalogService (system reads).
  Result<Product> FindProduct(const std::string& id, ProductView view) override;
  Result<std::vector<Product>> FindProducts(const std::vector<std::string>& ids,
                                            ProductView view) override;
  Result<Product> FindProductByCode(const std::string& code, ProductView view) override;
  Result<std::unordered_map<std::string, std::string>> ProductIdsByCode(
      const std::vector<std::string>& codes) override;
  Result<std::unordered_map<std::string, ProductTrackingFlags>> TrackingFlags(
      const std::vector<std::string>& ids) override;
  Result<Page<Product>> QueryProducts(const ProductQuery& query, const Window& window,
                                      ProductView view) override;
  Result<Category> FindCategory(const std::string& id) override;
  Result<Catalog> FindCatalog(const std::string& id) override;
  Result<std::vector<std::string>> ProductIdsAfter(const std::string& after_id, int limit,
                                                   ProductLevel level) override;
  Result<std::int64_t> CountProducts() override;
  Result<std::vector<Category>> CategoriesAfter(const std::string& after_id, int limit) override;
  Result<std::int64_t> CountCategories() override;
  Result<std::vector<Catalog>> AllCatalogs() override;
  Result<std::vector<Property>> CatalogProperties(const std::string& catalog_id) override;
  Result<std::vector<std::string>> ProductIdsUnder(const std::string& category_id) override;

  // Catalogs. Delete with `cascade` removes everything in the catalog.
  Result<Catalog> GetCatalog(const Caller& c, const std::string& id);
  Result<Page<Catalog>> ListCatalogs(const Caller& c, CatalogFilter f, const Window& w);
  Result<Catalog> CreateCatalog(const Caller& c, Catalog v);
  Result<Catalog> UpdateCatalog(const Caller& c, const std::string& id,
                                std::optional<std::int64_t> if_match, const Mutator<Catalog>& m);
  Status DeleteCatalog(const Caller& c, const std::string& id, std::optional<std::int64_t> if_match,
                       bool cascade);
  Result<BulkOutcome> BulkCatalogs(const Caller& c, std::vector<Catalog> items);
  /// The category tree of a catalog, `depth` levels (0: all); a virtual catalog shows linked
  /// categories with their subtrees.
  Result<std::vector<CategoryNode>> CatalogTree(const Caller& c, const std::string& id, int depth);

  // Categories. Delete refuses a non-empty category (409) unless `cascade`.
  Result<Category> GetCategory(const Caller& c, const std::string& id);
  Result<Page<Category>> ListCategories(const Caller& c, CategoryFilter f, const Window& w);
  Result<Category> CreateCategory(const Caller& c, Category v);
  Result<Category> UpdateCategory(const Caller& c, const std::string& id,
                                  std::optional<std::int64_t> if_match, const Mutator<Category>& m);
  Status DeleteCategory(const Caller& c, const std::string& id,
                        std::optional<std::int64_t> if_match, bool cascade);
  Result<BulkOutcome> BulkCategories(const Caller& c, std::vector<Category> items);
  /// The property definitions that apply to a category (inherited from the catalog and its
  /// ancestors, then its own), each with where it is defined.
  Result<std::vector<Property>> CategoryProperties(const Caller& c, const std::string& id);

  // Products. Delete refuses a main product with variations (409) unless `cascade`.
  Result<Product> GetProduct(const Caller& c, const std::string& id, ProductView view);
  Result<Page<Product>> ListProducts(const Caller& c, const ProductQuery& q, const Window& w,
                                     ProductView view);
  /// The API JSON of GetProduct and its version, from the read cache when it holds a fresh
  /// copy (see ProductReadCache; the module clears it on every catalog event).
  Result<std::pair<std::string, std::int64_t>> GetProductJson(const Caller& c,
                                                              const std::string& id,
                                                              ProductView view);
  ProductReadCache& read_cache() { return read_cache_; }
  Result<Product> CreateProduct(const Caller& c, Product v);
  Result<Product> UpdateProduct(const Caller& c, const std::string& id,
                                std::optional<std::int64_t> if_match, const Mutator<Product>& m);
  Status DeleteProduct(const Caller& c, const std::string& id, std::optional<std::int64_t> if_match,
                       bool cascade);
  Result<BulkOutcome> BulkProducts(const Caller& c, std::vector<Product> items);
  /// The property definitions that apply to a product (through its category and catalog).
  Result<std::vector<Property>> ProductProperties(const Caller& c, const std::string& id);

  // Properties. Delete refuses a property that has values (409) unless `cascade`, which
  // removes the values from every product and category.
  Result<Property> GetProperty(const Caller& c, const std::string& id);
  Result<Page<Property>> ListProperties(const Caller& c, PropertyFilter f, const Window& w);
  Result<Property> CreateProperty(const Caller& c, Property v);
  Result<Property> UpdateProperty(const Caller& c, const std::string& id,
                                  std::optional<std::int64_t> if_match, const Mutator<Property>& m);
  Status DeleteProperty(const Caller& c, const std::string& id,
                        std::optional<std::int64_t> if_match, bool cascade);
  Result<BulkOutcome> BulkProperties(const Caller& c, std::vector<Property> items);

  // Dictionary items of a dictionary property.
  Result<DictionaryItem> GetDictionaryItem(const Caller& c, const std::string& property_id,
                                           const std::string& id);
  Result<Page<DictionaryItem>> ListDictionaryItems(const Caller& c, DictionaryFilter f,
                                                   const Window& w);
  Result<DictionaryItem> CreateDictionaryItem(const Caller& c, DictionaryItem v);
  Result<DictionaryItem> UpdateDictionaryItem(const Caller& c, const std::string& property_id,
                                              const std::string& id,
                                              std::optional<std::int64_t> if_match,
                                              const Mutator<DictionaryItem>& m);
  Status DeleteDictionaryItem(const Caller& c, const std::string& property_id,
                              const std::string& id, std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkDictionaryItems(const Caller& c, const std::string& property_id,
                                          std::vector<DictionaryItem> items);

  // Links of a virtual catalog.
  Result<CatalogLink> GetLink(const Caller& c, const std::string& catalog_id,
                              const std::string& id);
  Result<Page<CatalogLink>> ListLinks(const Caller& c, LinkFilter f, const Window& w);
  Result<CatalogLink> CreateLink(const Caller& c, CatalogLink v);
  Result<CatalogLink> UpdateLink(const Caller& c, const std::string& catalog_id,
                                 const std::string& id, std::optional<std::int64_t> if_match,
                                 const Mutator<CatalogLink>& m);
  Status DeleteLink(const Caller& c, const std::string& catalog_id, const std::string& id,
                    std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkLinks(const Caller& c, const std::string& catalog_id,
                                std::vector<CatalogLink> items);

  // SEO infos of any object.
  Result<SeoInfo> GetSeoInfo(const Caller& c, const std::string& id);
  Result<Page<SeoInfo>> ListSeoInfos(const Caller& c, SeoFilter f, const Window& w);
  Result<SeoInfo> CreateSeoInfo(const Caller& c, SeoInfo v);
  Result<SeoInfo> UpdateSeoInfo(const Caller& c, const std::string& id,
                                std::optional<std::int64_t> if_match, const Mutator<SeoInfo>& m);
  Status DeleteSeoInfo(const Caller& c, const std::string& id,
                       std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkSeoInfos(const Caller& c, std::vector<SeoInfo> items);

  // Associations of a product.
  Result<ProductAssociation> GetAssociation(const Caller& c, const std::string& product_id,
                                            const std::string& id);
  Result<Page<ProductAssociation>> ListAssociations(const Caller& c, AssociationFilter f,
                                                    const Window& w);
  Result<ProductAssociation> CreateAssociation(const Caller& c, ProductAssociation v);
  Result<ProductAssociation> UpdateAssociation(const Caller& c, const std::string& product_id,
                                               const std::string& id,
                                               std::optional<std::int64_t> if_match,
                                               const Mutator<ProductAssociation>& m);
  Status DeleteAssociation(const Caller& c, const std::string& product_id, const std::string& id,
                           std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkAssociations(const Caller& c, const std::string& product_id,
                                       std::vector<ProductAssociation> items);

  /// Upserts a batch of import records in one unit of work; a bad record is skipped and
  /// reported (not all-or-nothing, unlike Bulk*). When the unit of work cannot commit (a
  /// database error poisoned it) the batch is replayed one record per unit of work.
  Result<BatchOutcome> ApplyBatch(const Caller& c, std::vector<ImportRecord>& records);

 private:
  db::Database& db_;
  const Clock& clock_;
  const events::EventBus* bus_;
  ProductReadCache read_cache_;
};

}  // namespace emporion::catalog
