#include "platform/http/dispatcher.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <algorithm>
#include <exception>

#include "platform/core/uuid.hpp"
#include "platform/http/problem.hpp"
#include "platform/json/json.hpp"

namespace emporion::http {
namespace {

bool AcceptsGzip(const Request& r) {
  std::string_view ae = r.Header("accept-encoding");
  return ae.find("gzip") != std::string_view::npos;
}

std::string VerbList(const std::vector<Verb>& verbs) {
  std::string out;
  for (Verb v : verbs) {
    if (!out.empty()) out += ", ";
    out += std::string(to_string(v));
  }
  return out;
}

std::string HashRequest(const Request& r) {
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, sizeof h);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(r.target.data()),
                            r.target.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(r.body.data()),
                            r.body.size());
  crypto_generichash_final(&st, h, sizeof h);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace

namespace {

/// False for media types that are compressed already (images other than SVG, fonts, archives,
/// audio, video): gzip would burn CPU for no gain.
bool Compressible(std::string_view content_type) {
  const auto starts = [&](std::string_view p) { return content_type.substr(0, p.size()) == p; };
  if (starts("image/")) return starts("image/svg");
  if (starts("audio/") || starts("video/") || starts("font/woff")) return false;
  for (std::string_view t : {"application/zip", "application/gzip", "application/x-gzip",
                             "application/zstd", "application/x-7z-compressed"}) {
    if (starts(t)) return false;
  }
  return true;
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, DispatcherOptions options, metrics::Metrics* metrics)
    : router_(router), options_(std::move(options)), metrics_(metrics) {
  // One series per route, looked up by the route's address on the hot path without a lock;
  // routes registered after this (none in the app) fall back to Metrics::ForRoute.
  if (metrics_ != nullptr) {
    for (const auto& r : router_.routes()) {
      route_stats_.emplace(r.get(), metrics_->ForRoute(std::string(to_string(r->method)), r->path));
    }
  }
}

std::size_t Dispatcher::BodyLimit(Verb method, std::string_view target, std::size_t global) const {
  const std::string path = PercentDecode(target.substr(0, target.find('?')), false);
  std::unordered_map<std::string, std::string> params;
  auto match = router_.Find(method, path, params);
  if (match.route == nullptr || match.route->max_body_bytes == 0) return global;
  return match.route->max_body_bytes;
}

std::size_t Dispatcher::MaxBodyLimit(std::size_t global) const {
  std::size_t out = global;
  for (const auto& route : router_.routes()) out = std::max(out, route->max_body_bytes);
  return out;
}

const RouteSpec* Dispatcher::Route(Request& request, Response& early) const {
  std::string_view rid = request.Header("x-request-id");
  if (!rid.empty() && rid.size() <= 128) {
    request.request_id = std::string(rid);
  } else {
    request.request_id = NewUuidV7();
  }
  std::string_view raw_path =
      request.target.empty() ? std::string_view(request.path) : std::string_view(request.target);
  raw_path = raw_path.substr(0, raw_path.find('?'));
  auto match = router_.Find(request.method, raw_path, request.path_params);
  if (request.method == Verb::options && !request.Header("access-control-request-method").empty()) {
    early = Response::NoContent();
    return nullptr;
  }
  if (match.route == nullptr) {
    if (match.path_exists) {
      early = ProblemResponse(
          Error(ErrorCode::kMethodNotAllowed,
                std::string(to_string(request.method)) + " is not allowed on " + request.path),
          request.request_id);
      early.headers.emplace_back("Allow", VerbList(match.allowed));
    } else {
      early = ProblemResponse(Error::NotFound("no route for " + request.path), request.request_id);
    }
    return nullptr;
  }
  const RouteSpec& route = *match.route;
  const bool has_body = !request.body.empty() || request.method == Verb::post ||
                        request.method == Verb::put || request.method == Verb::patch;
  if (has_body && !route.request_schema.empty()) {
    std::vector<std::string> allowed = route.request_content_types;
    if (allowed.empty()) {
      allowed.emplace_back("application/json");
      if (request.method == Verb::patch) allowed.emplace_back("application/merge-patch+json");
    }
    const std::string ct = request.ContentType();
    const bool ok = std::find(allowed.begin(), allowed.end(), ct) != allowed.end();
    if (!ok && !(ct.empty() && request.body.empty())) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      early = ProblemResponse(Error(ErrorCode::kUnsupportedMediaType,
                                    "Content-Type '" + ct + "' is not accepted here; use " + list),
                              request.request_id);
      early.headers.emplace_back("Accept-Patch", list);
      return nullptr;
    }
  }
  return &route;
}

Response Dispatcher::Execute(const RouteSpec& route, Request& request) const {
  if (auth_ != nullptr && !request.principal) {
    auto who = auth_->Authenticate(request);
    if (!who.ok()) {
      if (route.permission.empty()) {
        // Public routes ignore bad credentials rather than fail.
      } else {
        return ProblemResponse(who.error(), request.request_id);
      }
    } else if (*who != nullptr) {
      request.principal = std::move(*who);
    }
  }
  if (!route.permission.empty()) {
    if (!request.principal) {
      return ProblemResponse(Error::Unauthenticated("authentication required: send "
                                                    "'Authorization: Bearer <token>' or "
                                                    "'X-API-Key: <key>'"),
                             request.request_id);
    }
    if (route.permission != kAuthenticated && !request.principal->Has(route.permission)) {
      return ProblemResponse(
          Error::PermissionDenied("permission '" + route.permission + "' is required"),
          request.request_id);
    }
  }
  std::string_view key = request.Header("idempotency-key");
  if (request.method == Verb::post && !key.empty() && idempotency_ != nullptr &&
      route.idempotency_replay) {
    if (key.size() > 255) {
      return ProblemResponse(Error::InvalidField("Idempotency-Key", "at most 255 characters"),
                             request.request_id);
    }
    const std::string scope = (request.principal ? request.principal->user_id : "anonymous") + " " +
                              std::string(to_string(request.method)) + " " + route.path;
    const std::string hash = HashRequest(request);
    auto found = idempotency_->Find(scope, std::string(key));
    if (!found.ok()) return ProblemResponse(found.error(), request.request_id);
    if (found->has_value()) {
      const auto& entry = **found;
      if (entry.request_hash != hash) {
        return ProblemResponse(
            Error::Unprocessable("Idempotency-Key",
                                 "this key was already used with a different request body"),
            request.request_id);
      }
      Response replay = entry.response;
      replay.headers.emplace_back("Idempotent-Replayed", "true");
      return replay;
    }
    // A second request with the key while the first still runs must not run too (it would
    // not find the first's response yet): 409, retry later (as Stripe answers).
    InFlightKey in_flight(*this, scope + '\n' + std::string(key));
    if (!in_flight.acquired()) {
      return ProblemResponse(
          Error::Conflict("a request with this Idempotency-Key is still being processed; retry "
                          "when it has finished"),
          request.request_id);
    }
    if (auto again = idempotency_->Find(scope, std::string(key));
        again.ok() && again->has_value()) {
      // The first one finished between our lookup and the claim: replay it.
      if ((**again).request_hash != hash) {
        return ProblemResponse(
            Error::Unprocessable("Idempotency-Key",
                                 "this key was already used with a different request body"),
            request.request_id);
      }
      Response replay = (**again).response;
      replay.headers.emplace_back("Idempotent-Replayed", "true");
      return replay;
    }
    Response response = Invoke(route, request);
    if (response.status < 500) {
      Status saved = idempotency_->Save(scope, std::string(key), {hash, response});
      if (!saved.ok()) {
        spdlog::warn("idempotency key not saved: {}", saved.error().detail());
      }
    }
    return response;
  }
  return Invoke(route, request);
}

Response Dispatcher::Invoke(const RouteSpec& route, Request& request) const {
  try {
    Result<Response> result = route.handler(request);
    if (!result.ok()) {
      if (result.error().code() == ErrorCode::kInternal) {
        spdlog::error("request {} {} {} failed: {}", request.request_id,
                      std::string(to_string(request.method)), request.path,
                      result.error().detail());
        return ProblemResponse(Error::Internal("internal error; request id " + request.request_id),
                               request.request_id);
      }
      return ProblemResponse(result.error(), request.request_id);
    }
    return std::move(result).value();
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} threw: {}", request.request_id,
                  std::string(to_string(request.method)), request.path, e.what());
  } catch (...) {
    spdlog::error("request {} {} {} threw a non-standard exception", request.request_id,
                  std::string(to_string(request.method)), request.path);
  }
  return ProblemResponse(Error::Internal("internal error; request id " + request.request_id),
                         request.request_id);
}

void Dispatcher::Finish(const Request& request, const RouteSpec* route, Response& response,
                        std::chrono::steady_clock::time_point started) const {
  response.headers.emplace_back("X-Request-Id", request.request_id);
  std::string_view origin = request.Header("origin");
  if (!origin.empty() && !options_.cors_origins.empty()) {
    const bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
                     options_.cors_origins.end();
    const bool listed = std::find(options_.cors_origins.begin(), options_.cors_origins.end(),
                                  origin) != options_.cors_origins.end();
    if (any || listed) {
      response.headers.emplace_back("Access-Control-Allow-Origin", any ? "*" : std::string(origin));
      response.headers.emplace_back("Vary", "Origin");
      response.headers.emplace_back("Access-Control-Expose-Headers",
                                    "ETag, Location, X-Request-Id");
      if (request.method == Verb::options) {
        response.headers.emplace_back("Access-Control-Allow-Methods",
                                      "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        response.headers.emplace_back(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type, If-Match, Idempotency-Key, X-API-Key, X-Request-Id");
        response.headers.emplace_back("Access-Control-Max-Age", "600");
      }
    }
  }
  if (response.body.size() >= options_.gzip_min_bytes && Compressible(response.content_type) &&
      AcceptsGzip(request)) {
    bool already = false;
    for (const auto& [k, v] : response.headers) {
      if (k == "Content-Encoding") already = true;
    }
    if (!already) {
      response.body = Gzip(response.body);
      response.headers.emplace_back("Content-Encoding", "gzip");
      response.headers.emplace_back("Vary", "Accept-Encoding");
    }
  }
  const auto micros =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now() - started)
                                     .count());
  if (metrics_ != nullptr) {
    metrics::Metrics::RouteStats* stats = nullptr;
    if (auto it = route_stats_.find(route); route != nullptr && it != route_stats_.end()) {
      stats = it->second;
    } else {
      const std::string method(to_string(request.method));
      // Unmatched requests share one series so hostile paths cannot grow the registry.
      stats = route != nullptr ? metrics_->ForRoute(method, route->path)
                               : metrics_->ForRoute(method, "unmatched");
    }
    stats->Observe(response.status, micros);
  }
  if (options_.access_log) {
    spdlog::logger& log =
        options_.access_logger ? *options_.access_logger : *spdlog::default_logger_raw();
    // json::Writer escapes what it writes: the path is percent-decoded and the request id comes
    // from the client, so either may hold quotes or line breaks (a broken or forged log line).
    const auto method = to_string(request.method);
    json::Writer line;
    line.StartObject().Key("event").String("access");
    line.Key("requestId").String(request.request_id);
    line.Key("method").String(std::string_view(method.data(), method.size()));
    line.Key("path").String(request.path);
    line.Key("status").Int(response.status);
    line.Key("micros").Int(static_cast<std::int64_t>(micros));
    line.Key("bytes").Int(static_cast<std::int64_t>(response.body.size()));
    line.Key("user").String(request.principal ? request.principal->user_name : "");
    line.EndObject();
    const std::string_view text = line.view();
    log.info(fmt::string_view(text.data(), text.size()));
  }
}

Response Dispatcher::Handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  Response response;
  const RouteSpec* route = Route(request, response);
  if (route != nullptr) response = Execute(*route, request);
  Finish(request, route, response, started);
  return response;
}

std::string Gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return std::string(data);
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string PercentDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex(s[i + 1]);
      const int lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i <= query.size()) {
    std::size_t j = query.find('&', i);
    if (j == std::string_view::npos) j = query.size();
    std::string_view part = query.substr(i, j - i);
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(PercentDecode(part, true), "");
      } else {
        out.emplace_back(PercentDecode(part.substr(0, eq), true),
                         PercentDecode(part.substr(eq + 1), true));
      }
    }
    i = j + 1;
  }
  return out;
}

}  // namespace emporion::http
