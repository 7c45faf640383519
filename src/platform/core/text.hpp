// Small text helpers shared by the platform and the modules. Header-only; reentrant.
#pragma once

#include <string>
#include <string_view>

namespace emporion {

/// `s` with the ASCII letters A-Z lowered (other bytes, UTF-8 included, unchanged): for keys,
/// codes and identifiers compared case-insensitively. Text for people goes through ICU/utf8proc.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace emporion
