// DocumentLoader: reads what the documents need from the other modules' service interfaces, in
// bulk (one call per module per batch, never one per product), and builds the documents.
// Used by the indexer (incremental batches), the rebuild job and `emporion reindex`.
// Thread-safe: it keeps no state between calls; the services it calls are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/inventory/inventory_service.hpp"
#include "emporion/members/members_service.hpp"
#include "emporion/pricing/pricing_service.hpp"
#include "emporion/search/engine.hpp"
#include "platform/core/clock.hpp"

namespace emporion::search_module {

struct IndexServices {
  catalog::CatalogService& catalog;
  pricing::PricingService& pricing;
  inventory::InventoryService& inventory;
  members::MembersService& members;
  const Clock& clock;
};

struct LoadedBatch {
  std::vector<search::Document> documents;
  std::vector<std::string> missing;  // requested ids that no longer exist (remove them)
  /// Products whose prices change later: (id, when).
  std::vector<std::pair<std::string, Timestamp>> price_changes;
  /// Products: StockSignature of the inventory records each document was built from.
  std::vector<std::pair<std::string, std::uint64_t>> stock_signatures;
};

class DocumentLoader {
 public:
  explicit DocumentLoader(IndexServices services) : s_(services) {}

  /// Documents of the products `ids`. With `related`, a main product's variations and a
  /// variation's main product are (re)built too, since each shows the other.
  Result<LoadedBatch> Products(const std::vector<std::string>& ids, bool related);
  Result<LoadedBatch> Categories(const std::vector<std::string>& ids);
  Result<LoadedBatch> Members(const std::vector<std::string>& ids);

  /// One page of a full rebuild of `type` after the cursor `after_id` ("" at the start); `next`
  /// is set to the next page's cursor ("" after the last page). Ids come in id order; products
  /// come main products first, then variations.
  Result<LoadedBatch> Page(const std::string& type, const std::string& after_id, int limit,
                           std::string& next);
  /// How many documents a full rebuild of `type` reads.
  Result<std::int64_t> Count(const std::string& type);

  IndexServices& services() { return s_; }

 private:
  IndexServices s_;
};

}  // namespace emporion::search_module
