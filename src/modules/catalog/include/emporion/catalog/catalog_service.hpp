// CatalogService: how other modules read the catalog (pricing, inventory, orders, search,
// stores). Reads are unscoped (the caller is the system, not a user) and return the API's
// representation: stored or merged view (see ProductView). Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/queries.hpp"
#include "emporion/catalog/types.hpp"
#include "platform/core/result.hpp"

namespace emporion::catalog {

enum class ProductView {
  kStored,  // what was saved: a variation shows only its own fields
  kMerged,  // a variation completed from its main product (the storefront's view)
};

class CatalogService {
 public:
  virtual ~CatalogService() = default;

  /// The product with outlines, variations and isSellable; kNotFound when unknown.
  virtual Result<Product> FindProduct(const std::string& id, ProductView view) = 0;
  /// The products among `ids` that exist (in no particular order).
  virtual Result<std::vector<Product>> FindProducts(const std::vector<std::string>& ids,
                                                    ProductView view) = 0;
  /// The product with this SKU; kNotFound when unknown.
  virtual Result<Product> FindProductByCode(const std::string& code, ProductView view) = 0;
  /// SKU -> product id for those of `codes` that name a product (imports: one query per 500
  /// codes, no product documents read). The default asks FindProductByCode once per code.
  virtual Result<std::unordered_map<std::string, std::string>> ProductIdsByCode(
      const std::vector<std::string>& codes);
  /// Those of `ids` that exist -> their tracking flags (ERP syncs: one query per 500 ids, the
  /// stored documents parsed but no products built). The default reads the products.
  virtual Result<std::unordered_map<std::string, ProductTrackingFlags>> TrackingFlags(
      const std::vector<std::string>& ids);
  virtual Result<Page<Product>> QueryProducts(const ProductQuery& query, const Window& window,
                                              ProductView view) = 0;
  virtual Result<Category> FindCategory(const std::string& id) = 0;
  virtual Result<Catalog> FindCatalog(const std::string& id) = 0;

  // Bulk reads for indexers (search): keyset paging in id order, never OFFSET over all rows.
  // The defaults answer kUnavailable, so fakes of this interface need not implement them.

  /// Ids of products and variations of `level` greater than `after_id` ("" = from the start),
  /// in id order, at most `limit`.
  virtual Result<std::vector<std::string>> ProductIdsAfter(const std::string& after_id, int limit,
                                                           ProductLevel level);
  /// How many products and variations exist.
  virtual Result<std::int64_t> CountProducts();
  /// Categories (with outline, path) whose id is greater than `after_id`, in id order.
  virtual Result<std::vector<Category>> CategoriesAfter(const std::string& after_id, int limit);
  virtual Result<std::int64_t> CountCategories();
  /// Every catalog, physical and virtual.
  virtual Result<std::vector<Catalog>> AllCatalogs();
  /// Every property definition of a catalog (on the catalog or any of its categories).
  virtual Result<std::vector<Property>> CatalogProperties(const std::string& catalog_id);
  /// Ids of the products placed in the category or below it (own category or through
  /// virtual-catalog links), variations included.
  virtual Result<std::vector<std::string>> ProductIdsUnder(const std::string& category_id);
};

}  // namespace emporion::catalog
