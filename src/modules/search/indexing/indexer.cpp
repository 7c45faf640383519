#include "modules/search/indexing/indexer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modules/search/indexing/product_documents.hpp"
#include "platform/core/memory.hpp"
#include "platform/events/outbox.hpp"
#include "platform/events/outbox_bounds.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBatch = 1000;
constexpr int kRebuildPage = 1000;
constexpr auto kDrainInterval = std::chrono::milliseconds(100);
constexpr Timestamp kSnapshotEvery = 5LL * 60 * 1000 * 1000;  // 5 minutes, in microseconds
constexpr std::size_t kMaxSignatures = 1'000'000;  // ~40 MB at most; cleared when reached
constexpr std::size_t kCheckSample = 100;          // stock-only products checked before giving up
// Catch-up rounds of a rebuild that run while drains go on; the last one holds them off.
constexpr int kCatchUpRounds = 4;

std::uint64_t IdKey(const std::string& id) { return std::hash<std::string>{}(id); }

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<std::string> PayloadString(const json::Document& doc, const char* name) {
  if (!doc.IsObject()) return std::nullopt;
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

/// True when an update's changedFields may move the category (or are unknown).
bool MayMove(const json::Document& doc) {
  if (!doc.IsObject()) return true;
  auto it = doc.FindMember("changedFields");
  if (it == doc.MemberEnd() || !it->value.IsArray()) return true;
  for (const auto& f : it->value.GetArray()) {
    if (!f.IsString()) continue;
    const std::string_view name(f.GetString(), f.GetStringLength());
    if (name == "parentId" || name == "catalogId" || name == "path" || name == "isActive") {
      return true;
    }
  }
  return false;
}

std::string EngineDir(const std::string& dir) { return (fs::path(dir) / "engine").string(); }
std::string StatePath(const std::string& dir) { return (fs::path(dir) / "state.json").string(); }

}  // namespace

const std::vector<std::string>& Indexer::Types() {
  static const std::vector<std::string> kTypes = {kProductType, kCategoryType, kMemberType};
  return kTypes;
}

Indexer::Indexer(search::Engine& engine, DocumentLoader& loader, db::Database& db,
                 const Clock& clock, std::string snapshot_dir)
    : engine_(engine),
      loader_(loader),
      db_(db),
      clock_(clock),
      snapshot_dir_(std::move(snapshot_dir)) {}

Indexer::~Indexer() { Stop(); }

void Indexer::Subscribe(events::EventBus& bus) {
  for (const char* prefix : {"catalog.", "pricing.", "inventory.", "members."}) {
    bus.Subscribe(prefix, [this](const events::DomainEvent& e) { OnEvent(e); });
  }
}

void Indexer::SetRebuildRequester(std::function<void(const std::string&)> request) {
  std::lock_guard lock(mutex_);
  request_rebuild_ = std::move(request);
}

void Indexer::OnEvent(const events::DomainEvent& e) {
  const Timestamp now = clock_.Now();
  const std::string& t = e.type;
  auto payload = [&e]() {
    auto doc = json::ParseObject(e.payload.empty() ? "{}" : e.payload);
    return doc.ok() ? std::move(doc).value() : json::Document(rapidjson::kObjectType);
  };
  if (StartsWith(t, "catalog.product.")) {
    Enqueue(kProductType, e.entity_id, now);
  } else if (StartsWith(t, "catalog.category.")) {
    Enqueue(kCategoryType, e.entity_id, now);
    if (EndsWith(t, ".updated") && MayMove(payload())) EnqueueProductsUnder(e.entity_id, now);
  } else if (StartsWith(t, "catalog.link.")) {
    const auto doc = payload();
    const auto entry = PayloadString(doc, "entryId");
    const auto kind = PayloadString(doc, "entryType");
    if (!entry) {
      RequestRebuild(kProductType);
    } else if (kind && (*kind == "category" || *kind == "Category")) {
      EnqueueProductsUnder(*entry, now);
    } else {
      Enqueue(kProductType, *entry, now);
    }
  } else if (StartsWith(t, "catalog.property.") || StartsWith(t, "catalog.dictionary-item.")) {
    if (!EndsWith(t, ".created")) RequestRebuild(kProductType);
  } else if (StartsWith(t, "catalog.catalog.")) {
    if (!EndsWith(t, ".created")) {
      RequestRebuild(kProductType);
      RequestRebuild(kCategoryType);
    }
  } else if (StartsWith(t, "pricing.price.")) {
    // One price (`productId`) or an import chunk (`pricing.price.imported`: `productIds`).
    const auto doc = payload();
    if (auto id = PayloadString(doc, "productId")) Enqueue(kProductType, *id, now);
    if (auto ids = doc.FindMember("productIds"); ids != doc.MemberEnd() && ids->value.IsArray()) {
      for (const auto& id : ids->value.GetArray()) {
        if (id.IsString())
          Enqueue(kProductType, std::string(id.GetString(), id.GetStringLength()), now);
      }
    }
  } else if (t == "pricing.price-list.updated" || t == "pricing.price-list.deleted") {
    RequestRebuild(kProductType);
  } else if (StartsWith(t, "inventory.")) {
    if (auto id = PayloadString(payload(), "productId")) Enqueue(kProductType, *id, now, true);
  } else if (StartsWith(t, "members.")) {
    Enqueue(kMemberType, e.entity_id, now);
  }
  std::lock_guard lock(mutex_);
  seen_seq_ = std::max(seen_seq_, e.seq);
}

void Indexer::Enqueue(const std::string& type, const std::string& id, Timestamp now,
                      bool stock_only) {
  if (id.empty()) return;
  std::lock_guard lock(mutex_);
  auto& p = pending_[type];
  if (p.ids.empty()) p.oldest = now;
  const bool added = p.ids.insert(id).second;
  if (stock_only) {
    if (added) stock_only_.insert(id);
  } else if (!stock_only_.empty()) {
    stock_only_.erase(id);
  }
}

void Indexer::EnqueueProductsUnder(const std::string& category_id, Timestamp now) {
  std::lock_guard lock(mutex_);
  pending_category_products_.insert(category_id);
  auto& p = pending_[kProductType];
  if (p.ids.empty() && p.oldest == 0) p.oldest = now;
}

void Indexer::RequestRebuild(const std::string& type) {
  // Only noted here (the handler runs on the publisher's thread); the drain asks for the job.
  std::lock_guard lock(mutex_);
  pending_rebuilds_.insert(type);
}

std::vector<std::string> Indexer::Recover() {
  std::int64_t latest = 0;
  std::optional<std::int64_t> oldest;
  {
    auto tx = db_.Begin(db::TxMode::kRead);
    if (tx.ok()) {
      if (auto l = events::LatestOutboxSeq(**tx); l.ok() && *l) latest = **l;
      if (auto o = events::OldestOutboxSeq(**tx); o.ok()) oldest = *o;
    }
  }
  auto rebuild_all = [&]() {
    std::lock_guard lock(mutex_);
    // The rebuilds read everything up to now; later changes arrive as events.
    seen_seq_ = applied_seq_ = latest;
    return Types();
  };
  if (snapshot_dir_.empty()) return rebuild_all();
  std::int64_t watermark = 0;
  if (!LoadState(watermark)) return rebuild_all();
  auto loaded = engine_.LoadSnapshot(EngineDir(snapshot_dir_));
  if (!loaded.ok()) {
    if (loaded.error().code() != ErrorCode::kNotFound) {
      spdlog::warn("search: snapshot unusable ({}); rebuilding", loaded.error().detail());
    }
    return rebuild_all();
  }
  watermark = std::min(watermark, *loaded);
  if (latest < watermark) {
    spdlog::warn("search: snapshot is newer than the database's outbox; rebuilding");
    return rebuild_all();
  }
  if (watermark < latest && oldest && *oldest > watermark + 1) {
    spdlog::warn("search: outbox no longer holds the changes after the snapshot; rebuilding");
    return rebuild_all();
  }
  {
    std::lock_guard lock(mutex_);
    seen_seq_ = applied_seq_ = watermark;
    loaded_from_snapshot_ = true;
    for (const auto& type : Types()) usable_.insert(type);
  }
  // Catch up: the outbox rows after the watermark, as if they were published now.
  std::int64_t after = watermark;
  std::int64_t replayed = 0;
  for (;;) {
    auto tx = db_.Begin(db::TxMode::kRead);
    if (!tx.ok()) break;
    auto rows = events::ReadOutbox(**tx, after, 1000);
    if (!rows.ok() || rows->empty()) break;
    for (const auto& e : *rows) OnEvent(e);
    after = rows->back().seq;
    replayed += static_cast<std::int64_t>(rows->size());
  }
  spdlog::info("search: snapshot loaded (watermark {}), {} change(s) to catch up", watermark,
               replayed);
  return {};
}

void Indexer::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void Indexer::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (auto s = DrainOnce(); !s.ok()) spdlog::warn("search: final drain: {}", s.error().detail());
  bool dirty = false;
  {
    std::lock_guard lock(mutex_);
    dirty = dirty_;
  }
  if (dirty && !snapshot_dir_.empty()) {
    if (auto s = SaveSnapshot(); !s.ok()) {
      spdlog::warn("search: snapshot on shutdown: {}", s.error().detail());
    }
  }
}

void Indexer::Run() {
  bool was_busy = false;
  for (;;) {
    std::int64_t seen_before = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kDrainInterval, [this] { return stop_; });
      if (stop_) return;
      seen_before = applied_seq_;
    }
    if (auto s = DrainOnce(); !s.ok()) {
      spdlog::warn("search: indexing failed, will retry: {}", s.error().detail());
    }
    bool busy = false;
    {
      std::lock_guard lock(mutex_);
      busy = applied_seq_ != seen_before;
    }
    // The first quiet round after a burst: what the burst freed goes back to the OS.
    if (was_busy && !busy) ReleaseThreadMemory();
    was_busy = busy;
    bool save = false;
    {
      std::lock_guard lock(mutex_);
      save = dirty_ && !snapshot_dir_.empty() && clock_.Now() - last_snapshot_ >= kSnapshotEvery;
    }
    if (save) {
      if (auto s = SaveSnapshot(); !s.ok())
        spdlog::warn("search: snapshot: {}", s.error().detail());
    }
  }
}

Status Indexer::Flush() { return DrainOnce(); }

Status Indexer::DrainOnce() {
  std::lock_guard drain(drain_mutex_);
  std::map<std::string, Pending> work;
  std::set<std::string> stock_only;
  std::set<std::string> categories;
  std::set<std::string> rebuilds;
  std::function<void(const std::string&)> request_rebuild;
  std::int64_t seen = 0;
  bool holding = false;  // some changes stay pending for a running rebuild
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    if (request_rebuild_) {
      rebuilds.swap(pending_rebuilds_);
      request_rebuild = request_rebuild_;
    }
    // Price boundaries that are due.
    while (!price_timers_.empty() && price_timers_.begin()->first <= now) {
      auto& p = pending_[kProductType];
      if (p.ids.empty()) p.oldest = now;
      p.ids.insert(price_timers_.begin()->second);
      stock_only_.erase(price_timers_.begin()->second);
      price_timers_.erase(price_timers_.begin());
    }
    work.swap(pending_);
    // A type whose running rebuild spent its write budget stays pending as it is (not taken
    // and put back every round).
    for (auto it = work.begin(); it != work.end();) {
      if (HoldLocked(it->first)) {
        pending_[it->first] = std::move(it->second);
        it = work.erase(it);
        holding = true;
      } else {
        ++it;
      }
    }
    if (!HoldLocked(kProductType)) {
      stock_only.swap(stock_only_);
      categories.swap(pending_category_products_);
    }
    seen = seen_seq_;
    for (const auto& [type, p] : work) {
      // Counted as pending until this drain ends.
      in_flight_oldest_[type] = p.oldest;
      in_flight_count_[type] = static_cast<std::int64_t>(p.ids.size());
    }
    if (!categories.empty()) in_flight_count_[kProductType] += 1;
  }
  struct InFlightDone {
    Indexer* self;
    ~InFlightDone() {
      std::lock_guard lock(self->mutex_);
      self->in_flight_oldest_.clear();
      self->in_flight_count_.clear();
    }
  } in_flight_done{this};
  for (const auto& type : rebuilds) request_rebuild(type);
  auto put_back = [&]() {
    std::lock_guard lock(mutex_);
    auto& products = pending_[kProductType].ids;
    for (const auto& id : stock_only) {
      if (products.count(id) == 0) stock_only_.insert(id);  // else a later change needs it all
    }
    for (auto& [type, p] : work) {
      auto& into = pending_[type];
      if (into.ids.empty() || (p.oldest != 0 && p.oldest < into.oldest)) into.oldest = p.oldest;
      into.ids.insert(p.ids.begin(), p.ids.end());
    }
    pending_category_products_.insert(categories.begin(), categories.end());
  };
  for (const auto& category_id : categories) {
    auto ids = loader_.services().catalog.ProductIdsUnder(category_id);
    if (!ids.ok()) {
      put_back();
      return ids.error();
    }
    auto& p = work[kProductType];
    if (p.oldest == 0) p.oldest = now;
    p.ids.insert(ids->begin(), ids->end());
    for (const auto& id : *ids) stock_only.erase(id);
  }
  bool changed = false;
  bool check_stock = true;
  std::set<std::string> changed_types;
  // Ids left pending because a rebuild of their type has spent its write budget.
  std::map<std::string, Pending> held;
  for (auto& [type, p] : work) {
    std::vector<std::string> ids(p.ids.begin(), p.ids.end());
    for (std::size_t i = 0; i < ids.size(); i += kBatch) {
      if (HoldForRebuild(type)) {
        auto& h = held[type];
        h.oldest = p.oldest;
        h.ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(i), ids.end());
        break;
      }
      std::vector<std::string> part(
          ids.begin() + static_cast<std::ptrdiff_t>(i),
          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kBatch)));
      if (type == kProductType && check_stock && !stock_only.empty()) {
        // Inventory-only changes: only those whose indexed availability is out of date.
        std::vector<std::string> full;
        std::vector<std::string> stock;
        for (auto& id : part) (stock_only.count(id) != 0 ? stock : full).push_back(std::move(id));
        auto stale = WithChangedStock(stock);
        if (!stale.ok()) {
          put_back();
          return stale.error();
        }
        // When nearly every checked product changed (a sync that moves every quantity), the
        // check only reads the stock twice: skip it for the rest of this round.
        check_stock = stock.size() < kCheckSample || stale->size() * 10 < stock.size() * 9;
        full.insert(full.end(), stale->begin(), stale->end());
        part = std::move(full);
        if (part.empty()) continue;
      }
      if (auto s = Apply(type, part); !s.ok()) {
        // Keep what is left for the next round (what was applied is harmless to redo).
        put_back();
        return s;
      }
      changed = true;
      changed_types.insert(type);
    }
  }
  // Compaction: a replaced document stays in the engine as a dead slot until a rebuild. When
  // dead slots outnumber the live documents (every price, stock or product change replaces
  // a document), rebuild the index as a job: memory and query work follow the slots. During a
  // burst of changes it waits for a quiet moment (CompactNow), so a sync of the same products
  // request after request does not rebuild the index after every second request.
  if (request_rebuild) {
    std::set<std::string> check = changed_types;
    std::map<std::string, std::int64_t> last_update;
    {
      std::lock_guard lock(mutex_);
      check.insert(compaction_owed_.begin(), compaction_owed_.end());
      last_update = last_update_millis_;
    }
    for (const auto& type : check) {
      const std::int64_t quiet =
          changed_types.count(type) != 0 ? 0 : clock_.Now() / 1000 - last_update[type];
      // An owed compaction is looked at again once the quiet time is over (Stats walks every
      // term of a large index: not every 100 ms).
      if (changed_types.count(type) == 0 && quiet < kCompactQuietMillis) continue;
      const search::IndexStats stats = engine_.Stats(type);
      const bool needed = NeedsCompaction(stats);
      const bool now_ok = needed && CompactNow(stats, quiet);
      bool running = false;
      {
        std::lock_guard lock(mutex_);
        running = rebuilding_.count(type) != 0;
        if (needed && !now_ok && !running) {
          compaction_owed_.insert(type);
        } else {
          compaction_owed_.erase(type);
        }
      }
      if (now_ok && !running) request_rebuild(type);
    }
  }
  std::lock_guard lock(mutex_);
  for (auto& [type, h] : held) {
    auto& into = pending_[type];
    if (into.ids.empty() || (h.oldest != 0 && h.oldest < into.oldest)) into.oldest = h.oldest;
    for (const auto& id : h.ids) {
      if (stock_only.count(id) != 0 && into.ids.count(id) == 0) stock_only_.insert(id);
    }
    into.ids.merge(h.ids);
  }
  // Held changes are not applied yet: the watermark waits for them (a snapshot written
  // meanwhile replays them after a restart).
  if (held.empty() && !holding && seen > applied_seq_) {
    applied_seq_ = seen;
    dirty_ = true;  // the watermark moved
  }
  if (changed) {
    dirty_ = true;
    for (const auto& type : changed_types) last_update_millis_[type] = clock_.Now() / 1000;
  }
  return Ok();
}

Result<std::vector<std::string>> Indexer::WithChangedStock(const std::vector<std::string>& ids) {
  std::vector<std::string> stale;
  if (ids.empty()) return stale;
  EMPORION_ASSIGN_OR_RETURN(auto records, loader_.services().inventory.StockOfProducts(ids));
  std::unordered_map<std::string, std::vector<inventory::InventoryRecord>> by_product;
  for (auto& r : records) by_product[r.product_id].push_back(std::move(r));
  static const std::vector<inventory::InventoryRecord> kNone;
  std::lock_guard lock(mutex_);
  for (const auto& id : ids) {
    auto it = by_product.find(id);
    const std::uint64_t signature = StockSignature(id, it == by_product.end() ? kNone : it->second);
    auto known = stock_signatures_.find(IdKey(id));
    if (known == stock_signatures_.end() || known->second != signature) stale.push_back(id);
  }
  return stale;
}

void Indexer::RecordStockSignatures(const LoadedBatch& batch) {
  std::lock_guard lock(mutex_);
  // A rebuild that runs may have read other stock: record nothing until it ends (it clears).
  const bool rebuilding = rebuilding_.count(kProductType) != 0;
  if (!rebuilding && stock_signatures_.size() + batch.stock_signatures.size() > kMaxSignatures) {
    stock_signatures_.clear();
  }
  for (const auto& [id, signature] : batch.stock_signatures) {
    if (rebuilding) {
      stock_signatures_.erase(IdKey(id));
    } else {
      stock_signatures_[IdKey(id)] = signature;
    }
  }
  for (const auto& id : batch.missing) stock_signatures_.erase(IdKey(id));
}

Status Indexer::Apply(const std::string& type, const std::vector<std::string>& ids) {
  Result<LoadedBatch> batch = type == kProductType    ? loader_.Products(ids, true)
                              : type == kCategoryType ? loader_.Categories(ids)
                                                      : loader_.Members(ids);
  if (!batch.ok()) return batch.error();
  std::vector<std::string> written;
  written.reserve(batch->documents.size() + batch->missing.size());
  for (const auto& doc : batch->documents) written.push_back(doc.id);
  written.insert(written.end(), batch->missing.begin(), batch->missing.end());
  if (!batch->documents.empty()) {
    EMPORION_RETURN_IF_ERROR(UpsertEach(type, std::move(batch->documents)));
  }
  if (!batch->missing.empty()) EMPORION_RETURN_IF_ERROR(engine_.Remove(type, batch->missing));
  NoteRebuildWrites(type, written);
  if (type == kProductType) RecordStockSignatures(*batch);
  SchedulePriceChanges(batch->price_changes);
  return Ok();
}

Status Indexer::UpsertEach(const std::string& type, std::vector<search::Document> docs) {
  std::vector<search::Document> copy = docs;
  auto all = engine_.Upsert(type, std::move(docs));
  if (all.ok() || all.error().code() != ErrorCode::kInvalidArgument) return all;
  // A document the engine refuses (a field of another kind than before) must not hold back the
  // others: write them one by one and skip the refused ones.
  for (auto& doc : copy) {
    const std::string id = doc.id;
    auto one = engine_.Upsert(type, {std::move(doc)});
    if (!one.ok()) {
      if (one.error().code() != ErrorCode::kInvalidArgument) return one;
      spdlog::warn("search: {} '{}' not indexed: {}", type, id, one.error().detail());
    }
  }
  return Ok();
}

void Indexer::SchedulePriceChanges(const std::vector<std::pair<std::string, Timestamp>>& changes) {
  if (changes.empty()) return;
  std::lock_guard lock(mutex_);
  for (const auto& [id, when] : changes) {
    // One timer per product and time.
    auto range = price_timers_.equal_range(when);
    bool known = false;
    for (auto it = range.first; it != range.second && !known; ++it) known = it->second == id;
    if (!known) price_timers_.emplace(when, id);
  }
}

namespace {

/// Adds `docs` to `builder`; a batch the engine refuses (a field of another kind) is added one
/// by one, skipping the refused documents.
Status AddEach(search::IndexBuilder& builder, const std::string& type,
               std::vector<search::Document> docs) {
  if (docs.empty()) return Ok();
  std::vector<search::Document> copy = docs;
  auto added = builder.Add(std::move(docs));
  if (added.ok() || added.error().code() != ErrorCode::kInvalidArgument) return added;
  for (auto& doc : copy) {
    const std::string id = doc.id;
    auto one = builder.Add({std::move(doc)});
    if (!one.ok()) {
      if (one.error().code() != ErrorCode::kInvalidArgument) return one;
      spdlog::warn("search: {} '{}' not indexed: {}", type, id, one.error().detail());
    }
  }
  return Ok();
}

}  // namespace

void Indexer::SetRebuildWriteBudget(std::uint64_t documents) {
  std::lock_guard lock(mutex_);
  rebuild_write_budget_ = documents;
}

void Indexer::NoteRebuildWrites(const std::string& type, const std::vector<std::string>& ids) {
  std::lock_guard lock(mutex_);
  auto writes = rebuild_writes_.find(type);
  if (writes == rebuild_writes_.end()) return;
  writes->second += ids.size();
  rebuild_written_ids_[type].insert(ids.begin(), ids.end());
}

bool Indexer::HoldForRebuild(const std::string& type) const {
  std::lock_guard lock(mutex_);
  return HoldLocked(type);
}

bool Indexer::HoldLocked(const std::string& type) const {
  auto writes = rebuild_writes_.find(type);
  return writes != rebuild_writes_.end() && writes->second >= rebuild_write_budget_;
}

Status Indexer::CatchUp(const std::string& type, search::IndexBuilder& builder,
                        const std::set<std::string>& ids) {
  std::vector<std::string> all(ids.begin(), ids.end());
  for (std::size_t i = 0; i < all.size(); i += kBatch) {
    const std::vector<std::string> part(
        all.begin() + static_cast<std::ptrdiff_t>(i),
        all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), i + kBatch)));
    // Each id by itself: a product's related documents were noted under their own ids.
    Result<LoadedBatch> batch = type == kProductType    ? loader_.Products(part, false)
                                : type == kCategoryType ? loader_.Categories(part)
                                                        : loader_.Members(part);
    if (!batch.ok()) return batch.error();
    EMPORION_RETURN_IF_ERROR(AddEach(builder, type, std::move(batch->documents)));
    if (!batch->missing.empty()) EMPORION_RETURN_IF_ERROR(builder.Remove(batch->missing));
    SchedulePriceChanges(batch->price_changes);
  }
  return Ok();
}

Result<RebuildOutcome> Indexer::Rebuild(const std::string& type, const RebuildProgress& progress) {
  if (std::find(Types().begin(), Types().end(), type) == Types().end()) {
    return Error::NotFound("no search index '" + type + "'");
  }
  {
    std::lock_guard lock(mutex_);
    if (!rebuilding_.insert(type).second) {
      return Error::Conflict("a rebuild of the " + type + " index is running already");
    }
    if (type == kProductType) stock_signatures_.clear();
    // From here on the drains note what they write to the live index (the catch-up).
    rebuild_writes_[type] = 0;
    rebuild_written_ids_[type].clear();
  }
  struct Done {
    Indexer* self;
    std::string type;
    ~Done() {
      std::lock_guard lock(self->mutex_);
      self->rebuilding_.erase(type);
      self->rebuild_writes_.erase(type);
      self->rebuild_written_ids_.erase(type);
      // The rebuilt index holds the stock it read: no signature from before stays valid.
      if (type == kProductType) self->stock_signatures_.clear();
    }
  } done{this, type};

  EMPORION_ASSIGN_OR_RETURN(auto total, loader_.Count(type));
  if (progress.set_total) progress.set_total(total);
  // No engine journal: it would keep every document written meanwhile a second time (a stock
  // sync re-indexing the catalog during a long rebuild held gigabytes); the catch-up below
  // re-reads those documents by id instead.
  EMPORION_ASSIGN_OR_RETURN(auto builder,
                            engine_.BeginRebuild(type, search::RebuildJournal::kCaller));
  RebuildOutcome out;
  std::string after;
  for (;;) {
    if (progress.cancelled && progress.cancelled()) {
      out.cancelled = true;
      return out;
    }
    std::string next;
    EMPORION_ASSIGN_OR_RETURN(auto batch, loader_.Page(type, after, kRebuildPage, next));
    const auto n = static_cast<std::int64_t>(batch.documents.size());
    out.documents += n;
    SchedulePriceChanges(batch.price_changes);
    EMPORION_RETURN_IF_ERROR(AddEach(*builder, type, std::move(batch.documents)));
    if (progress.advance && n > 0) progress.advance(n);  // (a pass may end on an empty page)
    if (next.empty()) break;
    after = std::move(next);
  }
  // Catch up with what the drains wrote to the live index meanwhile: its ids are re-read (a
  // read after the write sees that version or a newer one). The first rounds run while drains
  // go on; the last one, once little is left, holds them off until the new index is live, so
  // no write falls between the catch-up and the swap.
  for (int round = 0;; ++round) {
    std::set<std::string> ids;
    {
      std::lock_guard lock(mutex_);
      ids.swap(rebuild_written_ids_[type]);
    }
    if (round + 1 < kCatchUpRounds && ids.size() > kBatch) {
      if (progress.cancelled && progress.cancelled()) {
        out.cancelled = true;
        return out;
      }
      EMPORION_RETURN_IF_ERROR(CatchUp(type, *builder, ids));
      continue;
    }
    std::lock_guard drain(drain_mutex_);
    {
      std::lock_guard lock(mutex_);
      ids.merge(rebuild_written_ids_[type]);
      rebuild_writes_.erase(type);  // drains write to the new index from here on
      rebuild_written_ids_.erase(type);
    }
    EMPORION_RETURN_IF_ERROR(CatchUp(type, *builder, ids));
    EMPORION_RETURN_IF_ERROR(builder->Commit());
    break;
  }
  {
    std::lock_guard lock(mutex_);
    last_rebuild_millis_[type] = clock_.Now() / 1000;
    usable_.insert(type);
    dirty_ = true;
  }
  spdlog::info("search: {} index rebuilt ({} documents)", type, out.documents);
  if (!snapshot_dir_.empty()) {
    if (auto s = SaveSnapshot(); !s.ok()) {
      spdlog::warn("search: snapshot after rebuild: {}", s.error().detail());
    }
  }
  return out;
}

Status Indexer::SaveSnapshot() {
  if (snapshot_dir_.empty()) return Error::Unavailable("no snapshot directory");
  std::lock_guard drain(drain_mutex_);
  std::int64_t watermark = 0;
  {
    std::lock_guard lock(mutex_);
    watermark = applied_seq_;
  }
  std::error_code ec;
  fs::create_directories(EngineDir(snapshot_dir_), ec);
  if (ec) return Error::Unavailable("cannot create " + snapshot_dir_ + ": " + ec.message());
  EMPORION_RETURN_IF_ERROR(engine_.SaveSnapshot(EngineDir(snapshot_dir_), watermark));
  EMPORION_RETURN_IF_ERROR(SaveState(watermark));
  std::lock_guard lock(mutex_);
  dirty_ = false;
  last_snapshot_ = clock_.Now();
  return Ok();
}

Status Indexer::SaveState(std::int64_t watermark) const {
  json::Writer w;
  w.StartObject().Key("format").Int(1).Key("watermark").Int(watermark);
  {
    std::lock_guard lock(mutex_);
    w.Key("lastRebuild").StartObject();
    for (const auto& [type, ms] : last_rebuild_millis_) w.Key(type).Int(ms);
    w.EndObject().Key("lastUpdate").StartObject();
    for (const auto& [type, ms] : last_update_millis_) w.Key(type).Int(ms);
    w.EndObject().Key("priceTimers").StartArray();
    for (const auto& [when, id] : price_timers_) w.StartArray().String(id).Int(when).EndArray();
    w.EndArray();
  }
  w.EndObject();
  const std::string path = StatePath(snapshot_dir_);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << w.view();
    f.flush();
    if (!f) return Error::Unavailable("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Error::Unavailable("cannot write " + path + ": " + ec.message());
  return Ok();
}

bool Indexer::LoadState(std::int64_t& watermark) {
  std::ifstream f(StatePath(snapshot_dir_), std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  auto doc = json::ParseObject(ss.str());
  if (!doc.ok()) return false;
  auto wm = doc->FindMember("watermark");
  if (wm == doc->MemberEnd() || !wm->value.IsInt64()) return false;
  watermark = wm->value.GetInt64();
  std::lock_guard lock(mutex_);
  auto read_times = [&](const char* name, std::map<std::string, std::int64_t>& into) {
    auto it = doc->FindMember(name);
    if (it == doc->MemberEnd() || !it->value.IsObject()) return;
    for (const auto& m : it->value.GetObject()) {
      if (m.value.IsInt64()) into[m.name.GetString()] = m.value.GetInt64();
    }
  };
  read_times("lastRebuild", last_rebuild_millis_);
  read_times("lastUpdate", last_update_millis_);
  if (auto it = doc->FindMember("priceTimers"); it != doc->MemberEnd() && it->value.IsArray()) {
    for (const auto& e : it->value.GetArray()) {
      if (e.IsArray() && e.Size() == 2 && e[0].IsString() && e[1].IsInt64()) {
        price_timers_.emplace(e[1].GetInt64(), e[0].GetString());
      }
    }
  }
  return true;
}

std::vector<IndexStatus> Indexer::Statuses() const {
  std::vector<IndexStatus> out;
  const Timestamp now = clock_.Now();
  for (const auto& type : Types()) {
    IndexStatus s;
    s.stats = engine_.Stats(type);
    s.stats.type = type;
    std::lock_guard lock(mutex_);
    auto rebuilt = last_rebuild_millis_.find(type);
    s.last_rebuild_millis =
        rebuilt != last_rebuild_millis_.end() ? rebuilt->second : s.stats.last_rebuild_millis;
    auto updated = last_update_millis_.find(type);
    s.last_update_millis = std::max(updated != last_update_millis_.end() ? updated->second : 0,
                                    s.stats.last_update_millis);
    if (auto p = pending_.find(type); p != pending_.end()) {
      s.pending = static_cast<std::int64_t>(p->second.ids.size());
      const bool waiting =
          s.pending > 0 || (type == kProductType && !pending_category_products_.empty());
      if (waiting && p->second.oldest != 0) {
        s.lag_millis = std::max<std::int64_t>(0, (now - p->second.oldest) / 1000);
      }
    }
    // What the running drain took is still pending until it ends (else a drain of a large
    // set shows "nothing pending" for as long as it runs).
    if (auto f = in_flight_count_.find(type); f != in_flight_count_.end() && f->second > 0) {
      s.pending += f->second;
      if (auto o = in_flight_oldest_.find(type); o != in_flight_oldest_.end() && o->second != 0) {
        s.lag_millis = std::max<std::int64_t>(s.lag_millis, (now - o->second) / 1000);
      }
    }
    s.rebuilding = rebuilding_.count(type) != 0;
    s.loaded_from_snapshot = loaded_from_snapshot_;
    out.push_back(std::move(s));
  }
  return out;
}

bool NeedsCompaction(const search::IndexStats& stats) {
  return stats.deleted >= kCompactMinDead && stats.deleted > stats.documents;
}

bool CompactNow(const search::IndexStats& stats, std::int64_t quiet_millis) {
  return NeedsCompaction(stats) && (quiet_millis >= kCompactQuietMillis ||
                                    stats.deleted > stats.documents + kCompactBurstSlack);
}

bool Indexer::Ready() const {
  std::lock_guard lock(mutex_);
  return usable_.size() == Types().size();
}

}  // namespace emporion::search_module
