// The catalog's value types: catalogs, categories, products (and variations), property
// definitions with dictionary items, virtual-catalog links, SEO infos and product associations,
// as other modules and the catalog's own layers see them. Plain values; thread-compatible.
//
// Optional members distinguish "not set" from a value: a variation inherits what it does not set
// itself (see domain/variation_merge.hpp), so for products most scalars are optional. Members
// under "derived" are computed on read and ignored on write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/entity.hpp"

namespace emporion::catalog {

/// One language's text of a localized field (CONTRACT "Localized text").
struct LocalizedValue {
  std::string language_code;
  std::string value;
  bool operator==(const LocalizedValue&) const = default;
};
using LocalizedText = std::vector<LocalizedValue>;

enum class ProductType { kPhysical, kDigital, kBillOfMaterials };
/// Where a property's values live: on the catalog, a category, a product or a variation.
enum class PropertyType { kCatalog, kCategory, kProduct, kVariation };

/// Which rows a bulk reader of products wants: all, main products only or variations only.
enum class ProductLevel { kAll, kMainProducts, kVariations };
enum class ValueType {
  kShortText,
  kLongText,
  kHtml,
  kNumber,
  kInteger,
  kBoolean,
  kDateTime,
  kGeoPoint
};
/// What a link or an association points at.
enum class EntryType { kProduct, kCategory };

const char* ToString(ProductType t);
const char* ToString(PropertyType t);
const char* ToString(ValueType t);
/// "product" or "category".
const char* ToString(EntryType t);
std::optional<ProductType> ParseProductType(std::string_view s);
std::optional<PropertyType> ParsePropertyType(std::string_view s);
std::optional<ValueType> ParseValueType(std::string_view s);
/// Case-insensitive "product" / "category".
std::optional<EntryType> ParseEntryType(std::string_view s);

struct Image {
  std::string url;
  std::optional<std::string> name;
  std::optional<std::string> group;
  std::int64_t sort_order = 0;
  std::optional<std::string> language_code;
  bool operator==(const Image&) const = default;
};

struct Asset {
  std::string url;
  std::optional<std::string> name;
  std::optional<std::string> group;
  std::optional<std::string> mime_type;
  std::optional<std::int64_t> size;
  std::optional<std::string> language_code;
  std::int64_t sort_order = 0;
  bool operator==(const Asset&) const = default;
};

/// A product text such as the full or quick review (Virto's "EditorialReview").
struct Description {
  std::string content;
  std::string review_type = "FullReview";
  std::optional<std::string> language_code;
  bool operator==(const Description&) const = default;
};

/// A property value: text (ShortText, LongText, Html, DateTime as ISO 8601, GeoPoint as
/// "lat,lon"), integer, number or boolean; monostate when only a dictionary `valueId` was given.
using PropertyScalar = std::variant<std::monostate, std::string, std::int64_t, double, bool>;

struct PropertyValueItem {
  PropertyScalar value;
  std::optional<std::string> language_code;
  std::optional<std::string> value_id;  // dictionary item id
  bool operator==(const PropertyValueItem&) const = default;
};

/// The values one object holds for one property. On write either `property_id` or `name`
/// identifies the property; the stored form carries both.
struct PropertyValues {
  std::string property_id;
  std::string name;
  std::vector<PropertyValueItem> values;
  // derived (merged view): the values come from the main product.
  bool inherited = false;
  bool operator==(const PropertyValues&) const = default;
};

/// One step of an outline: the catalog, a category, or the object itself.
struct OutlineItem {
  std::string type;  // "catalog", "category", "product"
  std::string id;
  std::string code;  // empty for catalogs
  std::string name;
  bool linked = false;  // reached through a virtual-catalog link
  bool operator==(const OutlineItem&) const = default;
};

/// A path from a catalog's root to an object: `catalog/cat-a/cat-b/object`.
struct Outline {
  std::string catalog_id;
  std::vector<OutlineItem> items;
  /// The ids joined by '/'.
  [[nodiscard]] std::string Path() const;
  bool operator==(const Outline&) const = default;
};

/// SEO data of any object (product, category, catalog, store, page, ...).
struct SeoInfo {
  EntityMeta meta;
  std::string object_type;  // "Product", "Category", ... free form for other modules
  std::string object_id;
  std::string semantic_url;  // the slug, unique per store and language
  std::optional<std::string> page_title;
  std::optional<std::string> meta_description;
  std::optional<std::string> meta_keywords;
  std::optional<std::string> image_alt_description;
  std::optional<std::string> language_code;
  std::optional<std::string> store_id;
  bool is_active = true;
  // derived: the catalog of the owning product or category (for catalog-scoped permissions).
  std::optional<std::string> catalog_id;
};

/// An upsell / cross-sell relation from a product to a product or a category.
struct ProductAssociation {
  EntityMeta meta;
  std::string product_id;
  std::string type;  // "Accessories", "Related Items", "Up-Sales", "Cross-Sales", or any
  std::string associated_object_id;
  EntryType associated_object_type = EntryType::kProduct;
  std::int64_t priority = 0;
  std::optional<std::int64_t> quantity;
  std::vector<std::string> tags;
};

struct Catalog {
  EntityMeta meta;
  std::string name;
  bool is_virtual = false;
  std::string default_language;
  std::vector<std::string> languages;  // contains default_language
};

struct Category {
  EntityMeta meta;
  std::string catalog_id;
  std::optional<std::string> parent_id;
  std::string code;
  std::string name;
  LocalizedText localized_name;
  bool is_active = true;
  std::int64_t priority = 0;
  std::optional<std::string> tax_type;
  std::vector<Image> images;
  std::vector<PropertyValues> properties;
  std::vector<SeoInfo> seo_infos;
  // derived
  std::string path;  // "/root-id/.../own-id/"
  int depth = 0;     // 0 for a root category
  Outline outline;
};

struct Product {
  EntityMeta meta;
  std::string code;  // the SKU, unique across the system
  std::string name;
  LocalizedText localized_name;
  std::string catalog_id;
  std::optional<std::string> category_id;
  std::optional<std::string> main_product_id;
  std::optional<ProductType> product_type;
  std::optional<bool> is_active;
  std::optional<bool> is_buyable;
  std::optional<bool> track_inventory;
  std::optional<std::string> gtin;
  std::optional<std::string> manufacturer_part_number;
  std::optional<std::string> vendor;
  std::optional<double> weight;
  std::optional<std::string> weight_unit;
  std::optional<double> length;
  std::optional<double> width;
  std::optional<double> height;
  std::optional<std::string> measure_unit;
  std::optional<std::int64_t> min_quantity;
  std::optional<std::int64_t> max_quantity;
  std::optional<Timestamp> start_date;
  std::optional<Timestamp> end_date;
  std::optional<std::int64_t> priority;
  std::optional<std::string> tax_type;
  std::vector<Image> images;
  std::vector<Asset> assets;
  std::vector<Description> descriptions;
  std::vector<PropertyValues> properties;
  std::vector<SeoInfo> seo_infos;
  std::vector<ProductAssociation> associations;
  // derived
  std::vector<Outline> outlines;
  std::vector<std::string> variations;
  bool is_sellable = false;
  std::vector<std::string> inherited_fields;  // merged view: fields taken from the main product
};

struct PropertyValidation {
  std::optional<std::string> regex;
  std::optional<std::int64_t> min_length;
  std::optional<std::int64_t> max_length;
  std::optional<double> min;
  std::optional<double> max;
};

struct Property {
  EntityMeta meta;
  std::string catalog_id;
  std::optional<std::string> category_id;  // set: applies to that category's subtree
  std::string name;                        // unique in the catalog
  PropertyType type = PropertyType::kProduct;
  ValueType value_type = ValueType::kShortText;
  bool multivalue = false;
  bool multilanguage = false;
  bool dictionary = false;
  bool required = false;
  bool hidden = false;
  bool filterable = false;
  PropertyValidation validation;
  LocalizedText display_names;
};

struct DictionaryItem {
  EntityMeta meta;
  std::string property_id;
  std::string alias;  // unique per property
  LocalizedText localized_values;
  std::int64_t sort_order = 0;
};

/// Places a physical product or category into a virtual catalog (at its root or under one of
/// its categories). A linked category brings its whole subtree.
struct CatalogLink {
  EntityMeta meta;
  std::string catalog_id;                  // the virtual catalog
  std::optional<std::string> category_id;  // a category of that catalog; unset: the root
  EntryType entry_type = EntryType::kProduct;
  std::string entry_id;
  std::int64_t priority = 0;
};

/// A node of `GET /catalogs/{id}/tree`.
struct CategoryNode {
  std::string id;
  std::string code;
  std::string name;
  bool is_active = true;
  std::int64_t priority = 0;
  bool linked = false;  // a physical category shown in a virtual catalog through a link
  std::vector<CategoryNode> children;
};

/// What inventory needs to know of a product: its main product and its own trackInventory
/// (unset when the product does not say).
struct ProductTrackingFlags {
  std::optional<std::string> main_product_id;
  std::optional<bool> track_inventory;
};

}  // namespace emporion::catalog
