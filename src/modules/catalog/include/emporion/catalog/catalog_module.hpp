// CatalogModule: wires the catalog into the app: declares its permissions (catalog:read,
// catalog:create, catalog:update, catalog:delete, each limitable to catalogs), registers its
// routes and schemas, and hands out the CatalogService other modules read through.
// Thread safety: Create() at start-up; afterwards everything it hands out is thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/module/context.hpp"

namespace emporion::catalog {

/// The module's schema migrations (generated from storage/migrations).
const std::vector<db::Migration>& Migrations();

class CatalogManager;

class CatalogModule {
 public:
  /// `ctx` and everything it refers to must outlive the module.
  static Result<std::unique_ptr<CatalogModule>> Create(ModuleContext& ctx);
  ~CatalogModule();
  CatalogModule(const CatalogModule&) = delete;
  CatalogModule& operator=(const CatalogModule&) = delete;

  CatalogService& service();

 private:
  explicit CatalogModule(std::unique_ptr<CatalogManager> manager);
  std::unique_ptr<CatalogManager> manager_;
};

}  // namespace emporion::catalog
