// JSON Schemas (2020-12) of the catalog's resources, registered as named components for the
// OpenAPI document, and the `$ref`s routes use. Reentrant.
#pragma once

#include <string>

#include "platform/http/router.hpp"

namespace emporion::catalog::api {

/// Registers Catalog, Category, Product, Property, DictionaryItem, CatalogLink, SeoInfo,
/// ProductAssociation, CategoryTree and their parts.
void RegisterSchemas(http::Router& router);

/// `{"$ref": "#/components/schemas/<name>"}`.
std::string Ref(const std::string& name);
/// `{"items": [<name>], "total": N}`.
std::string ListOf(const std::string& name);
/// `{"items": [<name>]}` with at most 10,000 items.
std::string BulkOf(const std::string& name);
/// `{"created": n, "updated": m}`.
std::string BulkResult();

}  // namespace emporion::catalog::api
