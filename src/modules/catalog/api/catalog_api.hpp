// The catalog's HTTP routes under /api/v1: catalogs (with tree and links), categories,
// products (with associations), properties (with dictionary items) and SEO infos.
// Registration at start-up; the manager must outlive the router.
#pragma once

#include "modules/catalog/service/catalog_manager.hpp"
#include "platform/http/router.hpp"

namespace emporion::catalog::api {

void RegisterRoutes(http::Router& router, CatalogManager& manager);

}  // namespace emporion::catalog::api
