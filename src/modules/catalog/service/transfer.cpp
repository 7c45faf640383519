// Import, export and mass update (emporion/catalog/transfer.hpp): JSON Lines and CSV records
// <-> the catalog's value types (through codec/, the API's JSON forms), written in batches by
// CatalogManager::ApplyBatch, so every rule of the API applies to imported data as well.
#include "emporion/catalog/transfer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "modules/catalog/codec/catalog_json.hpp"
#include "platform/csv/csv.hpp"
#include "modules/catalog/service/catalog_manager.hpp"

namespace emporion::catalog {
namespace {

constexpr int kPage = 1000;

Caller SystemCaller(const CatalogScope& scope, const std::string& actor) {
  Caller c;
  c.actor = actor;
  c.read.catalogs = scope;
  c.write.catalogs = scope;
  c.write_permission = "catalog:create/update";
  return c;
}

/// "field: message; field: message", or the detail when the error names no field.
std::string Describe(const Error& e) {
  if (e.fields().empty()) return e.detail();
  std::string out;
  for (const auto& f : e.fields()) {
    if (!out.empty()) out += "; ";
    out += f.field + ": " + f.message;
  }
  return out;
}

// --- JSON Lines records -------------------------------------------------------------------------

/// Moves member `from` to `to` (the record kind takes "type"; a property's own type travels as
/// "propertyType", an association's as "associationType").
void RenameMember(json::Document& doc, const char* from, const char* to) {
  doc.RemoveMember(to);
  auto it = doc.FindMember(from);
  if (it == doc.MemberEnd()) return;
  json::Value v(it->value, doc.GetAllocator());
  doc.RemoveMember(from);
  json::SetMember(doc, to, std::move(v), doc.GetAllocator());
}

Result<ImportRecord> ParseJsonRecord(std::string_view line, const std::string& ref) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(line));
  auto type_it = doc.FindMember("type");
  if (type_it == doc.MemberEnd() || !type_it->value.IsString()) {
    return Error::InvalidField(
        "type", "is required: catalog, category, property, product, link or association");
  }
  const std::string type = type_it->value.GetString();
  ImportRecord rec;
  rec.ref = ref;
  if (type == "catalog") {
    EMPORION_ASSIGN_OR_RETURN(rec.value, codec::ReadCatalog(doc));
  } else if (type == "category") {
    EMPORION_ASSIGN_OR_RETURN(rec.value, codec::ReadCategory(doc));
  } else if (type == "product") {
    rec.keep_associations = !doc.HasMember("associations");
    rec.keep_seo = !doc.HasMember("seoInfos");
    EMPORION_ASSIGN_OR_RETURN(rec.value, codec::ReadProduct(doc));
  } else if (type == "property") {
    RenameMember(doc, "propertyType", "type");
    PropertyRecord p;
    EMPORION_ASSIGN_OR_RETURN(p.property, codec::ReadProperty(doc));
    auto items = doc.FindMember("dictionaryItems");
    if (items != doc.MemberEnd() && !items->value.IsNull()) {
      if (!items->value.IsArray()) {
        return Error::InvalidField("dictionaryItems", "must be an array");
      }
      for (rapidjson::SizeType i = 0; i < items->value.Size(); ++i) {
        EMPORION_ASSIGN_OR_RETURN(
            auto item, codec::ReadDictionaryItem(items->value[i],
                                                 "dictionaryItems[" + std::to_string(i) + "]."));
        p.items.push_back(std::move(item));
      }
    }
    rec.value = std::move(p);
  } else if (type == "link") {
    EMPORION_ASSIGN_OR_RETURN(rec.value, codec::ReadLink(doc));
  } else if (type == "association") {
    RenameMember(doc, "associationType", "type");
    EMPORION_ASSIGN_OR_RETURN(rec.value, codec::ReadAssociation(doc));
  } else {
    return Error::InvalidField(
        "type", "must be catalog, category, property, product, link or association, not '" +
                    type + "'");
  }
  return rec;
}

// --- CSV rows -----------------------------------------------------------------------------------

/// The fixed columns of the product CSV, in export order.
const std::vector<std::string>& FixedColumns() {
  static const std::vector<std::string> k = {
      "id",          "sku",          "name",
      "catalogId",   "categoryId",   "categoryCode",
      "mainProductId", "mainProductSku", "productType",
      "isActive",    "isBuyable",    "trackInventory",
      "gtin",        "manufacturerPartNumber", "vendor",
      "weight",      "weightUnit",   "length",
      "width",       "height",       "measureUnit",
      "minQuantity", "maxQuantity",  "startDate",
      "endDate",     "priority",     "taxType",
      "images"};
  return k;
}

std::string ScalarText(const PropertyScalar& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    json::Writer w;
    w.Double(*d);
    return w.str();
  }
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "";
}

std::string NumText(const std::optional<double>& v) {
  if (!v) return "";
  json::Writer w;
  w.Double(*v);
  return w.str();
}

/// Parses CSV rows against the property definitions of their catalogs.
class CsvRowParser {
 public:
  CsvRowParser(CatalogManager& m, const Caller& c, std::optional<std::string> default_catalog)
      : m_(m), c_(c), default_catalog_(std::move(default_catalog)) {}

  Status SetHeader(const std::vector<std::string>& header) {
    header_ = header;
    std::set<std::string> seen;
    for (const auto& h : header_) {
      if (!seen.insert(h).second) return Error::InvalidField(h, "the column is given twice");
    }
    if (seen.count("sku") == 0) return Error::InvalidField("sku", "the header needs a sku column");
    return Ok();
  }

  Result<ImportRecord> Parse(const std::vector<std::string>& row, const std::string& ref) {
    if (row.size() != header_.size()) {
      return Error::InvalidArgument("the row has " + std::to_string(row.size()) +
                                    " fields; the header has " + std::to_string(header_.size()));
    }
    std::map<std::string, std::string> cells;
    for (std::size_t i = 0; i < row.size(); ++i) cells[header_[i]] = row[i];
    auto get = [&](const std::string& k) -> std::optional<std::string> {
      auto it = cells.find(k);
      if (it == cells.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
    // The fixed columns go through the API's reader, so types are checked the same way.
    json::Document doc;
    doc.SetObject();
    auto& a = doc.GetAllocator();
    auto put_str = [&](const char* key, const std::string& col) {
      if (auto v = get(col)) doc.AddMember(json::StringValue(key, a), json::StringValue(*v, a), a);
    };
    std::vector<FieldError> errors;
    auto put_typed = [&](const char* key, const std::string& col, char kind) {
      auto v = get(col);
      if (!v) return;
      json::Value value;
      if (kind == 'b') {
        if (*v == "true") {
          value.SetBool(true);
        } else if (*v == "false") {
          value.SetBool(false);
        } else {
          errors.push_back({col, "must be true or false"});
          return;
        }
      } else {
        auto parsed = json::Parse(*v);
        if (!parsed.ok() || !parsed->IsNumber()) {
          errors.push_back({col, "must be a number"});
          return;
        }
        value.CopyFrom(*parsed, a);
      }
      doc.AddMember(json::StringValue(key, a), value, a);
    };
    put_str("id", "id");
    put_str("code", "sku");
    put_str("name", "name");
    std::string catalog_id = get("catalogId").value_or(default_catalog_.value_or(""));
    if (!catalog_id.empty()) doc.AddMember("catalogId", json::StringValue(catalog_id, a), a);
    put_str("categoryId", "categoryId");
    put_str("mainProductId", "mainProductId");
    put_str("productType", "productType");
    put_typed("isActive", "isActive", 'b');
    put_typed("isBuyable", "isBuyable", 'b');
    put_typed("trackInventory", "trackInventory", 'b');
    for (const char* k : {"gtin", "manufacturerPartNumber", "vendor", "weightUnit", "measureUnit",
                          "startDate", "endDate", "taxType"}) {
      put_str(k, k);
    }
    for (const char* k :
         {"weight", "length", "width", "height", "minQuantity", "maxQuantity", "priority"}) {
      put_typed(k, k, 'n');
    }
    if (!errors.empty()) {
      return Error(ErrorCode::kInvalidArgument, "malformed cells", std::move(errors));
    }
    EMPORION_ASSIGN_OR_RETURN(Product p, codec::ReadProduct(doc));
    ImportRecord rec;
    rec.ref = ref;
    rec.main_product_code = get("mainProductSku");
    rec.category_code = get("categoryCode");
    rec.keep_associations = true;
    rec.keep_seo = true;
    if (auto images = get("images")) {
      std::int64_t order = 0;
      for (auto& url : csv::SplitValues(*images)) {
        Image img;
        img.url = std::move(url);
        img.sort_order = order++;
        p.images.push_back(std::move(img));
      }
    }
    const Catalog* catalog = nullptr;
    if (!catalog_id.empty()) {
      EMPORION_ASSIGN_OR_RETURN(catalog, CatalogOf(catalog_id));
    }
    for (std::size_t i = 0; i < header_.size(); ++i) {
      const std::string& h = header_[i];
      const std::string& cell = row[i];
      const auto colon = h.find(':');
      if (colon == std::string::npos) continue;
      const std::string kind = h.substr(0, colon);
      std::string rest = h.substr(colon + 1);
      if (kind == "name") {
        if (!cell.empty()) p.localized_name.push_back({rest, cell});
      } else if (kind == "description") {
        if (!cell.empty()) p.descriptions.push_back({cell, "FullReview", rest});
      } else if (kind == "seo") {
        rec.keep_seo = false;
        if (!cell.empty()) {
          SeoInfo s;
          s.semantic_url = cell;
          s.language_code = rest;
          p.seo_infos.push_back(std::move(s));
        }
      } else if (kind == "prop") {
        if (cell.empty()) continue;
        std::optional<std::string> language;
        if (const auto c2 = rest.find(':'); c2 != std::string::npos) {
          language = rest.substr(c2 + 1);
          rest = rest.substr(0, c2);
        }
        if (catalog == nullptr) continue;  // catalogId is reported by the service
        const Property* def = Definition(catalog_id, rest);
        if (def == nullptr) {
          errors.push_back({h, "catalog '" + catalog_id + "' has no property '" + rest + "'"});
          continue;
        }
        auto it = std::find_if(p.properties.begin(), p.properties.end(),
                               [&](const PropertyValues& pv) { return pv.name == rest; });
        if (it == p.properties.end()) {
          p.properties.push_back({def->meta.id, rest, {}, false});
          it = std::prev(p.properties.end());
        }
        for (auto& text : csv::SplitValues(cell)) {
          PropertyValueItem item;
          item.language_code = language;
          if (def->dictionary) {
            item.value = std::move(text);
          } else if (def->value_type == ValueType::kInteger) {
            std::int64_t n = 0;
            const char* end = text.data() + text.size();
            auto [ptr, ec] = std::from_chars(text.data(), end, n);
            if (ec != std::errc() || ptr != end) {
              errors.push_back({h, "'" + text + "' is not an integer"});
              continue;
            }
            item.value = n;
          } else if (def->value_type == ValueType::kNumber) {
            auto parsed = json::Parse(text);
            if (!parsed.ok() || !parsed->IsNumber()) {
              errors.push_back({h, "'" + text + "' is not a number"});
              continue;
            }
            item.value = parsed->GetDouble();
          } else if (def->value_type == ValueType::kBoolean) {
            if (text != "true" && text != "false") {
              errors.push_back({h, "'" + text + "' must be true or false"});
              continue;
            }
            item.value = text == "true";
          } else {
            item.value = std::move(text);
          }
          it->values.push_back(std::move(item));
        }
      } else {
        errors.push_back({h, "unknown column (name:, description:, seo:, prop: are known)"});
      }
    }
    if (!errors.empty()) {
      return Error(ErrorCode::kInvalidArgument, "malformed cells", std::move(errors));
    }
    rec.value = std::move(p);
    return rec;
  }

 private:
  Result<const Catalog*> CatalogOf(const std::string& id) {
    auto it = catalogs_.find(id);
    if (it == catalogs_.end()) {
      auto found = m_.GetCatalog(c_, id);
      std::optional<Catalog> value;
      if (found.ok()) value = std::move(*found);
      it = catalogs_.emplace(id, std::move(value)).first;
      if (it->second) {
        PropertyFilter f;
        f.catalog_id = id;
        Window w{kPage, 0, {}};
        for (;;) {
          EMPORION_ASSIGN_OR_RETURN(auto page, m_.ListProperties(c_, f, w));
          for (auto& p : page.items) properties_[id].push_back(std::move(p));
          if (static_cast<int>(page.items.size()) < kPage) break;
          w.offset += kPage;
        }
      }
    }
    return it->second ? &*it->second : nullptr;
  }

  const Property* Definition(const std::string& catalog_id, const std::string& name) const {
    auto it = properties_.find(catalog_id);
    if (it == properties_.end()) return nullptr;
    for (const auto& p : it->second) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }

  CatalogManager& m_;
  const Caller& c_;
  std::optional<std::string> default_catalog_;
  std::vector<std::string> header_;
  std::map<std::string, std::optional<Catalog>> catalogs_;
  std::map<std::string, std::vector<Property>> properties_;
};

// --- the import loop ----------------------------------------------------------------------------

class Importer {
 public:
  Importer(CatalogManager& m, const ImportOptions& options, TransferReporter& reporter)
      : m_(m),
        caller_(SystemCaller(options.scope, options.actor)),
        options_(options),
        reporter_(reporter) {}

  Status Add(ImportRecord rec) {
    batch_.push_back(std::move(rec));
    if (batch_.size() >= options_.batch_size) return Flush();
    return Ok();
  }

  void Bad(const std::string& ref, const Error& e) {
    ++summary_.failed;
    reporter_.RecordError(Describe(e), ref);
    reporter_.Advance(1);
  }

  Status Flush() {
    if (batch_.empty()) return Ok();
    EMPORION_ASSIGN_OR_RETURN(auto out, m_.ApplyBatch(caller_, batch_));
    summary_.created += out.created;
    summary_.updated += out.updated;
    summary_.failed += out.failed;
    for (const auto& e : out.errors) reporter_.RecordError(Describe(e.error), e.ref);
    reporter_.Advance(static_cast<std::int64_t>(batch_.size()));
    batch_.clear();
    return Ok();
  }

  [[nodiscard]] const Caller& caller() const { return caller_; }
  [[nodiscard]] const ImportSummary& summary() const { return summary_; }

 private:
  CatalogManager& m_;
  Caller caller_;
  const ImportOptions& options_;
  TransferReporter& reporter_;
  std::vector<ImportRecord> batch_;
  ImportSummary summary_;
};

// --- export -------------------------------------------------------------------------------------

/// The API form of a value without meta and derived members: what an import reads back.
std::string ExportLine(const char* type, const std::string& api_json,
                       const char* own_type_as = nullptr) {
  static const std::set<std::string> kDropped = {
      "version",  "createdAt",  "createdBy", "modifiedAt",      "modifiedBy", "level",
      "outline",  "outlines",   "variations", "isSellable",     "inheritedFields",
      "associations"};
  auto doc = json::Parse(api_json);
  if (!doc.ok()) return "";
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("type", json::StringValue(type, a), a);
  for (auto& m : doc->GetObject()) {
    const std::string name = m.name.GetString();
    if (kDropped.count(name) != 0) continue;
    json::Value value(m.value, a);
    if (name == "seoInfos" && value.IsArray()) {
      for (auto& s : value.GetArray()) {
        for (const char* k : {"version", "createdAt", "createdBy", "modifiedAt", "modifiedBy"}) {
          s.RemoveMember(k);
        }
      }
    }
    if (name == "type" && own_type_as != nullptr) {
      out.AddMember(json::StringValue(own_type_as, a), value, a);
    } else {
      out.AddMember(json::StringValue(name, a), value, a);
    }
  }
  return json::Stringify(out);
}

template <typename T, typename Fn>
Status ForEachPage(Fn&& list, const std::function<Status(std::vector<T>&)>& each) {
  Window w{kPage, 0, {}};
  for (;;) {
    EMPORION_ASSIGN_OR_RETURN(Page<T> page, list(w));
    EMPORION_RETURN_IF_ERROR(each(page.items));
    if (static_cast<int>(page.items.size()) < kPage) return Ok();
    w.offset += kPage;
  }
}

class Exporter {
 public:
  Exporter(CatalogManager& m, std::ostream& out, const ExportOptions& o, TransferReporter& r)
      : m_(m), out_(out), o_(o), r_(r), c_(SystemCaller(o.scope, "system")) {}

  Status Run() {
    std::vector<Catalog> catalogs;
    if (o_.category_id) {
      EMPORION_ASSIGN_OR_RETURN(auto category, m_.GetCategory(c_, *o_.category_id));
      EMPORION_ASSIGN_OR_RETURN(auto catalog, m_.GetCatalog(c_, category.catalog_id));
      catalogs.push_back(std::move(catalog));
    } else if (o_.catalog_id) {
      EMPORION_ASSIGN_OR_RETURN(auto catalog, m_.GetCatalog(c_, *o_.catalog_id));
      catalogs.push_back(std::move(catalog));
    } else {
      EMPORION_RETURN_IF_ERROR(ForEachPage<Catalog>(
          [&](const Window& w) { return m_.ListCatalogs(c_, {}, w); },
          [&](std::vector<Catalog>& page) {
            for (auto& c : page) catalogs.push_back(std::move(c));
            return Ok();
          }));
    }
    // Physical catalogs first: virtual ones link to their categories and products.
    std::stable_sort(catalogs.begin(), catalogs.end(), [](const Catalog& a, const Catalog& b) {
      return !a.is_virtual && b.is_virtual;
    });
    std::int64_t total = 0;
    for (const auto& c : catalogs) {
      ProductQuery q;
      q.catalog_id = c.meta.id;
      if (c.is_virtual) continue;
      auto page = m_.ListProducts(c_, q, Window{0, 0, {}}, ProductView::kStored);
      if (page.ok()) total += page->total;
    }
    r_.SetTotal(total);
    if (o_.format == TransferFormat::kCsv) return Csv(catalogs);
    for (const auto& c : catalogs) {
      Line("catalog", codec::ToJson(c));
      ++summary_.catalogs;
    }
    for (const auto& c : catalogs) EMPORION_RETURN_IF_ERROR(Properties(c, true));
    // Category properties follow their category, so the subtree below sees them defined.
    for (const auto& c : catalogs) EMPORION_RETURN_IF_ERROR(Properties(c, false));
    for (const auto& c : catalogs) EMPORION_RETURN_IF_ERROR(Categories(c));
    for (const auto& entry : category_properties_) {
      for (const auto& l : entry.second) out_ << l << '\n';
      summary_.properties += static_cast<std::int64_t>(entry.second.size());
    }
    category_properties_.clear();
    for (const auto& c : catalogs) {
      if (c.is_virtual) continue;
      EMPORION_RETURN_IF_ERROR(Products(c, false));
      EMPORION_RETURN_IF_ERROR(Products(c, true));
    }
    for (const auto& c : catalogs) {
      if (!c.is_virtual || o_.category_id) continue;
      LinkFilter f;
      f.catalog_id = c.meta.id;
      EMPORION_RETURN_IF_ERROR(ForEachPage<CatalogLink>(
          [&](const Window& w) { return m_.ListLinks(c_, f, w); },
          [&](std::vector<CatalogLink>& page) {
            for (const auto& l : page) {
              Line("link", codec::ToJson(l));
              ++summary_.links;
            }
            return Ok();
          }));
    }
    for (const auto& line : associations_) out_ << line << '\n';
    summary_.associations = static_cast<std::int64_t>(associations_.size());
    out_.flush();
    if (!out_) return Error::Unavailable("cannot write the export file");
    return Ok();
  }

  [[nodiscard]] const ExportSummary& summary() const { return summary_; }

 private:
  void Line(const char* type, const std::string& api_json, const char* own_type_as = nullptr) {
    out_ << ExportLine(type, api_json, own_type_as) << '\n';
  }

  Status Properties(const Catalog& c, bool catalog_level) {
    PropertyFilter f;
    f.catalog_id = c.meta.id;
    f.catalog_level_only = catalog_level;
    return ForEachPage<Property>(
        [&](const Window& w) { return m_.ListProperties(c_, f, w); },
        [&](std::vector<Property>& page) -> Status {
          for (const auto& p : page) {
            if (catalog_level != !p.category_id.has_value()) continue;
            std::string line = ExportLine("property", codec::ToJson(p), "propertyType");
            if (p.dictionary) {
              std::string items;
              DictionaryFilter df;
              df.property_id = p.meta.id;
              EMPORION_RETURN_IF_ERROR(ForEachPage<DictionaryItem>(
                  [&](const Window& w) { return m_.ListDictionaryItems(c_, df, w); },
                  [&](std::vector<DictionaryItem>& di) {
                    for (const auto& d : di) {
                      std::string one = ExportLine("x", codec::ToJson(d));
                      // Drop the record kind: items are members of the property line.
                      one = "{" + one.substr(std::string(R"({"type":"x",)").size());
                      items += (items.empty() ? "" : ",") + one;
                    }
                    return Ok();
                  }));
              line.pop_back();
              line += R"(,"dictionaryItems":[)" + items + "]}";
            }
            if (p.category_id) {
              category_properties_[*p.category_id].push_back(std::move(line));
            } else {
              out_ << line << '\n';
              ++summary_.properties;
            }
          }
          return Ok();
        });
  }

  void CategoryLine(const Category& category) {
    Line("category", codec::ToJson(category));
    ++summary_.categories;
    auto it = category_properties_.find(category.meta.id);
    if (it == category_properties_.end()) return;
    for (const auto& l : it->second) out_ << l << '\n';
    summary_.properties += static_cast<std::int64_t>(it->second.size());
    category_properties_.erase(it);
  }

  Status Categories(const Catalog& c) {
    CategoryFilter f;
    f.catalog_id = c.meta.id;
    if (o_.category_id) {
      if (c.is_virtual) return Ok();
      EMPORION_ASSIGN_OR_RETURN(auto top, m_.GetCategory(c_, *o_.category_id));
      CategoryLine(top);
      if (!o_.include_descendants) return Ok();
      f.parent_id = *o_.category_id;
      f.include_descendants = true;
    }
    return ForEachPage<Category>(
        [&](const Window& w) { return m_.ListCategories(c_, f, w); },
        [&](std::vector<Category>& page) {
          for (const auto& cat : page) {
            CategoryLine(cat);
          }
          return Ok();
        });
  }

  ProductQuery Query(const Catalog& c, bool variations) const {
    ProductQuery q;
    q.catalog_id = c.meta.id;
    q.category_id = o_.category_id;
    q.include_descendants = o_.include_descendants;
    q.is_variation = variations;
    return q;
  }

  Status Products(const Catalog& c, bool variations) {
    const ProductQuery q = Query(c, variations);
    return ForEachPage<Product>(
        [&](Window w) {
          w.sort = {{"code", false}};
          return m_.ListProducts(c_, q, w, ProductView::kStored);
        },
        [&](std::vector<Product>& page) {
          for (const auto& p : page) {
            Line("product", codec::ToJson(p));
            for (const auto& a : p.associations) {
              associations_.push_back(ExportLine("association", codec::ToJson(a), "associationType"));
            }
            ++summary_.products;
          }
          r_.Advance(static_cast<std::int64_t>(page.size()));
          return Ok();
        });
  }

  Status Csv(const std::vector<Catalog>& catalogs) {
    // The header: fixed columns, then per language and per property of the exported catalogs.
    std::set<std::string> languages;
    std::map<std::string, const Property*> props;
    std::vector<Property> all;
    for (const auto& c : catalogs) {
      if (c.is_virtual) continue;
      for (const auto& l : c.languages) languages.insert(l);
      PropertyFilter f;
      f.catalog_id = c.meta.id;
      EMPORION_RETURN_IF_ERROR(ForEachPage<Property>(
          [&](const Window& w) { return m_.ListProperties(c_, f, w); },
          [&](std::vector<Property>& page) {
            for (auto& p : page) {
              if (p.type == PropertyType::kProduct || p.type == PropertyType::kVariation) {
                all.push_back(std::move(p));
              }
            }
            return Ok();
          }));
    }
    std::vector<std::string> header = FixedColumns();
    for (const auto& l : languages) header.push_back("name:" + l);
    for (const auto& l : languages) header.push_back("description:" + l);
    for (const auto& l : languages) header.push_back("seo:" + l);
    std::set<std::string> prop_columns;
    for (const auto& p : all) {
      if (p.multilanguage) {
        for (const auto& l : languages) prop_columns.insert("prop:" + p.name + ":" + l);
      } else {
        prop_columns.insert("prop:" + p.name);
      }
    }
    for (const auto& pc : prop_columns) header.push_back(pc);
    out_ << csv::FormatRecord(header);
    std::map<std::string, std::string> sku_of;  // main product id -> SKU
    for (const auto& c : catalogs) {
      if (c.is_virtual) continue;
      for (bool variations : {false, true}) {
        const ProductQuery q = Query(c, variations);
        EMPORION_RETURN_IF_ERROR(ForEachPage<Product>(
            [&](Window w) {
              w.sort = {{"code", false}};
              return m_.ListProducts(c_, q, w, ProductView::kStored);
            },
            [&](std::vector<Product>& page) {
              for (const auto& p : page) {
                if (!variations) sku_of[p.meta.id] = p.code;
                out_ << csv::FormatRecord(Row(header, p, sku_of));
                ++summary_.products;
              }
              r_.Advance(static_cast<std::int64_t>(page.size()));
              return Ok();
            }));
      }
    }
    out_.flush();
    if (!out_) return Error::Unavailable("cannot write the export file");
    return Ok();
  }

  static std::vector<std::string> Row(const std::vector<std::string>& header, const Product& p,
                                      const std::map<std::string, std::string>& sku_of) {
    auto b = [](const std::optional<bool>& v) {
      return v ? std::string(*v ? "true" : "false") : "";
    };
    auto i = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : ""; };
    auto t = [](const std::optional<Timestamp>& v) { return v ? FormatIso8601(*v) : ""; };
    std::vector<std::string> images;
    for (const auto& img : p.images) images.push_back(img.url);
    std::string main_sku;
    if (p.main_product_id) {
      auto it = sku_of.find(*p.main_product_id);
      if (it != sku_of.end()) main_sku = it->second;
    }
    const std::map<std::string, std::string> fixed = {
        {"id", p.meta.id},
        {"sku", p.code},
        {"name", p.name},
        {"catalogId", p.catalog_id},
        {"categoryId", p.category_id.value_or("")},
        {"categoryCode", ""},
        {"mainProductId", p.main_product_id.value_or("")},
        {"mainProductSku", main_sku},
        {"productType", p.product_type ? ToString(*p.product_type) : ""},
        {"isActive", b(p.is_active)},
        {"isBuyable", b(p.is_buyable)},
        {"trackInventory", b(p.track_inventory)},
        {"gtin", p.gtin.value_or("")},
        {"manufacturerPartNumber", p.manufacturer_part_number.value_or("")},
        {"vendor", p.vendor.value_or("")},
        {"weight", NumText(p.weight)},
        {"weightUnit", p.weight_unit.value_or("")},
        {"length", NumText(p.length)},
        {"width", NumText(p.width)},
        {"height", NumText(p.height)},
        {"measureUnit", p.measure_unit.value_or("")},
        {"minQuantity", i(p.min_quantity)},
        {"maxQuantity", i(p.max_quantity)},
        {"startDate", t(p.start_date)},
        {"endDate", t(p.end_date)},
        {"priority", i(p.priority)},
        {"taxType", p.tax_type.value_or("")},
        {"images", csv::JoinValues(images)}};
    std::vector<std::string> row;
    row.reserve(header.size());
    for (const auto& h : header) {
      if (auto it = fixed.find(h); it != fixed.end()) {
        row.push_back(it->second);
        continue;
      }
      const auto colon = h.find(':');
      const std::string kind = h.substr(0, colon);
      std::string rest = h.substr(colon + 1);
      std::string cell;
      if (kind == "name") {
        for (const auto& lv : p.localized_name) {
          if (lv.language_code == rest) cell = lv.value;
        }
      } else if (kind == "description") {
        for (const auto& d : p.descriptions) {
          if (d.language_code == rest && d.review_type == "FullReview" && cell.empty()) {
            cell = d.content;
          }
        }
      } else if (kind == "seo") {
        for (const auto& s : p.seo_infos) {
          if (s.language_code == rest && !s.store_id && cell.empty()) cell = s.semantic_url;
        }
      } else if (kind == "prop") {
        std::optional<std::string> language;
        if (const auto c2 = rest.find(':'); c2 != std::string::npos) {
          language = rest.substr(c2 + 1);
          rest = rest.substr(0, c2);
        }
        std::vector<std::string> values;
        for (const auto& pv : p.properties) {
          if (pv.name != rest) continue;
          for (const auto& v : pv.values) {
            if (v.language_code == language) values.push_back(ScalarText(v.value));
          }
        }
        cell = csv::JoinValues(values);
      }
      row.push_back(std::move(cell));
    }
    return row;
  }

  CatalogManager& m_;
  std::ostream& out_;
  const ExportOptions& o_;
  TransferReporter& r_;
  Caller c_;
  ExportSummary summary_;
  std::vector<std::string> associations_;
  std::map<std::string, std::vector<std::string>> category_properties_;  // by category id
};

std::int64_t CountLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::int64_t n = 0;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    n += std::count(buf, buf + in.gcount(), '\n');
  }
  return n;
}

}  // namespace

std::optional<TransferFormat> ParseTransferFormat(std::string_view s) {
  if (s == "jsonl" || s == "ndjson") return TransferFormat::kJsonLines;
  if (s == "csv") return TransferFormat::kCsv;
  return std::nullopt;
}

const char* ToString(TransferFormat f) { return f == TransferFormat::kCsv ? "csv" : "jsonl"; }

const char* ContentTypeOf(TransferFormat f) {
  return f == TransferFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson";
}

const char* FileExtensionOf(TransferFormat f) { return ToString(f); }

Result<ImportSummary> ImportStream(db::Database& db, const Clock& clock,
                                   const events::EventBus* bus, std::istream& in,
                                   const ImportOptions& options, TransferReporter& reporter,
                                   std::int64_t total_hint) {
  CatalogManager m(db, clock, bus);
  Importer importer(m, options, reporter);
  if (total_hint > 0) reporter.SetTotal(total_hint);
  if (options.format == TransferFormat::kJsonLines) {
    std::string line;
    std::int64_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (reporter.Cancelled()) break;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) {
        reporter.Advance(1);
        continue;
      }
      const std::string ref = "line " + std::to_string(n);
      auto rec = ParseJsonRecord(line, ref);
      if (!rec.ok()) {
        importer.Bad(ref, rec.error());
        continue;
      }
      EMPORION_RETURN_IF_ERROR(importer.Add(std::move(rec).value()));
    }
  } else {
    csv::Reader reader(in);
    CsvRowParser parser(m, importer.caller(), options.catalog_id);
    std::vector<std::string> fields;
    std::string error;
    if (!reader.Next(fields, error)) {
      if (!error.empty()) return Error::InvalidArgument(error);
      return ImportSummary{};
    }
    if (auto s = parser.SetHeader(fields); !s.ok()) {
      return Error(ErrorCode::kInvalidArgument, "the CSV header: " + Describe(s.error()),
                   s.error().fields());
    }
    reporter.Advance(1);
    std::int64_t row = 1;
    while (reader.Next(fields, error)) {
      ++row;
      if (reporter.Cancelled()) break;
      if (fields.size() == 1 && fields[0].empty()) {
        reporter.Advance(1);
        continue;
      }
      const std::string ref = "row " + std::to_string(row) + " (line " +
                              std::to_string(reader.line()) + ")";
      auto rec = parser.Parse(fields, ref);
      if (!rec.ok()) {
        importer.Bad(ref, rec.error());
        continue;
      }
      EMPORION_RETURN_IF_ERROR(importer.Add(std::move(rec).value()));
    }
    if (!error.empty()) importer.Bad("row " + std::to_string(row + 1), Error::InvalidArgument(error));
  }
  EMPORION_RETURN_IF_ERROR(importer.Flush());
  return importer.summary();
}

Result<ImportSummary> ImportFile(db::Database& db, const Clock& clock,
                                 const events::EventBus* bus, const std::string& path,
                                 const ImportOptions& options, TransferReporter& reporter) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::InvalidArgument("cannot read " + path);
  return ImportStream(db, clock, bus, in, options, reporter, CountLines(path));
}

Result<ExportSummary> ExportStream(db::Database& db, const Clock& clock, std::ostream& out,
                                   const ExportOptions& options, TransferReporter& reporter) {
  CatalogManager m(db, clock, nullptr);
  Exporter exporter(m, out, options, reporter);
  EMPORION_RETURN_IF_ERROR(exporter.Run());
  return exporter.summary();
}

Result<ExportSummary> ExportFile(db::Database& db, const Clock& clock, const std::string& path,
                                 const ExportOptions& options, TransferReporter& reporter) {
  const std::string partial = path + ".partial";
  Result<ExportSummary> summary = ExportSummary{};
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return Error::Unavailable("cannot write " + partial);
    summary = ExportStream(db, clock, out, options, reporter);
  }
  if (!summary.ok()) {
    std::remove(partial.c_str());
    return summary;
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    return Error::Unavailable("cannot move the export to " + path);
  }
  return summary;
}

Result<ImportSummary> MassUpdateProducts(db::Database& db, const Clock& clock,
                                         const events::EventBus* bus,
                                         const MassUpdateFilter& filter,
                                         const std::string& properties_json,
                                         std::optional<bool> is_active, const CatalogScope& scope,
                                         const std::string& actor, TransferReporter& reporter) {
  std::vector<PropertyValues> set;
  if (!properties_json.empty()) {
    EMPORION_ASSIGN_OR_RETURN(auto doc, json::Parse(R"({"properties":)" + properties_json + "}"));
    EMPORION_ASSIGN_OR_RETURN(Product holder, codec::ReadProduct(doc, "set."));
    set = std::move(holder.properties);
  }
  CatalogManager m(db, clock, bus);
  const Caller c = SystemCaller(scope, actor);
  ProductQuery q;
  q.catalog_id = filter.catalog_id;
  q.category_id = filter.category_id;
  q.include_descendants = filter.include_descendants;
  q.q = filter.q;
  q.is_active = filter.is_active;
  std::vector<std::string> ids;
  EMPORION_RETURN_IF_ERROR(ForEachPage<Product>(
      [&](Window w) {
        w.sort = {{"code", false}};
        return m.ListProducts(c, q, w, ProductView::kStored);
      },
      [&](std::vector<Product>& page) {
        for (const auto& p : page) ids.push_back(p.meta.id);
        return Ok();
      }));
  reporter.SetTotal(static_cast<std::int64_t>(ids.size()));
  auto apply = [set, is_active](Product& p) -> Status {
    for (const auto& pv : set) {
      std::erase_if(p.properties, [&](const PropertyValues& have) {
        return (!pv.property_id.empty() && have.property_id == pv.property_id) ||
               (!pv.name.empty() && have.name == pv.name);
      });
      if (!pv.values.empty()) p.properties.push_back(pv);
    }
    if (is_active) p.is_active = *is_active;
    return Ok();
  };
  ImportOptions options;
  options.scope = scope;
  options.actor = actor;
  Importer importer(m, options, reporter);
  for (const auto& id : ids) {
    if (reporter.Cancelled()) break;
    ImportRecord rec;
    rec.ref = "product " + id;
    rec.value = ProductPatch{id, apply};
    EMPORION_RETURN_IF_ERROR(importer.Add(std::move(rec)));
  }
  EMPORION_RETURN_IF_ERROR(importer.Flush());
  return importer.summary();
}

}  // namespace emporion::catalog
