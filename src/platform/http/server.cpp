#include "platform/http/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <list>
#include <optional>

#include "platform/http/asio.hpp"
#include "platform/http/problem.hpp"

namespace emporion::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

class Session;

// Per I/O thread state; touched only from its own thread.
struct Worker {
  asio::io_context io{1};
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> sweeper;
  std::optional<asio::steady_timer> drain_timer;
  std::list<std::weak_ptr<Session>> sessions;
  std::thread thread;
};

struct Server::Impl {
  ServerOptions options;
  const Dispatcher& dispatcher;
  std::vector<std::unique_ptr<Worker>> workers;
  std::unique_ptr<asio::thread_pool> pool;
  std::atomic<bool> draining{false};
  std::atomic<int> open_sessions{0};
  SteadyClock::time_point drain_deadline{};

  // The header is read with the largest limit of any route; the route's own limit applies once
  // the request line is known (OnHeader).
  std::size_t header_phase_body_limit = 0;

  Impl(ServerOptions o, const Dispatcher& d)
      : options(std::move(o)),
        dispatcher(d),
        header_phase_body_limit(d.MaxBodyLimit(options.body_limit)) {}
  void Accept(Worker& w);
  void Sweep(Worker& w);
  void DrainPoll(Worker& w);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  enum class State { kReading, kProcessing, kWriting, kClosed };

  Session(tcp::socket socket, Server::Impl& server)
      : socket_(std::move(socket)), server_(server) {
    server_.open_sessions.fetch_add(1);
  }
  ~Session() { server_.open_sessions.fetch_sub(1); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() {
    // Once per connection: getpeername is a syscall, too dear to repeat for every request.
    beast::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) remote_address_ = ep.address().to_string();
    ReadHeader();
  }

  // Called by the sweeper on the session's thread.
  void CheckTimeout(SteadyClock::time_point now) {
    if (state_ != State::kReading) return;
    const bool mid_request = buffer_.size() > 0 || (parser_ && parser_->got_some());
    const auto limit = mid_request || first_request_ ? server_.options.read_timeout
                                                     : server_.options.idle_timeout;
    if (now - read_started_ > limit) Close();
  }
  void CloseIfIdle() {
    if (state_ == State::kReading && buffer_.size() == 0 && !(parser_ && parser_->got_some())) {
      Close();
    }
  }
  [[nodiscard]] bool closed() const { return state_ == State::kClosed; }

 private:
  void ReadHeader() {
    state_ = State::kReading;
    read_started_ = SteadyClock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(server_.header_phase_body_limit);
    body_limit_ = server_.options.body_limit;
    bhttp::async_read_header(socket_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               self->OnHeader(ec);
                             });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    auto& req = parser_->get();
    if (!parser_->is_done()) {
      // Only requests with a body pay for this second route lookup.
      body_limit_ = server_.dispatcher.BodyLimit(req.method(),
                                                 std::string_view(req.target().data(), req.target().size()),
                                                 server_.options.body_limit);
      parser_->body_limit(body_limit_);
    }
    if (const auto len = parser_->content_length(); len && *len > body_limit_) {
      return RespondAndClose(413, "request body exceeds the limit of " +
                                      std::to_string(body_limit_) + " bytes");
    }
    auto expect = req[bhttp::field::expect];
    if (!expect.empty() && beast::iequals(expect, "100-continue")) {
      // The client waits for this before it sends the body.
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      beast::error_code wec;
      asio::write(socket_, asio::buffer(kContinue), wec);
      if (wec) return Close();
    }
    // Most requests have no body: the parser is already done, skip a second read operation.
    if (parser_->is_done()) return OnRead({});
    bhttp::async_read(socket_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code e, std::size_t) {
                        self->OnRead(e);
                      });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof ||
        ec == asio::error::bad_descriptor) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      return RespondAndClose(413, "request body exceeds the limit of " +
                                      std::to_string(body_limit_) + " bytes");
    }
    if (ec == bhttp::error::header_limit) {
      return RespondAndClose(431, "request header fields are too large");
    }
    if (state_ == State::kClosed) return;
    return RespondAndClose(400, std::string("malformed HTTP request: ") + ec.message());
  }

  void OnRead(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    first_request_ = false;
    state_ = State::kProcessing;
    started_ = SteadyClock::now();
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == bhttp::verb::head;
    request_ = std::make_unique<Request>();
    Request& r = *request_;
    r.method = msg.method();
    r.target = std::string(msg.target());
    const auto q = r.target.find('?');
    r.path = PercentDecode(std::string_view(r.target).substr(0, q), false);
    if (q != std::string::npos) r.query = ParseQueryString(std::string_view(r.target).substr(q + 1));
    r.headers.reserve(16);
    for (const auto& f : msg) {
      std::string name(f.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.body = std::move(msg.body());
    r.remote_address = remote_address_;
    parser_.reset();

    response_ = std::make_unique<Response>();
    route_ = server_.dispatcher.Route(r, *response_);
    if (route_ == nullptr) return Finish();
    if (!route_->blocking || (route_->short_read && server_.options.inline_short_reads)) {
      *response_ = server_.dispatcher.Execute(*route_, r);
      return Finish();
    }
    asio::post(*server_.pool, [self = shared_from_this()] {
      *self->response_ = self->server_.dispatcher.Execute(*self->route_, *self->request_);
      asio::post(self->socket_.get_executor(), [self] { self->Finish(); });
    });
  }

  void Finish() {
    server_.dispatcher.Finish(*request_, route_, *response_, started_);
    Write(*response_);
  }

  void Write(Response& r) {
    state_ = State::kWriting;
    out_.emplace();
    auto& res = *out_;
    res.version(11);
    res.result(r.status);
    res.set(bhttp::field::server, "emporion");
    if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res.insert(k, v);
    const bool keep = keep_alive_ && !server_.draining.load() && !close_after_;
    res.keep_alive(keep);
    if (head_) {
      res.content_length(r.body.size());
    } else {
      res.body() = std::move(r.body);
      res.prepare_payload();
    }
    if (r.status == 204 || r.status == 304) res.erase(bhttp::field::content_length);
    bhttp::async_write(socket_, res, [self = shared_from_this(), keep](beast::error_code ec,
                                                                        std::size_t) {
      self->out_.reset();
      self->request_.reset();
      self->response_.reset();
      if (ec || !keep) return self->Close();
      self->ReadHeader();
    });
  }

  void RespondAndClose(unsigned status, std::string detail) {
    close_after_ = true;
    keep_alive_ = false;
    request_ = std::make_unique<Request>();
    request_->request_id = "";
    ErrorCode code = ErrorCode::kInvalidArgument;
    if (status == 413) code = ErrorCode::kPayloadTooLarge;
    response_ = std::make_unique<Response>(ProblemResponse(Error(code, std::move(detail)), ""));
    response_->status = status;
    head_ = false;
    Write(*response_);
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  tcp::socket socket_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> out_;
  std::string remote_address_;
  std::unique_ptr<Request> request_;
  std::unique_ptr<Response> response_;
  const RouteSpec* route_ = nullptr;
  State state_ = State::kReading;
  SteadyClock::time_point read_started_{};
  SteadyClock::time_point started_{};
  bool keep_alive_ = true;
  bool head_ = false;
  bool close_after_ = false;
  bool first_request_ = true;
  std::size_t body_limit_ = 0;  // of the request being read
};

void Server::Impl::Accept(Worker& w) {
  w.acceptor->async_accept(w.io, [this, &w](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || draining.load()) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      beast::error_code oec;
      socket.set_option(tcp::no_delay(true), oec);
      auto session = std::make_shared<Session>(std::move(socket), *this);
      w.sessions.push_back(session);
      session->Start();
    }
    if (!draining.load()) Accept(w);
  });
}

void Server::Impl::Sweep(Worker& w) {
  w.sweeper->expires_after(std::chrono::seconds(1));
  w.sweeper->async_wait([this, &w](beast::error_code ec) {
    if (ec || draining.load()) return;
    const auto now = SteadyClock::now();
    for (auto it = w.sessions.begin(); it != w.sessions.end();) {
      auto s = it->lock();
      if (!s || s->closed()) {
        it = w.sessions.erase(it);
        continue;
      }
      s->CheckTimeout(now);
      ++it;
    }
    Sweep(w);
  });
}

Server::Server(ServerOptions options, const Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() {
  for (auto& w : impl_->workers) {
    w->io.stop();
    if (w->thread.joinable()) w->thread.join();
  }
}

Status Server::Listen() {
  auto& o = impl_->options;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned io_threads = o.io_threads != 0 ? o.io_threads : cores;
  const unsigned pool_threads = o.worker_threads != 0 ? o.worker_threads : std::max(4u, 2 * cores);
  impl_->pool = std::make_unique<asio::thread_pool>(pool_threads);
  beast::error_code ec;
  const auto address = asio::ip::make_address(o.host, ec);
  if (ec) return Error::InvalidArgument("--listen: bad address '" + o.host + "'");
  std::uint16_t port = o.port;
  for (unsigned i = 0; i < io_threads; ++i) {
    auto w = std::make_unique<Worker>();
    w->acceptor.emplace(w->io);
    tcp::endpoint ep(address, port);
    w->acceptor->open(ep.protocol(), ec);
    if (!ec) w->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) {
      int one = 1;
      if (::setsockopt(w->acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) !=
          0) {
        return Error::Unavailable("SO_REUSEPORT failed");
      }
    }
    if (!ec) w->acceptor->bind(ep, ec);
    if (!ec) w->acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error::Unavailable("cannot listen on " + o.host + ":" + std::to_string(port) + ": " +
                                ec.message());
    }
    port = w->acceptor->local_endpoint().port();
    w->sweeper.emplace(w->io);
    w->drain_timer.emplace(w->io);
    impl_->workers.push_back(std::move(w));
  }
  port_ = port;
  return Ok();
}

void Server::Run() {
  for (auto& w : impl_->workers) {
    impl_->Accept(*w);
    impl_->Sweep(*w);
  }
  for (std::size_t i = 1; i < impl_->workers.size(); ++i) {
    Worker* w = impl_->workers[i].get();
    w->thread = std::thread([w] { w->io.run(); });
  }
  impl_->workers[0]->io.run();
  for (auto& w : impl_->workers) {
    if (w->thread.joinable()) w->thread.join();
  }
  impl_->pool->join();
}

void Server::Stop() {
  if (impl_->draining.exchange(true)) return;
  Impl* impl = impl_.get();
  impl->drain_deadline = SteadyClock::now() + impl->options.shutdown_grace;
  for (auto& wp : impl->workers) {
    Worker* w = wp.get();
    asio::post(w->io, [impl, w] {
      beast::error_code ec;
      w->acceptor->close(ec);
      w->sweeper->cancel();
      impl->DrainPoll(*w);
    });
  }
}

void Server::Impl::DrainPoll(Worker& w) {
  bool any = false;
  for (auto& weak : w.sessions) {
    if (auto s = weak.lock(); s && !s->closed()) {
      s->CloseIfIdle();
      any = any || !s->closed();
    }
  }
  if (!any || SteadyClock::now() > drain_deadline) {
    w.io.stop();
    return;
  }
  w.drain_timer->expires_after(std::chrono::milliseconds(20));
  w.drain_timer->async_wait([this, &w](beast::error_code) { DrainPoll(w); });
}

}  // namespace emporion::http
