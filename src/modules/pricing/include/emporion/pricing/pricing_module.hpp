// PricingModule: wires pricing into the app: permissions pricing:read|create|update|delete,
// routes (price lists, prices, assignments, evaluation, CSV import/export jobs), demo data
// (order 70) and the PricingService other modules call.
// Thread safety: Create() at start-up; afterwards everything it hands out is thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/pricing/pricing_service.hpp"
#include "platform/db/migration.hpp"
#include "platform/module/context.hpp"

namespace emporion::pricing {

const std::vector<db::Migration>& Migrations();

/// Lookups into modules pricing does not link (filled by the app when they exist).
struct PricingOptions {
  /// True when the store exists (stores module). Default: every store id is accepted.
  std::function<bool(const std::string& store_id)> store_exists;
  /// The customer's user groups, tags and country (members module); nullopt: unknown.
  /// Default: none. Merged with what the evaluation request names.
  std::function<std::optional<Shopper>(const std::string& customer_id)> shopper_of;
  /// CSV imports: true (default) writes one `pricing.price.imported` event and one change entry
  /// per import chunk, naming the changed `productIds` (under a third of the import's CPU);
  /// false writes one `pricing.price.created|updated` event and change entry per price.
  bool import_events_per_chunk = true;
};

class PricingManager;

class PricingModule {
 public:
  /// `ctx`, `catalog` and everything they refer to must outlive the module.
  static Result<std::unique_ptr<PricingModule>> Create(ModuleContext& ctx,
                                                       catalog::CatalogService& catalog,
                                                       PricingOptions options = {});
  ~PricingModule();
  PricingModule(const PricingModule&) = delete;
  PricingModule& operator=(const PricingModule&) = delete;

  PricingService& service();

 private:
  explicit PricingModule(std::unique_ptr<PricingManager> manager);
  std::unique_ptr<PricingManager> manager_;
};

}  // namespace emporion::pricing
