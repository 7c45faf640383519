// Pure validation rules of pricing resources (no I/O): each returns the FieldErrors of one
// value, named under `prefix` ("items[3]."), as 422s. Reentrant.
#pragma once

#include <string>
#include <vector>

#include "emporion/pricing/types.hpp"
#include "platform/core/error.hpp"

namespace emporion::pricing::domain {

inline constexpr int kMaxConditionDepth = 16;

void ValidatePriceList(const PriceList& v, const std::string& prefix,
                       std::vector<FieldError>& errors);
/// sale <= list, minQuantity >= 1, list/sale >= 0, startDate < endDate.
void ValidatePrice(const Price& v, const std::string& prefix, std::vector<FieldError>& errors);
/// Condition types and shapes, paths like `conditions[0].conditions[1].type`.
void ValidateConditions(const std::vector<Condition>& conditions, const std::string& path,
                        int depth, std::vector<FieldError>& errors);
void ValidateAssignment(const Assignment& v, const std::string& prefix,
                        std::vector<FieldError>& errors);

/// True when [a_start, a_end) and [b_start, b_end) overlap (missing bounds are open).
bool WindowsOverlap(const std::optional<Timestamp>& a_start, const std::optional<Timestamp>& a_end,
                    const std::optional<Timestamp>& b_start, const std::optional<Timestamp>& b_end);
/// True when `at` lies in [start, end).
bool InWindow(const std::optional<Timestamp>& start, const std::optional<Timestamp>& end,
              Timestamp at);

/// A 422 with all `errors` (first one in the detail).
Error Unprocessable(std::vector<FieldError> errors);

}  // namespace emporion::pricing::domain
