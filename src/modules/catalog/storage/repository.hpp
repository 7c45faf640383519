// The catalog's repositories: every SQL statement of the module lives under storage/. Functions
// run inside the caller's transaction (one per request, see service/), take and return the
// value types of emporion/catalog/types.hpp, and translate driver errors: a unique violation
// comes back as kAlreadyExists naming the field. Updates are conditional on the version read
// (`WHERE version = ?`), so a concurrent writer gets kPreconditionFailed instead of a lost
// update. Reentrant; the transaction is the only state.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "emporion/catalog/queries.hpp"
#include "emporion/catalog/types.hpp"
#include "modules/catalog/domain/category_tree.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::catalog::storage {

template <typename T>
using Slice = Page<T>;

// --- catalogs ----------------------------------------------------------------------------------

Result<std::optional<Catalog>> FindCatalog(db::Transaction& tx, const std::string& id);
Result<std::vector<Catalog>> FindCatalogs(db::Transaction& tx, const std::vector<std::string>& ids);
Result<Slice<Catalog>> ListCatalogs(db::Transaction& tx, const CatalogFilter& f, const Window& w);
Status InsertCatalog(db::Transaction& tx, const Catalog& c);
Status UpdateCatalog(db::Transaction& tx, const Catalog& c, std::int64_t expected_version);
Status DeleteCatalog(db::Transaction& tx, const std::string& id);

struct CatalogUsage {
  std::int64_t categories = 0;
  std::int64_t products = 0;
  std::int64_t properties = 0;
  std::int64_t links = 0;
};
Result<CatalogUsage> GetCatalogUsage(db::Transaction& tx, const std::string& id);

// --- categories --------------------------------------------------------------------------------

Result<std::optional<Category>> FindCategory(db::Transaction& tx, const std::string& id);
Result<std::vector<Category>> FindCategories(db::Transaction& tx,
                                             const std::vector<std::string>& ids);
Result<std::optional<Category>> FindCategoryByCode(db::Transaction& tx,
                                                   const std::string& catalog_id,
                                                   const std::string& code);
Result<Slice<Category>> ListCategories(db::Transaction& tx, const CategoryFilter& f,
                                       const Window& w);
/// Light rows (no document) by id.
Result<std::vector<CategoryRef>> FindCategoryRefs(db::Transaction& tx,
                                                  const std::vector<std::string>& ids);
/// Light rows of a catalog, `max_depth` levels from the roots (0: all).
Result<std::vector<CategoryRef>> CategoryRefsOfCatalog(db::Transaction& tx,
                                                       const std::string& catalog_id,
                                                       int max_depth);
/// Light rows of the subtree at `path` (the category itself included), at most `max_levels`
/// levels including the top (0: all).
Result<std::vector<CategoryRef>> CategoryRefsUnder(db::Transaction& tx, const std::string& path,
                                                   int max_levels);
Status InsertCategory(db::Transaction& tx, const Category& c);
Status UpdateCategory(db::Transaction& tx, const Category& c, std::int64_t expected_version);
/// Rewrites path and depth of every category strictly below `old_prefix` to hang under
/// `new_prefix`; returns the ids moved.
Result<std::vector<std::string>> MoveSubtree(db::Transaction& tx, const std::string& old_prefix,
                                             const std::string& new_prefix, int depth_delta,
                                             Timestamp now, const std::string& actor);
Status DeleteCategory(db::Transaction& tx, const std::string& id);
Result<std::int64_t> CountChildCategories(db::Transaction& tx, const std::string& id);

// --- products ----------------------------------------------------------------------------------

/// The storage form of a product query (see ProductQuery), with categories resolved.
struct ProductFilter {
  CatalogScope scope;
  std::optional<std::string> catalog_id;  // a physical catalog
  /// A virtual catalog: products linked into it, directly or through linked categories.
  std::optional<std::string> virtual_catalog_id;
  /// Products of these categories (own category, or the main product's for a variation
  /// without one).
  std::optional<std::vector<std::string>> category_ids;
  std::optional<std::string> category_path;  // ... or of this subtree
  /// Virtual catalogs: products placed by links under these virtual categories.
  std::optional<std::vector<std::string>> link_category_ids;
  std::optional<std::string> q;  // name or code contains
  std::optional<std::string> code;
  std::optional<bool> is_active;
  std::optional<std::string> main_product_id;
  std::optional<bool> is_variation;
  std::optional<Timestamp> modified_since;
  std::optional<std::vector<std::string>> ids;
};

Result<std::optional<Product>> FindProduct(db::Transaction& tx, const std::string& id);
Result<std::vector<Product>> FindProducts(db::Transaction& tx, const std::vector<std::string>& ids);
Result<std::optional<Product>> FindProductByCode(db::Transaction& tx, const std::string& code);
/// Which of `ids` name a product, and which of `codes` a product has (no documents are read).
Result<std::unordered_set<std::string>> ExistingProductIds(db::Transaction& tx,
                                                           const std::vector<std::string>& ids);
Result<std::unordered_set<std::string>> TakenProductCodes(db::Transaction& tx,
                                                          const std::vector<std::string>& codes);
Result<Slice<Product>> ListProducts(db::Transaction& tx, const ProductFilter& f, const Window& w);
Status InsertProduct(db::Transaction& tx, const Product& p);
Status UpdateProduct(db::Transaction& tx, const Product& p, std::int64_t expected_version);
Status DeleteProduct(db::Transaction& tx, const std::string& id);
/// Ids of the variations of each main product (ordered by creation).
Result<std::map<std::string, std::vector<std::string>>> VariationIds(
    db::Transaction& tx, const std::vector<std::string>& main_ids);
/// Ids of the products whose own category is one of `category_ids`.
/// Ids of every product of a catalog, variations first.
Result<std::vector<std::string>> ProductIdsOfCatalog(db::Transaction& tx,
                                                     const std::string& catalog_id);
/// Bumps version and modified fields of a product or category whose child rows (SEO infos,
/// associations) changed through their own resource.
Status TouchProduct(db::Transaction& tx, const std::string& id, Timestamp now,
                    const std::string& actor);
Status TouchCategory(db::Transaction& tx, const std::string& id, Timestamp now,
                     const std::string& actor);
/// SKU -> id of the products among `codes` (one query per 500 codes).
Result<std::unordered_map<std::string, std::string>> ProductIdsByCode(
    db::Transaction& tx, const std::vector<std::string>& codes);
/// Those of `ids` that exist -> main product and the stored document's trackInventory.
Result<std::unordered_map<std::string, ProductTrackingFlags>> TrackingFlags(
    db::Transaction& tx, const std::vector<std::string>& ids);
/// Keyset paging for bulk readers: ids (of `level`) greater than `after_id`, in id order, at
/// most `limit`.
Result<std::vector<std::string>> ProductIdsAfter(db::Transaction& tx, const std::string& after_id,
                                                 int limit, ProductLevel level);
Result<std::vector<std::string>> CategoryIdsAfter(db::Transaction& tx, const std::string& after_id,
                                                  int limit);
Result<std::int64_t> CountRows(db::Transaction& tx, const std::string& table);
Result<std::vector<std::string>> ProductIdsInCategories(
    db::Transaction& tx, const std::vector<std::string>& category_ids);
/// Ids of products whose stored document mentions `needle` (a scan; for rare in-use checks).
Result<std::vector<std::string>> ProductIdsMentioning(db::Transaction& tx,
                                                      const std::string& needle, int limit);
Result<std::vector<std::string>> CategoryIdsMentioning(db::Transaction& tx,
                                                       const std::string& needle, int limit);

// --- properties and dictionary items -----------------------------------------------------------

Result<std::optional<Property>> FindProperty(db::Transaction& tx, const std::string& id);
Result<std::optional<Property>> FindPropertyByName(db::Transaction& tx,
                                                   const std::string& catalog_id,
                                                   const std::string& name);
/// Every property defined in a catalog (on the catalog or any of its categories).
Result<std::vector<Property>> PropertiesOfCatalog(db::Transaction& tx,
                                                  const std::string& catalog_id);
Result<Slice<Property>> ListProperties(db::Transaction& tx, const PropertyFilter& f,
                                       const Window& w);
Status InsertProperty(db::Transaction& tx, const Property& p);
Status UpdateProperty(db::Transaction& tx, const Property& p, std::int64_t expected_version);
Status DeleteProperty(db::Transaction& tx, const std::string& id);
Result<std::vector<std::string>> PropertyIdsOfCategories(db::Transaction& tx,
                                                         const std::vector<std::string>& ids);

Result<std::optional<DictionaryItem>> FindDictionaryItem(db::Transaction& tx,
                                                         const std::string& id);
Result<std::optional<DictionaryItem>> FindDictionaryItemByAlias(db::Transaction& tx,
                                                                const std::string& property_id,
                                                                const std::string& alias);
Result<Slice<DictionaryItem>> ListDictionaryItems(db::Transaction& tx, const DictionaryFilter& f,
                                                  const Window& w);
/// Id and alias of every item of the given properties.
Result<std::vector<DictionaryItem>> DictionaryItemsOf(db::Transaction& tx,
                                                      const std::vector<std::string>& property_ids);
Status InsertDictionaryItem(db::Transaction& tx, const DictionaryItem& d);
Status UpdateDictionaryItem(db::Transaction& tx, const DictionaryItem& d,
                            std::int64_t expected_version);
Status DeleteDictionaryItem(db::Transaction& tx, const std::string& id);
Status DeleteDictionaryItemsOf(db::Transaction& tx, const std::string& property_id);

// --- links -------------------------------------------------------------------------------------

Result<std::optional<CatalogLink>> FindLink(db::Transaction& tx, const std::string& id);
Result<std::optional<CatalogLink>> FindLinkByKey(db::Transaction& tx, const CatalogLink& key);
Result<Slice<CatalogLink>> ListLinks(db::Transaction& tx, const LinkFilter& f, const Window& w);
/// Links whose entry is one of `entry_ids`.
Result<std::vector<CatalogLink>> LinksToEntries(db::Transaction& tx,
                                                const std::vector<std::string>& entry_ids);
/// Links placed under one of the categories `category_ids`.
Result<std::vector<CatalogLink>> LinksUnderCategories(db::Transaction& tx,
                                                      const std::vector<std::string>& category_ids);
Status InsertLink(db::Transaction& tx, const CatalogLink& l);
Status UpdateLink(db::Transaction& tx, const CatalogLink& l, std::int64_t expected_version);
Status DeleteLink(db::Transaction& tx, const std::string& id);

// --- SEO infos ---------------------------------------------------------------------------------

Result<std::optional<SeoInfo>> FindSeoInfo(db::Transaction& tx, const std::string& id);
/// The SEO info holding `slug` for a store and language (empty strings: none).
Result<std::optional<SeoInfo>> FindSeoInfoBySlug(db::Transaction& tx, const std::string& store_id,
                                                 const std::string& language_code,
                                                 const std::string& slug);
/// SEO infos whose slug is one of `slugs` (any case), in any store and language.
Result<std::vector<SeoInfo>> SeoInfosWithSlugs(db::Transaction& tx,
                                               const std::vector<std::string>& slugs);
Result<std::vector<SeoInfo>> SeoInfosOf(db::Transaction& tx, const std::string& object_type,
                                        const std::vector<std::string>& object_ids);
Result<Slice<SeoInfo>> ListSeoInfos(db::Transaction& tx, const SeoFilter& f, const Window& w);
Status InsertSeoInfo(db::Transaction& tx, const SeoInfo& s);
Status UpdateSeoInfo(db::Transaction& tx, const SeoInfo& s, std::int64_t expected_version);
Status DeleteSeoInfo(db::Transaction& tx, const std::string& id);
Status DeleteSeoInfosOf(db::Transaction& tx, const std::string& object_type,
                        const std::string& object_id);

// --- associations ------------------------------------------------------------------------------

Result<std::optional<ProductAssociation>> FindAssociation(db::Transaction& tx,
                                                          const std::string& id);
Result<std::optional<ProductAssociation>> FindAssociationByKey(db::Transaction& tx,
                                                               const ProductAssociation& key);
Result<std::vector<ProductAssociation>> AssociationsOf(db::Transaction& tx,
                                                       const std::vector<std::string>& product_ids);
Result<Slice<ProductAssociation>> ListAssociations(db::Transaction& tx, const AssociationFilter& f,
                                                   const Window& w);
/// Associations of other products that point at `object_id`.
Result<std::vector<ProductAssociation>> AssociationsTo(db::Transaction& tx,
                                                       const std::string& object_id);
Status InsertAssociation(db::Transaction& tx, const ProductAssociation& a);
Status UpdateAssociation(db::Transaction& tx, const ProductAssociation& a,
                         std::int64_t expected_version);
Status DeleteAssociation(db::Transaction& tx, const std::string& id);

}  // namespace emporion::catalog::storage
