// SeedRegistry: named data sets (`--seed demo`) built from steps that modules contribute. Each
// module registers its steps when it is created (ctx.seeds.Add), with an order number that puts
// them after the data they need: localization 10, fulfillment centers 20, stores 30, catalog 40,
// members 50, inventory stock 60, pricing 70, search 90. The app runs a data set once before it
// starts listening; every finished step is recorded in `seed_steps`, so a restart skips what is
// done and retries only what failed. Steps write through their module's services (one unit of
// work each, so events and history are written like any other change) and should upsert by
// business key, so a step interrupted halfway can run again.
//
// Thread safety: Add at start-up only; Run from one thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace emporion::seeds {

struct SeedContext {
  db::Database& db;
  const Clock& clock;
  std::string actor = "system";
};

using SeedStep = std::function<Status(const SeedContext&)>;

class SeedRegistry {
 public:
  /// Adds `name` (unique within the data set, e.g. "catalog.products") to `data_set`.
  void Add(std::string data_set, int order, std::string name, SeedStep step);
  /// Names of the known data sets.
  [[nodiscard]] std::vector<std::string> DataSets() const;
  /// Runs the steps of `data_set` not yet recorded, in order; stops at the first failure.
  /// Returns how many steps ran (0, with a warning, when no module contributes to it).
  Result<int> Run(const std::string& data_set, const SeedContext& ctx) const;

 private:
  struct Entry {
    std::string data_set;
    int order;
    std::string name;
    SeedStep step;
  };
  std::vector<Entry> entries_;
};

}  // namespace emporion::seeds
