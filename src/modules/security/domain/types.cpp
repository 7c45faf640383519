// Out-of-line parts of the public value types (emporion/security/types.hpp).
#include "emporion/security/types.hpp"

namespace emporion::security {

std::string_view ToString(UserType type) {
  switch (type) {
    case UserType::kCustomer:
      return "Customer";
    case UserType::kManager:
      return "Manager";
    case UserType::kAdministrator:
      return "Administrator";
  }
  return "Customer";
}

std::optional<UserType> ParseUserType(std::string_view text) {
  if (text == "Customer") return UserType::kCustomer;
  if (text == "Manager") return UserType::kManager;
  if (text == "Administrator") return UserType::kAdministrator;
  return std::nullopt;
}

}  // namespace emporion::security
