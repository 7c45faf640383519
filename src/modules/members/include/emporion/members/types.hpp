// Value types of the members module: contacts, organizations, employees and vendors share one
// Member shape (Virto's Member with its subtypes), told apart by `type`. Value types;
// thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "platform/core/entity.hpp"

namespace emporion::members {

enum class MemberType { kContact, kOrganization, kEmployee, kVendor };

/// "Contact", "Organization", "Employee", "Vendor".
const char* MemberTypeName(MemberType type);
std::optional<MemberType> ParseMemberType(std::string_view text);

struct Address {
  std::string type;  // billing, shipping, billingAndShipping
  std::optional<std::string> name;
  std::string line1;
  std::optional<std::string> line2;
  std::string city;
  std::optional<std::string> region_code;
  std::optional<std::string> postal_code;
  std::string country_code;  // ISO 3166-1 alpha-2 or alpha-3, upper case
  std::optional<std::string> phone;
  std::optional<std::string> email;
};

struct Member {
  EntityMeta meta;
  MemberType type = MemberType::kContact;
  /// Display name; for contacts and employees the full name (given, or first + last).
  std::string name;
  std::optional<std::string> first_name;   // contacts, employees
  std::optional<std::string> last_name;    // contacts, employees
  std::optional<std::string> birth_date;   // contacts: YYYY-MM-DD
  std::optional<std::string> parent_id;    // organizations: the parent organization
  std::vector<std::string> organizations;  // contacts, employees: organization ids
  std::vector<Address> addresses;
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::vector<std::string> groups;  // user groups: what pricing and promotions target
  std::vector<std::string> tags;
  std::optional<std::string> default_language;
  std::optional<std::string> time_zone;  // IANA name
  std::optional<std::string> outer_id;   // ERP key (not unique)
  std::optional<std::string> description;
  std::string status = "Approved";  // New, Approved, Rejected
  bool is_active = true;
};

}  // namespace emporion::members
