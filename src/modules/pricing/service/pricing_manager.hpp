// PricingManager: the pricing module's service. Every write is one UnitOfWork (transaction +
// `pricing.<entity>.<created|updated|deleted>` events + change history). Evaluation keeps the
// assignments and price lists in an in-memory snapshot, dropped by the module's own events
// (and by its own writes), and loads prices in one query per 500 products (see README.md).
// Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "emporion/catalog/catalog_service.hpp"
#include "emporion/pricing/pricing_module.hpp"
#include "emporion/pricing/pricing_service.hpp"
#include "modules/pricing/domain/evaluator.hpp"
#include "modules/pricing/storage/repository.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/events/outbox.hpp"

namespace emporion::pricing {

inline constexpr std::size_t kMaxBulkItems = 10000;

struct Caller {
  std::string actor = "system";
  std::string request_id;
};

template <typename T>
using Mutator = std::function<Result<T>(const T&)>;

struct BulkOutcome {
  int created = 0;
  int updated = 0;
};

/// One CSV row of an import, already parsed (see service/price_csv.hpp).
struct ImportRow {
  std::size_t row = 0;  // 1-based data row number, for error refs
  std::string sku;
  Price price;
};

class PricingManager : public PricingService {
 public:
  PricingManager(db::Database& db, const Clock& clock, events::EventBus* bus,
                 catalog::CatalogService& catalog, PricingOptions options);

  // Price lists
  Result<PriceList> GetPriceList(const std::string& id);
  Result<storage::Page<PriceList>> ListPriceLists(const storage::PriceListFilter& f,
                                                  const storage::Window& w);
  Result<PriceList> CreatePriceList(const Caller& c, PriceList v);
  Result<PriceList> UpdatePriceList(const Caller& c, const std::string& id,
                                    std::optional<std::int64_t> if_match,
                                    const Mutator<PriceList>& m);
  /// 409 while it has prices or assignments, unless `cascade` deletes them too.
  Status DeletePriceList(const Caller& c, const std::string& id,
                         std::optional<std::int64_t> if_match, bool cascade);
  Result<BulkOutcome> BulkPriceLists(const Caller& c, std::vector<PriceList> items);

  // Prices
  Result<Price> GetPrice(const std::string& id);
  Result<storage::Page<Price>> ListPrices(const storage::PriceFilter& f, const storage::Window& w);
  Result<Price> CreatePrice(const Caller& c, Price v);
  Result<Price> UpdatePrice(const Caller& c, const std::string& id,
                            std::optional<std::int64_t> if_match, const Mutator<Price>& m);
  Status DeletePrice(const Caller& c, const std::string& id, std::optional<std::int64_t> if_match);
  /// Upserts by id, else by (priceListId, productId, minQuantity, startDate, endDate).
  Result<BulkOutcome> BulkPrices(const Caller& c, std::vector<Price> items);

  // Assignments
  Result<Assignment> GetAssignment(const std::string& id);
  Result<storage::Page<Assignment>> ListAssignments(const storage::AssignmentFilter& f,
                                                    const storage::Window& w);
  Result<Assignment> CreateAssignment(const Caller& c, Assignment v);
  Result<Assignment> UpdateAssignment(const Caller& c, const std::string& id,
                                      std::optional<std::int64_t> if_match,
                                      const Mutator<Assignment>& m);
  Status DeleteAssignment(const Caller& c, const std::string& id,
                          std::optional<std::int64_t> if_match);
  Result<BulkOutcome> BulkAssignments(const Caller& c, std::vector<Assignment> items);

  // Evaluation
  Result<std::vector<EvaluatedPrice>> Evaluate(const EvaluationRequest& request) override;
  Result<std::vector<std::string>> RankedPriceLists(const EvaluationRequest& context) override;
  Result<std::vector<Price>> PricesOfProducts(const std::vector<std::string>& product_ids) override;
  Result<std::vector<PriceList>> AllPriceLists() override;

  // Import / export (jobs)
  /// SKU -> product id for the SKUs the catalog knows.
  Result<std::unordered_map<std::string, std::string>> ResolveSkus(
      const std::vector<std::string>& skus);
  /// Upserts parsed, validated import rows of one list in one unit of work: a row with the
  /// same product, minQuantity and window updates that price; an overlapping window is a row
  /// error (reported through `row_error`), not a failure.
  Result<BulkOutcome> ImportRows(const Caller& c, const std::string& list_id,
                                 std::vector<ImportRow> rows,
                                 const std::function<void(std::size_t, std::string)>& row_error);
  /// Every price of a list, with the SKU of its product.
  Result<std::vector<std::pair<std::string, Price>>> ExportList(const std::string& list_id);

  catalog::CatalogService& catalog() { return catalog_; }
  db::Database& db() { return db_; }
  const Clock& clock() const { return clock_; }
  const PricingOptions& options() const { return options_; }

 private:
  struct Snapshot {
    std::vector<Assignment> assignments;
    std::unordered_map<std::string, PriceList> lists;
    std::vector<Timestamp> boundaries;  // every assignment start/end date, ascending
    std::uint64_t generation = 0;
  };
  /// One RankedPriceLists answer, valid while the snapshot generation is unchanged and the
  /// clock is before `expires`.
  struct RankedEntry {
    std::uint64_t generation = 0;
    Timestamp expires = 0;
    std::vector<std::string> lists;
  };
  Result<std::shared_ptr<const Snapshot>> CurrentSnapshot();
  /// The evaluation context of a request, with the customer's groups and tags merged in.
  domain::EvaluationContext ContextOf(const EvaluationRequest& request) const;
  void Invalidate();

  Result<events::UnitOfWork> Begin(const Caller& c);
  Status Publish(events::UnitOfWork& uow, const std::string& entity, const std::string& op,
                 const std::string& id, const std::string& before, const std::string& after);

  Status CheckPriceRefs(events::UnitOfWork& uow, const std::vector<const Price*>& prices,
                        const std::string& prefix_pattern);
  Status CheckOverlap(events::UnitOfWork& uow, const Price& v, const std::string& field_prefix);
  Status CheckAssignmentRefs(events::UnitOfWork& uow, const Assignment& v,
                             const std::string& prefix);

  db::Database& db_;
  const Clock& clock_;
  events::EventBus* bus_;
  catalog::CatalogService& catalog_;
  PricingOptions options_;

  std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;  // GUARDED_BY(snapshot_mutex_); null: reload
  std::uint64_t generation_ = 0;              // GUARDED_BY(snapshot_mutex_)

  std::mutex ranked_mutex_;
  std::unordered_map<std::string, RankedEntry> ranked_;  // GUARDED_BY(ranked_mutex_)
};

}  // namespace emporion::pricing
