// Domain events and the in-process event bus.
// A DomainEvent is written to the outbox inside the transaction of the change (UnitOfWork), and
// published to in-process subscribers only after that transaction commits, so a subscriber never
// sees a change that was rolled back. Outside delivery (webhooks, NATS) reads the outbox.
// Thread-safe: subscribe at start-up; Publish may be called from any thread and runs handlers
// synchronously on the caller's thread (handlers must be quick or hand off work).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "platform/core/clock.hpp"

namespace emporion::events {

struct DomainEvent {
  std::string id;           // UUID v7, the de-duplication id for outside delivery
  std::string type;         // "<module>.<entity>.<created|updated|deleted>" or a business event
  std::string entity_type;  // "security.user"
  std::string entity_id;
  std::string payload;  // JSON object text: ids and what changed
  Timestamp occurred_at = 0;
  std::string actor;
  std::string request_id;
  std::int64_t seq = 0;  // outbox position, set once stored
};

class EventBus {
 public:
  using Handler = std::function<void(const DomainEvent&)>;
  /// Subscribes to events whose type starts with `prefix` ("" = all).
  void Subscribe(std::string prefix, Handler handler);
  void Publish(const std::vector<DomainEvent>& events) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Handler>> handlers_;  // GUARDED_BY(mutex_)
};

}  // namespace emporion::events
