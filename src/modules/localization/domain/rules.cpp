#include "modules/localization/domain/rules.hpp"

#include <vector>

namespace emporion::localization {
namespace {

bool AllAlpha(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::optional<std::string> CanonicalLanguageTag(std::string_view tag) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto dash = tag.find_first_of("-_", start);
    parts.push_back(tag.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  const auto lang = parts[0];
  if (lang.size() < 2 || lang.size() > 3 || !AllAlpha(lang)) return std::nullopt;
  std::string out;
  for (char c : lang) out += Lower(c);
  std::size_t i = 1;
  if (i < parts.size() && parts[i].size() == 4 && AllAlpha(parts[i])) {
    out += '-';
    out += Upper(parts[i][0]);
    for (char c : parts[i].substr(1)) out += Lower(c);
    ++i;
  }
  if (i < parts.size()) {
    const auto region = parts[i];
    if (region.size() == 2 && AllAlpha(region)) {
      out += '-';
      for (char c : region) out += Upper(c);
    } else if (region.size() == 3 && AllDigits(region)) {
      out += '-';
      out += region;
    } else {
      return std::nullopt;
    }
    ++i;
  }
  if (i != parts.size()) return std::nullopt;
  return out;
}

}  // namespace emporion::localization
