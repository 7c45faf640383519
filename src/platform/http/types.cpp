#include "platform/http/types.hpp"

#include <algorithm>
#include <cctype>

namespace emporion::http {

bool Principal::Has(std::string_view permission) const {
  if (is_administrator) return true;
  return permissions.find(std::string(permission)) != permissions.end();
}

bool Principal::HasForStore(std::string_view permission, std::string_view store_id) const {
  if (is_administrator) return true;
  auto it = permissions.find(std::string(permission));
  if (it == permissions.end()) return false;
  const auto& ids = it->second.store_ids;
  return ids.empty() || std::find(ids.begin(), ids.end(), store_id) != ids.end();
}

bool Principal::HasForCatalog(std::string_view permission, std::string_view catalog_id) const {
  if (is_administrator) return true;
  auto it = permissions.find(std::string(permission));
  if (it == permissions.end()) return false;
  const auto& ids = it->second.catalog_ids;
  return ids.empty() || std::find(ids.begin(), ids.end(), catalog_id) != ids.end();
}

std::optional<std::vector<std::string>> Principal::StoreScope(std::string_view permission) const {
  if (is_administrator) return std::nullopt;
  auto it = permissions.find(std::string(permission));
  if (it == permissions.end()) return std::vector<std::string>{};
  if (it->second.store_ids.empty()) return std::nullopt;
  return it->second.store_ids;
}

std::optional<std::vector<std::string>> Principal::CatalogScope(
    std::string_view permission) const {
  if (is_administrator) return std::nullopt;
  auto it = permissions.find(std::string(permission));
  if (it == permissions.end()) return std::vector<std::string>{};
  if (it->second.catalog_ids.empty()) return std::nullopt;
  return it->second.catalog_ids;
}

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Request::QueryAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k == name) out.push_back(v);
  }
  return out;
}

const std::string& Request::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

std::string Request::ContentType() const {
  std::string_view ct = Header("content-type");
  auto semi = ct.find(';');
  if (semi != std::string_view::npos) ct = ct.substr(0, semi);
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  std::string out(ct);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Request::Actor() const {
  if (principal) return principal->user_name;
  return "anonymous";
}

}  // namespace emporion::http
