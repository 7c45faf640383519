// Field rules of a store (pure, unit-tested): IETF language tags, ISO 4217 currency codes,
// default language/currency among the lists, IANA time zone names, country codes, URLs,
// e-mails, fulfillment center lists without repeats, settings. Existence of the catalog, the
// centers, languages and currencies is checked by the service. Reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emporion/stores/types.hpp"
#include "platform/core/error.hpp"

namespace emporion::stores {

/// `en`, `en-US`, `de-DE`, `zh-Hant-TW`, `sr-Latn`: a 2-3 letter language, then subtags of
/// 2-8 letters or digits.
bool IsLanguageTag(std::string_view tag);
/// `UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+1`.
bool IsTimeZoneName(std::string_view name);

/// Normalizes (an empty list becomes [default]) and validates; errors name `prefix` + field.
std::vector<FieldError> ValidateStore(Store& s, const std::string& prefix);

}  // namespace emporion::stores
