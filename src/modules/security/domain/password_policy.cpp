#include "modules/security/domain/password_policy.hpp"

#include <string>

namespace emporion::security {
namespace {

bool IsAsciiLetter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

Status CheckPassword(const PasswordPolicy& policy, std::string_view password,
                     std::string_view field) {
  int characters = 0;
  bool letter = false;
  bool digit = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++characters;  // count code points, not continuation bytes
    // Non-ASCII characters count as letters: most scripts' letters are outside ASCII.
    if (IsAsciiLetter(c) || c >= 0x80) letter = true;
    if (c >= '0' && c <= '9') digit = true;
  }
  std::string problems;
  auto add = [&problems](std::string_view text) {
    if (!problems.empty()) problems += "; ";
    problems += text;
  };
  if (characters < policy.min_length) {
    add("must be at least " + std::to_string(policy.min_length) + " characters long");
  }
  if (characters > policy.max_length) {
    add("must be at most " + std::to_string(policy.max_length) + " characters long");
  }
  if (policy.require_letter && !letter) add("must contain a letter");
  if (policy.require_digit && !digit) add("must contain a digit");
  if (problems.empty()) return Ok();
  return Error::Unprocessable(std::string(field), problems);
}

}  // namespace emporion::security
