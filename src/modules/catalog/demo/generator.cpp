#include "modules/catalog/demo/generator.hpp"

#include <array>
#include <cstdio>
#include <functional>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "platform/json/json.hpp"

namespace emporion::catalog::demo {
namespace {

struct Word {
  const char* en;
  const char* de;
};

constexpr std::array<Word, 20> kBrands = {{
    {"Acme", "Acme"},         {"Globex", "Globex"},     {"Initech", "Initech"},
    {"Umbrella", "Umbrella"}, {"Hooli", "Hooli"},       {"Vandelay", "Vandelay"},
    {"Soylent", "Soylent"},   {"Stark", "Stark"},       {"Wayne", "Wayne"},
    {"Wonka", "Wonka"},       {"Cyberdyne", "Cyberdyne"}, {"Tyrell", "Tyrell"},
    {"Aperture", "Aperture"}, {"Massive", "Massive"},   {"Nakatomi", "Nakatomi"},
    {"Oscorp", "Oscorp"},     {"Pied Piper", "Pied Piper"}, {"Rekall", "Rekall"},
    {"Sirius", "Sirius"},     {"Zorg", "Zorg"},
}};
constexpr std::array<Word, 8> kColors = {{{"Black", "Schwarz"},
                                          {"White", "Weiß"},
                                          {"Silver", "Silber"},
                                          {"Red", "Rot"},
                                          {"Blue", "Blau"},
                                          {"Green", "Grün"},
                                          {"Gold", "Gold"},
                                          {"Graphite", "Graphit"}}};
constexpr std::array<Word, 6> kSizes = {
    {{"S", "S"}, {"M", "M"}, {"L", "L"}, {"XL", "XL"}, {"XXL", "XXL"}, {"XXXL", "XXXL"}}};
constexpr std::array<Word, 10> kMaterials = {{{"Aluminium", "Aluminium"},
                                              {"Plastic", "Kunststoff"},
                                              {"Glass", "Glas"},
                                              {"Steel", "Stahl"},
                                              {"Carbon", "Carbon"},
                                              {"Leather", "Leder"},
                                              {"Wood", "Holz"},
                                              {"Rubber", "Gummi"},
                                              {"Ceramic", "Keramik"},
                                              {"Titanium", "Titan"}}};
constexpr std::array<Word, 4> kRoots = {{{"Computers", "Computer"},
                                         {"Audio", "Audio"},
                                         {"Phones", "Telefone"},
                                         {"Cameras", "Kameras"}}};
constexpr std::array<Word, 5> kMids = {{{"Home", "Heim"},
                                        {"Office", "Büro"},
                                        {"Outdoor", "Outdoor"},
                                        {"Gaming", "Gaming"},
                                        {"Professional", "Profi"}}};
constexpr std::array<Word, 5> kLeaves = {{{"Essentials", "Grundausstattung"},
                                          {"Premium", "Premium"},
                                          {"Compact", "Kompakt"},
                                          {"Wireless", "Kabellos"},
                                          {"Accessories", "Zubehör"}}};
constexpr std::array<Word, 12> kNouns = {{{"Laptop", "Laptop"},
                                          {"Headphones", "Kopfhörer"},
                                          {"Speaker", "Lautsprecher"},
                                          {"Monitor", "Monitor"},
                                          {"Keyboard", "Tastatur"},
                                          {"Mouse", "Maus"},
                                          {"Camera", "Kamera"},
                                          {"Smartphone", "Smartphone"},
                                          {"Tablet", "Tablet"},
                                          {"Router", "Router"},
                                          {"Charger", "Ladegerät"},
                                          {"Drone", "Drohne"}}};
constexpr std::array<Word, 8> kAdjectives = {{{"Ultra", "Ultra"},
                                              {"Smart", "Smart"},
                                              {"Pro", "Pro"},
                                              {"Lite", "Lite"},
                                              {"Max", "Max"},
                                              {"Nano", "Nano"},
                                              {"Turbo", "Turbo"},
                                              {"Eco", "Öko"}}};

constexpr int kMidsPerRoot = 5;
constexpr int kLeavesPerMid = 5;
constexpr int kLeafCount = static_cast<int>(kRoots.size()) * kMidsPerRoot * kLeavesPerMid;

std::string Pad(std::int64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(n));
  return buf;
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ') {
      out += '-';
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

class Gen {
 public:
  Gen(const GeneratorOptions& o, std::ostream& out) : o_(o), out_(out), rng_(o.seed) {}

  std::int64_t Run() {
    Catalogs();
    Properties();
    Categories();
    for (std::int64_t k = 0; k < o_.products; ++k) Product(k);
    Links();
    return lines_;
  }

 private:
  std::uint64_t Pick(std::uint64_t n) { return rng_() % n; }

  void Emit(json::Writer& w) {
    out_ << w.view() << '\n';
    ++lines_;
  }

  static void Localized(json::Writer& w, const char* key, std::string_view de) {
    w.Key(key).StartArray();
    w.StartObject().Key("languageCode").String("de-DE").Key("value").String(de).EndObject();
    w.EndArray();
  }

  std::string Pid(const char* name) const { return o_.catalog_id + "-prop-" + name; }
  std::string Did(const char* name, std::string_view alias) const {
    return o_.catalog_id + "-dict-" + name + "-" + Lower(alias);
  }
  std::string CategoryId(const std::string& code) const {
    return o_.catalog_id + "-c-" + Lower(code);
  }

  void Catalogs() {
    json::Writer w;
    w.StartObject().Key("type").String("catalog").Key("id").String(o_.catalog_id);
    w.Key("name").String(o_.catalog_name).Key("isVirtual").Bool(false);
    w.Key("defaultLanguage").String("en-US").Key("languages").StartArray();
    w.String("en-US").String("de-DE").EndArray().EndObject();
    Emit(w);
    if (!o_.virtual_catalog) return;
    json::Writer v;
    v.StartObject().Key("type").String("catalog").Key("id").String(o_.catalog_id + "-sale");
    v.Key("name").String(o_.catalog_name + " Sale").Key("isVirtual").Bool(true);
    v.Key("defaultLanguage").String("en-US").Key("languages").StartArray();
    v.String("en-US").String("de-DE").EndArray().EndObject();
    Emit(v);
  }

  template <std::size_t N>
  void DictionaryProperty(const char* name, const char* type, const char* display_de,
                          const std::array<Word, N>& items, bool multivalue) {
    json::Writer w;
    Head(w, name, type, "ShortText", display_de);
    w.Key("dictionary").Bool(true).Key("multivalue").Bool(multivalue).Key("filterable").Bool(true);
    w.Key("dictionaryItems").StartArray();
    for (std::size_t i = 0; i < N; ++i) {
      w.StartObject().Key("id").String(Did(name, items[i].en)).Key("alias").String(items[i].en);
      Localized(w, "localizedValues", items[i].de);
      w.Key("sortOrder").Int(static_cast<std::int64_t>(i)).EndObject();
    }
    w.EndArray().EndObject();
    Emit(w);
  }

  void Head(json::Writer& w, const char* name, const char* type, const char* value_type,
            const char* display_de) {
    w.StartObject().Key("type").String("property").Key("id").String(Pid(name));
    w.Key("catalogId").String(o_.catalog_id).Key("name").String(name);
    w.Key("propertyType").String(type).Key("valueType").String(value_type);
    Localized(w, "displayNames", display_de);
  }

  void Simple(const char* name, const char* value_type, const char* display_de,
              bool multilanguage = false, const char* regex = nullptr,
              std::optional<std::int64_t> min = std::nullopt,
              std::optional<std::int64_t> max = std::nullopt) {
    json::Writer w;
    Head(w, name, "Product", value_type, display_de);
    w.Key("multilanguage").Bool(multilanguage);
    if (regex != nullptr || min || max) {
      w.Key("validation").StartObject();
      if (regex != nullptr) w.Key("regex").String(regex);
      if (min) w.Key("min").Int(*min);
      if (max) w.Key("max").Int(*max);
      w.EndObject();
    }
    w.EndObject();
    Emit(w);
  }

  void Properties() {
    DictionaryProperty("brand", "Product", "Marke", kBrands, false);
    DictionaryProperty("color", "Variation", "Farbe", kColors, false);
    DictionaryProperty("size", "Variation", "Größe", kSizes, false);
    DictionaryProperty("material", "Product", "Material", kMaterials, true);
    Simple("weight_g", "Integer", "Gewicht (g)", false, nullptr, 1, 100000);
    Simple("rating", "Number", "Bewertung", false, nullptr, 0, 5);
    Simple("waterproof", "Boolean", "Wasserdicht");
    Simple("features", "LongText", "Merkmale", true);
    Simple("warranty_years", "Integer", "Garantie (Jahre)", false, nullptr, 0, 10);
    Simple("model", "ShortText", "Modell", false, "[A-Z]{2}-[0-9]{4}");
    Simple("release_date", "DateTime", "Erscheinungsdatum");
    Simple("eco_label", "Boolean", "Umweltzeichen");
  }

  void Category(const std::string& code, const std::optional<std::string>& parent,
                const std::string& en, const std::string& de, int priority) {
    json::Writer w;
    w.StartObject().Key("type").String("category").Key("id").String(CategoryId(code));
    w.Key("catalogId").String(o_.catalog_id).Key("parentId").OptString(
        parent ? std::optional<std::string>(CategoryId(*parent)) : std::nullopt);
    w.Key("code").String(code).Key("name").String(en);
    Localized(w, "localizedName", de);
    w.Key("priority").Int(priority);
    w.Key("seoInfos").StartArray().StartObject();
    w.Key("semanticUrl").String(Lower(o_.catalog_id + "-" + code)).Key("languageCode").String("en-US");
    w.EndObject().EndArray();
    w.EndObject();
    Emit(w);
  }

  /// Code of leaf `i` (0..kLeafCount-1).
  static std::string LeafCode(int i) {
    const int root = i / (kMidsPerRoot * kLeavesPerMid);
    const int mid = (i / kLeavesPerMid) % kMidsPerRoot;
    const int leaf = i % kLeavesPerMid;
    return "C" + Pad(root + 1, 2) + "-" + Pad(mid + 1, 2) + "-" + Pad(leaf + 1, 2);
  }

  void Categories() {
    for (std::size_t r = 0; r < kRoots.size(); ++r) {
      const std::string rc = "C" + Pad(static_cast<std::int64_t>(r + 1), 2);
      Category(rc, std::nullopt, kRoots[r].en, kRoots[r].de, static_cast<int>(kRoots.size() - r));
      for (int m = 0; m < kMidsPerRoot; ++m) {
        const std::string mc = rc + "-" + Pad(m + 1, 2);
        Category(mc, rc, std::string(kMids[static_cast<std::size_t>(m)].en) + " " + kRoots[r].en,
                 std::string(kMids[static_cast<std::size_t>(m)].de) + " " + kRoots[r].de, 0);
        for (int l = 0; l < kLeavesPerMid; ++l) {
          const auto& leaf = kLeaves[static_cast<std::size_t>(l)];
          const auto& mid = kMids[static_cast<std::size_t>(m)];
          Category(mc + "-" + Pad(l + 1, 2), mc,
                   std::string(leaf.en) + " " + mid.en + " " + kRoots[r].en,
                   std::string(leaf.de) + " " + mid.de + " " + kRoots[r].de, 0);
        }
      }
    }
  }

  void DictValue(json::Writer& w, const char* name, std::string_view alias) {
    w.StartObject().Key("value").String(alias).Key("valueId").String(Did(name, alias)).EndObject();
  }

  void Values(json::Writer& w, const char* name, const std::function<void()>& values) {
    w.StartObject().Key("propertyId").String(Pid(name)).Key("name").String(name);
    w.Key("values").StartArray();
    values();
    w.EndArray().EndObject();
  }

  /// The 8 values a main product and its variations both carry (variations override them).
  void CommonValues(json::Writer& w, std::size_t brand) {
    Values(w, "brand", [&] { DictValue(w, "brand", kBrands[brand].en); });
    Values(w, "material", [&] {
      const std::size_t a = Pick(kMaterials.size());
      DictValue(w, "material", kMaterials[a].en);
      DictValue(w, "material", kMaterials[(a + 1 + Pick(kMaterials.size() - 1)) % kMaterials.size()].en);
    });
    Values(w, "weight_g", [&] {
      w.StartObject().Key("value").Int(static_cast<std::int64_t>(50 + Pick(5000))).EndObject();
    });
    Values(w, "rating", [&] {
      w.StartObject().Key("value").Double(static_cast<double>(Pick(51)) / 10.0).EndObject();
    });
    Values(w, "waterproof", [&] { w.StartObject().Key("value").Bool(Pick(2) == 0).EndObject(); });
    Values(w, "warranty_years", [&] {
      w.StartObject().Key("value").Int(static_cast<std::int64_t>(1 + Pick(5))).EndObject();
    });
    Values(w, "model", [&] {
      std::string m;
      m += static_cast<char>('A' + Pick(26));
      m += static_cast<char>('A' + Pick(26));
      m += "-" + Pad(static_cast<std::int64_t>(Pick(10000)), 4);
      w.StartObject().Key("value").String(m).EndObject();
    });
    Values(w, "release_date", [&] {
      const std::string d = "20" + Pad(static_cast<std::int64_t>(18 + Pick(8)), 2) + "-" +
                            Pad(static_cast<std::int64_t>(1 + Pick(12)), 2) + "-" +
                            Pad(static_cast<std::int64_t>(1 + Pick(28)), 2) + "T00:00:00Z";
      w.StartObject().Key("value").String(d).EndObject();
    });
  }

  void Image(json::Writer& w, const std::string& sku, int n, const char* group) {
    w.StartObject().Key("url").String("https://images.example.com/" + o_.catalog_id + "/" +
                                      Lower(sku) + "/" + std::to_string(n) + ".jpg");
    w.Key("name").String(sku + " " + std::to_string(n)).Key("group").String(group);
    w.Key("sortOrder").Int(n).EndObject();
  }

  void Product(std::int64_t k) {
    const std::int64_t group_size = 1 + o_.variations_per_product;
    const std::int64_t group = k / group_size;
    const std::int64_t j = k % group_size;  // 0: the main product
    const std::string sku = ProductSku(o_, k);
    json::Writer w;
    w.StartObject().Key("type").String("product").Key("id").String(ProductId(o_, k));
    w.Key("code").String(sku).Key("catalogId").String(o_.catalog_id);
    if (j == 0) {
      brand_ = static_cast<std::size_t>(Pick(kBrands.size()));
      noun_ = static_cast<std::size_t>(Pick(kNouns.size()));
      adjective_ = static_cast<std::size_t>(Pick(kAdjectives.size()));
      const std::string model = std::to_string(100 + group % 900);
      main_name_en_ = std::string(kBrands[brand_].en) + " " + kAdjectives[adjective_].en + " " +
                      kNouns[noun_].en + " " + model;
      main_name_de_ = std::string(kBrands[brand_].de) + " " + kAdjectives[adjective_].de + " " +
                      kNouns[noun_].de + " " + model;
      w.Key("name").String(main_name_en_);
      Localized(w, "localizedName", main_name_de_);
      w.Key("categoryId").String(CategoryId(LeafCode(static_cast<int>(group % kLeafCount))));
      w.Key("productType").String("Physical").Key("isActive").Bool(true);
      w.Key("isBuyable").Bool(true).Key("trackInventory").Bool(true);
      w.Key("gtin").String("40" + Pad(group % 100000000000LL, 11));
      w.Key("manufacturerPartNumber").String("MPN-" + Pad(group, 7));
      w.Key("vendor").String(kBrands[brand_].en);
      w.Key("weight").Double(static_cast<double>(1 + Pick(500)) / 100.0).Key("weightUnit").String("kg");
      w.Key("length").Int(static_cast<std::int64_t>(5 + Pick(60)));
      w.Key("width").Int(static_cast<std::int64_t>(5 + Pick(40)));
      w.Key("height").Int(static_cast<std::int64_t>(1 + Pick(30)));
      w.Key("measureUnit").String("cm").Key("minQuantity").Int(1).Key("maxQuantity").Int(10);
      w.Key("priority").Int(static_cast<std::int64_t>(Pick(100))).Key("taxType").String("Electronics");
      w.Key("images").StartArray();
      for (int n = 1; n <= 3; ++n) Image(w, sku, n, n == 1 ? "main" : "gallery");
      w.EndArray();
      const std::string noun_en = kNouns[noun_].en;
      w.Key("descriptions").StartArray();
      w.StartObject().Key("content").String(
          "<p>The " + main_name_en_ + " is a " + Lower(kAdjectives[adjective_].en) + " " +
          Lower(noun_en) + " by " + kBrands[brand_].en + ", built for everyday use.</p>");
      w.Key("reviewType").String("FullReview").Key("languageCode").String("en-US").EndObject();
      w.StartObject().Key("content").String("<p>" + main_name_de_ + ": " + kNouns[noun_].de +
                                            " von " + kBrands[brand_].de +
                                            " für den täglichen Einsatz.</p>");
      w.Key("reviewType").String("FullReview").Key("languageCode").String("de-DE").EndObject();
      w.StartObject().Key("content").String(main_name_en_ + ": " + Lower(noun_en) + ".");
      w.Key("reviewType").String("QuickReview").Key("languageCode").String("en-US").EndObject();
      w.EndArray();
      w.Key("properties").StartArray();
      CommonValues(w, brand_);
      Values(w, "features", [&] {
        w.StartObject().Key("value").String("Fast, light and " + Lower(kAdjectives[adjective_].en))
            .Key("languageCode").String("en-US").EndObject();
        w.StartObject().Key("value").String("Schnell, leicht und " + Lower(kAdjectives[adjective_].de))
            .Key("languageCode").String("de-DE").EndObject();
      });
      Values(w, "eco_label", [&] { w.StartObject().Key("value").Bool(Pick(3) == 0).EndObject(); });
      w.EndArray();
      w.Key("seoInfos").StartArray().StartObject();
      w.Key("semanticUrl").String(Lower(main_name_en_) + "-" + Lower(sku));
      w.Key("languageCode").String("en-US").EndObject().EndArray();
      w.Key("associations").StartArray();
      if (group > 0) {
        w.StartObject().Key("type").String("Related Items");
        w.Key("associatedObjectId").String(ProductId(o_, (group - 1) * group_size));
        w.Key("associatedObjectType").String("product").Key("priority").Int(1).EndObject();
      }
      w.EndArray();
    } else {
      const std::size_t color = static_cast<std::size_t>(group + j) % kColors.size();
      const std::size_t size = static_cast<std::size_t>(j - 1) % kSizes.size();
      w.Key("name").String(main_name_en_ + " " + kColors[color].en + " " + kSizes[size].en);
      Localized(w, "localizedName",
                main_name_de_ + " " + kColors[color].de + " " + kSizes[size].de);
      w.Key("mainProductId").String(ProductId(o_, group * group_size));
      w.Key("images").StartArray();
      Image(w, sku, 1, "main");
      w.EndArray();
      w.Key("properties").StartArray();
      Values(w, "color", [&] { DictValue(w, "color", kColors[color].en); });
      Values(w, "size", [&] { DictValue(w, "size", kSizes[size].en); });
      CommonValues(w, brand_);
      w.EndArray();
    }
    w.EndObject();
    Emit(w);
  }

  void Links() {
    if (!o_.virtual_catalog) return;
    const std::string sale = o_.catalog_id + "-sale";
    auto link = [&](const std::string& id, const char* type, const std::string& entry,
                    std::int64_t priority) {
      json::Writer w;
      w.StartObject().Key("type").String("link").Key("id").String(id);
      w.Key("catalogId").String(sale).Key("entryType").String(type);
      w.Key("entryId").String(entry).Key("priority").Int(priority).EndObject();
      Emit(w);
    };
    link(sale + "-l-c01", "category", CategoryId("C01"), 100);
    const std::int64_t group_size = 1 + o_.variations_per_product;
    for (std::int64_t k = 0; k < o_.products; k += group_size * 10) {
      link(sale + "-l-" + Pad(k, 7), "product", ProductId(o_, k), 0);
    }
  }

  const GeneratorOptions& o_;
  std::ostream& out_;
  std::mt19937_64 rng_;
  std::int64_t lines_ = 0;
  std::size_t brand_ = 0;
  std::size_t noun_ = 0;
  std::size_t adjective_ = 0;
  std::string main_name_en_;
  std::string main_name_de_;
};

}  // namespace

std::string ProductId(const GeneratorOptions& options, std::int64_t k) {
  return options.catalog_id + "-p-" + Pad(k, 7);
}

std::string ProductSku(const GeneratorOptions& options, std::int64_t k) {
  return options.sku_prefix + "-" + Pad(k, 7);
}

std::int64_t GenerateCatalog(const GeneratorOptions& options, std::ostream& out) {
  return Gen(options, out).Run();
}

}  // namespace emporion::catalog::demo
