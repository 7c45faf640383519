#include "modules/catalog/codec/catalog_json.hpp"

#include <cmath>
#include <utility>

#include "platform/core/uuid.hpp"

namespace emporion::catalog::codec {
namespace {

// ---------------------------------------------------------------------------------------------
// Reading

class Obj {
 public:
  Obj(const json::Value& v, std::string prefix, std::vector<FieldError>& errors)
      : v_(v), prefix_(std::move(prefix)), errors_(errors) {}

  [[nodiscard]] bool IsObject() const { return v_.IsObject(); }
  const json::Value* Get(const char* name) const {
    if (!v_.IsObject()) return nullptr;
    auto it = v_.FindMember(name);
    if (it == v_.MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
  }
  void Error(const std::string& field, std::string message) {
    errors_.push_back({prefix_ + field, std::move(message)});
  }
  [[nodiscard]] const std::string& prefix() const { return prefix_; }
  std::vector<FieldError>& errors() { return errors_; }

  std::optional<std::string> Str(const char* name) {
    const auto* v = Get(name);
    if (v == nullptr) return std::nullopt;
    if (!v->IsString()) {
      Error(name, "must be a string");
      return std::nullopt;
    }
    return std::string(v->GetString(), v->GetStringLength());
  }
  std::string StrOr(const char* name, std::string fallback = "") {
    auto s = Str(name);
    return s ? std::move(*s) : std::move(fallback);
  }
  std::optional<std::int64_t> Int(const char* name) {
    const auto* v = Get(name);
    if (v == nullptr) return std::nullopt;
    if (v->IsInt64()) return v->GetInt64();
    if (v->IsDouble() && std::floor(v->GetDouble()) == v->GetDouble() &&
        std::fabs(v->GetDouble()) < 9e15) {
      return static_cast<std::int64_t>(v->GetDouble());
    }
    Error(name, "must be an integer");
    return std::nullopt;
  }
  std::optional<double> Num(const char* name) {
    const auto* v = Get(name);
    if (v == nullptr) return std::nullopt;
    if (!v->IsNumber()) {
      Error(name, "must be a number");
      return std::nullopt;
    }
    return v->GetDouble();
  }
  std::optional<bool> Bool(const char* name) {
    const auto* v = Get(name);
    if (v == nullptr) return std::nullopt;
    if (!v->IsBool()) {
      Error(name, "must be a boolean");
      return std::nullopt;
    }
    return v->GetBool();
  }
  std::optional<Timestamp> Time(const char* name) {
    auto s = Str(name);
    if (!s) return std::nullopt;
    auto t = ParseIso8601(*s);
    if (!t) Error(name, "must be an ISO 8601 date-time in UTC, e.g. 2026-11-24T17:05:00Z");
    return t;
  }
  std::vector<std::string> Strings(const char* name) {
    std::vector<std::string> out;
    const auto* v = Get(name);
    if (v == nullptr) return out;
    if (!v->IsArray()) {
      Error(name, "must be an array of strings");
      return out;
    }
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      const auto& e = (*v)[i];
      if (!e.IsString()) {
        Error(std::string(name) + "[" + std::to_string(i) + "]", "must be a string");
        continue;
      }
      out.emplace_back(e.GetString(), e.GetStringLength());
    }
    return out;
  }
  template <typename T, typename Fn>
  std::vector<T> Objects(const char* name, Fn read_one) {
    std::vector<T> out;
    const auto* v = Get(name);
    if (v == nullptr) return out;
    if (!v->IsArray()) {
      Error(name, "must be an array of objects");
      return out;
    }
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      const std::string p = prefix_ + name + "[" + std::to_string(i) + "]";
      if (!(*v)[i].IsObject()) {
        errors_.push_back({p, "must be an object"});
        continue;
      }
      Obj child((*v)[i], p + ".", errors_);
      out.push_back(read_one(child));
    }
    return out;
  }
  /// Reads `id` into meta (validated: 1..128 of [A-Za-z0-9._~-]).
  void Id(EntityMeta& meta) {
    auto id = Str("id");
    if (!id) return;
    if (!IsValidId(*id)) {
      Error("id", "must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
      return;
    }
    meta.id = *id;
  }
  /// An optional id reference: like Str but checks the id alphabet.
  std::optional<std::string> Ref(const char* name) {
    auto s = Str(name);
    if (s && !IsValidId(*s)) {
      Error(name, "must be an id (1 to 128 characters of A-Z a-z 0-9 . _ ~ -)");
      return std::nullopt;
    }
    return s;
  }
  template <typename E>
  std::optional<E> Enum(const char* name, std::optional<E> (*parse)(std::string_view),
                        const char* allowed) {
    auto s = Str(name);
    if (!s) return std::nullopt;
    auto e = parse(*s);
    if (!e) Error(name, "'" + *s + "' is not one of " + allowed);
    return e;
  }

 private:
  const json::Value& v_;
  std::string prefix_;
  std::vector<FieldError>& errors_;
};

LocalizedText ReadLocalized(Obj& o, const char* name) {
  return o.Objects<LocalizedValue>(name, [](Obj& e) {
    LocalizedValue lv;
    auto lang = e.Str("languageCode");
    if (!lang) e.Error("languageCode", "is required");
    lv.language_code = lang.value_or("");
    lv.value = e.StrOr("value");
    return lv;
  });
}

std::vector<Image> ReadImages(Obj& o) {
  return o.Objects<Image>("images", [](Obj& e) {
    Image img;
    img.url = e.StrOr("url");
    img.name = e.Str("name");
    img.group = e.Str("group");
    img.sort_order = e.Int("sortOrder").value_or(0);
    img.language_code = e.Str("languageCode");
    return img;
  });
}

PropertyScalar ReadScalar(Obj& o, const char* name) {
  const json::Value* v = o.Get(name);
  if (v == nullptr) return std::monostate{};
  if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
  if (v->IsBool()) return v->GetBool();
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsNumber()) return v->GetDouble();
  o.Error(name, "must be a string, a number or a boolean");
  return std::monostate{};
}

std::vector<PropertyValues> ReadPropertyValues(Obj& o) {
  return o.Objects<PropertyValues>("properties", [](Obj& e) {
    PropertyValues pv;
    pv.property_id = e.StrOr("propertyId");
    pv.name = e.StrOr("name");
    pv.values = e.Objects<PropertyValueItem>("values", [](Obj& x) {
      PropertyValueItem item;
      item.value = ReadScalar(x, "value");
      item.language_code = x.Str("languageCode");
      item.value_id = x.Str("valueId");
      return item;
    });
    return pv;
  });
}

SeoInfo ReadSeo(Obj& e) {
  SeoInfo s;
  e.Id(s.meta);
  s.object_type = e.StrOr("objectType");
  s.object_id = e.StrOr("objectId");
  s.semantic_url = e.StrOr("semanticUrl");
  s.page_title = e.Str("pageTitle");
  s.meta_description = e.Str("metaDescription");
  s.meta_keywords = e.Str("metaKeywords");
  s.image_alt_description = e.Str("imageAltDescription");
  s.language_code = e.Str("languageCode");
  s.store_id = e.Str("storeId");
  s.is_active = e.Bool("isActive").value_or(true);
  return s;
}

ProductAssociation ReadAssoc(Obj& e) {
  ProductAssociation a;
  e.Id(a.meta);
  a.product_id = e.StrOr("productId");
  a.type = e.StrOr("type");
  a.associated_object_id = e.StrOr("associatedObjectId");
  a.associated_object_type =
      e.Enum<EntryType>("associatedObjectType", &ParseEntryType, "product, category")
          .value_or(EntryType::kProduct);
  a.priority = e.Int("priority").value_or(0);
  a.quantity = e.Int("quantity");
  a.tags = e.Strings("tags");
  return a;
}

template <typename T>
Result<T> Finish(T value, const std::vector<FieldError>& errors) {
  if (errors.empty()) return value;
  std::string detail;
  for (const auto& e : errors) {
    if (!detail.empty()) detail += "; ";
    detail += e.field + ": " + e.message;
  }
  return Error(ErrorCode::kInvalidArgument, std::move(detail), errors);
}

Result<void> RequireObject(const json::Value& v, const std::string& prefix) {
  if (v.IsObject()) return Ok();
  const std::string field = prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1);
  return Error::InvalidField(field, "must be a JSON object");
}

// ---------------------------------------------------------------------------------------------
// Writing

void OptStr(json::Writer& w, const char* key, const std::optional<std::string>& v) {
  w.Key(key).OptString(v);
}
void OptInt(json::Writer& w, const char* key, const std::optional<std::int64_t>& v) {
  w.Key(key);
  if (v) {
    w.Int(*v);
  } else {
    w.Null();
  }
}
void OptBool(json::Writer& w, const char* key, const std::optional<bool>& v) {
  w.Key(key);
  if (v) {
    w.Bool(*v);
  } else {
    w.Null();
  }
}
void Number(json::Writer& w, double d) {
  if (std::floor(d) == d && std::fabs(d) < 9e15) {
    w.Int(static_cast<std::int64_t>(d));
  } else {
    w.Double(d);
  }
}
void OptNum(json::Writer& w, const char* key, const std::optional<double>& v) {
  w.Key(key);
  if (v) {
    Number(w, *v);
  } else {
    w.Null();
  }
}
void OptTime(json::Writer& w, const char* key, const std::optional<Timestamp>& v) {
  w.Key(key);
  if (v) {
    w.Time(*v);
  } else {
    w.Null();
  }
}
void Strings(json::Writer& w, const char* key, const std::vector<std::string>& v) {
  w.Key(key).StartArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

void WriteImages(json::Writer& w, const std::vector<Image>& images) {
  w.Key("images").StartArray();
  for (const auto& i : images) {
    w.StartObject().Key("url").String(i.url);
    OptStr(w, "name", i.name);
    OptStr(w, "group", i.group);
    w.Key("sortOrder").Int(i.sort_order);
    OptStr(w, "languageCode", i.language_code);
    w.EndObject();
  }
  w.EndArray();
}

void WriteScalar(json::Writer& w, const PropertyScalar& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    w.String(*s);
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    w.Int(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    w.Double(*d);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    w.Bool(*b);
  } else {
    w.Null();
  }
}

void WriteMetaIf(json::Writer& w, const EntityMeta& meta, Form form) {
  if (form != Form::kApi) return;
  w.Key("id").String(meta.id).Key("version").Int(meta.version);
  w.Key("createdAt").Time(meta.created_at).Key("createdBy").String(meta.created_by);
  w.Key("modifiedAt").Time(meta.modified_at).Key("modifiedBy").String(meta.modified_by);
}

}  // namespace

void WriteLocalized(json::Writer& w, const LocalizedText& text) {
  w.StartArray();
  for (const auto& lv : text) {
    w.StartObject().Key("languageCode").String(lv.language_code);
    w.Key("value").String(lv.value).EndObject();
  }
  w.EndArray();
}

void WritePropertyValues(json::Writer& w, const std::vector<PropertyValues>& values) {
  w.StartArray();
  for (const auto& pv : values) {
    w.StartObject().Key("propertyId").String(pv.property_id).Key("name").String(pv.name);
    w.Key("values").StartArray();
    for (const auto& item : pv.values) {
      w.StartObject().Key("value");
      WriteScalar(w, item.value);
      OptStr(w, "languageCode", item.language_code);
      OptStr(w, "valueId", item.value_id);
      w.EndObject();
    }
    w.EndArray();
    if (pv.inherited) w.Key("inherited").Bool(true);
    w.EndObject();
  }
  w.EndArray();
}

void Write(json::Writer& w, const Outline& o) {
  w.StartObject().Key("catalogId").String(o.catalog_id).Key("path").String(o.Path());
  w.Key("items").StartArray();
  for (const auto& i : o.items) {
    w.StartObject().Key("type").String(i.type).Key("id").String(i.id);
    if (!i.code.empty()) w.Key("code").String(i.code);
    w.Key("name").String(i.name);
    if (i.linked) w.Key("linked").Bool(true);
    w.EndObject();
  }
  w.EndArray().EndObject();
}

void Write(json::Writer& w, const CategoryNode& n) {
  w.StartObject().Key("id").String(n.id).Key("code").String(n.code).Key("name").String(n.name);
  w.Key("isActive").Bool(n.is_active).Key("priority").Int(n.priority);
  if (n.linked) w.Key("linked").Bool(true);
  w.Key("children").StartArray();
  for (const auto& c : n.children) Write(w, c);
  w.EndArray().EndObject();
}

void Write(json::Writer& w, const Catalog& c, Form form) {
  w.StartObject();
  WriteMetaIf(w, c.meta, form);
  w.Key("name").String(c.name).Key("isVirtual").Bool(c.is_virtual);
  w.Key("defaultLanguage").String(c.default_language);
  Strings(w, "languages", c.languages);
  w.EndObject();
}

void Write(json::Writer& w, const SeoInfo& s, Form form) {
  w.StartObject();
  WriteMetaIf(w, s.meta, form);
  w.Key("objectType").String(s.object_type).Key("objectId").String(s.object_id);
  w.Key("semanticUrl").String(s.semantic_url);
  OptStr(w, "pageTitle", s.page_title);
  OptStr(w, "metaDescription", s.meta_description);
  OptStr(w, "metaKeywords", s.meta_keywords);
  OptStr(w, "imageAltDescription", s.image_alt_description);
  OptStr(w, "languageCode", s.language_code);
  OptStr(w, "storeId", s.store_id);
  w.Key("isActive").Bool(s.is_active);
  w.EndObject();
}

void Write(json::Writer& w, const ProductAssociation& a, Form form) {
  w.StartObject();
  WriteMetaIf(w, a.meta, form);
  w.Key("productId").String(a.product_id).Key("type").String(a.type);
  w.Key("associatedObjectId").String(a.associated_object_id);
  w.Key("associatedObjectType").String(ToString(a.associated_object_type));
  w.Key("priority").Int(a.priority);
  OptInt(w, "quantity", a.quantity);
  Strings(w, "tags", a.tags);
  w.EndObject();
}

void Write(json::Writer& w, const Category& c, Form form) {
  w.StartObject();
  WriteMetaIf(w, c.meta, form);
  w.Key("catalogId").String(c.catalog_id);
  OptStr(w, "parentId", c.parent_id);
  w.Key("code").String(c.code).Key("name").String(c.name);
  w.Key("localizedName");
  WriteLocalized(w, c.localized_name);
  w.Key("isActive").Bool(c.is_active).Key("priority").Int(c.priority);
  OptStr(w, "taxType", c.tax_type);
  WriteImages(w, c.images);
  w.Key("properties");
  WritePropertyValues(w, c.properties);
  if (form != Form::kDocument) {
    const Form child = form == Form::kApi ? Form::kApi : Form::kDocument;
    w.Key("seoInfos").StartArray();
    for (const auto& s : c.seo_infos) Write(w, s, child);
    w.EndArray();
  }
  if (form == Form::kApi) {
    w.Key("level").Int(c.depth);
    w.Key("outline");
    Write(w, c.outline);
  }
  w.EndObject();
}

void Write(json::Writer& w, const Product& p, Form form) {
  w.StartObject();
  WriteMetaIf(w, p.meta, form);
  w.Key("code").String(p.code).Key("name").String(p.name);
  w.Key("localizedName");
  WriteLocalized(w, p.localized_name);
  w.Key("catalogId").String(p.catalog_id);
  OptStr(w, "categoryId", p.category_id);
  OptStr(w, "mainProductId", p.main_product_id);
  w.Key("productType");
  if (p.product_type) {
    w.String(ToString(*p.product_type));
  } else {
    w.Null();
  }
  OptBool(w, "isActive", p.is_active);
  OptBool(w, "isBuyable", p.is_buyable);
  OptBool(w, "trackInventory", p.track_inventory);
  OptStr(w, "gtin", p.gtin);
  OptStr(w, "manufacturerPartNumber", p.manufacturer_part_number);
  OptStr(w, "vendor", p.vendor);
  OptNum(w, "weight", p.weight);
  OptStr(w, "weightUnit", p.weight_unit);
  OptNum(w, "length", p.length);
  OptNum(w, "width", p.width);
  OptNum(w, "height", p.height);
  OptStr(w, "measureUnit", p.measure_unit);
  OptInt(w, "minQuantity", p.min_quantity);
  OptInt(w, "maxQuantity", p.max_quantity);
  OptTime(w, "startDate", p.start_date);
  OptTime(w, "endDate", p.end_date);
  OptInt(w, "priority", p.priority);
  OptStr(w, "taxType", p.tax_type);
  WriteImages(w, p.images);
  w.Key("assets").StartArray();
  for (const auto& a : p.assets) {
    w.StartObject().Key("url").String(a.url);
    OptStr(w, "name", a.name);
    OptStr(w, "group", a.group);
    OptStr(w, "mimeType", a.mime_type);
    OptInt(w, "size", a.size);
    OptStr(w, "languageCode", a.language_code);
    w.Key("sortOrder").Int(a.sort_order);
    w.EndObject();
  }
  w.EndArray();
  w.Key("descriptions").StartArray();
  for (const auto& d : p.descriptions) {
    w.StartObject().Key("content").String(d.content).Key("reviewType").String(d.review_type);
    OptStr(w, "languageCode", d.language_code);
    w.EndObject();
  }
  w.EndArray();
  w.Key("properties");
  WritePropertyValues(w, p.properties);
  if (form != Form::kDocument) {
    const Form child = form == Form::kApi ? Form::kApi : Form::kDocument;
    w.Key("seoInfos").StartArray();
    for (const auto& s : p.seo_infos) Write(w, s, child);
    w.EndArray();
    w.Key("associations").StartArray();
    for (const auto& a : p.associations) Write(w, a, child);
    w.EndArray();
  }
  if (form == Form::kApi) {
    w.Key("outlines").StartArray();
    for (const auto& o : p.outlines) Write(w, o);
    w.EndArray();
    Strings(w, "variations", p.variations);
    w.Key("isSellable").Bool(p.is_sellable);
    if (!p.inherited_fields.empty()) Strings(w, "inheritedFields", p.inherited_fields);
  }
  w.EndObject();
}

void Write(json::Writer& w, const Property& p, Form form) {
  w.StartObject();
  WriteMetaIf(w, p.meta, form);
  w.Key("catalogId").String(p.catalog_id);
  OptStr(w, "categoryId", p.category_id);
  w.Key("name").String(p.name);
  w.Key("type").String(ToString(p.type)).Key("valueType").String(ToString(p.value_type));
  w.Key("multivalue").Bool(p.multivalue).Key("multilanguage").Bool(p.multilanguage);
  w.Key("dictionary").Bool(p.dictionary).Key("required").Bool(p.required);
  w.Key("hidden").Bool(p.hidden).Key("filterable").Bool(p.filterable);
  w.Key("validation").StartObject();
  OptStr(w, "regex", p.validation.regex);
  OptInt(w, "minLength", p.validation.min_length);
  OptInt(w, "maxLength", p.validation.max_length);
  OptNum(w, "min", p.validation.min);
  OptNum(w, "max", p.validation.max);
  w.EndObject();
  w.Key("displayNames");
  WriteLocalized(w, p.display_names);
  w.EndObject();
}

void Write(json::Writer& w, const DictionaryItem& d, Form form) {
  w.StartObject();
  WriteMetaIf(w, d.meta, form);
  w.Key("propertyId").String(d.property_id).Key("alias").String(d.alias);
  w.Key("localizedValues");
  WriteLocalized(w, d.localized_values);
  w.Key("sortOrder").Int(d.sort_order);
  w.EndObject();
}

void Write(json::Writer& w, const CatalogLink& l, Form form) {
  w.StartObject();
  WriteMetaIf(w, l.meta, form);
  w.Key("catalogId").String(l.catalog_id);
  OptStr(w, "categoryId", l.category_id);
  w.Key("entryType").String(ToString(l.entry_type)).Key("entryId").String(l.entry_id);
  w.Key("priority").Int(l.priority);
  w.EndObject();
}

Result<Catalog> ReadCatalog(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  Catalog c;
  o.Id(c.meta);
  c.name = o.StrOr("name");
  c.is_virtual = o.Bool("isVirtual").value_or(false);
  c.default_language = o.StrOr("defaultLanguage");
  c.languages = o.Strings("languages");
  if (c.languages.empty() && !c.default_language.empty()) c.languages = {c.default_language};
  return Finish(std::move(c), errors);
}

Result<Category> ReadCategory(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  Category c;
  o.Id(c.meta);
  c.catalog_id = o.StrOr("catalogId");
  c.parent_id = o.Ref("parentId");
  c.code = o.StrOr("code");
  c.name = o.StrOr("name");
  c.localized_name = ReadLocalized(o, "localizedName");
  c.is_active = o.Bool("isActive").value_or(true);
  c.priority = o.Int("priority").value_or(0);
  c.tax_type = o.Str("taxType");
  c.images = ReadImages(o);
  c.properties = ReadPropertyValues(o);
  c.seo_infos = o.Objects<SeoInfo>("seoInfos", ReadSeo);
  return Finish(std::move(c), errors);
}

Result<Product> ReadProduct(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  Product p;
  o.Id(p.meta);
  p.code = o.StrOr("code");
  p.name = o.StrOr("name");
  p.localized_name = ReadLocalized(o, "localizedName");
  p.catalog_id = o.StrOr("catalogId");
  p.category_id = o.Ref("categoryId");
  p.main_product_id = o.Ref("mainProductId");
  p.product_type =
      o.Enum<ProductType>("productType", &ParseProductType, "Physical, Digital, BillOfMaterials");
  p.is_active = o.Bool("isActive");
  p.is_buyable = o.Bool("isBuyable");
  p.track_inventory = o.Bool("trackInventory");
  p.gtin = o.Str("gtin");
  p.manufacturer_part_number = o.Str("manufacturerPartNumber");
  p.vendor = o.Str("vendor");
  p.weight = o.Num("weight");
  p.weight_unit = o.Str("weightUnit");
  p.length = o.Num("length");
  p.width = o.Num("width");
  p.height = o.Num("height");
  p.measure_unit = o.Str("measureUnit");
  p.min_quantity = o.Int("minQuantity");
  p.max_quantity = o.Int("maxQuantity");
  p.start_date = o.Time("startDate");
  p.end_date = o.Time("endDate");
  p.priority = o.Int("priority");
  p.tax_type = o.Str("taxType");
  p.images = ReadImages(o);
  p.assets = o.Objects<Asset>("assets", [](Obj& e) {
    Asset a;
    a.url = e.StrOr("url");
    a.name = e.Str("name");
    a.group = e.Str("group");
    a.mime_type = e.Str("mimeType");
    a.size = e.Int("size");
    a.language_code = e.Str("languageCode");
    a.sort_order = e.Int("sortOrder").value_or(0);
    return a;
  });
  p.descriptions = o.Objects<Description>("descriptions", [](Obj& e) {
    Description d;
    d.content = e.StrOr("content");
    d.review_type = e.StrOr("reviewType", "FullReview");
    d.language_code = e.Str("languageCode");
    return d;
  });
  p.properties = ReadPropertyValues(o);
  p.seo_infos = o.Objects<SeoInfo>("seoInfos", ReadSeo);
  p.associations = o.Objects<ProductAssociation>("associations", ReadAssoc);
  return Finish(std::move(p), errors);
}

Result<Property> ReadProperty(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  Property p;
  o.Id(p.meta);
  p.catalog_id = o.StrOr("catalogId");
  p.category_id = o.Ref("categoryId");
  p.name = o.StrOr("name");
  p.type = o.Enum<PropertyType>("type", &ParsePropertyType, "Catalog, Category, Product, Variation")
               .value_or(PropertyType::kProduct);
  auto vt =
      o.Enum<ValueType>("valueType", &ParseValueType,
                        "ShortText, LongText, Html, Number, Integer, Boolean, DateTime, GeoPoint");
  if (!vt && o.Get("valueType") == nullptr) o.Error("valueType", "is required");
  p.value_type = vt.value_or(ValueType::kShortText);
  p.multivalue = o.Bool("multivalue").value_or(false);
  p.multilanguage = o.Bool("multilanguage").value_or(false);
  p.dictionary = o.Bool("dictionary").value_or(false);
  p.required = o.Bool("required").value_or(false);
  p.hidden = o.Bool("hidden").value_or(false);
  p.filterable = o.Bool("filterable").value_or(false);
  if (const auto* val = o.Get("validation")) {
    if (!val->IsObject()) {
      o.Error("validation", "must be an object");
    } else {
      Obj r(*val, prefix + "validation.", errors);
      p.validation.regex = r.Str("regex");
      p.validation.min_length = r.Int("minLength");
      p.validation.max_length = r.Int("maxLength");
      p.validation.min = r.Num("min");
      p.validation.max = r.Num("max");
    }
  }
  p.display_names = ReadLocalized(o, "displayNames");
  return Finish(std::move(p), errors);
}

Result<DictionaryItem> ReadDictionaryItem(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  DictionaryItem d;
  o.Id(d.meta);
  d.property_id = o.StrOr("propertyId");
  d.alias = o.StrOr("alias");
  d.localized_values = ReadLocalized(o, "localizedValues");
  d.sort_order = o.Int("sortOrder").value_or(0);
  return Finish(std::move(d), errors);
}

Result<CatalogLink> ReadLink(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  CatalogLink l;
  o.Id(l.meta);
  l.catalog_id = o.StrOr("catalogId");
  l.category_id = o.Ref("categoryId");
  auto type = o.Enum<EntryType>("entryType", &ParseEntryType, "product, category");
  if (!type && o.Get("entryType") == nullptr) o.Error("entryType", "is required");
  l.entry_type = type.value_or(EntryType::kProduct);
  l.entry_id = o.StrOr("entryId");
  l.priority = o.Int("priority").value_or(0);
  return Finish(std::move(l), errors);
}

Result<SeoInfo> ReadSeoInfo(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  SeoInfo s = ReadSeo(o);
  return Finish(std::move(s), errors);
}

Result<ProductAssociation> ReadAssociation(const json::Value& v, const std::string& prefix) {
  EMPORION_RETURN_IF_ERROR(RequireObject(v, prefix));
  std::vector<FieldError> errors;
  Obj o(v, prefix, errors);
  ProductAssociation a = ReadAssoc(o);
  return Finish(std::move(a), errors);
}

Result<json::Document> ParseDocument(const std::string& text) {
  auto doc = json::Parse(text);
  if (!doc.ok() || !doc->IsObject()) {
    return Error::Internal("corrupt catalog document: " +
                           (doc.ok() ? std::string("not an object") : doc.error().detail()));
  }
  return doc;
}

}  // namespace emporion::catalog::codec
