#include "platform/events/outbox.hpp"

#include <string_view>
#include <unordered_map>

#include "platform/core/uuid.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/events/outbox_bounds.hpp"

namespace emporion::events {

using db::Param;

namespace {

constexpr std::string_view kOutboxInsert =
    "INSERT INTO outbox (event_id, type, entity_type, entity_id, payload, occurred_at, actor, "
    "request_id) VALUES ";
constexpr std::string_view kOutboxRow = "(?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kChangesInsert =
    "INSERT INTO changes (entity_type, entity_id, operation, actor, at, request_id, detail) "
    "VALUES ";
constexpr std::string_view kChangesRow = "(?, ?, ?, ?, ?, ?, ?)";

void FillIdAndTime(DomainEvent& e) {
  if (e.id.empty()) e.id = NewUuidV7(e.occurred_at != 0 ? e.occurred_at : SystemClock().Now());
  if (e.occurred_at == 0) e.occurred_at = SystemClock().Now();
}

void AddOutboxParams(db::Params& params, const DomainEvent& e) {
  params.push_back(Param(e.id));
  params.push_back(Param(e.type));
  params.push_back(Param(e.entity_type));
  params.push_back(Param(e.entity_id));
  params.push_back(Param(e.payload));
  params.push_back(Param(FormatIso8601Millis(e.occurred_at)));
  params.push_back(Param(e.actor));
  params.push_back(Param(e.request_id));
}

}  // namespace

Status AppendToOutbox(db::Transaction& tx, DomainEvent& e) {
  std::vector<DomainEvent> one(1, std::move(e));
  Status status = AppendToOutbox(tx, one, 0, 1);
  e = std::move(one.front());
  return status;
}

Status AppendToOutbox(db::Transaction& tx, std::vector<DomainEvent>& events, std::size_t begin,
                      std::size_t end) {
  return db::ForEachStatementSlice(end - begin, kUnitFlushRows,
                                   [&](std::size_t first, std::size_t count) -> Status {
    const std::size_t at = begin + first;
    db::Params params;
    params.reserve(count * 8);
    std::unordered_map<std::string_view, DomainEvent*> by_id;
    by_id.reserve(count);
    for (std::size_t i = at; i < at + count; ++i) {
      FillIdAndTime(events[i]);
      AddOutboxParams(params, events[i]);
      by_id.emplace(events[i].id, &events[i]);
    }
    // RETURNING gives no row order on SQLite: match the sequence numbers by event id.
    EMPORION_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(db::MultiRowSql(kOutboxInsert, kOutboxRow, count, " RETURNING seq, event_id"),
                 params));
    for (const auto& row : rows) {
      if (auto it = by_id.find(row.Text(1)); it != by_id.end()) it->second->seq = row.Int(0);
    }
    return Ok();
  });
}

Result<std::vector<DomainEvent>> ReadOutbox(db::Transaction& tx, std::int64_t after_seq,
                                            int limit) {
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT seq, event_id, type, entity_type, entity_id, payload, occurred_at, actor, "
               "request_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
               {Param(after_seq), Param(std::int64_t{limit})}));
  std::vector<DomainEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    DomainEvent e;
    e.seq = r.Int(0);
    e.id = r.Text(1);
    e.type = r.Text(2);
    e.entity_type = r.Text(3);
    e.entity_id = r.Text(4);
    e.payload = r.Text(5);
    e.occurred_at = ParseIso8601(r.Text(6)).value_or(0);
    e.actor = r.Text(7);
    e.request_id = r.Text(8);
    out.push_back(std::move(e));
  }
  return out;
}

namespace {
Result<std::optional<std::int64_t>> OutboxBound(db::Transaction& tx, const char* sql) {
  EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, {}));
  if (!row) return std::optional<std::int64_t>();
  return row->OptInt(0);
}
}  // namespace

Result<std::optional<std::int64_t>> OldestOutboxSeq(db::Transaction& tx) {
  return OutboxBound(tx, "SELECT MIN(seq) FROM outbox");
}

Result<std::optional<std::int64_t>> LatestOutboxSeq(db::Transaction& tx) {
  return OutboxBound(tx, "SELECT MAX(seq) FROM outbox");
}

Status AppendChanges(db::Transaction& tx, const std::vector<Change>& changes) {
  return db::ForEachStatementSlice(changes.size(), kUnitFlushRows,
                                   [&](std::size_t at, std::size_t count) -> Status {
    db::Params params;
    params.reserve(count * 7);
    for (std::size_t i = at; i < at + count; ++i) {
      const Change& c = changes[i];
      params.push_back(Param(c.entity_type));
      params.push_back(Param(c.entity_id));
      params.push_back(Param(c.operation));
      params.push_back(Param(c.actor));
      params.push_back(Param(FormatIso8601Millis(c.at)));
      params.push_back(Param(c.request_id));
      params.push_back(Param(c.detail.empty() ? std::string("{}") : c.detail));
    }
    EMPORION_RETURN_IF_ERROR(tx.Exec(db::MultiRowSql(kChangesInsert, kChangesRow, count), params));
    return Ok();
  });
}

Result<std::pair<std::vector<Change>, std::int64_t>> QueryChanges(db::Transaction& tx,
                                                                  const ChangeQuery& q) {
  // One fixed statement; absent filters bind NULL and match everything.
  const std::string where =
      " WHERE (CAST(? AS TEXT) IS NULL OR entity_type = ?)"
      " AND (CAST(? AS TEXT) IS NULL OR entity_id = ?)"
      " AND (CAST(? AS TEXT) IS NULL OR actor = ?)"
      " AND (CAST(? AS TEXT) IS NULL OR operation = ?)"
      " AND (CAST(? AS TEXT) IS NULL OR at >= ?)";
  const std::optional<std::string> since =
      q.since ? std::optional<std::string>(FormatIso8601Millis(*q.since)) : std::nullopt;
  db::Params params = {Param(q.entity_type), Param(q.entity_type), Param(q.entity_id),
                       Param(q.entity_id),   Param(q.actor),       Param(q.actor),
                       Param(q.operation),   Param(q.operation),   Param(since),
                       Param(since)};
  EMPORION_ASSIGN_OR_RETURN(auto count, tx.QueryOne("SELECT COUNT(*) FROM changes" + where, params));
  params.push_back(Param(std::int64_t{q.limit}));
  params.push_back(Param(std::int64_t{q.offset}));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT seq, entity_type, entity_id, operation, actor, at, request_id, detail "
               "FROM changes" +
                   where + (q.newest_first ? " ORDER BY seq DESC" : " ORDER BY seq") +
                   " LIMIT ? OFFSET ?",
               params));
  std::vector<Change> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                   ParseIso8601(r.Text(5)).value_or(0), r.Text(6), r.Text(7)});
  }
  return std::make_pair(std::move(out), count ? count->Int(0) : 0);
}

Result<UnitOfWork> UnitOfWork::Begin(db::Database& db, const EventBus* bus, std::string actor,
                                     std::string request_id, const Clock& clock) {
  UnitOfWork u;
  EMPORION_ASSIGN_OR_RETURN(u.tx_, db.Begin(db::TxMode::kWrite));
  u.bus_ = bus;
  u.actor_ = std::move(actor);
  u.request_id_ = std::move(request_id);
  u.now_ = clock.Now();
  return u;
}

Status UnitOfWork::Emit(std::string type, std::string entity_type, std::string entity_id,
                        std::string payload_json) {
  DomainEvent e;
  e.type = std::move(type);
  e.entity_type = std::move(entity_type);
  e.entity_id = std::move(entity_id);
  e.payload = std::move(payload_json);
  e.occurred_at = now_;
  e.actor = actor_;
  e.request_id = request_id_;
  events_.push_back(std::move(e));
  if (events_.size() - events_written_ >= kUnitFlushRows) return FlushEvents();
  return Ok();
}

Status UnitOfWork::Record(std::string entity_type, std::string entity_id, std::string operation,
                          std::string detail_json) {
  changes_.push_back({0, std::move(entity_type), std::move(entity_id), std::move(operation),
                      actor_, now_, request_id_, std::move(detail_json)});
  if (changes_.size() >= kUnitFlushRows) return FlushChanges();
  return Ok();
}

Status UnitOfWork::FlushEvents() {
  EMPORION_RETURN_IF_ERROR(AppendToOutbox(*tx_, events_, events_written_, events_.size()));
  events_written_ = events_.size();
  return Ok();
}

Status UnitOfWork::FlushChanges() {
  EMPORION_RETURN_IF_ERROR(AppendChanges(*tx_, changes_));
  changes_.clear();
  return Ok();
}

Status UnitOfWork::Commit() {
  EMPORION_RETURN_IF_ERROR(FlushEvents());
  EMPORION_RETURN_IF_ERROR(FlushChanges());
  EMPORION_RETURN_IF_ERROR(tx_->Commit());
  if (bus_ != nullptr && !events_.empty()) bus_->Publish(events_);
  events_.clear();
  events_written_ = 0;
  return Ok();
}

}  // namespace emporion::events
