// Helpers shared by the security API tests: users and roles through the API, sign-ins, and
// access tokens forged with the server's own key file (to test expiry and unknown users
// without waiting for a clock).
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/test_server.hpp"

namespace emporion::test::security {

using Json = nlohmann::json;

inline std::string Form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += k + '=';
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
  }
  return out;
}

/// POST /api/v1/auth/token with a form body.
inline HttpResponse TokenRequest(TestServer& server,
                                 const std::vector<std::pair<std::string, std::string>>& fields,
                                 std::vector<std::pair<std::string, std::string>> headers = {}) {
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return server.Client()->Send("POST", "/api/v1/auth/token", Form(fields), headers);
}

inline HttpResponse PasswordGrant(TestServer& server, const std::string& user,
                                  const std::string& password) {
  return TokenRequest(server,
                      {{"grant_type", "password"}, {"username", user}, {"password", password}});
}

/// Creates a user (as admin) and returns its JSON; fails the test on an error.
inline Json CreateUser(TestServer& server, const std::string& name, const std::string& password,
                       const std::vector<std::string>& roles = {}, Json extra = Json::object()) {
  Json body = {{"userName", name}, {"password", password}, {"roles", roles}};
  body.update(extra);
  auto r = server.Admin("POST", "/api/v1/security/users", body.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.Json();
}

inline Json CreateRole(TestServer& server, const std::string& name, const Json& permissions) {
  Json body = {{"name", name}, {"permissions", permissions}};
  auto r = server.Admin("POST", "/api/v1/security/roles", body.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.Json();
}

inline std::string B64Url(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);
  return out;
}

/// The server's current signing key: {kid, secret}.
inline std::pair<std::string, std::string> CurrentKey(const TestServer& server) {
  std::string best;
  for (const auto& e : std::filesystem::directory_iterator(server.data_dir() + "/data/keys")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("jwt-", 0) == 0 && name.size() > 8 && name.substr(name.size() - 4) == ".key" &&
        name > best) {
      best = name;
    }
  }
  std::ifstream in(server.data_dir() + "/data/keys/" + best, std::ios::binary);
  std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {best.substr(4, best.size() - 8), secret};
}

/// An HS256 token signed with the server's key for `sub`, expiring at `exp` (Unix seconds).
inline std::string ForgeToken(const TestServer& server, const std::string& sub, long long exp) {
  const auto [kid, secret] = CurrentKey(server);
  const std::string header = B64Url(Json{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kid}}.dump());
  const std::string payload =
      B64Url(Json{{"sub", sub}, {"name", "forged"}, {"iat", exp - 3600}, {"exp", exp}, {"jti", "x"}}
                 .dump());
  const std::string input = header + "." + payload;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return input + "." + B64Url(std::string(reinterpret_cast<char*>(mac), sizeof mac));
}

inline long long NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace emporion::test::security
