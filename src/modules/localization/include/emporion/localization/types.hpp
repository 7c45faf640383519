// Value types of the localization module: languages (IETF BCP 47 tags) and currencies
// (ISO 4217 codes with exchange rate and rounding). Value types; thread-compatible.
#pragma once

#include <optional>
#include <string>

#include "platform/core/decimal.hpp"
#include "platform/core/entity.hpp"

namespace emporion::localization {

struct Language {
  EntityMeta meta;
  std::string code;  // canonical BCP 47 tag: "en-US", "zh-Hant-TW", "de"
  std::string name;
  std::optional<std::string> native_name;
  bool is_active = true;
};

struct Currency {
  EntityMeta meta;
  std::string code;  // ISO 4217, upper case
  std::string name;
  std::optional<std::string> symbol;
  /// Units of this currency for one unit of the primary currency (> 0; the primary's is 1).
  Decimal exchange_rate = Decimal::FromInt(1);
  bool is_primary = false;
  bool is_active = true;
  CurrencyRounding rounding;  // places default to the ISO 4217 minor units
  /// Display pattern, e.g. "#,##0.00 ¤" (free text; clients format with it).
  std::optional<std::string> custom_formatting;
};

}  // namespace emporion::localization
