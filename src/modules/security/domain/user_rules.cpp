#include "modules/security/domain/user_rules.hpp"

#include <algorithm>

namespace emporion::security {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsValidDomainLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) { return IsAlnum(c) || c == '-'; });
}

}  // namespace

Status ValidateUserName(std::string_view user_name) {
  if (user_name.empty()) return Error::Unprocessable("userName", "must not be empty");
  if (user_name.size() > 256)
    return Error::Unprocessable("userName", "must be at most 256 characters");
  for (char c : user_name) {
    if (!IsAlnum(c) && c != '-' && c != '.' && c != '_' && c != '@' && c != '+') {
      return Error::Unprocessable("userName",
                                  "may contain only letters, digits and the characters - . _ @ +");
    }
  }
  return Ok();
}

Status ValidateEmail(std::string_view email) {
  auto bad = [] { return Error::Unprocessable("email", "is not a valid e-mail address"); };
  if (email.size() > 254) return bad();
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return bad();
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  for (char c : local) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7F || c == '@' || c == '"' || c == '(' || c == ')' || c == ',' ||
        c == ':' || c == ';' || c == '<' || c == '>' || c == '[' || c == '\\' || c == ']') {
      return bad();
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return bad();
  }
  if (domain.find('.') == std::string_view::npos) return bad();
  std::string_view rest = domain;
  while (true) {
    const auto dot = rest.find('.');
    if (!IsValidDomainLabel(rest.substr(0, dot))) return bad();
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  return Ok();
}

std::string NormalizeKey(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace emporion::security
