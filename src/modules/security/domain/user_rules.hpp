// User account rules: what a user name and an e-mail address may look like, and the
// case-insensitive normal form under which both are unique. Pure; reentrant.
#pragma once

#include <string>
#include <string_view>

#include "platform/core/result.hpp"

namespace emporion::security {

/// 1 to 256 characters from letters, digits and `-._@+` (ASP.NET Identity's default set, so
/// user names imported from Virto Commerce stay valid). kUnprocessable naming `userName`.
Status ValidateUserName(std::string_view user_name);

/// A plausible address: `local@domain`, local part 1..64 characters without spaces, domain of
/// dot-separated labels of letters, digits and hyphens with at least one dot, 254 characters
/// at most. kUnprocessable naming `email`.
Status ValidateEmail(std::string_view email);

/// The unique-key form of a user name or e-mail: ASCII lower case.
std::string NormalizeKey(std::string_view text);

}  // namespace emporion::security
