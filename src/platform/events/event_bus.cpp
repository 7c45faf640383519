#include "platform/events/event_bus.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace emporion::events {

void EventBus::Subscribe(std::string prefix, Handler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_.emplace_back(std::move(prefix), std::move(handler));
}

void EventBus::Publish(const std::vector<DomainEvent>& events) const {
  std::vector<std::pair<std::string, Handler>> handlers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    handlers = handlers_;
  }
  for (const auto& e : events) {
    for (const auto& [prefix, handler] : handlers) {
      if (e.type.compare(0, prefix.size(), prefix) != 0) continue;
      try {
        handler(e);
      } catch (const std::exception& ex) {
        // The change is committed; a failing subscriber must not fail the request.
        spdlog::error("event handler for {} threw: {}", e.type, ex.what());
      }
    }
  }
}

}  // namespace emporion::events
