#include "modules/members/domain/rules.hpp"

#include <unicode/ucal.h>
#include <unicode/uloc.h>

#include <set>
#include <string>
#include <vector>

namespace emporion::members {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// ISO 3166-1 alpha-2 and alpha-3 codes from ICU's current list (deprecated codes excluded).
const std::set<std::string>& CountryCodes() {
  static const std::set<std::string> codes = [] {
    std::set<std::string> out;
    for (const char* const* c = uloc_getISOCountries(); c != nullptr && *c != nullptr; ++c) {
      out.insert(*c);
      const std::string locale = std::string("und_") + *c;
      const char* alpha3 = uloc_getISO3Country(locale.c_str());
      if (alpha3 != nullptr && alpha3[0] != '\0') out.insert(alpha3);
    }
    return out;
  }();
  return codes;
}

}  // namespace

bool IsTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  std::vector<UChar> id;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u > 0x7E || u <= 0x20) return false;
    id.push_back(static_cast<UChar>(u));
  }
  UChar canonical[128];
  UBool is_system = 0;
  UErrorCode status = U_ZERO_ERROR;
  ucal_getCanonicalTimeZoneID(id.data(), static_cast<int32_t>(id.size()), canonical, 128,
                              &is_system, &status);
  return U_SUCCESS(status) && is_system != 0;
}

std::optional<std::string> CountryCode(std::string_view code) {
  if (code.size() != 2 && code.size() != 3) return std::nullopt;
  std::string upper = Upper(code);
  if (CountryCodes().count(upper) == 0) return std::nullopt;
  return upper;
}

bool IsLanguageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 64) return false;
  const std::string text(tag);
  char locale[ULOC_FULLNAME_CAPACITY];
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  uloc_forLanguageTag(text.c_str(), locale, ULOC_FULLNAME_CAPACITY, &parsed, &status);
  return U_SUCCESS(status) && parsed == static_cast<int32_t>(text.size()) && locale[0] != '\0';
}

bool IsEmail(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto domain = text.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20) return false;
  }
  return text.size() <= 254;
}

bool IsDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  const int y = std::stoi(std::string(t.substr(0, 4)));
  const int m = std::stoi(std::string(t.substr(5, 2)));
  const int d = std::stoi(std::string(t.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int max = kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
  return d <= max;
}

bool WouldCreateCycle(const std::string& id, const std::string& new_parent,
                      const ParentOf& parent_of) {
  std::optional<std::string> current = new_parent;
  for (int depth = 0; current; ++depth) {
    if (*current == id || depth > 10'000) return true;
    current = parent_of(*current);
  }
  return false;
}

}  // namespace emporion::members
