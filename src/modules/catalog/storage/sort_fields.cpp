// The sortable fields of each list; the API refuses others (400) and storage maps these to
// columns.
#include "emporion/catalog/queries.hpp"

namespace emporion::catalog {

const std::vector<std::string>& AssociationSortFields() {
  static const std::vector<std::string> k = {"priority", "type", "createdAt", "modifiedAt"};
  return k;
}

const std::vector<std::string>& CatalogSortFields() {
  static const std::vector<std::string> k = {"name", "createdAt", "modifiedAt"};
  return k;
}

const std::vector<std::string>& CategorySortFields() {
  static const std::vector<std::string> k = {"name", "code", "priority", "createdAt", "modifiedAt"};
  return k;
}

const std::vector<std::string>& DictionaryItemSortFields() {
  static const std::vector<std::string> k = {"alias", "sortOrder", "createdAt", "modifiedAt"};
  return k;
}

const std::vector<std::string>& LinkSortFields() {
  static const std::vector<std::string> k = {"priority", "entryId", "createdAt", "modifiedAt"};
  return k;
}

const std::vector<std::string>& ProductSortFields() {
  static const std::vector<std::string> k = {"name", "code", "priority", "createdAt", "modifiedAt"};
  return k;
}

const std::vector<std::string>& PropertySortFields() {
  static const std::vector<std::string> k = {"name", "type", "valueType", "createdAt",
                                             "modifiedAt"};
  return k;
}

const std::vector<std::string>& SeoSortFields() {
  static const std::vector<std::string> k = {"semanticUrl", "objectType", "createdAt",
                                             "modifiedAt"};
  return k;
}

}  // namespace emporion::catalog
