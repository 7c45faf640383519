// CatalogService: how other modules read the catalog (pricing, inventory, orders, search,
// stores). Reads are unscoped (the caller is the system, not a user) and return the API's
// representation: stored or merged view (see ProductView). Implementations are thread-safe.
#pragma once

#include <string>
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
  virtual Result<Page<Product>> QueryProducts(const ProductQuery& query, const Window& window,
                                              ProductView view) = 0;
  virtual Result<Category> FindCategory(const std::string& id) = 0;
  virtual Result<Catalog> FindCatalog(const std::string& id) = 0;
};

}  // namespace emporion::catalog
