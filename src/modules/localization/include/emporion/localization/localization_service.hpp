// LocalizationService: what other modules (stores, pricing, orders) may ask the localization
// module: does a language or currency exist and is it active, how is a currency rounded, and
// converting money between currencies with the stored exchange rates. Also the hook through
// which a module that refers to languages or currencies (stores) forbids deleting one in use.
//
// Errors common to all methods: kUnavailable when the database does not answer.
// Thread safety: implementations are thread-safe; AddUsageCheck only at start-up (wiring).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "emporion/localization/types.hpp"
#include "platform/core/decimal.hpp"
#include "platform/core/result.hpp"

namespace emporion::localization {

enum class UsageKind { kLanguage, kCurrency };

class LocalizationService {
 public:
  virtual ~LocalizationService() = default;

  /// The language with this tag (compared canonically: "en-us" finds "en-US"), or nullopt.
  virtual Result<std::optional<Language>> FindLanguage(const std::string& code) const = 0;
  /// The currency with this ISO 4217 code, or nullopt.
  virtual Result<std::optional<Currency>> FindCurrency(const std::string& code) const = 0;
  /// True when the language exists and is active.
  virtual Result<bool> IsActiveLanguage(const std::string& code) const = 0;
  /// True when the currency exists and is active.
  virtual Result<bool> IsActiveCurrency(const std::string& code) const = 0;
  /// How amounts in `code` are rounded: the stored currency's settings, else the ISO 4217 minor
  /// units with half-up.
  virtual Result<CurrencyRounding> Rounding(const std::string& code) const = 0;
  /// Converts `money` into `target` with the stored exchange rates, rounded per the target's
  /// settings (platform Convert). kNotFound naming the currency that is not stored.
  virtual Result<Money> Convert(const Money& money, const std::string& target) const = 0;

  /// Returns why `code` is in use (e.g. "used by store 'b2c'"), or nullopt when it is not.
  using UsageCheck =
      std::function<Result<std::optional<std::string>>(UsageKind kind, const std::string& code)>;
  /// Adds a check consulted before a language or currency is deleted; a reason makes the
  /// delete a 409 naming it. Call at wiring time only (not thread-safe against deletes).
  virtual void AddUsageCheck(UsageCheck check) = 0;
};

}  // namespace emporion::localization
