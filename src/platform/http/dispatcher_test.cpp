// Dispatcher, with a fake Authenticator and an in-memory IdempotencyStore: routing results,
// 401/403, public routes, 415, idempotent replay, exceptions, gzip, CORS, request ids, metrics.
#include "platform/http/dispatcher.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <atomic>
#include <latch>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "platform/json/json.hpp"

namespace emporion::http {
namespace {

// "Bearer reader" holds catalog:read, "Bearer admin" is an administrator, "Bearer bad" is
// rejected, anything else carries no credentials.
class FakeAuthenticator final : public Authenticator {
 public:
  Result<std::shared_ptr<const Principal>> Authenticate(const Request& request) override {
    ++calls;
    const std::string_view h = request.Header("authorization");
    if (h.empty()) return std::shared_ptr<const Principal>{};
    if (h == "Bearer bad") return Error::Unauthenticated("token expired");
    Principal p;
    p.auth_method = "bearer";
    if (h == "Bearer reader") {
      p.user_id = "u-reader";
      p.user_name = "reader";
      p.permissions["catalog:read"] = {};
    } else if (h == "Bearer other") {
      p.user_id = "u-other";
      p.user_name = "other";
      p.permissions["catalog:read"] = {};
    } else if (h == "Bearer admin") {
      p.user_id = "u-admin";
      p.user_name = "admin";
      p.is_administrator = true;
    } else {
      return std::shared_ptr<const Principal>{};
    }
    return std::shared_ptr<const Principal>(std::make_shared<Principal>(std::move(p)));
  }
  int calls = 0;
};

class FakeIdempotencyStore final : public IdempotencyStore {
 public:
  Result<std::optional<Entry>> Find(const std::string& scope, const std::string& key) override {
    std::lock_guard lock(mutex);
    auto it = entries.find({scope, key});
    if (it == entries.end()) return std::optional<Entry>{};
    return std::optional<Entry>(it->second);
  }
  Status Save(const std::string& scope, const std::string& key, const Entry& entry) override {
    std::lock_guard lock(mutex);
    entries.emplace(std::make_pair(scope, key), entry);
    return Ok();
  }
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, Entry> entries;
};

std::string Gunzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out;
  char buf[4096];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  std::string out;
  for (const auto& [k, v] : r.headers) {
    if (k == name) out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() {
    router_.Add({.method = Verb::get,
                 .path = "/public",
                 .permission = std::string(kPublic),
                 .blocking = false,
                 .handler = [](Request&) -> Result<Response> {
                   return Response::Ok(R"({"public":true})");
                 }});
    router_.Add({.method = Verb::get,
                 .path = "/me",
                 .permission = std::string(kAuthenticated),
                 .handler = [](Request& r) -> Result<Response> {
                   return Response::Ok("{\"user\":\"" + r.principal->user_name + "\"}");
                 }});
    router_.Add({.method = Verb::get,
                 .path = "/products/{id}",
                 .permission = "catalog:read",
                 .handler = [](Request& r) -> Result<Response> {
                   return Response::Ok("{\"id\":\"" + r.Param("id") + "\"}");
                 }});
    router_.Add({.method = Verb::post,
                 .path = "/products",
                 .permission = "catalog:update",
                 .request_schema = R"({"type":"object"})",
                 .handler = [this](Request& r) -> Result<Response> {
                   ++creates_;
                   return Response::Created(
                       "{\"n\":" + std::to_string(creates_) + ",\"body\":" + r.body + "}",
                       "/products/p" + std::to_string(creates_));
                 }});
    router_.Add({.method = Verb::patch,
                 .path = "/products/{id}",
                 .permission = "catalog:update",
                 .request_schema = R"({"type":"object"})",
                 .handler = [](Request& r) -> Result<Response> {
                   return Response::Ok("{\"patched\":\"" + r.Param("id") + "\"}");
                 }});
    router_.Add({.method = Verb::post,
                 .path = "/fail",
                 .permission = std::string(kPublic),
                 .handler = [this](Request&) -> Result<Response> {
                   ++failures_;
                   return Error::Unavailable("database went away");
                 }});
    router_.Add({.method = Verb::get,
                 .path = "/throw",
                 .permission = std::string(kPublic),
                 .handler = [](Request&) -> Result<Response> {
                   throw std::runtime_error("secret stack detail");
                 }});
    router_.Add({.method = Verb::get,
                 .path = "/throw-int",
                 .permission = std::string(kPublic),
                 .handler = [](Request&) -> Result<Response> { throw 42; }});
    router_.Add({.method = Verb::get,
                 .path = "/internal",
                 .permission = std::string(kPublic),
                 .handler = [](Request&) -> Result<Response> {
                   return Error::Internal("SQL: no such table products_secret");
                 }});
    router_.Add({.method = Verb::get,
                 .path = "/big",
                 .permission = std::string(kPublic),
                 .handler = [](Request&) -> Result<Response> {
                   std::string body = "[";
                   for (int i = 0; i < 200; ++i) body += (i ? ",\"item\"" : "\"item\"");
                   return Response::Ok(body + "]");
                 }});
    router_.Add({.method = Verb::post,
                 .path = "/slow",
                 .permission = std::string(kPublic),
                 .handler = [this](Request&) -> Result<Response> {
                   slow_entered_.count_down();
                   slow_release_.wait();
                   ++slow_runs_;
                   return Response::Created(R"({"slow":true})", "/slow/1");
                 }});
    router_.Add({.method = Verb::post,
                 .path = "/token",
                 .permission = std::string(kPublic),
                 .idempotency_replay = false,
                 .handler = [this](Request&) -> Result<Response> {
                   ++tokens_;
                   return Response::Ok("{\"token\":\"t" + std::to_string(tokens_) + "\"}");
                 }});
    router_.Add({.method = Verb::get,
                 .path = "/big.png",
                 .permission = std::string(kPublic),
                 .response_content_type = "image/png",
                 .handler = [](Request&) -> Result<Response> {
                   Response r = Response::Ok(std::string(4096, 'x'));
                   r.content_type = "image/png";
                   return r;
                 }});
    dispatcher_ = std::make_unique<Dispatcher>(
        router_, DispatcherOptions{{"http://shop.example"}, 1024, false}, &metrics_);
    dispatcher_->SetAuthenticator(&auth_);
    dispatcher_->SetIdempotencyStore(&store_);
  }

  Response Send(Verb method, std::string target, std::string body = "",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = target;
    const auto q = target.find('?');
    r.path = PercentDecode(std::string_view(target).substr(0, q), false);
    if (q != std::string::npos) r.query = ParseQueryString(std::string_view(target).substr(q + 1));
    r.body = std::move(body);
    r.headers = std::move(headers);
    last_request_id_.clear();
    Response response = dispatcher_->Handle(r);
    last_request_id_ = r.request_id;
    return response;
  }

  static json::Document Body(const Response& r) {
    auto doc = json::Parse(r.body);
    EXPECT_TRUE(doc.ok()) << r.body;
    return doc.ok() ? std::move(doc).value() : json::Document();
  }

  Router router_;
  metrics::Metrics metrics_;
  FakeAuthenticator auth_;
  FakeIdempotencyStore store_;
  std::unique_ptr<Dispatcher> dispatcher_;
  int creates_ = 0;
  int failures_ = 0;
  std::latch slow_entered_{1};
  std::latch slow_release_{1};
  std::atomic<int> slow_runs_{0};
  int tokens_ = 0;
  std::string last_request_id_;
};

TEST_F(DispatcherTest, UnknownPathIs404Problem) {
  auto r = Send(Verb::get, "/nothing/here");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto j = Body(r);
  EXPECT_EQ(j["status"].GetInt(), 404);
  EXPECT_STREQ(j["title"].GetString(), "Not Found");
  EXPECT_STREQ(j["requestId"].GetString(), last_request_id_.c_str());
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  auto r = Send(Verb::delete_, "/products/p1", "", {{"authorization", "Bearer admin"}});
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, PATCH");
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST_F(DispatcherTest, AuthenticationAndPermissionOutcomes) {
  struct Case {
    const char* what;
    Verb method;
    const char* path;
    const char* authorization;
    unsigned status;
  } cases[] = {
      {"protected route without credentials", Verb::get, "/products/p1", "", 401},
      {"protected route with a rejected token", Verb::get, "/products/p1", "Bearer bad", 401},
      {"route needing a permission the caller has", Verb::get, "/products/p1", "Bearer reader",
       200},
      {"route needing a permission the caller lacks", Verb::patch, "/products/p1", "Bearer reader",
       403},
      {"administrator holds every permission", Verb::patch, "/products/p1", "Bearer admin", 200},
      {"authenticated-only route with any caller", Verb::get, "/me", "Bearer reader", 200},
      {"authenticated-only route without credentials", Verb::get, "/me", "", 401},
      {"public route without credentials", Verb::get, "/public", "", 200},
      {"public route ignores a rejected token", Verb::get, "/public", "Bearer bad", 200},
  };
  for (const auto& c : cases) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (*c.authorization != '\0') headers.emplace_back("authorization", c.authorization);
    if (c.method == Verb::patch) headers.emplace_back("content-type", "application/json");
    auto r = Send(c.method, c.path, c.method == Verb::patch ? "{}" : "", headers);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body;
    if (c.status == 401) {
      EXPECT_EQ(HeaderOf(r, "WWW-Authenticate"), "Bearer") << c.what;
      EXPECT_EQ(r.content_type, "application/problem+json") << c.what;
    } else {
      EXPECT_EQ(HeaderOf(r, "WWW-Authenticate"), "") << c.what;
    }
    if (c.status == 403) {
      EXPECT_NE(r.body.find("catalog:update"), std::string::npos) << r.body;
    }
  }
}

TEST_F(DispatcherTest, TheHandlerSeesThePrincipal) {
  auto r = Send(Verb::get, "/me", "", {{"authorization", "Bearer reader"}});
  EXPECT_EQ(r.body, R"({"user":"reader"})");
}

TEST_F(DispatcherTest, ContentTypeIsCheckedForRoutesWithABody) {
  struct Case {
    Verb method;
    const char* path;
    const char* content_type;
    const char* body;
    unsigned status;
  } cases[] = {
      {Verb::post, "/products", "application/json", "{}", 201},
      {Verb::post, "/products", "application/json; charset=utf-8", "{}", 201},
      {Verb::post, "/products", "Application/JSON", "{}", 201},
      {Verb::post, "/products", "text/plain", "{}", 415},
      {Verb::post, "/products", "application/x-www-form-urlencoded", "a=1", 415},
      {Verb::post, "/products", "application/merge-patch+json", "{}", 415},
      {Verb::post, "/products", "", "{}", 415},
      {Verb::post, "/products", "", "", 201},  // no body, no type: the handler decides
      {Verb::patch, "/products/p1", "application/merge-patch+json", "{}", 200},
      {Verb::patch, "/products/p1", "application/json", "{}", 200},
      {Verb::patch, "/products/p1", "text/xml", "<a/>", 415},
  };
  for (const auto& c : cases) {
    std::vector<std::pair<std::string, std::string>> headers = {{"authorization", "Bearer admin"}};
    if (*c.content_type != '\0') headers.emplace_back("content-type", c.content_type);
    auto r = Send(c.method, c.path, c.body, headers);
    EXPECT_EQ(r.status, c.status) << to_string(c.method) << " " << c.content_type;
    if (c.status == 415) {
      EXPECT_EQ(r.content_type, "application/problem+json");
      EXPECT_NE(r.body.find("application/json"), std::string::npos) << r.body;
    }
  }
}

TEST_F(DispatcherTest, IdempotencyKeyReplaysTheFirstResponse) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"authorization", "Bearer admin"},
      {"content-type", "application/json"},
      {"idempotency-key", "k-1"}};
  auto first = Send(Verb::post, "/products", R"({"sku":"A"})", headers);
  ASSERT_EQ(first.status, 201u);
  auto second = Send(Verb::post, "/products", R"({"sku":"A"})", headers);
  EXPECT_EQ(second.status, 201u);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(HeaderOf(second, "Location"), "/products/p1");
  EXPECT_EQ(HeaderOf(second, "Idempotent-Replayed"), "true");
  EXPECT_EQ(creates_, 1);
}

TEST_F(DispatcherTest, IdempotencyKeyWithAnotherBodyIs422) {
  std::vector<std::pair<std::string, std::string>> headers = {{"authorization", "Bearer admin"},
                                                              {"content-type", "application/json"},
                                                              {"idempotency-key", "k-2"}};
  ASSERT_EQ(Send(Verb::post, "/products", R"({"sku":"A"})", headers).status, 201u);
  auto r = Send(Verb::post, "/products", R"({"sku":"B"})", headers);
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto j = Body(r);
  EXPECT_STREQ(j["errors"][0]["field"].GetString(), "Idempotency-Key");
  EXPECT_EQ(creates_, 1);
}

TEST_F(DispatcherTest, IdempotencyKeysAreScopedByCallerAndKey) {
  auto post = [&](const char* who, const char* key) {
    return Send(
        Verb::post, "/products", R"({"sku":"A"})",
        {{"authorization", who}, {"content-type", "application/json"}, {"idempotency-key", key}});
  };
  EXPECT_EQ(post("Bearer admin", "k-3").status, 201u);
  EXPECT_EQ(post("Bearer admin", "k-4").status, 201u);
  EXPECT_EQ(creates_, 2);
  EXPECT_EQ(store_.entries.size(), 2u);
}

TEST_F(DispatcherTest, IdempotencyKeyLongerThan255IsRejected) {
  auto r = Send(Verb::post, "/products", "{}",
                {{"authorization", "Bearer admin"},
                 {"content-type", "application/json"},
                 {"idempotency-key", std::string(256, 'k')}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(creates_, 0);
}

TEST_F(DispatcherTest, ASecondRequestWithAKeyStillInFlightIs409) {
  const std::vector<std::pair<std::string, std::string>> headers = {{"idempotency-key", "k-8"}};
  Response first;
  std::thread t([&] { first = Send(Verb::post, "/slow", "", headers); });
  slow_entered_.wait();
  auto second = Send(Verb::post, "/slow", "", headers);
  slow_release_.count_down();
  t.join();
  EXPECT_EQ(second.status, 409u);
  EXPECT_EQ(second.content_type, "application/problem+json");
  EXPECT_EQ(first.status, 201u);
  auto third = Send(Verb::post, "/slow", "", headers);
  EXPECT_EQ(third.status, 201u);
  EXPECT_EQ(HeaderOf(third, "Idempotent-Replayed"), "true");
  EXPECT_EQ(slow_runs_.load(), 1);
}

TEST_F(DispatcherTest, RoutesWithoutReplayIgnoreTheKeyAndStoreNothing) {
  const std::vector<std::pair<std::string, std::string>> headers = {{"idempotency-key", "k-9"}};
  auto a = Send(Verb::post, "/token", "", headers);
  auto b = Send(Verb::post, "/token", "", headers);
  EXPECT_EQ(a.body, R"({"token":"t1"})");
  EXPECT_EQ(b.body, R"({"token":"t2"})");
  EXPECT_TRUE(store_.entries.empty());
}

TEST_F(DispatcherTest, CompressedMediaTypesAreNotGzippedAgain) {
  auto r = Send(Verb::get, "/big.png", "", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
  EXPECT_EQ(r.body.size(), 4096u);
  auto json = Send(Verb::get, "/big", "", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(HeaderOf(json, "Content-Encoding"), "gzip");
}

TEST_F(DispatcherTest, ServerErrorsAreNotStoredForReplay) {
  const std::vector<std::pair<std::string, std::string>> headers = {{"idempotency-key", "k-5"}};
  EXPECT_EQ(Send(Verb::post, "/fail", "", headers).status, 503u);
  EXPECT_EQ(Send(Verb::post, "/fail", "", headers).status, 503u);
  EXPECT_EQ(failures_, 2);
  EXPECT_TRUE(store_.entries.empty());
}

TEST_F(DispatcherTest, ExceptionsBecome500WithoutLeakingDetails) {
  for (const char* path : {"/throw", "/throw-int", "/internal"}) {
    auto r = Send(Verb::get, path);
    EXPECT_EQ(r.status, 500u) << path;
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
    auto j = Body(r);
    EXPECT_EQ(j["status"].GetInt(), 500);
    EXPECT_NE(std::string(j["detail"].GetString()).find(last_request_id_), std::string::npos)
        << r.body;
  }
}

TEST_F(DispatcherTest, GzipsOnlyLargeBodiesForClientsThatAcceptIt) {
  auto small = Send(Verb::get, "/public", "", {{"accept-encoding", "gzip, deflate"}});
  EXPECT_EQ(HeaderOf(small, "Content-Encoding"), "");
  auto plain = Send(Verb::get, "/big");
  ASSERT_GE(plain.body.size(), 1024u);
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  auto zipped = Send(Verb::get, "/big", "", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(HeaderOf(zipped, "Content-Encoding"), "gzip");
  EXPECT_NE(HeaderOf(zipped, "Vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_LT(zipped.body.size(), plain.body.size());
  EXPECT_EQ(Gunzip(zipped.body), plain.body);
}

TEST_F(DispatcherTest, CorsHeadersOnlyForConfiguredOrigins) {
  auto allowed = Send(Verb::get, "/public", "", {{"origin", "http://shop.example"}});
  EXPECT_EQ(HeaderOf(allowed, "Access-Control-Allow-Origin"), "http://shop.example");
  EXPECT_NE(HeaderOf(allowed, "Vary").find("Origin"), std::string::npos);
  EXPECT_NE(HeaderOf(allowed, "Access-Control-Expose-Headers").find("ETag"), std::string::npos);
  auto other = Send(Verb::get, "/public", "", {{"origin", "http://evil.example"}});
  EXPECT_EQ(HeaderOf(other, "Access-Control-Allow-Origin"), "");
  auto none = Send(Verb::get, "/public");
  EXPECT_EQ(HeaderOf(none, "Access-Control-Allow-Origin"), "");
}

TEST_F(DispatcherTest, CorsPreflightIsAnsweredWithoutAuthentication) {
  auto r = Send(Verb::options, "/products/p1", "",
                {{"origin", "http://shop.example"},
                 {"access-control-request-method", "PATCH"},
                 {"access-control-request-headers", "authorization, content-type"}});
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(HeaderOf(r, "Access-Control-Allow-Origin"), "http://shop.example");
  EXPECT_NE(HeaderOf(r, "Access-Control-Allow-Methods").find("PATCH"), std::string::npos);
  EXPECT_NE(HeaderOf(r, "Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(auth_.calls, 0);
}

TEST_F(DispatcherTest, AnyOriginIsAllowedWithAStar) {
  Dispatcher any(router_, DispatcherOptions{{"*"}, 1024, false}, nullptr);
  Request r;
  r.method = Verb::get;
  r.target = r.path = "/public";
  r.headers = {{"origin", "http://anything.example"}};
  auto response = any.Handle(r);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
}

TEST_F(DispatcherTest, RequestIdIsEchoedOrGenerated) {
  const std::regex uuid_v7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  auto given = Send(Verb::get, "/public", "", {{"x-request-id", "req-42"}});
  EXPECT_EQ(HeaderOf(given, "X-Request-Id"), "req-42");
  auto generated = Send(Verb::get, "/public");
  EXPECT_TRUE(std::regex_match(HeaderOf(generated, "X-Request-Id"), uuid_v7))
      << HeaderOf(generated, "X-Request-Id");
  auto too_long = Send(Verb::get, "/public", "", {{"x-request-id", std::string(200, 'r')}});
  EXPECT_TRUE(std::regex_match(HeaderOf(too_long, "X-Request-Id"), uuid_v7));
  auto problem = Send(Verb::get, "/nothing", "", {{"x-request-id", "req-43"}});
  EXPECT_EQ(HeaderOf(problem, "X-Request-Id"), "req-43");
  EXPECT_NE(problem.body.find("req-43"), std::string::npos);
}

TEST_F(DispatcherTest, AccessLogLinesStayOneJsonObjectWhateverThePathAndRequestId) {
  std::ostringstream lines;
  auto logger = std::make_shared<spdlog::logger>(
      "access-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
  logger->set_pattern("%v");
  Dispatcher logged(router_, DispatcherOptions{{}, 1024, true, logger}, nullptr);
  Request r;
  r.method = Verb::get;
  r.target = "/nothing%22%0A%5C";
  r.path = "/nothing\"\n\\\x01";
  r.headers = {{"x-request-id", "id\"quoted\\"}};
  EXPECT_EQ(logged.Handle(r).status, 404);
  logger->flush();
  const std::string line = lines.str();
  ASSERT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
  auto parsed = json::ParseObject(line);
  ASSERT_TRUE(parsed.ok()) << line;
  EXPECT_STREQ((*parsed)["path"].GetString(), "/nothing\"\n\\\x01");
  EXPECT_STREQ((*parsed)["requestId"].GetString(), "id\"quoted\\");
  EXPECT_STREQ((*parsed)["method"].GetString(), "GET");
  EXPECT_EQ((*parsed)["status"].GetInt(), 404);
}

TEST_F(DispatcherTest, MetricsObserveEveryRequestByRoute) {
  Send(Verb::get, "/public");
  Send(Verb::get, "/public");
  Send(Verb::get, "/products/p1");  // 401
  Send(Verb::get, "/no/such/path/1");
  Send(Verb::get, "/no/such/path/2");
  const std::string text = metrics_.RenderPrometheus();
  EXPECT_NE(
      text.find(R"(emporion_http_requests_total{method="GET",route="/public",status="2xx"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          R"(emporion_http_requests_total{method="GET",route="/products/{id}",status="4xx"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(emporion_http_requests_total{method="GET",route="unmatched",status="4xx"} 2)"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("/no/such/path"), std::string::npos);
}

TEST_F(DispatcherTest, HeadIsRoutedToGet) {
  auto r = Send(Verb::head, "/public");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, R"({"public":true})");  // the server drops the body, not the dispatcher
}

TEST(PercentDecodeTest, DecodesEscapesAndOptionallyPlus) {
  struct Case {
    const char* in;
    bool plus_as_space;
    std::string out;
  } cases[] = {
      {"plain", false, "plain"},
      {"a%20b", false, "a b"},
      {"a+b", false, "a+b"},
      {"a+b", true, "a b"},
      {"%41%62%2f%2F", false, "Ab//"},
      {"caf%C3%A9", false, "caf\xc3\xa9"},
      {"100%", false, "100%"},
      {"%4", false, "%4"},
      {"%zz%", false, "%zz%"},
      {"%%41", false, "%A"},
      {"%00x", false, std::string("\0x", 2)},
      {"", false, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(PercentDecode(c.in, c.plus_as_space), c.out) << c.in;
  }
}

TEST(ParseQueryStringTest, SplitsAndDecodesPairsInOrder) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  struct Case {
    const char* in;
    Pairs out;
  } cases[] = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1&b=x%20y", {{"a", "1"}, {"b", "x y"}}},
      {"q=red+shoes&q=blue", {{"q", "red shoes"}, {"q", "blue"}}},
      {"flag&x=", {{"flag", ""}, {"x", ""}}},
      {"&&a=1&", {{"a", "1"}}},
      {"a=1=2", {{"a", "1=2"}}},
      {"sort=name%3Aasc%2Ccode%3Adesc", {{"sort", "name:asc,code:desc"}}},
      {"%E2%82%AC=%26", {{"\xe2\x82\xac", "&"}}},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseQueryString(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace emporion::http

namespace emporion::http {
namespace {

TEST(DispatcherBodyLimitTest, RouteLimitAppliesToItsPathAndGlobalElsewhere) {
  Router router;
  RouteSpec upload;
  upload.method = Verb::post;
  upload.path = "/api/v1/uploads/{kind}";
  upload.max_body_bytes = std::size_t{1} << 30;
  upload.handler = [](Request&) -> Result<Response> { return Response::NoContent(); };
  router.Add(upload);
  RouteSpec plain;
  plain.method = Verb::post;
  plain.path = "/api/v1/things";
  plain.handler = upload.handler;
  router.Add(plain);
  Dispatcher d(router, {}, nullptr);
  const std::size_t global = 16u << 20;
  EXPECT_EQ(d.BodyLimit(Verb::post, "/api/v1/uploads/a?x=1", global), std::size_t{1} << 30);
  EXPECT_EQ(d.BodyLimit(Verb::post, "/api/v1/things", global), global);
  EXPECT_EQ(d.BodyLimit(Verb::get, "/api/v1/uploads/a", global), global);  // no such route
  EXPECT_EQ(d.BodyLimit(Verb::post, "/nowhere", global), global);
  EXPECT_EQ(d.MaxBodyLimit(global), std::size_t{1} << 30);
}

}  // namespace
}  // namespace emporion::http
