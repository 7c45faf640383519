#include "modules/inventory/domain/rules.hpp"

#include <cctype>
#include <cstdint>

namespace emporion::inventory {

std::optional<std::string> CanonicalCoordinate(std::string_view text, int limit) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    ++i;
  }
  std::string whole;
  std::string fraction;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    (dot ? fraction : whole).push_back(c);
  }
  if (whole.empty() || (dot && fraction.empty()) || fraction.size() > 8) return std::nullopt;
  while (whole.size() > 1 && whole[0] == '0') whole.erase(0, 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.size() > 3) return std::nullopt;
  const int w = std::stoi(whole);
  if (w > limit || (w == limit && !fraction.empty())) return std::nullopt;
  std::string out = (negative && (w != 0 || !fraction.empty())) ? "-" : "";
  out += whole;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

namespace {

bool IsCountryCode(const std::string& s) {
  if (s.size() != 2 && s.size() != 3) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

bool LooksLikeEmail(const std::string& s) {
  const auto at = s.find('@');
  return at != std::string::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string::npos && s.find(' ') == std::string::npos;
}

}  // namespace

std::vector<FieldError> ValidateFulfillmentCenter(const FulfillmentCenter& fc,
                                                  const std::string& prefix) {
  std::vector<FieldError> errors;
  if (fc.name.empty()) errors.push_back({prefix + "name", "is required"});
  if (fc.name.size() > 256) errors.push_back({prefix + "name", "is longer than 256 characters"});
  if (fc.code && (fc.code->empty() || fc.code->size() > 64)) {
    errors.push_back({prefix + "code", "must be 1 to 64 characters"});
  }
  if (fc.address) {
    const auto& a = *fc.address;
    if (a.country_code && !IsCountryCode(*a.country_code)) {
      errors.push_back({prefix + "address.countryCode",
                        "must be an ISO 3166-1 code of 2 or 3 upper-case letters"});
    }
    if (a.email && !LooksLikeEmail(*a.email)) {
      errors.push_back({prefix + "address.email", "is not an e-mail address"});
    }
  }
  if (fc.geo_location) {
    if (!CanonicalCoordinate(fc.geo_location->latitude, 90)) {
      errors.push_back({prefix + "geoLocation.latitude",
                        "must be a decimal from -90 to 90 with at most 8 decimals"});
    }
    if (!CanonicalCoordinate(fc.geo_location->longitude, 180)) {
      errors.push_back({prefix + "geoLocation.longitude",
                        "must be a decimal from -180 to 180 with at most 8 decimals"});
    }
  }
  return errors;
}

std::vector<FieldError> ValidateRecord(const InventoryRecord& r, const std::string& prefix) {
  std::vector<FieldError> errors;
  if (r.product_id.empty()) errors.push_back({prefix + "productId", "is required"});
  if (r.fulfillment_center_id.empty()) {
    errors.push_back({prefix + "fulfillmentCenterId", "is required"});
  }
  auto non_negative = [&](const char* field, std::int64_t v) {
    if (v < 0) errors.push_back({prefix + field, "must not be negative"});
  };
  non_negative("inStockQuantity", r.in_stock_quantity);
  non_negative("reorderMinQuantity", r.reorder_min_quantity);
  non_negative("preorderQuantity", r.preorder_quantity);
  non_negative("backorderQuantity", r.backorder_quantity);
  return errors;
}

}  // namespace emporion::inventory
