// Dispatcher: everything between "a request was read" and "a response is ready to write", with
// no sockets involved, so it is unit-testable: routing (404/405), CORS, content-type checks (415),
// authentication (401) and permission checks (403), Idempotency-Key replay, the handler call,
// error-to-problem mapping, exceptions to 500, gzip, request ids, metrics and the access log.
// Thread-safe after construction (the router is frozen; collaborators are thread-safe).
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "platform/http/router.hpp"
#include "platform/metrics/metrics.hpp"

namespace emporion::http {

/// Resolves the caller from the request's credentials. Implemented by the security module.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  /// nullptr when the request carries no credentials; kUnauthenticated when they are invalid.
  /// The principal is shared (typically with a cache) and never modified afterwards.
  virtual Result<std::shared_ptr<const Principal>> Authenticate(const Request& request) = 0;
};

/// Stores first responses of POSTs that carried an Idempotency-Key (contract section 2).
class IdempotencyStore {
 public:
  struct Entry {
    std::string request_hash;
    Response response;
  };
  virtual ~IdempotencyStore() = default;
  /// The stored entry for (scope, key) younger than 24 hours.
  virtual Result<std::optional<Entry>> Find(const std::string& scope, const std::string& key) = 0;
  /// Saves the first response; a concurrent duplicate save keeps the first.
  virtual Status Save(const std::string& scope, const std::string& key, const Entry& entry) = 0;
};

struct DispatcherOptions {
  std::vector<std::string> cors_origins;  // "*" allows any origin
  std::size_t gzip_min_bytes = 1024;
  bool access_log = true;
  /// Where access-log lines go; null: spdlog's default logger. The app passes a logger with a
  /// buffered sink (log/buffered_sink.hpp).
  std::shared_ptr<spdlog::logger> access_logger;
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, DispatcherOptions options, metrics::Metrics* metrics);

  void SetAuthenticator(Authenticator* auth) { auth_ = auth; }
  void SetIdempotencyStore(IdempotencyStore* store) { idempotency_ = store; }

  /// First step, cheap and non-blocking: assigns the request id, matches the route. Returns the
  /// route to execute, or nullptr when `early` holds the final response (404, 405, preflight,
  /// 415).
  const RouteSpec* Route(Request& request, Response& early) const;
  /// The body limit of the route `method` + `target` (raw request target) would match:
  /// its RouteSpec::max_body_bytes, or `global` when it sets none or nothing matches.
  std::size_t BodyLimit(Verb method, std::string_view target, std::size_t global) const;
  /// The largest body limit of any route, at least `global` (the header-phase limit).
  std::size_t MaxBodyLimit(std::size_t global) const;
  /// Second step: authentication, permission, idempotency and the handler. May block when the
  /// route is blocking: call it from the worker pool then.
  Response Execute(const RouteSpec& route, Request& request) const;
  /// Last step: headers every response carries, gzip, metrics and access log.
  void Finish(const Request& request, const RouteSpec* route, Response& response,
              std::chrono::steady_clock::time_point started) const;

  /// The three steps in a row (tests, and the server for non-blocking routes).
  Response Handle(Request& request) const;

 private:
  Response Invoke(const RouteSpec& route, Request& request) const;

  const Router& router_;
  DispatcherOptions options_;
  metrics::Metrics* metrics_;
  // Idempotency keys whose first request is running in this process.
  class InFlightKey {
   public:
    InFlightKey(const Dispatcher& d, std::string key) : d_(d), key_(std::move(key)) {
      std::lock_guard lock(d_.in_flight_mutex_);
      acquired_ = d_.in_flight_.insert(key_).second;
    }
    ~InFlightKey() {
      if (!acquired_) return;
      std::lock_guard lock(d_.in_flight_mutex_);
      d_.in_flight_.erase(key_);
    }
    InFlightKey(const InFlightKey&) = delete;
    InFlightKey& operator=(const InFlightKey&) = delete;
    [[nodiscard]] bool acquired() const { return acquired_; }

   private:
    const Dispatcher& d_;
    std::string key_;
    bool acquired_ = false;
  };
  mutable std::mutex in_flight_mutex_;
  mutable std::unordered_set<std::string> in_flight_;  // GUARDED_BY(in_flight_mutex_)
  std::unordered_map<const RouteSpec*, metrics::Metrics::RouteStats*> route_stats_;
  Authenticator* auth_ = nullptr;
  IdempotencyStore* idempotency_ = nullptr;
};

/// gzip-compresses `data` (RFC 1952).
std::string Gzip(std::string_view data);
/// Splits and percent-decodes a query string ("a=1&b=x%20y").
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view query);
/// Percent-decodes (and '+' -> ' ' when `plus_as_space`).
std::string PercentDecode(std::string_view s, bool plus_as_space);

}  // namespace emporion::http
