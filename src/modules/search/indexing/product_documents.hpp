// Product documents: turns a product (or variation) with its prices, stock, catalogs and
// property definitions into the search document of the module README ("product" type): text
// fields per language, keywords for filters and facets, number/date columns, the outline terms
// and the compact stored JSON returned with hits. Pure: no I/O; the caller loads the inputs in
// bulk (indexing/document_loader.hpp). Reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/types.hpp"
#include "emporion/inventory/types.hpp"
#include "emporion/pricing/types.hpp"
#include "emporion/search/engine.hpp"
#include "platform/core/clock.hpp"

namespace emporion::search_module {

/// The document type names of the indexes.
inline constexpr const char* kProductType = "product";
inline constexpr const char* kCategoryType = "category";
inline constexpr const char* kMemberType = "member";

/// Lookups shared by every document of a batch.
struct ProductSources {
  std::unordered_map<std::string, catalog::Catalog> catalogs;       // by id
  std::unordered_map<std::string, catalog::Property> properties;    // by id
  std::unordered_map<std::string, pricing::PriceList> price_lists;  // by id
};

/// One variation of a main product as its document needs it (merged view).
/// The prices and records are views of the loader's batch (no copies per document).
struct VariationInput {
  const catalog::Product* product = nullptr;
  std::span<const pricing::Price> prices;
  std::span<const inventory::InventoryRecord> stock;
};

struct ProductInput {
  const catalog::Product* product = nullptr;  // merged view (a variation completed from its main)
  std::span<const pricing::Price> prices;     // every price of the product
  /// A variation: its main product's prices (used when it has none of its own valid now).
  std::span<const pricing::Price> main_prices;
  std::span<const inventory::InventoryRecord> stock;  // every fulfillment center
  std::vector<VariationInput> variations;             // a main product's variations
};

struct BuiltProduct {
  search::Document document;
  /// The next time one of the product's prices starts or ends (re-index it then).
  std::optional<Timestamp> next_price_change;
};

/// Engine language of a catalog language code: the primary subtag lower-cased ("en-US" ->
/// "en"); "" for an empty code.
std::string AnalyzerLanguage(const std::string& language_code);
/// Field name of a property: its name lower-cased; nullopt when that collides with a field
/// of the document itself (`name`, `price`, `category`, ...), so the property is text only.
std::optional<std::string> PropertyFieldName(const std::string& property_name);
/// Case folding used by `sort.name.<lang>` keywords (ASCII lower case; other bytes as is).
std::string FoldForSort(const std::string& text);
/// Missing start/end dates index as these (0001-01-01 / 9999-12-31 UTC, in epoch ms).
inline constexpr std::int64_t kMinDateMillis = -62135596800000;
inline constexpr std::int64_t kMaxDateMillis = 253402300799999;

/// The qty-1 price of one list valid at `now`: the highest tier with minQuantity <= 1 among the
/// prices whose window holds `now` (pricing's evaluation picks the same). nullptr: none.
const pricing::Price* PriceForQuantityOne(std::span<const pricing::Price> prices,
                                          const std::string& price_list_id, Timestamp now);

BuiltProduct BuildProductDocument(const ProductInput& input, const ProductSources& sources,
                                  Timestamp now);

/// A hash of what a product's document takes from its inventory records (the enabled centers
/// and their available quantities: `available.<fcId>`, `available_in`, `inStock`, `stock`),
/// salted with the product id. Equal signatures: the document's availability is the same.
std::uint64_t StockSignature(const std::string& product_id,
                             std::span<const inventory::InventoryRecord> records);

}  // namespace emporion::search_module
