// Pure rules of the members module: time zones (IANA names, from ICU's time zone data),
// country codes (ISO 3166-1 alpha-2 and alpha-3, from ICU), language tags, e-mail syntax,
// and cycle detection in the organization hierarchy. No I/O. Reentrant.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace emporion::members {

/// True for an IANA time zone name ICU knows ("Europe/Berlin", "UTC", "America/New_York");
/// case-sensitive like the tz database.
bool IsTimeZone(std::string_view name);
/// The upper-case code when `code` is an ISO 3166-1 alpha-2 or alpha-3 country code (any case),
/// else nullopt.
std::optional<std::string> CountryCode(std::string_view code);
/// True for a well-formed BCP 47 language tag (ICU's parser consumes all of it).
bool IsLanguageTag(std::string_view tag);
/// Light e-mail syntax: one '@', non-empty local part, a dot in the domain, no spaces.
bool IsEmail(std::string_view text);
/// True for an ISO 8601 calendar date YYYY-MM-DD that exists.
bool IsDate(std::string_view text);

/// The parent of an organization, or nullopt for a root (or an unknown id).
using ParentOf = std::function<std::optional<std::string>(const std::string& id)>;
/// True when making `new_parent` the parent of `id` would close a cycle (including
/// `new_parent == id`). Stops at depth 10,000 and reports a cycle (a corrupt hierarchy).
bool WouldCreateCycle(const std::string& id, const std::string& new_parent,
                      const ParentOf& parent_of);

}  // namespace emporion::members
