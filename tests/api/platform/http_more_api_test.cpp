// More HTTP behaviour of the real binary: CORS from a config file, HEAD, percent-encoded paths,
// pipelining, many concurrent connections, graceful drain of an in-flight request, and the
// command line (`version`, bad `--listen`).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

// A temporary directory removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("emporion-more-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string File(const std::string& name, const std::string& content) const {
    const auto p = path_ / name;
    std::ofstream(p) << content;
    return p.string();
  }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// A raw connection for what HttpClient cannot do: pipelining and partial requests.
class RawConnection {
 public:
  explicit RawConnection(int port) : socket_(io_) {
    socket_.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    socket_.set_option(tcp::no_delay(true));
  }
  void Write(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  // Reads one response (HEAD-less), leaving what follows in the buffer.
  bhttp::response<bhttp::string_body> ReadResponse() {
    bhttp::response_parser<bhttp::string_body> parser;
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }
  // Reads until `marker` has arrived; returns everything read so far and consumes it.
  std::string ReadUntil(const std::string& marker) {
    std::string got;
    asio::read_until(socket_, asio::dynamic_buffer(got), marker);
    return got;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult RunCommand(const std::string& args) {
  CommandResult r;
  const std::string cmd = ServerBinary() + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) r.output += buf;
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool CanConnect(int port) {
  asio::io_context io;
  tcp::socket s(io);
  beast::error_code ec;
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)),
            ec);
  return !ec;
}

class HttpMoreApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    // SQLite settings other than the defaults: no file mapping, small page caches.
    const std::string config =
        dir_->File("config.json",
                   R"({"corsOrigins": ["http://example.test"], "sqliteSynchronous": "NORMAL",
            "sqliteMmapMb": 0, "sqliteCacheMb": 8, "sqliteReaderCacheMb": 1})");
    server_ = new TestServer({"--config", config});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }
  static TempDir* dir_;
  static TestServer* server_;
};
TempDir* HttpMoreApiTest::dir_ = nullptr;
TestServer* HttpMoreApiTest::server_ = nullptr;

TEST_F(HttpMoreApiTest, CorsPreflightFromAConfiguredOriginIsAllowed) {
  auto r = server_->Client()->Send("OPTIONS", "/health/live", "",
                                   {{"Origin", "http://example.test"},
                                    {"Access-Control-Request-Method", "GET"},
                                    {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("access-control-allow-origin"), "http://example.test");
  EXPECT_NE(r.Header("access-control-allow-methods").find("GET"), std::string::npos);
  EXPECT_NE(r.Header("access-control-allow-headers").find("Authorization"), std::string::npos);
  EXPECT_FALSE(r.Header("access-control-max-age").empty());
}

TEST_F(HttpMoreApiTest, CorsHeadersFollowTheOrigin) {
  struct Case {
    const char* origin;
    const char* allow_origin;
  } cases[] = {
      {"http://example.test", "http://example.test"},
      {"http://evil.test", ""},
      {"https://example.test", ""},
  };
  auto client = server_->Client();
  for (const auto& c : cases) {
    auto r = client->Send("GET", "/health/live", "", {{"Origin", c.origin}});
    EXPECT_EQ(r.status, 200) << c.origin;
    EXPECT_EQ(r.Header("access-control-allow-origin"), c.allow_origin) << c.origin;
  }
  auto preflight =
      client->Send("OPTIONS", "/health/live", "",
                   {{"Origin", "http://evil.test"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "");
}

TEST_F(HttpMoreApiTest, HeadAnswersLikeGetWithoutABody) {
  auto client = server_->Client();
  auto get = client->Send("GET", "/health/live");
  auto head = client->Send("HEAD", "/health/live");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.Header("content-type"), get.Header("content-type"));
  // The connection is still usable afterwards: no stray body bytes were sent.
  EXPECT_EQ(client->Send("GET", "/health/live").body, get.body);
}

TEST_F(HttpMoreApiTest, PercentEncodedPathsAreDecodedBeforeRouting) {
  struct Case {
    const char* target;
    int status;
  } cases[] = {
      {"/health/%6Cive", 200},  {"/%68%65%61%6C%74%68/live", 200}, {"/health/live?x=%20%26y", 200},
      {"/health/l%69ve/", 200}, {"/health/%4Cive", 404},  // upper-case L: paths are case-sensitive
      {"/health/%ZZ", 404},     {"/health/live%00", 404},
  };
  auto client = server_->Client();
  for (const auto& c : cases) {
    auto r = client->Send("GET", c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    if (c.status == 404) {
      EXPECT_EQ(r.Header("content-type"), "application/problem+json") << c.target;
    }
  }
}

TEST_F(HttpMoreApiTest, PipelinedRequestsAreAnsweredInOrder) {
  RawConnection conn(server_->port());
  std::string batch;
  for (int i = 0; i < 10; ++i) {
    batch += "GET /health/live HTTP/1.1\r\nHost: t\r\nX-Request-Id: pipe-" + std::to_string(i) +
             "\r\n\r\n";
  }
  batch += "GET /api/v1/no-such-route HTTP/1.1\r\nHost: t\r\nX-Request-Id: pipe-last\r\n\r\n";
  conn.Write(batch);
  for (int i = 0; i < 10; ++i) {
    auto r = conn.ReadResponse();
    EXPECT_EQ(r.result_int(), 200u) << i;
    EXPECT_EQ(r["X-Request-Id"], "pipe-" + std::to_string(i));
    EXPECT_EQ(r.body(), R"({"status":"ok"})");
  }
  auto last = conn.ReadResponse();
  EXPECT_EQ(last.result_int(), 404u);
  EXPECT_EQ(last["X-Request-Id"], "pipe-last");
}

TEST_F(HttpMoreApiTest, ManyConcurrentConnectionsAreAllServed) {
  constexpr int kThreads = 32;
  constexpr int kRequests = 50;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        auto client = server_->Client();
        for (int i = 0; i < kRequests; ++i) {
          const char* path = (i + t) % 5 == 0 ? "/health/ready" : "/health/live";
          auto r = client->Send("GET", path);
          (r.status == 200 ? ok : failed)++;
        }
      } catch (const std::exception&) {
        ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ok.load(), kThreads * kRequests);
}

TEST(HttpShutdownTest, AnInFlightRequestIsAnsweredDuringGracefulShutdown) {
  TestServer server;
  const int port = server.port();
  RawConnection conn(port);
  // Expect: 100-continue makes the server say when it has read the header; the body follows
  // only after shutdown has begun, so the request is in flight across the SIGTERM.
  conn.Write(
      "GET /health/live HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\nX-Request-Id: in-flight\r\n\r\n");
  const std::string interim = conn.ReadUntil("\r\n\r\n");
  ASSERT_NE(interim.find(" 100 "), std::string::npos) << interim;

  std::atomic<int> exit_code{-2};
  std::thread stopper([&] { exit_code = server.Stop(); });
  // The acceptors close first: wait until new connections are refused.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool refused = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!CanConnect(port)) {
      refused = true;
      break;
    }
    std::this_thread::yield();
  }
  EXPECT_TRUE(refused) << "the server kept accepting after SIGTERM";
  EXPECT_EQ(exit_code.load(), -2) << "the server exited with a request in flight";

  conn.Write("hello");
  auto r = conn.ReadResponse();
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r["X-Request-Id"], "in-flight");
  EXPECT_EQ(r.body(), R"({"status":"ok"})");
  EXPECT_FALSE(r.keep_alive()) << "a draining server closes the connection";
  stopper.join();
  EXPECT_EQ(exit_code.load(), 0);
}

TEST(CommandLineTest, VersionPrintsTheVersion) {
  auto r = RunCommand("version");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::regex_match(r.output, std::regex("emporion [0-9]+\\.[0-9]+\\.[0-9]+\\n")))
      << r.output;
}

TEST(CommandLineTest, BadServeArgumentsExitNonZeroWithAMessage) {
  TempDir dir;
  struct Case {
    std::string args;
    const char* message;
  } cases[] = {
      {"--listen bad", "--listen"},
      {"--listen 127.0.0.1:99999", "--listen"},
      {"--listen 127.0.0.1:http", "--listen"},
      {"--listen :8080", "--listen"},
      {"--listen 999.1.1.1:0", "999.1.1.1"},
      {"--config " + dir.path() + "/missing.json", "missing.json"},
      {"--config " + dir.File("bad.json", "{not json"), "bad.json"},
      {"--seed nonsense", "seed"},
      {"--config " + dir.File("sync.json", R"({"sqliteSynchronous": "SOMETIMES"})"),
       "sqliteSynchronous"},
      {"--config " + dir.File("mmap.json", R"({"sqliteMmapMb": -1})"), "sqliteMmapMb"},
      {"--config " + dir.File("cache.json", R"({"sqliteCacheMb": "big"})"), "sqliteCacheMb"},
  };
  for (const auto& c : cases) {
    auto r = RunCommand("serve --data " + dir.path() + "/data " + c.args);
    EXPECT_NE(r.exit_code, 0) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_EQ(r.output.find("listening on"), std::string::npos) << c.args;
  }
}

TEST(CommandLineTest, UnknownSubcommandIsAnError) {
  auto r = RunCommand("frobnicate");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.output.empty());
}

}  // namespace
}  // namespace emporion::test
