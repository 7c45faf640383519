#include "modules/pricing/domain/rules.hpp"

namespace emporion::pricing::domain {
namespace {

bool IsLeaf(const std::string& t) {
  return t == "userGroup" || t == "country" || t == "customerTag" || t == "store";
}
bool IsGroup(const std::string& t) { return t == "and" || t == "or" || t == "not"; }

void CheckWindow(const std::optional<Timestamp>& start, const std::optional<Timestamp>& end,
                 const std::string& prefix, std::vector<FieldError>& errors) {
  if (start && end && *end <= *start) {
    errors.push_back({prefix + "endDate", "must be after startDate"});
  }
}

}  // namespace

void ValidatePriceList(const PriceList& v, const std::string& prefix,
                       std::vector<FieldError>& errors) {
  if (v.name.empty()) errors.push_back({prefix + "name", "is required"});
  if (!IsCurrencyCode(v.currency)) {
    errors.push_back({prefix + "currency", "must be an ISO 4217 code such as USD"});
  }
}

void ValidatePrice(const Price& v, const std::string& prefix, std::vector<FieldError>& errors) {
  if (v.price_list_id.empty()) errors.push_back({prefix + "priceListId", "is required"});
  if (v.product_id.empty()) errors.push_back({prefix + "productId", "is required"});
  if (v.list.IsNegative()) errors.push_back({prefix + "list", "must not be negative"});
  if (v.sale && v.sale->IsNegative()) {
    errors.push_back({prefix + "sale", "must not be negative"});
  } else if (v.sale && *v.sale > v.list) {
    errors.push_back({prefix + "sale", "must not be above list"});
  }
  if (v.min_quantity < 1) errors.push_back({prefix + "minQuantity", "must be at least 1"});
  CheckWindow(v.start_date, v.end_date, prefix, errors);
}

void ValidateConditions(const std::vector<Condition>& conditions, const std::string& path,
                        int depth, std::vector<FieldError>& errors) {
  if (depth > kMaxConditionDepth) {
    errors.push_back({path, "nested deeper than " + std::to_string(kMaxConditionDepth)});
    return;
  }
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const Condition& c = conditions[i];
    const std::string at = path + "[" + std::to_string(i) + "].";
    if (IsGroup(c.type)) {
      if (c.conditions.empty()) {
        errors.push_back({at + "conditions", "a '" + c.type + "' needs at least one condition"});
      }
      ValidateConditions(c.conditions, at + "conditions", depth + 1, errors);
    } else if (IsLeaf(c.type)) {
      if (c.value.empty()) errors.push_back({at + "value", "is required"});
    } else {
      errors.push_back({at + "type",
                        "must be and, or, not, userGroup, country, customerTag or "
                        "store"});
    }
  }
}

void ValidateAssignment(const Assignment& v, const std::string& prefix,
                        std::vector<FieldError>& errors) {
  if (v.price_list_id.empty()) errors.push_back({prefix + "priceListId", "is required"});
  if (v.name.empty()) errors.push_back({prefix + "name", "is required"});
  CheckWindow(v.start_date, v.end_date, prefix, errors);
  ValidateConditions(v.conditions, prefix + "conditions", 1, errors);
}

bool WindowsOverlap(const std::optional<Timestamp>& a_start, const std::optional<Timestamp>& a_end,
                    const std::optional<Timestamp>& b_start,
                    const std::optional<Timestamp>& b_end) {
  // [as, ae) and [bs, be) overlap when as < be and bs < ae (open bounds always pass).
  const bool a_before_b_ends = !a_start || !b_end || *a_start < *b_end;
  const bool b_before_a_ends = !b_start || !a_end || *b_start < *a_end;
  return a_before_b_ends && b_before_a_ends;
}

bool InWindow(const std::optional<Timestamp>& start, const std::optional<Timestamp>& end,
              Timestamp at) {
  return (!start || *start <= at) && (!end || at < *end);
}

Error Unprocessable(std::vector<FieldError> errors) {
  std::string detail = errors.empty() ? std::string("invalid")
                                      : errors.front().field + ": " + errors.front().message;
  if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
  return {ErrorCode::kUnprocessable, std::move(detail), std::move(errors)};
}

}  // namespace emporion::pricing::domain
