// Result<T>: a value or an Error, shaped like std::expected (C++23), which g++ 12 lacks in C++20.
// Use for every expected failure; exceptions are for bugs only. Value type; thread-compatible.
#pragma once

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "platform/core/error.hpp"

namespace emporion {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  [[nodiscard]] const Error& error() const& { return std::get<1>(data_); }
  Error&& error() && { return std::get<1>(std::move(data_)); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

}  // namespace emporion

// Evaluates `expr` (a Result); on error returns the error from the enclosing function.
#define EMPORION_CONCAT_INNER(a, b) a##b
#define EMPORION_CONCAT(a, b) EMPORION_CONCAT_INNER(a, b)
#define EMPORION_RETURN_IF_ERROR(expr)                 \
  do {                                                 \
    auto&& emporion_status_ = (expr);                  \
    if (!emporion_status_.ok()) {                      \
      return std::move(emporion_status_).error();      \
    }                                                  \
  } while (false)
// Declares `lhs` from the value of `expr` (a Result<T>) or returns its error.
#define EMPORION_ASSIGN_OR_RETURN(lhs, expr) \
  EMPORION_ASSIGN_OR_RETURN_IMPL(EMPORION_CONCAT(emporion_result_, __LINE__), lhs, expr)
#define EMPORION_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) {                                     \
    return std::move(tmp).error();                     \
  }                                                    \
  lhs = std::move(tmp).value()
