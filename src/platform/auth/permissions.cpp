#include "platform/auth/permissions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <utility>
#include "platform/core/text.hpp"

namespace emporion::auth {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view PrimarySubtag(std::string_view tag) { return tag.substr(0, tag.find('-')); }

/// Parses a `q=` weight (RFC 9110: 0 to 1 with at most three decimals); nullopt when malformed.
std::optional<int> ParseWeightMillis(std::string_view v) {
  v = Trim(v);
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int whole = v[0] - '0';
  int millis = 0;
  if (v.size() > 1) {
    if (v[1] != '.' || v.size() > 5) return std::nullopt;
    int scale = 100;
    for (std::size_t i = 2; i < v.size(); ++i) {
      if (v[i] < '0' || v[i] > '9') return std::nullopt;
      millis += (v[i] - '0') * scale;
      scale /= 10;
    }
  }
  const int total = whole * 1000 + millis;
  if (total > 1000) return std::nullopt;
  return total;
}

struct LanguageRange {
  std::string tag;  // lower-cased; "*" for any
  int weight = 1000;
  std::size_t order = 0;
};

std::vector<LanguageRange> ParseAcceptLanguage(std::string_view header) {
  std::vector<LanguageRange> ranges;
  std::size_t order = 0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semi = item.find(';');
    std::string_view tag = Trim(item.substr(0, semi));
    if (tag.empty()) continue;
    int weight = 1000;
    if (semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        auto w = ParseWeightMillis(param.substr(2));
        if (!w) continue;  // a malformed weight makes the whole range unusable
        weight = *w;
      }
    }
    if (weight == 0) continue;  // q=0 means "not acceptable"
    ranges.push_back({AsciiLower(tag), weight, order++});
  }
  std::stable_sort(
      ranges.begin(), ranges.end(),
      [](const LanguageRange& a, const LanguageRange& b) { return a.weight > b.weight; });
  return ranges;
}

}  // namespace

void PermissionRegistry::Declare(PermissionDefinition definition) {
  if (definition.module.empty()) {
    definition.module = definition.name.substr(0, definition.name.find(':'));
  }
  auto it = std::find_if(all_.begin(), all_.end(),
                         [&](const PermissionDefinition& d) { return d.name == definition.name; });
  if (it != all_.end()) {
    *it = std::move(definition);
  } else {
    all_.push_back(std::move(definition));
  }
}

bool PermissionRegistry::Exists(std::string_view name) const { return Find(name) != nullptr; }

const PermissionDefinition* PermissionRegistry::Find(std::string_view name) const {
  auto it = std::find_if(all_.begin(), all_.end(),
                         [&](const PermissionDefinition& d) { return d.name == name; });
  return it == all_.end() ? nullptr : &*it;
}

std::string PermissionRegistry::DisplayName(std::string_view name,
                                            std::string_view accept_language) const {
  const PermissionDefinition* def = Find(name);
  if (def == nullptr || def->display_names.empty()) return std::string(name);
  std::vector<std::string> languages;
  languages.reserve(def->display_names.size());
  for (const auto& [language, text] : def->display_names) languages.push_back(language);
  const std::string chosen = NegotiateLanguage(accept_language, languages, "en-US");
  auto it = def->display_names.find(chosen);
  if (it != def->display_names.end()) return it->second;
  return std::string(name);
}

std::string NegotiateLanguage(std::string_view accept_language,
                              const std::vector<std::string>& available,
                              const std::string& fallback) {
  if (available.empty()) return fallback;
  std::vector<std::string> lowered;
  lowered.reserve(available.size());
  for (const auto& a : available) lowered.push_back(AsciiLower(a));

  for (const LanguageRange& range : ParseAcceptLanguage(accept_language)) {
    if (range.tag == "*") {
      // Any language will do: prefer the fallback when we have it.
      const std::string fb = AsciiLower(fallback);
      for (std::size_t i = 0; i < lowered.size(); ++i) {
        if (lowered[i] == fb) return available[i];
      }
      return available.front();
    }
    for (std::size_t i = 0; i < lowered.size(); ++i) {
      if (lowered[i] == range.tag) return available[i];
    }
    // "de" or "de-AT" accepts any German we have ("de-DE"): same primary subtag.
    const std::string_view primary = PrimarySubtag(range.tag);
    for (std::size_t i = 0; i < lowered.size(); ++i) {
      if (PrimarySubtag(lowered[i]) == primary) return available[i];
    }
  }
  return fallback;
}

}  // namespace emporion::auth
