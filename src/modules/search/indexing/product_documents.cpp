#include "modules/search/indexing/product_documents.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_set>

#include "platform/core/text.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

using catalog::Product;
using search::Document;

constexpr float kNameBoost = 3.0F;
constexpr float kCodeBoost = 2.0F;
constexpr float kBrandBoost = 1.5F;
constexpr float kVariationsBoost = 0.5F;

std::int64_t Millis(Timestamp micros) { return micros / 1000; }

bool InWindow(const pricing::Price& p, Timestamp now) {
  return (!p.start_date || *p.start_date <= now) && (!p.end_date || now < *p.end_date);
}

/// Languages of the product's catalog (default first); "en-US" when the catalog is unknown.
std::vector<std::string> LanguagesOf(const Product& p, const ProductSources& s) {
  std::vector<std::string> out;
  if (auto it = s.catalogs.find(p.catalog_id); it != s.catalogs.end()) {
    if (!it->second.default_language.empty()) out.push_back(it->second.default_language);
    for (const auto& l : it->second.languages) {
      if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    }
  }
  if (out.empty()) out.emplace_back("en-US");
  return out;
}

/// The name per catalog language: the localized one, else the product's default name.
std::vector<std::pair<std::string, std::string>> NamesOf(const Product& p,
                                                         const std::vector<std::string>& langs) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& lang : langs) {
    std::string value = p.name;
    for (const auto& lv : p.localized_name) {
      if (lv.language_code == lang && !lv.value.empty()) value = lv.value;
    }
    out.emplace_back(lang, value);
  }
  // Localized names in languages the catalog does not list still count.
  for (const auto& lv : p.localized_name) {
    if (std::none_of(out.begin(), out.end(),
                     [&](const auto& e) { return e.first == lv.language_code; })) {
      out.emplace_back(lv.language_code, lv.value);
    }
  }
  return out;
}

std::string ScalarText(const catalog::PropertyScalar& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    std::string t = std::to_string(*d);
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  }
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "";
}

bool IsTextType(catalog::ValueType t) {
  return t == catalog::ValueType::kShortText || t == catalog::ValueType::kLongText ||
         t == catalog::ValueType::kHtml;
}

/// One property value as keyword text: the value, or the dictionary item id when only that
/// is set.
std::string KeywordOf(const catalog::PropertyValueItem& item) {
  std::string t = ScalarText(item.value);
  if (t.empty() && item.value_id) t = *item.value_id;
  return t;
}

struct PriceEntry {
  std::string list_id;
  const pricing::Price* price = nullptr;
};

/// The qty-1 price per list valid now; a variation without any takes its main product's.
std::vector<PriceEntry> CurrentPrices(std::span<const pricing::Price> own,
                                      std::span<const pricing::Price> fallback, Timestamp now,
                                      bool* used_fallback) {
  auto collect = [now](std::span<const pricing::Price> prices) {
    std::set<std::string> lists;
    for (const auto& p : prices) lists.insert(p.price_list_id);
    std::vector<PriceEntry> out;
    for (const auto& l : lists) {
      if (const auto* p = PriceForQuantityOne(prices, l, now)) out.push_back({l, p});
    }
    return out;
  };
  auto out = collect(own);
  *used_fallback = false;
  if (out.empty() && !fallback.empty()) {
    out = collect(fallback);
    *used_fallback = true;
  }
  return out;
}

std::optional<Timestamp> NextChange(std::span<const pricing::Price> prices, Timestamp now,
                                    std::optional<Timestamp> next) {
  for (const auto& p : prices) {
    for (const auto& t : {p.start_date, p.end_date}) {
      if (t && *t > now && (!next || *t < *next)) next = *t;
    }
  }
  return next;
}

void WritePrices(json::Writer& w, const std::vector<PriceEntry>& prices, const ProductSources& s) {
  w.Key("prices").StartObject();
  for (const auto& e : prices) {
    w.Key(e.list_id).StartObject();
    auto pl = s.price_lists.find(e.list_id);
    w.Key("currency").String(pl == s.price_lists.end() ? "" : pl->second.currency);
    w.Key("list").Decimal(e.price->list);
    w.Key("sale");
    if (e.price->sale) {
      w.Decimal(*e.price->sale);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndObject();
}

struct StockEntry {
  std::string center_id;
  std::int64_t available = 0;
};

std::vector<StockEntry> StockOf(std::span<const inventory::InventoryRecord> records) {
  std::vector<StockEntry> out;
  for (const auto& r : records) {
    if (r.status != inventory::InventoryStatus::kEnabled) continue;
    out.push_back({r.fulfillment_center_id,
                   std::max<std::int64_t>(0, r.in_stock_quantity - r.reserved_quantity)});
  }
  std::sort(out.begin(), out.end(),
            [](const StockEntry& a, const StockEntry& b) { return a.center_id < b.center_id; });
  return out;
}

void WriteStock(json::Writer& w, const std::vector<StockEntry>& stock) {
  w.Key("stock").StartObject();
  for (const auto& e : stock) w.Key(e.center_id).Int(e.available);
  w.EndObject();
}

void WriteNames(json::Writer& w, const std::vector<std::pair<std::string, std::string>>& names) {
  w.Key("name").StartObject();
  for (const auto& [lang, value] : names) w.Key(lang).String(value);
  w.EndObject();
}

class Builder {
 public:
  Builder(const ProductInput& in, const ProductSources& s, Timestamp now)
      : in_(in), p_(*in.product), s_(s), now_(now), langs_(LanguagesOf(p_, s)) {}

  BuiltProduct Build() {
    BuiltProduct out;
    Document& d = out.document;
    d.id = p_.meta.id;
    const bool variation = p_.main_product_id.has_value();
    const auto names = NamesOf(p_, langs_);

    for (const auto& [lang, value] : names) {
      Text(d, "name", lang, value, kNameBoost);
      Keyword(d, "sort.name." + lang, FoldForSort(value));
    }
    for (const auto& desc : p_.descriptions) {
      Text(d, "description", desc.language_code.value_or(langs_.front()), desc.content, 1.0F);
    }
    Text(d, "code.text", "", p_.code, kCodeBoost);
    if (p_.gtin) Text(d, "gtin", "", *p_.gtin, kCodeBoost);

    Keyword(d, "type", variation ? "variation" : "product");
    Keyword(d, "id", p_.meta.id);
    Keyword(d, "code", p_.code);
    if (p_.main_product_id) Keyword(d, "mainProductId", *p_.main_product_id);

    Outlines(d);

    const std::string brand = Brand();
    if (!brand.empty()) {
      Text(d, "brand.text", "", brand, kBrandBoost);
      Keyword(d, "brand", brand);
    }
    if (p_.vendor && !p_.vendor->empty()) Keyword(d, "vendor", *p_.vendor);

    const bool active = p_.is_active.value_or(true);
    const bool buyable = p_.is_buyable.value_or(true);
    Keyword(d, "active", active ? "true" : "false");
    Keyword(d, "buyable", buyable ? "true" : "false");

    const auto stock = StockOf(in_.stock);
    bool in_stock = !p_.track_inventory.value_or(true);
    for (const auto& e : stock) {
      d.numbers.push_back({"available." + e.center_id, e.available * search::kNumberScale});
      if (e.available > 0) {
        Keyword(d, "available_in", e.center_id);
        in_stock = true;
      }
    }
    Keyword(d, "inStock", in_stock ? "true" : "false");

    Properties(d, p_, true);

    bool used_main = false;
    const auto prices = CurrentPrices(in_.prices, in_.main_prices, now_, &used_main);
    for (const auto& e : prices) {
      const auto value = e.price->sale ? *e.price->sale : e.price->list;
      d.numbers.push_back({"price." + e.list_id, value.raw()});
    }
    out.next_price_change = NextChange(in_.prices, now_, std::nullopt);
    if (used_main || prices.empty()) {
      out.next_price_change = NextChange(in_.main_prices, now_, out.next_price_change);
    }

    d.numbers.push_back({"priority", p_.priority.value_or(0) * search::kNumberScale});
    d.dates.push_back({"startDate", p_.start_date ? Millis(*p_.start_date) : kMinDateMillis});
    d.dates.push_back({"endDate", p_.end_date ? Millis(*p_.end_date) : kMaxDateMillis});
    d.dates.push_back({"createdAt", Millis(p_.meta.created_at)});
    d.dates.push_back({"modifiedAt", Millis(p_.meta.modified_at)});

    // Variations: searchable text on the main product, and their summaries in stored.
    std::vector<std::string> variation_json;
    for (const auto& v : in_.variations) {
      if (v.product == nullptr) continue;
      const Product& vp = *v.product;
      const auto vnames = NamesOf(vp, langs_);
      for (const auto& [lang, value] : vnames) {
        Text(d, "variations", lang, value, kVariationsBoost);
      }
      Text(d, "variations", "", vp.code, kVariationsBoost);
      Properties(d, vp, true, true);
      for (const auto& pv : vp.properties) {
        if (pv.inherited) continue;
        for (const auto& item : pv.values) {
          const std::string t = KeywordOf(item);
          if (!t.empty()) {
            Text(d, "variations", item.language_code.value_or(""), t, kVariationsBoost);
          }
        }
      }
      json::Writer vw;
      vw.StartObject().Key("id").String(vp.meta.id).Key("code").String(vp.code);
      WriteNames(vw, vnames);
      bool vused = false;
      WritePrices(vw, CurrentPrices(v.prices, in_.prices, now_, &vused), s_);
      WriteStock(vw, StockOf(v.stock));
      vw.EndObject();
      variation_json.push_back(vw.str());
    }

    json::Writer w;
    w.StartObject();
    w.Key("id").String(p_.meta.id).Key("code").String(p_.code);
    w.Key("type").String(variation ? "variation" : "product");
    w.Key("mainProductId").OptString(p_.main_product_id);
    w.Key("catalogId").String(p_.catalog_id);
    WriteNames(w, names);
    w.Key("image");
    if (const auto* img = FirstImage()) {
      w.String(img->url);
    } else {
      w.Null();
    }
    w.Key("isActive").Bool(active).Key("isBuyable").Bool(buyable);
    WritePrices(w, prices, s_);
    WriteStock(w, stock);
    w.Key("variations").StartArray();
    for (const auto& v : variation_json) w.RawJson(v);
    w.EndArray();
    w.Key("properties").StartArray();
    for (const auto& pv : p_.properties) {
      if (Hidden(pv)) continue;
      w.StartObject().Key("name").String(pv.name).Key("value").StartObject();
      std::set<std::string> seen;
      for (const auto& item : pv.values) {
        const std::string lang = item.language_code.value_or("");
        if (!seen.insert(lang).second) continue;  // multi-values: the first per language
        w.Key(lang).String(KeywordOf(item));
      }
      w.EndObject().EndObject();
    }
    w.EndArray();
    w.EndObject();
    d.stored = w.str();
    return out;
  }

 private:
  static void Text(Document& d, std::string field, const std::string& lang, std::string value,
                   float boost) {
    if (value.empty()) return;
    d.texts.push_back({std::move(field), AnalyzerLanguage(lang), std::move(value), boost});
  }
  void Keyword(Document& d, std::string field, std::string value) {
    if (value.empty()) return;
    if (!keyword_seen_.insert(field + '\0' + value).second) return;
    d.keywords.push_back({std::move(field), std::move(value)});
  }

  const catalog::Image* FirstImage() const {
    const catalog::Image* best = nullptr;
    for (const auto& img : p_.images) {
      if (best == nullptr || img.sort_order < best->sort_order) best = &img;
    }
    return best;
  }

  const catalog::Property* Definition(const catalog::PropertyValues& pv) const {
    auto it = s_.properties.find(pv.property_id);
    return it == s_.properties.end() ? nullptr : &it->second;
  }
  bool Hidden(const catalog::PropertyValues& pv) const {
    const auto* def = Definition(pv);
    return def != nullptr && def->hidden;
  }

  /// A property named "brand" (any case) wins over the vendor.
  std::string Brand() const {
    for (const auto& pv : p_.properties) {
      std::string lower = pv.name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower != "brand") continue;
      for (const auto& item : pv.values) {
        std::string t = KeywordOf(item);
        if (!t.empty()) return t;
      }
    }
    return p_.vendor.value_or("");
  }

  void Outlines(Document& d) {
    for (const auto& o : p_.outlines) {
      if (o.catalog_id.empty()) continue;
      Keyword(d, "catalog", o.catalog_id);
      std::string path = o.catalog_id;
      Keyword(d, "__outline", path);
      for (const auto& item : o.items) {
        if (item.type != "category") continue;
        path += "/" + item.id;
        Keyword(d, "__outline", path);
        Keyword(d, "category", item.id);
      }
    }
    if (p_.outlines.empty() && !p_.catalog_id.empty()) {
      Keyword(d, "catalog", p_.catalog_id);
      Keyword(d, "__outline", p_.catalog_id);
    }
  }

  /// `of_variation`: a variation's values copied onto its main product: keyword values only
  /// (its text is in `variations`; numbers and dates are single-valued and stay the main's), so
  /// `color:red` finds and the color facet counts the main products with a red variation.
  void Properties(Document& d, const Product& p, bool keywords, bool of_variation = false) {
    std::unordered_set<std::string> numbered;
    for (const auto& pv : p.properties) {
      if (Hidden(pv)) continue;
      if (of_variation && pv.inherited) continue;
      const auto* def = Definition(pv);
      const auto field = PropertyFieldName(pv.name);
      for (const auto& item : pv.values) {
        const std::string text = KeywordOf(item);
        if (text.empty()) continue;
        const bool is_text = def != nullptr ? IsTextType(def->value_type)
                                            : std::holds_alternative<std::string>(item.value);
        if (is_text && !item.value_id && !of_variation) {
          Text(d, "properties", item.language_code.value_or(""), text, 1.0F);
        }
        if (!keywords || !field) continue;
        const auto type = def != nullptr ? def->value_type : catalog::ValueType::kShortText;
        const bool number = type == catalog::ValueType::kNumber ||
                            type == catalog::ValueType::kInteger ||
                            std::holds_alternative<double>(item.value) ||
                            std::holds_alternative<std::int64_t>(item.value);
        if (of_variation && (number || type == catalog::ValueType::kDateTime)) continue;
        if (number) {
          std::optional<std::int64_t> scaled;
          if (const auto* i = std::get_if<std::int64_t>(&item.value)) {
            scaled = *i * search::kNumberScale;
          } else if (const auto* x = std::get_if<double>(&item.value)) {
            scaled = static_cast<std::int64_t>(std::llround(*x * search::kNumberScale));
          }
          // One number per field: the first value.
          if (scaled && numbered.insert(*field).second) d.numbers.push_back({*field, *scaled});
          continue;
        }
        if (type == catalog::ValueType::kDateTime) {
          if (auto t = ParseIso8601(text); t && numbered.insert(*field).second) {
            d.dates.push_back({*field, Millis(*t)});
          }
          continue;
        }
        if (item.language_code && !item.language_code->empty()) {
          Keyword(d, *field + "." + *item.language_code, text);
          if (*item.language_code == langs_.front()) Keyword(d, *field, text);
        } else {
          Keyword(d, *field, text);
        }
      }
    }
  }

  const ProductInput& in_;
  const Product& p_;
  const ProductSources& s_;
  Timestamp now_;
  std::vector<std::string> langs_;
  std::unordered_set<std::string> keyword_seen_;
};

}  // namespace

std::uint64_t StockSignature(const std::string& product_id,
                             std::span<const inventory::InventoryRecord> records) {
  // FNV-1a over the id and the sorted (center, available) pairs, with separators.
  std::uint64_t h = 14695981039346656037ULL;
  auto mix = [&h](std::string_view bytes) {
    for (const char c : bytes) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;
    h *= 1099511628211ULL;
  };
  mix(product_id);
  for (const auto& e : StockOf(records)) {
    mix(e.center_id);
    mix(std::to_string(e.available));
  }
  return h;
}

std::string AnalyzerLanguage(const std::string& language_code) {
  return search::LanguageKey(language_code);
}

std::optional<std::string> PropertyFieldName(const std::string& property_name) {
  static const std::unordered_set<std::string> kReserved = {
      "name",       "description", "code",     "gtin",      "brand",         "vendor",
      "properties", "variations",  "type",     "id",        "mainproductid", "catalog",
      "__outline",  "category",    "active",   "buyable",   "instock",       "available_in",
      "price",      "available",   "priority", "startdate", "enddate",       "createdat",
      "modifiedat", "sort",        "sku"};
  std::string out;
  for (char c : property_name) {
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (out.empty() || kReserved.count(out) != 0) return std::nullopt;
  const auto dot = out.find('.');
  if (dot != std::string::npos && kReserved.count(out.substr(0, dot)) != 0) return std::nullopt;
  return out;
}

std::string FoldForSort(const std::string& text) { return AsciiLower(text); }

const pricing::Price* PriceForQuantityOne(std::span<const pricing::Price> prices,
                                          const std::string& price_list_id, Timestamp now) {
  const pricing::Price* best = nullptr;
  for (const auto& p : prices) {
    if (p.price_list_id != price_list_id || !InWindow(p, now) || p.min_quantity > 1) continue;
    if (best == nullptr || p.min_quantity >= best->min_quantity) best = &p;
  }
  return best;
}

BuiltProduct BuildProductDocument(const ProductInput& input, const ProductSources& sources,
                                  Timestamp now) {
  return Builder(input, sources, now).Build();
}

}  // namespace emporion::search_module
