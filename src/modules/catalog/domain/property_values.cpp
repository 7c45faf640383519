#include "modules/catalog/domain/property_values.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <unordered_map>

#include "modules/catalog/domain/rules.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/text.hpp"

namespace emporion::catalog {
namespace {

/// Compiling a std::regex costs tens of microseconds: an import validates the same few
/// patterns on every product, so each thread keeps what it compiled (bounded). Throws
/// std::regex_error for a bad pattern, like the constructor.
const std::regex& CompiledPattern(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second;
  if (cache.size() >= 256) cache.clear();
  return cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first->second;
}

}  // namespace

namespace {

bool AllowedFor(PropertyType type, ValueOwner owner) {
  if (owner == ValueOwner::kCategory) return type == PropertyType::kCategory;
  return type == PropertyType::kProduct || type == PropertyType::kVariation;
}

bool RequiredFor(const Property& p, ValueOwner owner) {
  if (!p.required) return false;
  switch (owner) {
    case ValueOwner::kCategory:
      return p.type == PropertyType::kCategory;
    case ValueOwner::kProduct:
      return p.type == PropertyType::kProduct;
    case ValueOwner::kVariation:
      return p.type == PropertyType::kProduct || p.type == PropertyType::kVariation;
  }
  return false;
}

const char* OwnerName(ValueOwner owner) {
  switch (owner) {
    case ValueOwner::kCategory:
      return "categories";
    case ValueOwner::kProduct:
      return "products";
    case ValueOwner::kVariation:
      return "variations";
  }
  return "objects";
}

std::string Describe(const PropertyScalar& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return "'" + *s + "'";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", *d);
    return buf;
  }
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "(no value)";
}

bool ParseGeoPoint(const std::string& s) {
  const auto comma = s.find(',');
  if (comma == std::string::npos) return false;
  auto parse = [](const std::string& part, double& out) {
    char* end = nullptr;
    out = std::strtod(part.c_str(), &end);
    while (end != nullptr && *end == ' ') ++end;
    return end != part.c_str() && end != nullptr && *end == '\0' && std::isfinite(out);
  };
  double lat = 0;
  double lon = 0;
  if (!parse(s.substr(0, comma), lat) || !parse(s.substr(comma + 1), lon)) return false;
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/// Checks one value against the definition; may normalize it. Returns a message or "".
std::string CheckValue(const Property& p, PropertyValueItem& item) {
  PropertyScalar& v = item.value;
  const auto& rules = p.validation;
  switch (p.value_type) {
    case ValueType::kShortText:
    case ValueType::kLongText:
    case ValueType::kHtml: {
      const auto* s = std::get_if<std::string>(&v);
      if (s == nullptr) return Describe(v) + " is not text";
      const std::size_t len = Utf8Length(*s);
      if (p.value_type == ValueType::kShortText && len > 512) {
        return "ShortText values are at most 512 characters";
      }
      if (rules.min_length && static_cast<std::int64_t>(len) < *rules.min_length) {
        return "must be at least " + std::to_string(*rules.min_length) + " characters";
      }
      if (rules.max_length && static_cast<std::int64_t>(len) > *rules.max_length) {
        return "must be at most " + std::to_string(*rules.max_length) + " characters";
      }
      if (rules.regex) {
        try {
          if (!std::regex_match(*s, CompiledPattern(*rules.regex))) {
            return Describe(v) + " does not match the pattern " + *rules.regex;
          }
        } catch (const std::regex_error&) {
          return "the property's pattern cannot be evaluated";
        }
      }
      return "";
    }
    case ValueType::kNumber: {
      double d = 0;
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        d = static_cast<double>(*i);
      } else if (const auto* x = std::get_if<double>(&v)) {
        d = *x;
      } else {
        return Describe(v) + " is not a number";
      }
      if (rules.min && d < *rules.min) return Describe(v) + " is below the minimum";
      if (rules.max && d > *rules.max) return Describe(v) + " is above the maximum";
      return "";
    }
    case ValueType::kInteger: {
      const auto* i = std::get_if<std::int64_t>(&v);
      if (i == nullptr) return Describe(v) + " is not an integer";
      const auto d = static_cast<double>(*i);
      if (rules.min && d < *rules.min) return Describe(v) + " is below the minimum";
      if (rules.max && d > *rules.max) return Describe(v) + " is above the maximum";
      return "";
    }
    case ValueType::kBoolean:
      if (!std::holds_alternative<bool>(v)) return Describe(v) + " is not a boolean";
      return "";
    case ValueType::kDateTime: {
      const auto* s = std::get_if<std::string>(&v);
      auto t = s != nullptr ? ParseIso8601(*s) : std::nullopt;
      if (!t) return Describe(v) + " is not an ISO 8601 date-time such as 2026-11-24T17:05:00Z";
      v = FormatIso8601(*t);
      return "";
    }
    case ValueType::kGeoPoint: {
      const auto* s = std::get_if<std::string>(&v);
      if (s == nullptr || !ParseGeoPoint(*s)) {
        return Describe(v) + " is not a geo point \"latitude,longitude\" such as \"52.52,13.40\"";
      }
      return "";
    }
  }
  return "";
}

}  // namespace

std::vector<const Property*> ApplicableProperties(const std::vector<Property>& catalog_properties,
                                                  const std::vector<std::string>& path_ids) {
  std::vector<const Property*> out;
  for (const auto& p : catalog_properties) {
    if (!p.category_id ||
        std::find(path_ids.begin(), path_ids.end(), *p.category_id) != path_ids.end()) {
      out.push_back(&p);
    }
  }
  return out;
}

std::vector<FieldError> ValidatePropertyValues(std::vector<PropertyValues>& values,
                                               const PropertyScope& scope, ValueOwner owner,
                                               const std::string& prefix) {
  std::vector<FieldError> errors;
  auto add = [&](const std::string& name, std::string message) {
    errors.push_back({prefix + "properties." + name, std::move(message)});
  };
  std::map<std::string, const Property*> by_id;
  std::map<std::string, const Property*> by_name;
  for (const Property* p : scope.properties) {
    by_id[p->meta.id] = p;
    by_name[p->name] = p;
  }
  std::set<std::string> seen;
  std::vector<PropertyValues> kept;
  kept.reserve(values.size());
  for (auto& entry : values) {
    const Property* def = nullptr;
    const std::string label = !entry.name.empty() ? entry.name : entry.property_id;
    if (label.empty()) {
      errors.push_back({prefix + "properties", "each entry needs a propertyId or a name"});
      continue;
    }
    if (!entry.property_id.empty()) {
      auto it = by_id.find(entry.property_id);
      if (it != by_id.end()) def = it->second;
    } else {
      auto it = by_name.find(entry.name);
      if (it != by_name.end()) def = it->second;
    }
    if (def == nullptr) {
      add(label, "no property '" + label +
                     "' applies here; define it on the catalog or on a category above");
      continue;
    }
    if (!entry.name.empty() && !entry.property_id.empty() && entry.name != def->name) {
      add(label, "propertyId and name name different properties");
      continue;
    }
    entry.property_id = def->meta.id;
    entry.name = def->name;
    if (!AllowedFor(def->type, owner)) {
      add(def->name, std::string("is a ") + ToString(def->type) + " property; " + OwnerName(owner) +
                         " cannot hold its values");
      continue;
    }
    if (!seen.insert(def->meta.id).second) {
      add(def->name, "is given twice; put all its values in one entry");
      continue;
    }
    if (entry.values.empty()) continue;
    const std::size_t before = errors.size();
    std::map<std::string, int> per_language;
    for (std::size_t i = 0; i < entry.values.size(); ++i) {
      auto& item = entry.values[i];
      const std::string where = entry.values.size() > 1 ? " (value " + std::to_string(i) + ")" : "";
      if (def->multilanguage) {
        if (!item.language_code) {
          add(def->name, "is multilanguage: every value needs a languageCode" + where);
          continue;
        }
        if (std::find(scope.languages.begin(), scope.languages.end(), *item.language_code) ==
            scope.languages.end()) {
          add(def->name, "languageCode '" + *item.language_code +
                             "' is not one of the catalog's languages" + where);
          continue;
        }
      } else if (item.language_code) {
        add(def->name, "is not multilanguage: values take no languageCode" + where);
        continue;
      }
      ++per_language[item.language_code.value_or("")];
      if (def->dictionary) {
        auto dict = scope.dictionaries.find(def->meta.id);
        const DictionaryRef* match = nullptr;
        if (dict != scope.dictionaries.end()) {
          for (const auto& ref : dict->second) {
            if (item.value_id ? ref.id == *item.value_id
                              : (std::holds_alternative<std::string>(item.value) &&
                                 AsciiLower(ref.alias) == AsciiLower(std::get<std::string>(item.value)))) {
              match = &ref;
              break;
            }
          }
        }
        if (match == nullptr) {
          add(def->name,
              (item.value_id ? "valueId '" + *item.value_id + "'" : Describe(item.value)) +
                  " is not in the property's dictionary" + where);
          continue;
        }
        item.value_id = match->id;
        item.value = match->alias;
        continue;
      }
      if (item.value_id) {
        add(def->name, "is not a dictionary property: values take no valueId" + where);
        continue;
      }
      if (std::holds_alternative<std::monostate>(item.value)) {
        add(def->name, "a value is missing" + where);
        continue;
      }
      std::string problem = CheckValue(*def, item);
      if (!problem.empty())
        add(def->name, std::string(ToString(def->value_type)) + ": " + problem + where);
    }
    if (!def->multivalue) {
      for (const auto& [lang, count] : per_language) {
        if (count > 1) {
          add(def->name, "is not multivalue: give one value" +
                             (lang.empty() ? std::string() : " per language (" + lang + ")"));
          break;
        }
      }
    }
    if (errors.size() == before) kept.push_back(std::move(entry));
  }
  for (const Property* p : scope.properties) {
    if (!RequiredFor(*p, owner)) continue;
    if (seen.count(p->meta.id) != 0 &&
        std::any_of(kept.begin(), kept.end(), [&](const PropertyValues& v) {
          return v.property_id == p->meta.id && !v.values.empty();
        })) {
      continue;
    }
    // An entry that failed validation already has its error.
    if (seen.count(p->meta.id) != 0 &&
        std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) {
          return e.field == prefix + "properties." + p->name;
        })) {
      continue;
    }
    if (owner == ValueOwner::kVariation && p->type == PropertyType::kProduct &&
        scope.inherited.count(p->meta.id) != 0) {
      continue;
    }
    add(p->name, "is required");
  }
  values = std::move(kept);
  return errors;
}

}  // namespace emporion::catalog
