// The pricing tables (storage/migrations): SQL lives only here. Functions run inside the
// caller's transaction. Reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emporion/pricing/types.hpp"
#include "platform/db/database.hpp"

namespace emporion::pricing::storage {

struct SortKey {
  std::string field;
  bool descending = false;
};
struct Window {
  int limit = 20;
  int offset = 0;
  std::vector<SortKey> sort;
};
template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

const std::vector<std::string>& PriceListSortFields();
const std::vector<std::string>& PriceSortFields();
const std::vector<std::string>& AssignmentSortFields();

struct PriceListFilter {
  std::optional<std::string> q;  // name contains
  std::optional<std::string> currency;
  std::optional<std::string> name;
};
struct PriceFilter {
  std::optional<std::string> price_list_id;
  std::optional<std::vector<std::string>> product_ids;
};
struct AssignmentFilter {
  std::optional<std::string> q;
  std::optional<std::string> price_list_id;
  std::optional<std::string> store_id;
  std::optional<std::string> catalog_id;
};

// Price lists
Result<std::optional<PriceList>> FindPriceList(db::Transaction& tx, const std::string& id);
Result<std::optional<PriceList>> FindPriceListByName(db::Transaction& tx, const std::string& name);
Result<std::vector<PriceList>> AllPriceLists(db::Transaction& tx);
Result<Page<PriceList>> ListPriceLists(db::Transaction& tx, const PriceListFilter& f,
                                       const Window& w);
Status InsertPriceList(db::Transaction& tx, const PriceList& v);
Status UpdatePriceList(db::Transaction& tx, const PriceList& v, std::int64_t old_version);
Status DeletePriceList(db::Transaction& tx, const std::string& id);
Result<std::int64_t> CountPricesOfList(db::Transaction& tx, const std::string& list_id);
Status DeletePricesOfList(db::Transaction& tx, const std::string& list_id);
Result<std::vector<std::string>> AssignmentIdsOfList(db::Transaction& tx,
                                                     const std::string& list_id);

// Prices
Result<std::optional<Price>> FindPrice(db::Transaction& tx, const std::string& id);
Result<std::vector<Price>> FindPricesByIds(db::Transaction& tx,
                                           const std::vector<std::string>& ids);
Result<Page<Price>> ListPrices(db::Transaction& tx, const PriceFilter& f, const Window& w);
/// Prices of (list, product, minQuantity) other than `except_id` (overlap checks).
Result<std::vector<Price>> FindSameTier(db::Transaction& tx, const std::string& list_id,
                                        const std::string& product_id, std::int64_t min_quantity,
                                        const std::string& except_id);
/// Prices of `product_ids` in `list_ids` valid at `at` (one query per 500 products).
Result<std::vector<Price>> FindPricesFor(db::Transaction& tx,
                                         const std::vector<std::string>& product_ids,
                                         const std::vector<std::string>& list_ids, Timestamp at);
/// The prices of `product_ids` in one list (import: one query per 500 products).
Result<std::vector<Price>> PricesOfListFor(db::Transaction& tx, const std::string& list_id,
                                           const std::vector<std::string>& product_ids);
/// Every price of `product_ids` in every list, tier and window (search indexing; one query per
/// 500 products).
Result<std::vector<Price>> PricesOfProducts(db::Transaction& tx,
                                            const std::vector<std::string>& product_ids);
/// Every price of a list, ordered by product and tier (export).
Result<std::vector<Price>> PricesOfList(db::Transaction& tx, const std::string& list_id);
Status InsertPrice(db::Transaction& tx, const Price& v);
/// Inserts `prices` with multi-row INSERTs (import: a chunk in a few statements).
Status InsertPrices(db::Transaction& tx, std::span<const Price> prices);
Status UpdatePrice(db::Transaction& tx, const Price& v, std::int64_t old_version);
Status DeletePrice(db::Transaction& tx, const std::string& id);

// Assignments
Result<std::optional<Assignment>> FindAssignment(db::Transaction& tx, const std::string& id);
Result<std::vector<Assignment>> AllAssignments(db::Transaction& tx);
Result<Page<Assignment>> ListAssignments(db::Transaction& tx, const AssignmentFilter& f,
                                         const Window& w);
Status InsertAssignment(db::Transaction& tx, const Assignment& v);
Status UpdateAssignment(db::Transaction& tx, const Assignment& v, std::int64_t old_version);
Status DeleteAssignment(db::Transaction& tx, const std::string& id);

}  // namespace emporion::pricing::storage
