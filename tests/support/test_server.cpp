#include "support/test_server.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace emporion::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

nlohmann::json HttpResponse::Json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j;
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

struct HttpClient::Impl {
  std::string host;
  int port;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void Connect() {
    stream.emplace(io);
    asio::ip::tcp::endpoint ep(asio::ip::make_address(host), static_cast<unsigned short>(port));
    stream->connect(ep);
    stream->socket().set_option(asio::ip::tcp::no_delay(true));
    buffer.clear();
  }
};

HttpClient::HttpClient(std::string host, int port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Send(const std::string& method, const std::string& target,
                              const std::string& body,
                              const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!impl_->stream) impl_->Connect();
      bhttp::request<bhttp::string_body> req;
      req.method_string(method);
      req.target(target);
      req.version(11);
      req.set(bhttp::field::host, impl_->host);
      bool has_ct = false;
      for (const auto& [k, v] : headers) {
        req.set(k, v);
        if (beast::iequals(k, "content-type")) has_ct = true;
      }
      if (!body.empty() && !has_ct) req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
      impl_->stream->expires_after(std::chrono::seconds(120));
      bhttp::write(*impl_->stream, req);
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(1ULL << 31);
      if (method == "HEAD") parser.skip(true);
      bhttp::read(*impl_->stream, impl_->buffer, parser);
      auto& res = parser.get();
      HttpResponse out;
      out.status = static_cast<int>(res.result_int());
      for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (out.headers.count(name) != 0) {
          out.headers[name] += ", " + std::string(f.value());
        } else {
          out.headers[name] = std::string(f.value());
        }
      }
      out.body = std::move(res.body());
      if (!res.keep_alive()) impl_->stream.reset();
      return out;
    } catch (const std::exception&) {
      impl_->stream.reset();
      if (attempt == 1) throw;
    }
  }
  return {};
}

std::string HttpClient::SendRaw(const std::string& bytes) {
  impl_->stream.reset();
  impl_->Connect();
  asio::write(impl_->stream->socket(), asio::buffer(bytes));
  std::string out;
  beast::error_code ec;
  char buf[4096];
  impl_->stream->socket().non_blocking(false);
  for (;;) {
    std::size_t n = impl_->stream->socket().read_some(asio::buffer(buf), ec);
    if (ec || n == 0) break;
    out.append(buf, n);
    if (out.find("\r\n\r\n") != std::string::npos) {
      // Read the body by Content-Length when present.
      auto pos = out.find("Content-Length: ");
      if (pos == std::string::npos) pos = out.find("content-length: ");
      if (pos != std::string::npos) {
        std::size_t len = std::stoul(out.substr(pos + 16));
        std::size_t head = out.find("\r\n\r\n") + 4;
        if (out.size() >= head + len) break;
      }
    }
  }
  impl_->stream.reset();
  return out;
}

std::string ServerBinary() {
  if (const char* env = std::getenv("EMPORION_BIN")) return env;
  return "build/bin/emporion";
}

bool TestServer::OnPostgres() {
  const char* env = std::getenv("EMPORION_TEST_DB");
  return env != nullptr && std::string(env) == "postgres";
}

namespace {

std::string RandomSuffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  std::ostringstream os;
  os << std::hex << gen();
  return os.str();
}

void PgAdmin(const std::string& sql) {
  const char* base = std::getenv("EMPORION_TEST_PG_URL");
  std::string url = base != nullptr ? base : "postgresql://postgres@127.0.0.1:55432/postgres";
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach test PostgreSQL at " + url + ": " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("PostgreSQL: " + sql + ": " + msg);
}

std::string PgUrlFor(const std::string& dbname) {
  const char* base = std::getenv("EMPORION_TEST_PG_URL");
  std::string url = base != nullptr ? base : "postgresql://postgres@127.0.0.1:55432/postgres";
  return url.substr(0, url.rfind('/') + 1) + dbname;
}

}  // namespace

TestServer::TestServer(std::vector<std::string> extra_args,
                       std::vector<std::pair<std::string, std::string>> env)
    : extra_args_(std::move(extra_args)), env_(std::move(env)) {
  data_dir_ = (fs::temp_directory_path() / ("emporion-test-" + RandomSuffix())).string();
  fs::create_directories(data_dir_);
  stderr_path_ = data_dir_ + "/server.stderr";
  if (OnPostgres()) {
    pg_db_name_ = "emporion_test_" + RandomSuffix();
    PgAdmin("CREATE DATABASE " + pg_db_name_);
    db_url_ = PgUrlFor(pg_db_name_);
  }
  Launch();
}

void TestServer::Launch() {
  int pipefd[2];
  if (pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {ServerBinary(), "serve", "--listen", "127.0.0.1:0", "--data",
                                   data_dir_ + "/data"};
  if (!db_url_.empty()) {
    args.emplace_back("--db");
    args.push_back(db_url_);
  }
  for (const auto& a : extra_args_) args.push_back(a);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], STDOUT_FILENO);
    const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(err, STDERR_FILENO);
    close(pipefd[0]);
    close(pipefd[1]);
    setenv("EMPORION_ADMIN_PASSWORD", kAdminPassword, 1);
    for (const auto& [k, v] : env_) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipefd[1]);
  pid_ = pid;
  // Read stdout until the "listening on" line (deadline: 60 s, migrations on PostgreSQL).
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
  while (std::chrono::steady_clock::now() < deadline) {
    char buf[512];
    const ssize_t n = read(pipefd[0], buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      auto pos = out.find("listening on http://");
      if (pos != std::string::npos && out.find('\n', pos) != std::string::npos) {
        auto colon = out.find(':', pos + 20);
        port_ = std::stoi(out.substr(colon + 1));
        break;
      }
    } else if (n == 0) {
      break;
    } else {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  close(pipefd[0]);
  if (port_ == 0) {
    throw std::runtime_error("server did not start; stderr:\n" + Stderr());
  }
  client_ = Client();
}

TestServer::~TestServer() {
  Stop();
  std::error_code ec;
  fs::remove_all(data_dir_, ec);
  if (!pg_db_name_.empty()) {
    try {
      PgAdmin("DROP DATABASE IF EXISTS " + pg_db_name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The PostgreSQL test server is removed after the run anyway.
    }
  }
}

int TestServer::Stop() {
  if (pid_ <= 0) return -1;
  client_.reset();
  kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void TestServer::Restart() {
  Stop();
  port_ = 0;
  admin_token_.clear();
  Launch();
}

std::string TestServer::Stderr() const {
  std::ifstream in(stderr_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<HttpClient> TestServer::Client() const {
  return std::make_unique<HttpClient>("127.0.0.1", port_);
}

std::string TestServer::Login(const std::string& user, const std::string& password) {
  nlohmann::json body = {{"grant_type", "password"}, {"username", user}, {"password", password}};
  auto r = client_->Send("POST", "/api/v1/auth/token", body.dump());
  if (r.status != 200) return "";
  return r.Json().value("access_token", "");
}

const std::string& TestServer::AdminToken() {
  if (admin_token_.empty()) {
    admin_token_ = Login("admin", kAdminPassword);
    if (admin_token_.empty()) throw std::runtime_error("admin login failed:\n" + Stderr());
  }
  return admin_token_;
}

HttpResponse TestServer::As(const std::string& token, const std::string& method,
                            const std::string& target, const std::string& body,
                            std::vector<std::pair<std::string, std::string>> headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return client_->Send(method, target, body, headers);
}

HttpResponse TestServer::Admin(const std::string& method, const std::string& target,
                               const std::string& body,
                               std::vector<std::pair<std::string, std::string>> headers) {
  return As(AdminToken(), method, target, body, std::move(headers));
}

}  // namespace emporion::test
