// TestServer: starts the real `emporion serve` binary on 127.0.0.1:0 with a fresh data
// directory (and, when EMPORION_TEST_DB=postgres, a fresh PostgreSQL database on the server
// named by EMPORION_TEST_PG_URL), and speaks HTTP/1.1 to it. Stops it with SIGTERM on
// destruction. HttpClient is a small blocking keep-alive client over Beast.
// Not thread-safe: one HttpClient per thread.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace emporion::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  [[nodiscard]] nlohmann::json Json() const;
  [[nodiscard]] std::string Header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, int port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends one request; headers are name/value pairs. Reconnects when the server closed.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {});
  /// Sends raw bytes and returns the raw response text (for malformed-HTTP tests).
  std::string SendRaw(const std::string& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class TestServer {
 public:
  static constexpr const char* kAdminPassword = "Admin-Passw0rd!";

  /// Starts a server; `extra_args` are appended to `serve`. Aborts the test on failure.
  explicit TestServer(std::vector<std::string> extra_args = {},
                      std::vector<std::pair<std::string, std::string>> env = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }
  [[nodiscard]] const std::string& db_url() const { return db_url_; }
  /// Everything the server wrote to stderr so far.
  [[nodiscard]] std::string Stderr() const;

  /// A new client connected to this server.
  [[nodiscard]] std::unique_ptr<HttpClient> Client() const;

  /// A bearer token for `admin` (password grant), fetched once and cached.
  const std::string& AdminToken();
  /// Convenience: request with the admin token and JSON content type.
  HttpResponse Admin(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     std::vector<std::pair<std::string, std::string>> headers = {});
  /// Convenience: request with a given bearer token (empty: none).
  HttpResponse As(const std::string& token, const std::string& method, const std::string& target,
                  const std::string& body = "",
                  std::vector<std::pair<std::string, std::string>> headers = {});
  /// Password grant; returns the access token or "" on failure.
  std::string Login(const std::string& user, const std::string& password);

  /// Sends SIGTERM and waits; returns the exit code (or -1).
  int Stop();
  /// Restarts on the same data directory and database.
  void Restart();

  /// True when tests run against PostgreSQL (EMPORION_TEST_DB=postgres).
  static bool OnPostgres();

 private:
  void Launch();

  std::vector<std::string> extra_args_;
  std::vector<std::pair<std::string, std::string>> env_;
  std::string data_dir_;
  std::string db_url_;
  std::string pg_db_name_;
  std::string stderr_path_;
  int pid_ = -1;
  int port_ = 0;
  std::string admin_token_;
  std::unique_ptr<HttpClient> client_;
};

/// Path of the emporion binary under test (EMPORION_BIN, or build/bin/emporion).
std::string ServerBinary();

}  // namespace emporion::test
