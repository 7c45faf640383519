// Storefront search routes: /api/v1/storefront/stores/{storeId}/products, .../categories and
// .../products/suggestions (see the module README). Anonymous when the store allows it, else a
// shopper's token. Prices come from the shopper's ranked price lists (pricing), first list with
// a price wins, applied over the `price.<priceListId>` number fields of the product documents.
#pragma once

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "emporion/members/members_service.hpp"
#include "emporion/pricing/pricing_service.hpp"
#include "emporion/search/engine.hpp"
#include "emporion/stores/store_service.hpp"
#include "platform/core/clock.hpp"
#include "platform/http/router.hpp"

namespace emporion::search_module {

struct StorefrontDeps {
  search::Engine& engine;
  catalog::CatalogService& catalog;
  pricing::PricingService& pricing;
  stores::StoreService& stores;
  members::MembersService& members;
  inventory::InventoryService& inventory;
  const Clock& clock;
};

/// Registers the storefront search routes; `deps` must outlive the router.
void RegisterStorefrontRoutes(http::Router& router, const StorefrontDeps& deps);

}  // namespace emporion::search_module
