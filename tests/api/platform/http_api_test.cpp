// HTTP conventions of the contract that hold for every route: problem+json errors, 404/405,
// malformed HTTP, body limits, request ids, gzip, health, metrics and graceful shutdown.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

class HttpApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* HttpApiTest::server_ = nullptr;

TEST_F(HttpApiTest, HealthLiveAnswersOk) {
  auto r = server_->Client()->Send("GET", "/health/live");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["status"], "ok");
}

TEST_F(HttpApiTest, HealthReadyChecksTheDatabase) {
  auto r = server_->Client()->Send("GET", "/health/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["checks"]["database"], "ok");
}

TEST_F(HttpApiTest, UnknownRouteIsProblem404) {
  auto r = server_->Client()->Send("GET", "/api/v1/no-such-things");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  auto j = r.Json();
  EXPECT_EQ(j["status"], 404);
  EXPECT_TRUE(j.contains("type"));
  EXPECT_TRUE(j.contains("title"));
  EXPECT_TRUE(j.contains("detail"));
}

TEST_F(HttpApiTest, WrongMethodIs405WithAllow) {
  auto r = server_->Client()->Send("DELETE", "/health/live");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET");
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
}

TEST_F(HttpApiTest, RequestIdIsEchoedOrGenerated) {
  auto client = server_->Client();
  auto given = client->Send("GET", "/health/live", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(given.Header("x-request-id"), "abc-123");
  auto generated = client->Send("GET", "/health/live");
  EXPECT_EQ(generated.Header("x-request-id").size(), 36u);
}

TEST_F(HttpApiTest, MalformedHttpIs400NotACrash) {
  auto raw = server_->Client()->SendRaw("GARBAGE\r\n\r\n");
  EXPECT_NE(raw.find(" 400 "), std::string::npos) << raw;
  auto r = server_->Client()->Send("GET", "/health/live");
  EXPECT_EQ(r.status, 200);
}

TEST_F(HttpApiTest, OversizedBodyIs413) {
  auto raw = server_->Client()->SendRaw(
      "POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 99999999999\r\n\r\n{}");
  EXPECT_NE(raw.find(" 413 "), std::string::npos) << raw;
}

TEST_F(HttpApiTest, KeepAliveServesManyRequestsOnOneConnection) {
  auto client = server_->Client();
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(client->Send("GET", "/health/live").status, 200);
  }
}

TEST_F(HttpApiTest, MetricsCountRequestsPerRoute) {
  auto client = server_->Client();
  client->Send("GET", "/health/live");
  auto r = client->Send("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("emporion_http_requests_total{method=\"GET\",route=\"/health/live\""),
            std::string::npos);
  EXPECT_NE(r.body.find("emporion_http_request_duration_seconds_bucket"), std::string::npos);
  // The server's memory, in bytes: more than a megabyte, and anonymous memory no more than all.
  const auto gauge = [&](const std::string& name) {
    const auto at = r.body.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(r.body.substr(at + name.size() + 2));
  };
  const double resident = gauge("process_resident_memory_bytes");
  const double anonymous = gauge("emporion_resident_anonymous_memory_bytes");
  EXPECT_GT(resident, 1e6);
  EXPECT_GT(anonymous, 1e6);
  EXPECT_LE(anonymous, resident);
}

TEST_F(HttpApiTest, LargeResponsesAreGzippedWhenAccepted) {
  auto client = server_->Client();
  for (int i = 0; i < 5; ++i) client->Send("GET", "/health/ready");
  auto plain = client->Send("GET", "/metrics");
  ASSERT_GT(plain.body.size(), 1024u);
  auto zipped = client->Send("GET", "/metrics", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(zipped.Header("content-encoding"), "gzip");
  EXPECT_LT(zipped.body.size(), plain.body.size());
}

TEST(ServerLifecycleTest, SigtermExitsCleanlyWithCodeZero) {
  TestServer server;
  ASSERT_EQ(server.Client()->Send("GET", "/health/live").status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace emporion::test
