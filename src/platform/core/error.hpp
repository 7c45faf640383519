// Error: the value every expected failure travels as, from storage up to the HTTP edge.
// An Error carries a code (mapped to an HTTP status in one table, platform/http/problem.cpp), a
// human-readable detail and optional field-level messages for validation failures.
// Value type; thread-compatible.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace emporion {

enum class ErrorCode {
  kInvalidArgument,       // 400: malformed input
  kUnauthenticated,       // 401
  kPermissionDenied,      // 403
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kAlreadyExists,         // 409: duplicate business key
  kConflict,              // 409: in use, state conflict
  kPreconditionFailed,    // 412: version mismatch
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // 422: well-formed but breaks a business rule
  kRateLimited,           // 429
  kInternal,              // 500: a bug
  kUnavailable,           // 503: a dependency (database) does not answer
};

struct FieldError {
  std::string field;
  std::string message;
};

class Error {
 public:
  Error(ErrorCode code, std::string detail) : code_(code), detail_(std::move(detail)) {}
  Error(ErrorCode code, std::string detail, std::vector<FieldError> fields)
      : code_(code), detail_(std::move(detail)), fields_(std::move(fields)) {}

  [[nodiscard]] ErrorCode code() const { return code_; }
  [[nodiscard]] const std::string& detail() const { return detail_; }
  [[nodiscard]] const std::vector<FieldError>& fields() const { return fields_; }

  Error& AddField(std::string field, std::string message) {
    fields_.push_back({std::move(field), std::move(message)});
    return *this;
  }

  static Error InvalidArgument(std::string detail) {
    return {ErrorCode::kInvalidArgument, std::move(detail)};
  }
  /// A 400 naming one offending field.
  static Error InvalidField(std::string field, std::string message) {
    std::string detail = field + ": " + message;
    return {ErrorCode::kInvalidArgument, std::move(detail), {{std::move(field), std::move(message)}}};
  }
  /// A 422 naming one offending field.
  static Error Unprocessable(std::string field, std::string message) {
    std::string detail = field + ": " + message;
    return {ErrorCode::kUnprocessable, std::move(detail), {{std::move(field), std::move(message)}}};
  }
  static Error NotFound(std::string detail) { return {ErrorCode::kNotFound, std::move(detail)}; }
  static Error AlreadyExists(std::string detail) {
    return {ErrorCode::kAlreadyExists, std::move(detail)};
  }
  static Error Conflict(std::string detail) { return {ErrorCode::kConflict, std::move(detail)}; }
  static Error PreconditionFailed(std::string detail) {
    return {ErrorCode::kPreconditionFailed, std::move(detail)};
  }
  static Error Unauthenticated(std::string detail) {
    return {ErrorCode::kUnauthenticated, std::move(detail)};
  }
  static Error PermissionDenied(std::string detail) {
    return {ErrorCode::kPermissionDenied, std::move(detail)};
  }
  static Error Internal(std::string detail) { return {ErrorCode::kInternal, std::move(detail)}; }
  static Error Unavailable(std::string detail) {
    return {ErrorCode::kUnavailable, std::move(detail)};
  }

 private:
  ErrorCode code_;
  std::string detail_;
  std::vector<FieldError> fields_;
};

/// Short stable name of a code ("not_found"), used in logs and problem `type` URIs.
const char* ErrorCodeName(ErrorCode code);

}  // namespace emporion
