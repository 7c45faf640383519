#include "platform/seeds/seeds.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace emporion::seeds {

void SeedRegistry::Add(std::string data_set, int order, std::string name, SeedStep step) {
  entries_.push_back({std::move(data_set), order, std::move(name), std::move(step)});
}

std::vector<std::string> SeedRegistry::DataSets() const {
  std::set<std::string> names;
  for (const auto& e : entries_) names.insert(e.data_set);
  return {names.begin(), names.end()};
}

namespace {

Result<bool> AlreadyDone(db::Database& db, const std::string& data_set, const std::string& name) {
  auto tx = db.Begin(db::TxMode::kRead);
  if (!tx.ok()) return tx.error();
  auto rows = (*tx)->Query("SELECT 1 FROM seed_steps WHERE data_set = ? AND name = ?",
                           {db::Param(data_set), db::Param(name)});
  if (!rows.ok()) return rows.error();
  return !rows->empty();
}

Status MarkDone(const SeedContext& ctx, const std::string& data_set, const std::string& name) {
  auto tx = ctx.db.Begin(db::TxMode::kWrite);
  if (!tx.ok()) return tx.error();
  auto done = (*tx)->Exec(
      "INSERT INTO seed_steps (data_set, name, applied_at) VALUES (?, ?, ?) "
      "ON CONFLICT (data_set, name) DO NOTHING",
      {db::Param(data_set), db::Param(name), db::Param(FormatIso8601Millis(ctx.clock.Now()))});
  if (!done.ok()) return done.error();
  return (*tx)->Commit();
}

}  // namespace

Result<int> SeedRegistry::Run(const std::string& data_set, const SeedContext& ctx) const {
  std::vector<const Entry*> steps;
  for (const auto& e : entries_) {
    if (e.data_set == data_set) steps.push_back(&e);
  }
  if (steps.empty()) {
    spdlog::warn("seed {}: no module contributes to this data set", data_set);
    return 0;
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Entry* a, const Entry* b) { return a->order < b->order; });
  int ran = 0;
  for (const Entry* e : steps) {
    auto done = AlreadyDone(ctx.db, data_set, e->name);
    if (!done.ok()) return done.error();
    if (*done) continue;
    spdlog::info("seed {}: {}", data_set, e->name);
    if (auto s = e->step(ctx); !s.ok()) {
      return Error(s.error().code(), "seed step " + e->name + ": " + s.error().detail(),
                   s.error().fields());
    }
    if (auto s = MarkDone(ctx, data_set, e->name); !s.ok()) return s.error();
    ++ran;
  }
  return ran;
}

}  // namespace emporion::seeds
