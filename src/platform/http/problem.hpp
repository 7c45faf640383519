// The one table from ErrorCode to HTTP status, and RFC 9457 problem+json responses.
#pragma once

#include <string_view>

#include "platform/core/error.hpp"
#include "platform/http/types.hpp"

namespace emporion::http {

unsigned HttpStatusFor(ErrorCode code);
/// `{"type", "title", "status", "detail", "instance", "requestId", "errors": [...]}`.
Response ProblemResponse(const Error& error, std::string_view request_id);

}  // namespace emporion::http
