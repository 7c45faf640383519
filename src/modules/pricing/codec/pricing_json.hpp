// JSON <-> pricing values in the API's shapes (camelCase; amounts as JSON numbers with at most
// 4 decimals; times ISO 8601 UTC). Readers report type errors as 400 naming the field under
// `prefix`; business rules are checked by domain/rules.hpp. Reentrant.
#pragma once

#include <string>
#include <vector>

#include "emporion/pricing/types.hpp"
#include "platform/core/result.hpp"
#include "platform/json/json.hpp"

namespace emporion::pricing::codec {

Result<PriceList> ReadPriceList(const json::Value& v, const std::string& prefix);
Result<Price> ReadPrice(const json::Value& v, const std::string& prefix);
Result<Assignment> ReadAssignment(const json::Value& v, const std::string& prefix);
Result<EvaluationRequest> ReadEvaluationRequest(const json::Value& v);

/// Reads a condition array (400 for wrong JSON types; types themselves are checked later).
Result<std::vector<Condition>> ReadConditions(const json::Value& v, const std::string& path);
std::string ConditionsToJson(const std::vector<Condition>& conditions);
Result<std::vector<Condition>> ParseConditions(const std::string& text);

std::string ToJson(const PriceList& v);
std::string ToJson(const Price& v);
std::string ToJson(const Assignment& v);
std::string EvaluationToJson(const std::vector<EvaluatedPrice>& items);

}  // namespace emporion::pricing::codec
