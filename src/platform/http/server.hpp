// Server: HTTP/1.1 on Boost.Beast. One io_context per I/O thread, each with its own
// SO_REUSEPORT acceptor (the kernel spreads connections); blocking route handlers run on a
// bounded worker pool and hand the response back to the connection's I/O thread. Keep-alive,
// body and header limits, read/idle timeouts from a once-a-second sweep per thread (no timer
// syscalls per request), 100-continue, graceful shutdown: Stop() closes the acceptors and idle
// connections, lets open requests finish and returns from Run().
// Thread-safe: Stop() may be called from any thread; the rest from the owning thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/http/dispatcher.hpp"

namespace emporion::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned io_threads = 0;      // 0: one per core
  unsigned worker_threads = 0;  // 0: two per core, at least 4
  std::size_t body_limit = 16u << 20;
  std::size_t header_limit = 64u << 10;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{75};
  std::chrono::seconds shutdown_grace{30};
  /// Run RouteSpec::short_read handlers on the I/O thread (see types.hpp).
  bool inline_short_reads = false;
};

class Server {
 public:
  Server(ServerOptions options, const Dispatcher& dispatcher);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens; after success port() is the real port (useful with port 0).
  Status Listen();
  [[nodiscard]] std::uint16_t port() const { return port_; }
  /// Serves until Stop(); returns when every connection is closed or the grace period ended.
  void Run();
  /// Begins graceful shutdown. Thread-safe, idempotent.
  void Stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace emporion::http
