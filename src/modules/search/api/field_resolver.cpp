#include "modules/search/api/field_resolver.hpp"

#include <cctype>
#include <map>

#include "modules/search/indexing/product_documents.hpp"
#include "platform/core/text.hpp"

namespace emporion::search_module {
namespace {

using search::FieldKind;

const std::map<std::string, FieldKind, std::less<>>& SchemaFields(std::string_view type) {
  static const std::map<std::string, FieldKind, std::less<>> kProduct = {
      {"type", FieldKind::kKeyword},       {"id", FieldKind::kKeyword},
      {"code", FieldKind::kKeyword},       {"mainProductId", FieldKind::kKeyword},
      {"catalog", FieldKind::kKeyword},    {"__outline", FieldKind::kKeyword},
      {"category", FieldKind::kKeyword},   {"brand", FieldKind::kKeyword},
      {"vendor", FieldKind::kKeyword},     {"active", FieldKind::kKeyword},
      {"buyable", FieldKind::kKeyword},    {"inStock", FieldKind::kKeyword},
      {"available_in", FieldKind::kKeyword}, {"priority", FieldKind::kNumber},
      {"startDate", FieldKind::kDate},     {"endDate", FieldKind::kDate},
      {"createdAt", FieldKind::kDate},     {"modifiedAt", FieldKind::kDate},
      {"name", FieldKind::kText},          {"description", FieldKind::kText},
      {"gtin", FieldKind::kText},          {"properties", FieldKind::kText},
      {"variations", FieldKind::kText}};
  static const std::map<std::string, FieldKind, std::less<>> kCategory = {
      {"id", FieldKind::kKeyword},        {"code", FieldKind::kKeyword},
      {"catalog", FieldKind::kKeyword},   {"parentId", FieldKind::kKeyword},
      {"__outline", FieldKind::kKeyword}, {"active", FieldKind::kKeyword},
      {"priority", FieldKind::kNumber},   {"createdAt", FieldKind::kDate},
      {"modifiedAt", FieldKind::kDate},   {"name", FieldKind::kText}};
  static const std::map<std::string, FieldKind, std::less<>> kMember = {
      {"id", FieldKind::kKeyword},       {"memberType", FieldKind::kKeyword},
      {"groups", FieldKind::kKeyword},   {"tags", FieldKind::kKeyword},
      {"status", FieldKind::kKeyword},   {"active", FieldKind::kKeyword},
      {"organizations", FieldKind::kKeyword}, {"createdAt", FieldKind::kDate},
      {"modifiedAt", FieldKind::kDate},  {"name", FieldKind::kText},
      {"emails", FieldKind::kText},      {"phones", FieldKind::kText}};
  static const std::map<std::string, FieldKind, std::less<>> kNone;
  if (type == kProductType) return kProduct;
  if (type == kCategoryType) return kCategory;
  if (type == kMemberType) return kMember;
  return kNone;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

search::ResolvedField Known(std::string field, FieldKind kind) { return {std::move(field), kind}; }

}  // namespace

search::ResolvedField ResolveField(const search::Engine& engine, std::string_view type,
                                   std::string_view name, const FieldResolverOptions& options) {
  return ResolveField([&engine, type](std::string_view field) { return engine.KindOf(type, field); },
                      type, name, options);
}

search::ResolvedField ResolveField(const KindOfField& kind_of, std::string_view type,
                                   std::string_view name, const FieldResolverOptions& options) {
  if (name.empty()) return {};
  const auto& schema = SchemaFields(type);
  if (type == kProductType) {
    if (name == "sku") return Known("code", FieldKind::kKeyword);
    if (name == "category.subtree") return Known("__outline", FieldKind::kKeyword);
    if (name == "price") {
      if (options.price_field.empty()) return {};
      return Known(options.price_field, FieldKind::kNumber);
    }
    if (StartsWith(name, "price.") || StartsWith(name, "available.")) {
      if (name.size() <= name.find('.') + 1) return {};
      return Known(std::string(name), FieldKind::kNumber);
    }
    if (StartsWith(name, "sort.name.")) return Known(std::string(name), FieldKind::kKeyword);
    if (StartsWith(name, "properties.")) {
      const std::string field = AsciiLower(name.substr(std::string_view("properties.").size()));
      if (field.empty() || !PropertyFieldName(field)) return {};
      return {field, kind_of(field)};
    }
  } else if (type == kCategoryType) {
    if (name == "category.subtree") return Known("__outline", FieldKind::kKeyword);
    if (StartsWith(name, "sort.name.")) return Known(std::string(name), FieldKind::kKeyword);
  } else if (type == kMemberType) {
    if (name == "sort.name") return Known("sort.name", FieldKind::kKeyword);
  }
  if (auto it = schema.find(name); it != schema.end()) return Known(it->first, it->second);
  // Property fields (products), as written or lower-cased.
  if (type == kProductType) {
    if (auto kind = kind_of(name); kind != FieldKind::kUnknown) {
      return {std::string(name), kind};
    }
    const std::string lower = AsciiLower(name);
    if (auto kind = kind_of(lower); kind != FieldKind::kUnknown) return {lower, kind};
  }
  return {};
}

std::function<search::ResolvedField(std::string_view)> MakeFieldResolver(
    const search::Engine& engine, std::string type, FieldResolverOptions options) {
  return [&engine, type = std::move(type), options = std::move(options)](std::string_view name) {
    return ResolveField(engine, type, name, options);
  };
}

}  // namespace emporion::search_module
