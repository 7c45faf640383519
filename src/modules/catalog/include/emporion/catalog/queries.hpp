// List queries of the catalog: paging and sorting, and one filter per resource. The service
// sets `scope` from the caller's permissions; the `*_path` / resolved members are filled by the
// service from the API's ids. Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"

namespace emporion::catalog {

/// Catalog ids a caller may see or change; nullopt: every catalog.
using CatalogScope = std::optional<std::vector<std::string>>;

struct Sort {
  std::string field;  // an API field name from the list's sortable set
  bool descending = false;
};

struct Window {
  int limit = 20;
  int offset = 0;
  std::vector<Sort> sort;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

/// The sortable fields of each list (API names).
const std::vector<std::string>& CatalogSortFields();
const std::vector<std::string>& CategorySortFields();
const std::vector<std::string>& ProductSortFields();
const std::vector<std::string>& PropertySortFields();
const std::vector<std::string>& DictionaryItemSortFields();
const std::vector<std::string>& LinkSortFields();
const std::vector<std::string>& SeoSortFields();
const std::vector<std::string>& AssociationSortFields();

struct CatalogFilter {
  CatalogScope scope;
  std::optional<std::string> q;  // name contains (case-insensitive)
  std::optional<bool> is_virtual;
};

struct CategoryFilter {
  CatalogScope scope;
  std::optional<std::string> catalog_id;
  std::optional<std::string> parent_id;
  bool roots_only = false;                // parentId=null
  bool include_descendants = false;       // with parent_id: the whole subtree below it
  std::optional<std::string> under_path;  // resolved: the subtree at this path
  std::optional<std::string> q;           // name or code contains
  std::optional<std::string> code;
  std::optional<bool> is_active;
  std::optional<Timestamp> modified_since;
  std::optional<std::vector<std::string>> ids;
};

struct ProductQuery {
  std::optional<std::string> catalog_id;   // physical or virtual
  std::optional<std::string> category_id;  // physical or virtual
  bool include_descendants = false;
  std::optional<std::string> q;  // name or code contains
  std::optional<std::string> code;
  std::optional<bool> is_active;
  std::optional<std::string> main_product_id;
  std::optional<bool> is_variation;
  std::optional<Timestamp> modified_since;
  std::optional<std::vector<std::string>> ids;
};

struct PropertyFilter {
  CatalogScope scope;
  std::optional<std::string> catalog_id;
  std::optional<std::string> category_id;
  bool catalog_level_only = false;  // categoryId=null
  std::optional<std::string> q;
  std::optional<std::string> name;
  std::optional<std::string> type;
};

struct DictionaryFilter {
  std::string property_id;
  std::optional<std::string> q;  // alias contains
  std::optional<std::string> alias;
};

struct LinkFilter {
  CatalogScope scope;
  std::optional<std::string> catalog_id;
  std::optional<std::string> category_id;
  std::optional<std::string> entry_id;
  std::optional<std::string> entry_type;
};

struct SeoFilter {
  CatalogScope scope;  // limits to SEO infos of objects in these catalogs
  std::optional<std::string> object_type;
  std::optional<std::string> object_id;
  std::optional<std::string> semantic_url;  // case-insensitive
  std::optional<std::string> store_id;
  std::optional<std::string> language_code;
  std::optional<bool> is_active;
};

struct AssociationFilter {
  std::optional<std::string> product_id;
  std::optional<std::string> type;
  std::optional<std::string> associated_object_id;
};

}  // namespace emporion::catalog
