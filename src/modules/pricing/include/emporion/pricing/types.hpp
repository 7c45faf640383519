// The pricing module's value types: price lists, prices (tiers and date windows), assignments
// with their condition trees, and the evaluation request and answer. Value types;
// thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/decimal.hpp"
#include "platform/core/entity.hpp"

namespace emporion::pricing {

struct PriceList {
  EntityMeta meta;
  std::string name;  // unique (business key)
  std::optional<std::string> description;
  std::string currency;  // ISO 4217
  std::optional<std::string> outer_id;
};

/// Half-open date windows everywhere: from start_date inclusive to end_date exclusive.
struct Price {
  EntityMeta meta;
  std::string price_list_id;
  std::string product_id;
  Decimal list;
  std::optional<Decimal> sale;
  std::int64_t min_quantity = 1;
  std::optional<Timestamp> start_date;
  std::optional<Timestamp> end_date;
};

/// A node of an assignment's condition tree: a group ("and", "or", "not" with `conditions`) or
/// a leaf ("userGroup", "country", "customerTag", "store" with `value`).
struct Condition {
  std::string type;
  std::string value;
  std::vector<Condition> conditions;
};

struct Assignment {
  EntityMeta meta;
  std::string price_list_id;
  std::optional<std::string> catalog_id;
  std::optional<std::string> store_id;
  std::string name;
  std::optional<std::string> description;
  std::int64_t priority = 0;
  std::optional<Timestamp> start_date;
  std::optional<Timestamp> end_date;
  bool is_active = true;
  std::vector<Condition> conditions;  // all must hold (an implicit "and"); empty: everyone
};

/// What the members module knows about a customer (injected, see PricingOptions).
struct Shopper {
  std::vector<std::string> user_groups;
  std::vector<std::string> tags;
  std::optional<std::string> country;
};

struct EvaluationRequest {
  std::optional<std::string> store_id;
  std::optional<std::string> catalog_id;
  std::string currency;
  std::optional<std::string> customer_id;
  std::vector<std::string> user_groups;
  std::optional<std::string> country;
  std::vector<std::string> tags;
  std::optional<Timestamp> date;  // default: now
  std::int64_t quantity = 1;
  std::vector<std::string> product_ids;
  bool explain = false;
};

struct Tier {
  std::int64_t min_quantity = 1;
  Decimal list;
  std::optional<Decimal> sale;
};

/// One candidate assignment in an explanation: `outcome` is "won" or why it lost: inactive,
/// date, store, catalog, condition, currency, priority (a higher-ranked list had a price) or
/// noPrice (its list has no price for the product at the date and quantity).
struct CandidateOutcome {
  std::string assignment_id;
  std::string price_list_id;
  std::int64_t priority = 0;
  std::string outcome;
};

struct EvaluatedPrice {
  std::string product_id;
  std::string currency;
  Decimal list;
  std::optional<Decimal> sale;
  std::string price_list_id;
  std::string assignment_id;
  std::optional<std::string> price_product_id;  // set when a variation took its main product's
  std::vector<Tier> tiers;
  std::vector<CandidateOutcome> explanation;  // with explain=true
};

}  // namespace emporion::pricing
