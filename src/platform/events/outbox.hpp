// Outbox and change history: append inside the caller's transaction; read in order.
// UnitOfWork bundles a write transaction with both, and publishes to the EventBus after commit.
// Thread safety: UnitOfWork belongs to one thread; the static functions are reentrant.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::events {

/// Appends `event` to the outbox; fills in id and occurred_at when empty.
Status AppendToOutbox(db::Transaction& tx, DomainEvent& event);
/// Events with seq > `after_seq`, oldest first, at most `limit`.
Result<std::vector<DomainEvent>> ReadOutbox(db::Transaction& tx, std::int64_t after_seq,
                                            int limit);

/// One entry of the change history (`GET /api/v1/changes`).
struct Change {
  std::int64_t seq = 0;
  std::string entity_type;
  std::string entity_id;
  std::string operation;  // created, updated, deleted, login-succeeded, login-failed, ...
  std::string actor;
  Timestamp at = 0;
  std::string request_id;
  std::string detail;  // JSON object text: {"changes": [{"field", "from", "to"}]} or other facts
};

/// Rows per multi-row INSERT of UnitOfWork's buffered events and changes.
inline constexpr std::size_t kUnitFlushRows = 200;

/// Appends events[begin, end) to the outbox with multi-row INSERTs of at most kUnitFlushRows rows
/// (db::ForEachStatementSlice); fills in ids, times and sequence numbers like AppendToOutbox.
Status AppendToOutbox(db::Transaction& tx, std::vector<DomainEvent>& events, std::size_t begin,
                      std::size_t end);
/// Appends `changes` to the history with multi-row INSERTs, in order.
Status AppendChanges(db::Transaction& tx, const std::vector<Change>& changes);

struct ChangeQuery {
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;
  std::optional<std::string> operation;
  std::optional<Timestamp> since;
  int limit = 20;
  int offset = 0;
  bool newest_first = true;
};
Result<std::pair<std::vector<Change>, std::int64_t>> QueryChanges(db::Transaction& tx,
                                                                  const ChangeQuery& q);

/// A write transaction plus the events and history it produces. Commit() commits all of it
/// atomically and then publishes the events in-process.
///
/// Events and change entries are buffered and written with multi-row INSERTs (at most
/// kUnitFlushRows per statement) when the buffer fills and at Commit, so a bulk request of N
/// entities costs about N/kUnitFlushRows statements for them instead of 2N: on PostgreSQL each
/// statement is a network round trip. They are still part of the unit's one transaction: an
/// unflushed buffer is simply discarded when the unit is abandoned.
class UnitOfWork {
 public:
  /// Begins a write transaction. `actor` and `request_id` stamp every event and change.
  static Result<UnitOfWork> Begin(db::Database& db, const EventBus* bus, std::string actor,
                                  std::string request_id, const Clock& clock);

  db::Transaction& tx() { return *tx_; }
  [[nodiscard]] Timestamp now() const { return now_; }
  [[nodiscard]] const std::string& actor() const { return actor_; }

  /// Adds a domain event to the outbox (same transaction; written by the next flush).
  Status Emit(std::string type, std::string entity_type, std::string entity_id,
              std::string payload_json);
  /// Adds a change-history entry (same transaction; written by the next flush).
  Status Record(std::string entity_type, std::string entity_id, std::string operation,
                std::string detail_json);
  /// Writes the buffered events and changes, commits, then publishes the events to the bus.
  Status Commit();

 private:
  UnitOfWork() = default;
  Status FlushEvents();
  Status FlushChanges();

  std::size_t events_written_ = 0;  // events_[0, events_written_) are in the outbox table
  std::vector<Change> changes_;     // not yet written
  std::unique_ptr<db::Transaction> tx_;
  const EventBus* bus_ = nullptr;
  std::string actor_;
  std::string request_id_;
  Timestamp now_ = 0;
  std::vector<DomainEvent> events_;
};

}  // namespace emporion::events
