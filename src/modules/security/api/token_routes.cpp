// POST /api/v1/auth/token: the OAuth 2.0 token endpoint (RFC 6749 sections 4.3, 4.4, 6).
// Answers follow RFC 6749 (JSON `error` objects, Cache-Control: no-store), not problem+json,
// except 429 which is a plain rate-limit problem with Retry-After.
#include <map>

#include "modules/security/api/api_common.hpp"
#include "modules/security/api/security_routes.hpp"
#include "modules/security/crypto/crypto.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/http/problem.hpp"

namespace emporion::security {
namespace {

constexpr std::size_t kMaxParamBytes = 4096;

http::Response NoStore(http::Response r) {
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Pragma", "no-cache");
  return r;
}

http::Response OAuthError(unsigned status, const std::string& error,
                          const std::string& description) {
  json::Writer w;
  w.StartObject().Key("error").String(error).Key("error_description").String(description);
  w.EndObject();
  http::Response r = NoStore(http::Response::Json(status, w.str()));
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"emporion\"");
  return r;
}

/// The request's parameters from a form or JSON body; nullopt with `problem` set when the body
/// is malformed or repeats a parameter.
std::optional<std::map<std::string, std::string>> ReadParams(const http::Request& request,
                                                             std::string& problem) {
  std::map<std::string, std::string> params;
  auto add = [&](std::string name, std::string value) {
    if (value.size() > kMaxParamBytes) {
      problem = "parameter '" + name + "' is too long";
      return false;
    }
    if (!params.emplace(std::move(name), std::move(value)).second) {
      problem = "a parameter was given more than once";
      return false;
    }
    return true;
  };
  if (request.ContentType() == "application/json") {
    auto doc = json::ParseObject(request.body);
    if (!doc.ok()) {
      problem = doc.error().detail();
      return std::nullopt;
    }
    for (auto it = doc->MemberBegin(); it != doc->MemberEnd(); ++it) {
      std::string name(it->name.GetString(), it->name.GetStringLength());
      if (it->value.IsNull()) continue;
      if (!it->value.IsString()) {
        problem = "parameter '" + name + "' must be a string";
        return std::nullopt;
      }
      if (!add(std::move(name), std::string(it->value.GetString(), it->value.GetStringLength()))) {
        return std::nullopt;
      }
    }
  } else {
    for (auto& [name, value] : http::ParseQueryString(request.body)) {
      if (!add(name, value)) return std::nullopt;
    }
  }
  return params;
}

/// client_id and client_secret from `Authorization: Basic` (RFC 6749 section 2.3.1).
bool ReadBasicCredentials(const http::Request& request, std::string& id, std::string& secret) {
  std::string_view h = request.Header("authorization");
  if (h.size() < 6) return false;
  std::string scheme(h.substr(0, 6));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "basic ") return false;
  std::string encoded(h.substr(6));
  // Standard base64 to the URL-safe alphabet, padding dropped, for the shared decoder.
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  auto decoded = crypto::Base64UrlDecode(encoded);
  if (!decoded) return false;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  id = http::PercentDecode(decoded->substr(0, colon), true);
  secret = http::PercentDecode(decoded->substr(colon + 1), true);
  return true;
}

Result<http::Response> HandleToken(TokenService& tokens, http::Request& request) {
  std::string problem;
  auto params = ReadParams(request, problem);
  if (!params) return OAuthError(400, "invalid_request", problem);
  auto get = [&params](const char* name) -> std::optional<std::string> {
    auto it = params->find(name);
    if (it == params->end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  const auto grant_type = get("grant_type");
  if (!grant_type) return OAuthError(400, "invalid_request", "grant_type is required");
  const TokenRequestContext context{request.remote_address, request.request_id};

  Result<GrantOutcome> outcome = Error::Internal("unreachable");
  if (*grant_type == "password") {
    const auto user_name = get("username");
    const auto password = get("password");
    if (!user_name || !password) {
      return OAuthError(400, "invalid_request", "username and password are required");
    }
    outcome = tokens.PasswordGrant(*user_name, *password, context);
  } else if (*grant_type == "client_credentials") {
    std::string id;
    std::string secret;
    if (!ReadBasicCredentials(request, id, secret)) {
      id = get("client_id").value_or("");
      secret = get("client_secret").value_or("");
    }
    if (id.empty() || secret.empty()) {
      return OAuthError(400, "invalid_request", "client_id and client_secret are required");
    }
    outcome = tokens.ClientCredentialsGrant(id, secret, context);
  } else if (*grant_type == "refresh_token") {
    const auto refresh = get("refresh_token");
    if (!refresh) return OAuthError(400, "invalid_request", "refresh_token is required");
    outcome = tokens.RefreshTokenGrant(*refresh, context);
  } else {
    return OAuthError(400, "unsupported_grant_type",
                      "grant_type must be password, client_credentials or refresh_token");
  }
  if (!outcome.ok()) return std::move(outcome).error();
  const GrantOutcome& o = *outcome;
  if (o.ok) {
    json::Writer w;
    w.StartObject();
    w.Key("access_token").String(o.access_token);
    w.Key("token_type").String("Bearer");
    w.Key("expires_in").Int(o.expires_in);
    w.Key("refresh_token").String(o.refresh_token);
    w.EndObject();
    return NoStore(http::Response::Ok(w.str()));
  }
  if (o.status == 429) {
    http::Response r =
        http::ProblemResponse(Error(ErrorCode::kRateLimited, o.description), request.request_id);
    r.headers.emplace_back("Retry-After", std::to_string(o.retry_after_seconds));
    return NoStore(std::move(r));
  }
  return OAuthError(o.status, o.error, o.description);
}

}  // namespace

void RegisterTokenRoutes(http::Router& router, const SecurityRoutesDeps& deps) {
  router.AddSchema("TokenRequest", R"({
    "type": "object",
    "required": ["grant_type"],
    "properties": {
      "grant_type": {"type": "string", "enum": ["password", "client_credentials", "refresh_token"]},
      "username": {"type": "string", "description": "password grant"},
      "password": {"type": "string", "format": "password", "description": "password grant"},
      "client_id": {"type": "string", "description": "client_credentials: the API key id"},
      "client_secret": {"type": "string", "format": "password",
                        "description": "client_credentials: the API key's secret, or the whole key"},
      "refresh_token": {"type": "string", "description": "refresh_token grant"}
    }})");
  router.AddSchema("TokenResponse", R"({
    "type": "object",
    "required": ["access_token", "token_type", "expires_in", "refresh_token"],
    "properties": {
      "access_token": {"type": "string", "description": "a JWT (HS256) to send as Authorization: Bearer"},
      "token_type": {"type": "string", "const": "Bearer"},
      "expires_in": {"type": "integer", "description": "seconds until the access token expires"},
      "refresh_token": {"type": "string", "description": "single use; each refresh returns a new one"}
    }})");
  TokenService& tokens = deps.tokens;
  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/auth/token",
       .permission = std::string(http::kPublic),
       .tag = kSecurityTag,
       .summary = "Get tokens (OAuth 2.0 password, client_credentials and refresh_token grants)",
       .description =
           "Form-encoded or JSON body. Errors follow RFC 6749: 400 {\"error\": \"invalid_request\" "
           "| "
           "\"invalid_grant\" | \"unsupported_grant_type\"}, 401 {\"error\": \"invalid_client\"}. "
           "Wrong passwords count towards the lockout (settings security.lockout.*); attempts are "
           "rate limited per IP and per user name (429 with Retry-After). Refresh tokens rotate: "
           "each is single use, and reusing one revokes every token of that sign-in.",
       .request_schema = R"({"$ref": "#/components/schemas/TokenRequest"})",
       .request_content_types = {"application/x-www-form-urlencoded", "application/json"},
       .response_schema = R"({"$ref": "#/components/schemas/TokenResponse"})",
       .idempotency_replay = false,
       .handler = [&tokens](http::Request& r) { return HandleToken(tokens, r); }});
}

}  // namespace emporion::security
