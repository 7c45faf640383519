#include "platform/http/problem.hpp"

#include <boost/beast/http/status.hpp>

#include "platform/json/json.hpp"

namespace emporion::http {

unsigned HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPreconditionFailed: return 412;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kUnprocessable: return 422;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

Response ProblemResponse(const Error& error, std::string_view request_id) {
  const unsigned status = HttpStatusFor(error.code());
  json::Writer w;
  w.StartObject();
  w.Key("type").String(std::string("https://emporion.dev/problems/") + ErrorCodeName(error.code()));
  w.Key("title").String(
      std::string(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status))));
  w.Key("status").Int(status);
  w.Key("detail").String(error.detail());
  if (!request_id.empty()) w.Key("requestId").String(request_id);
  if (!error.fields().empty()) {
    w.Key("errors").StartArray();
    for (const auto& f : error.fields()) {
      w.StartObject().Key("field").String(f.field).Key("message").String(f.message).EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  Response r = Response::Json(status, w.str());
  r.content_type = "application/problem+json";
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace emporion::http
