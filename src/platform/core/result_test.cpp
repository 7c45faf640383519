// Result<T>, Status and Error: the value/error carrier every layer returns.
#include "platform/core/result.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <set>
#include <string>

namespace emporion {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Error::InvalidArgument(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  EMPORION_ASSIGN_OR_RETURN(int half, Half(n));
  EMPORION_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  EMPORION_RETURN_IF_ERROR(Half(n));
  return Ok();
}

TEST(ResultTest, HoldsAValueAndReportsOk) {
  Result<std::string> r = std::string("hello");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, "hello");
  EXPECT_EQ(r->size(), 5u);
  EXPECT_EQ(r.value(), "hello");
}

TEST(ResultTest, HoldsAnErrorWithCodeAndDetail) {
  Result<int> r = Error::NotFound("product p1 not found");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.error().detail(), "product p1 not found");
}

TEST(ResultTest, MovesMoveOnlyValuesOut) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(42);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 42);
}

TEST(ResultTest, AssignOrReturnPropagatesTheFirstError) {
  struct Case {
    int input;
    bool ok;
    int value;
    const char* detail;
  } cases[] = {
      {8, true, 2, ""},
      {4, true, 1, ""},
      {6, false, 0, "3 is odd"},
      {7, false, 0, "7 is odd"},
  };
  for (const auto& c : cases) {
    auto r = Quarter(c.input);
    ASSERT_EQ(r.ok(), c.ok) << c.input;
    if (c.ok) {
      EXPECT_EQ(*r, c.value) << c.input;
    } else {
      EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(r.error().detail(), c.detail);
    }
  }
}

TEST(ResultTest, ReturnIfErrorTurnsAResultIntoAStatus) {
  EXPECT_TRUE(CheckEven(2).ok());
  Status s = CheckEven(3);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().detail(), "3 is odd");
}

TEST(StatusTest, DefaultIsOkAndAnErrorIsNot) {
  Status ok = Ok();
  EXPECT_TRUE(ok.ok());
  Status bad = Error::Conflict("in use");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kConflict);
  Error moved = std::move(bad).error();
  EXPECT_EQ(moved.detail(), "in use");
}

TEST(ErrorTest, FactoriesSetTheirCodes) {
  struct Case {
    Error error;
    ErrorCode code;
    const char* name;
  } cases[] = {
      {Error::InvalidArgument("x"), ErrorCode::kInvalidArgument, "invalid-argument"},
      {Error::NotFound("x"), ErrorCode::kNotFound, "not-found"},
      {Error::AlreadyExists("x"), ErrorCode::kAlreadyExists, "already-exists"},
      {Error::Conflict("x"), ErrorCode::kConflict, "conflict"},
      {Error::PreconditionFailed("x"), ErrorCode::kPreconditionFailed, "precondition-failed"},
      {Error::Unauthenticated("x"), ErrorCode::kUnauthenticated, "unauthenticated"},
      {Error::PermissionDenied("x"), ErrorCode::kPermissionDenied, "permission-denied"},
      {Error::Internal("x"), ErrorCode::kInternal, "internal"},
      {Error::Unavailable("x"), ErrorCode::kUnavailable, "unavailable"},
      {Error::Unprocessable("f", "x"), ErrorCode::kUnprocessable, "unprocessable"},
      {Error::InvalidField("f", "x"), ErrorCode::kInvalidArgument, "invalid-argument"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.code(), c.code) << c.name;
    EXPECT_STREQ(ErrorCodeName(c.error.code()), c.name);
  }
}

TEST(ErrorTest, FieldErrorsNameTheFieldInDetailAndList) {
  Error e = Error::InvalidField("items[3].sku", "is required");
  EXPECT_EQ(e.detail(), "items[3].sku: is required");
  ASSERT_EQ(e.fields().size(), 1u);
  EXPECT_EQ(e.fields()[0].field, "items[3].sku");
  EXPECT_EQ(e.fields()[0].message, "is required");
  e.AddField("items[4].sku", "is too long");
  ASSERT_EQ(e.fields().size(), 2u);
  EXPECT_EQ(e.fields()[1].field, "items[4].sku");
}

TEST(ErrorTest, EveryCodeHasADistinctName) {
  const ErrorCode all[] = {ErrorCode::kInvalidArgument,  ErrorCode::kUnauthenticated,
                           ErrorCode::kPermissionDenied, ErrorCode::kNotFound,
                           ErrorCode::kMethodNotAllowed, ErrorCode::kAlreadyExists,
                           ErrorCode::kConflict,         ErrorCode::kPreconditionFailed,
                           ErrorCode::kPayloadTooLarge,  ErrorCode::kUnsupportedMediaType,
                           ErrorCode::kUnprocessable,    ErrorCode::kRateLimited,
                           ErrorCode::kInternal,         ErrorCode::kUnavailable};
  std::set<std::string> names;
  for (ErrorCode c : all) names.insert(ErrorCodeName(c));
  EXPECT_EQ(names.size(), std::size(all));
}

}  // namespace
}  // namespace emporion
