// PasswordPolicy: the rules a new password must satisfy (length, letters and digits). Pure; no
// I/O. Value type; thread-compatible.
#pragma once

#include <string_view>

#include "platform/core/result.hpp"

namespace emporion::security {

struct PasswordPolicy {
  int min_length = 8;    // in characters (UTF-8 code points); setting security.password.minLength
  int max_length = 256;  // bounds the work a hash request can ask for
  bool require_letter = true;
  bool require_digit = true;
};

/// Ok, or kUnprocessable naming `field` with a message listing every rule the password breaks.
Status CheckPassword(const PasswordPolicy& policy, std::string_view password,
                     std::string_view field = "password");

}  // namespace emporion::security
