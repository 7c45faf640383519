#include "platform/events/outbox.hpp"

#include "platform/core/uuid.hpp"
#include "platform/events/outbox_bounds.hpp"

namespace emporion::events {

using db::Param;

Status AppendToOutbox(db::Transaction& tx, DomainEvent& e) {
  if (e.id.empty()) e.id = NewUuidV7(e.occurred_at != 0 ? e.occurred_at : SystemClock().Now());
  if (e.occurred_at == 0) e.occurred_at = SystemClock().Now();
  EMPORION_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("INSERT INTO outbox (event_id, type, entity_type, entity_id, payload, "
                  "occurred_at, actor, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
                  {Param(e.id), Param(e.type), Param(e.entity_type), Param(e.entity_id),
                   Param(e.payload), Param(FormatIso8601Millis(e.occurred_at)), Param(e.actor),
                   Param(e.request_id)}));
  if (row) e.seq = row->Int(0);
  return Ok();
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

Status AppendChange(db::Transaction& tx, const Change& c) {
  EMPORION_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO changes (entity_type, entity_id, operation, actor, at, request_id, "
              "detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
              {Param(c.entity_type), Param(c.entity_id), Param(c.operation), Param(c.actor),
               Param(FormatIso8601Millis(c.at)), Param(c.request_id),
               Param(c.detail.empty() ? std::string("{}") : c.detail)}));
  return Ok();
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
  EMPORION_RETURN_IF_ERROR(AppendToOutbox(*tx_, e));
  events_.push_back(std::move(e));
  return Ok();
}

Status UnitOfWork::Record(std::string entity_type, std::string entity_id, std::string operation,
                          std::string detail_json) {
  return AppendChange(*tx_, {0, std::move(entity_type), std::move(entity_id), std::move(operation),
                             actor_, now_, request_id_, std::move(detail_json)});
}

Status UnitOfWork::Commit() {
  EMPORION_RETURN_IF_ERROR(tx_->Commit());
  if (bus_ != nullptr && !events_.empty()) bus_->Publish(events_);
  events_.clear();
  return Ok();
}

}  // namespace emporion::events
