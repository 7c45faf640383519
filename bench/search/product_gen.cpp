#include "product_gen.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace emporion::bench {

namespace {

using search::kNumberScale;
constexpr uint64_t kVocabularySalt = 0x766F636162756C61ULL;
constexpr uint64_t kProductSalt = 0x70726F6475637473ULL;

const std::vector<std::string>& Onsets(bool german) {
  static const std::vector<std::string> en = {
      "b", "c", "d",  "f",  "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",
      "w", "z", "br", "cr", "dr", "fl", "gr", "pl", "st", "tr", "sh", "ch", "th", "sl", "qu"};
  static const std::vector<std::string> de = {
      "b", "d",   "f",  "g",  "h",  "k",  "l",  "m",  "n",  "p",    "r",  "s",  "t", "w",
      "z", "sch", "st", "pf", "kr", "tr", "br", "gr", "fl", "schl", "kl", "sp", "zw"};
  return german ? de : en;
}

const std::vector<std::string>& InnerVowels(bool german) {
  static const std::vector<std::string> en = {"a", "e", "i", "o", "u", "ai", "ea", "oo"};
  static const std::vector<std::string> de = {"a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au"};
  return german ? de : en;
}

// The last vowel and consonant: endings no stemmer strips (see the header).
const std::vector<std::string>& LastVowels() {
  static const std::vector<std::string> v = {"a", "o", "u"};
  return v;
}
const std::vector<std::string>& Finals() {
  static const std::vector<std::string> f = {"k", "x", "b", "d", "g", "p", "m"};
  return f;
}

std::string Fold(const std::string& word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c == 0xC3 && i + 1 < word.size()) {  // ä ö ü (and capitals): fold to a o u
      const auto d = static_cast<unsigned char>(word[i + 1]);
      if (d == 0xA4 || d == 0x84) out += 'a';
      if (d == 0xB6 || d == 0x96) out += 'o';
      if (d == 0xBC || d == 0x9C) out += 'u';
      ++i;
      continue;
    }
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::string MakeWord(Rng& rng, bool german) {
  const auto& onsets = Onsets(german);
  const auto& vowels = InnerVowels(german);
  std::string w;
  const uint32_t inner = 1 + rng.Below(2);
  for (uint32_t i = 0; i < inner; ++i) {
    w += onsets[rng.Below(static_cast<uint32_t>(onsets.size()))];
    w += vowels[rng.Below(static_cast<uint32_t>(vowels.size()))];
  }
  w += onsets[rng.Below(static_cast<uint32_t>(onsets.size()))];
  w += LastVowels()[rng.Below(3)];
  w += Finals()[rng.Below(static_cast<uint32_t>(Finals().size()))];
  return w;
}

std::vector<std::string> MakeVocabulary(Rng& rng, bool german, uint32_t n,
                                        std::unordered_set<std::string>& taken) {
  std::vector<std::string> words;
  words.reserve(n);
  while (words.size() < n) {
    std::string w = MakeWord(rng, german);
    if (w.size() < 4) continue;
    if (taken.insert(Fold(w)).second) words.push_back(std::move(w));
  }
  return words;
}

std::string Capitalize(std::string w) {
  if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

const std::vector<std::vector<std::string>>& PropertyTable() {
  static const std::vector<std::vector<std::string>> t = {
      {"black",  "white",  "red",    "blue", "green", "yellow",   "orange",
       "purple", "pink",   "brown",  "grey", "beige", "navy",     "olive",
       "teal",   "maroon", "silver", "gold", "cream", "turquoise"},
      {"XS", "S", "M", "L", "XL", "XXL", "36", "38", "40", "42", "44", "46"},
      {"cotton", "wool",     "linen",   "silk",    "polyester", "nylon",   "leather",   "suede",
       "denim",  "cashmere", "viscose", "acrylic", "bamboo",    "hemp",    "steel",     "aluminium",
       "oak",    "pine",     "walnut",  "beech",   "glass",     "ceramic", "porcelain", "plastic",
       "rubber", "cork",     "marble",  "granite", "copper",    "brass"},
      {"solid", "striped", "checked", "dotted", "floral", "paisley", "camouflage", "herringbone",
       "houndstooth", "plaid", "geometric", "abstract", "animal", "tie-dye", "melange"},
      {"women", "men", "unisex", "kids"},
      {"spring", "summer", "autumn", "winter", "all-season"},
      {"DE", "FR", "IT", "ES", "PT", "NL", "BE", "AT", "CH", "PL", "CZ", "SK", "HU", "RO",
       "BG", "GR", "TR", "CN", "JP", "KR", "TW", "VN", "TH", "IN", "BD", "PK", "ID", "MY",
       "US", "CA", "MX", "BR", "AR", "GB", "IE", "SE", "DK", "NO", "FI", "EE"},
      {"classic",    "modern",   "casual", "formal",     "sporty",    "vintage",  "retro",
       "minimalist", "bohemian", "rustic", "industrial", "elegant",   "urban",    "outdoor",
       "business",   "luxury",   "basic",  "premium",    "essential", "heritage", "nordic",
       "coastal",    "tropical", "alpine", "street"},
  };
  return t;
}

const std::vector<std::string>& NounsEn() {
  static const std::vector<std::string> n = {
      "Jacket",      "Shirt",   "Sweater",  "Trousers", "Scarf",      "Sneaker", "Boot",
      "Sandal",      "Loafer",  "Slipper",  "Drill",    "Hammer",     "Wrench",  "Saw",
      "Screwdriver", "Kettle",  "Toaster",  "Blender",  "Skillet",    "Teapot",  "Chair",
      "Table",       "Sofa",    "Shelf",    "Wardrobe", "Headphones", "Speaker", "Monitor",
      "Keyboard",    "Charger", "Shovel",   "Hose",     "Planter",    "Rake",    "Lantern",
      "Racket",      "Helmet",  "Backpack", "Bicycle",  "Treadmill"};
  return n;
}

const std::vector<std::string>& NounsDe() {
  static const std::vector<std::string> n = {"Jacke",
                                             "Hemd",
                                             "Pullover",
                                             "Hose",
                                             "Schal",
                                             "Turnschuh",
                                             "Stiefel",
                                             "Sandale",
                                             "Halbschuh",
                                             "Hausschuh",
                                             "Bohrmaschine",
                                             "Hammer",
                                             "Schraubenschlüssel",
                                             "Säge",
                                             "Schraubendreher",
                                             "Wasserkocher",
                                             "Toaster",
                                             "Mixer",
                                             "Pfanne",
                                             "Teekanne",
                                             "Stuhl",
                                             "Tisch",
                                             "Sofa",
                                             "Regal",
                                             "Kleiderschrank",
                                             "Kopfhörer",
                                             "Lautsprecher",
                                             "Monitor",
                                             "Tastatur",
                                             "Ladegerät",
                                             "Schaufel",
                                             "Schlauch",
                                             "Pflanzkübel",
                                             "Rechen",
                                             "Laterne",
                                             "Schläger",
                                             "Helm",
                                             "Rucksack",
                                             "Fahrrad",
                                             "Laufband"};
  return n;
}

std::string Uuid(Rng& rng) {
  const uint64_t a = rng.Next();
  const uint64_t b = rng.Next();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32U),
                static_cast<unsigned>((a >> 16U) & 0xFFFFU), static_cast<unsigned>(a & 0xFFFU),
                static_cast<unsigned>(0x8000U | ((b >> 48U) & 0x3FFFU)),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string Gtin(Rng& rng) {
  std::string d = "40";
  for (int i = 0; i < 10; ++i) d += static_cast<char>('0' + rng.Below(10));
  int sum = 0;
  for (size_t i = 0; i < d.size(); ++i) sum += (d[i] - '0') * (i % 2 == 0 ? 1 : 3);
  d += static_cast<char>('0' + (10 - sum % 10) % 10);
  return d;
}

/// "12.9900" -> "12.99": a scaled number as the decimal the module would store.
std::string Decimal(int64_t scaled) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(scaled / kNumberScale),
                static_cast<long long>((scaled % kNumberScale) / 100));
  return buf;
}

std::string Sentence(Rng& rng, const std::vector<std::string>& words, const Zipf& zipf,
                     uint32_t count) {
  std::string s;
  for (uint32_t i = 0; i < count; ++i) {
    const std::string& w = words[zipf.Sample(rng)];
    if (i > 0) s += (i % 9 == 0) ? ". " : " ";
    s += (i % 9 == 0) ? Capitalize(w) : w;
  }
  s += '.';
  return s;
}

}  // namespace

Zipf::Zipf(uint32_t n, double s) : cdf_(n) {
  double sum = 0;
  for (uint32_t r = 0; r < n; ++r) {
    sum += 1.0 / std::pow(static_cast<double>(r + 1), s);
    cdf_[r] = sum;
  }
  for (double& c : cdf_) c /= sum;
}

uint32_t Zipf::Sample(Rng& rng) const {
  const double u = rng.Unit();
  const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  return static_cast<uint32_t>(
      std::min<std::ptrdiff_t>(it - cdf_.begin(), static_cast<std::ptrdiff_t>(cdf_.size()) - 1));
}

ProductGenerator::ProductGenerator(uint64_t seed)
    : seed_(seed),
      word_zipf_(kVocabularySize, 1.0),
      brand_zipf_(kBrands, 1.0),
      leaf_zipf_(kTopCategories * kFanOut * kFanOut, 0.8) {
  Rng rng(seed ^ kVocabularySalt);
  std::unordered_set<std::string> taken;
  words_en_ = MakeVocabulary(rng, false, kVocabularySize, taken);
  words_de_ = MakeVocabulary(rng, true, kVocabularySize, taken);
  for (std::string& b : MakeVocabulary(rng, false, kBrands, taken)) {
    brands_.push_back(Capitalize(std::move(b)));
  }
  nouns_en_ = NounsEn();
  nouns_de_ = NounsDe();
  leaf_order_.resize(leaf_zipf_.size());
  for (uint32_t i = 0; i < leaf_zipf_.size(); ++i) leaf_order_[i] = i;
  for (uint32_t i = leaf_zipf_.size() - 1; i > 0; --i) {
    std::swap(leaf_order_[i], leaf_order_[rng.Below(i + 1)]);
  }
}

const std::vector<std::string>& ProductGenerator::Words(const std::string& language) const {
  return language == "de" ? words_de_ : words_en_;
}

const std::vector<std::string>& ProductGenerator::Nouns(const std::string& language) const {
  return language == "de" ? nouns_de_ : nouns_en_;
}

const std::vector<std::string>& ProductGenerator::PropertyNames() {
  static const std::vector<std::string> names = {"color",  "size",   "material", "pattern",
                                                 "gender", "season", "origin",   "style"};
  return names;
}

const std::vector<std::string>& ProductGenerator::PropertyValues(size_t property) {
  return PropertyTable()[property];
}

std::vector<std::string> ProductGenerator::CategoriesL1() const {
  std::vector<std::string> out;
  for (uint32_t t = 0; t < kTopCategories; ++t) out.push_back("main/c" + std::to_string(t));
  return out;
}

std::vector<std::string> ProductGenerator::CategoriesL2() const {
  std::vector<std::string> out;
  for (uint32_t t = 0; t < kTopCategories; ++t) {
    for (uint32_t m = 0; m < kFanOut; ++m) {
      out.push_back("main/c" + std::to_string(t) + "/c" + std::to_string(t) + "-" +
                    std::to_string(m));
    }
  }
  return out;
}

Product ProductGenerator::Make(uint64_t number) const {
  Rng seeder(seed_ ^ kProductSalt);
  Rng rng(seeder.Next() ^ (number * 0xD1B54A32D192ED03ULL));
  rng.Next();
  Product p;
  p.number = number;
  p.id = Uuid(rng);
  char code[24];
  std::snprintf(code, sizeof code, "SKU-%07llu", static_cast<unsigned long long>(number));
  p.code = code;
  p.gtin = Gtin(rng);

  const uint32_t leaf = leaf_order_[leaf_zipf_.Sample(rng)];
  const uint32_t top = leaf / (kFanOut * kFanOut);
  const uint32_t mid = (leaf / kFanOut) % kFanOut;
  const uint32_t low = leaf % kFanOut;
  const std::string t = std::to_string(top);
  const std::string tm = t + "-" + std::to_string(mid);
  p.category_id_l1 = "c" + t;
  p.category_id_l2 = "c" + tm;
  p.category_id_l3 = "c" + tm + "-" + std::to_string(low);
  p.category_l1 = "main/" + p.category_id_l1;
  p.category_l2 = p.category_l1 + "/" + p.category_id_l2;
  p.category_path = p.category_l2 + "/" + p.category_id_l3;
  if (rng.Chance(0.10)) {
    p.outlet_category_id = "o" + std::to_string(1 + rng.Below(20));
    p.outlet_category = "outlet/" + *p.outlet_category_id;
  }

  p.brand = brands_[brand_zipf_.Sample(rng)];
  const uint32_t noun = top * kNounsPerTop + rng.Below(kNounsPerTop);
  p.name_en = p.brand;
  p.name_de = p.brand;
  for (uint32_t i = 0; i < kNameWords; ++i) p.name_en += " " + words_en_[word_zipf_.Sample(rng)];
  for (uint32_t i = 0; i < kNameWords; ++i) p.name_de += " " + words_de_[word_zipf_.Sample(rng)];
  p.name_en += " " + nouns_en_[noun];
  p.name_de += " " + nouns_de_[noun];
  p.description_en = Sentence(rng, words_en_, word_zipf_, kDescriptionWords);
  p.description_de = Sentence(rng, words_de_, word_zipf_, kDescriptionWords);

  static const std::vector<Zipf> property_zipf = [] {
    std::vector<Zipf> z;
    for (const auto& values : PropertyTable())
      z.emplace_back(static_cast<uint32_t>(values.size()), 0.7);
    return z;
  }();
  for (size_t i = 0; i < PropertyTable().size(); ++i) {
    p.properties.push_back(PropertyTable()[i][property_zipf[i].Sample(rng)]);
  }
  p.weight = (50 + static_cast<int64_t>(rng.Below(20000))) * 10;  // kg with 3 decimals, scaled
  if (rng.Chance(top == 5 ? 0.8 : 0.05)) {
    p.screen_size = (55 + static_cast<int64_t>(rng.Below(800))) * 1000;  // 5.5" .. 85.4"
  }

  p.active = rng.Chance(0.95);
  p.buyable = rng.Chance(0.97);
  constexpr int64_t kDay = 86'400'000;
  p.created_at = kNowMillis - static_cast<int64_t>(rng.Below(3 * 365)) * kDay;
  if (rng.Chance(0.30)) p.start_date = p.created_at + static_cast<int64_t>(rng.Below(30)) * kDay;
  if (rng.Chance(0.05)) {
    p.end_date = kNowMillis + (static_cast<int64_t>(rng.Below(200)) - 80) * kDay;
  }

  // List price: log-uniform 1.99 .. 1,999.99, ending in .99; member list 10% off; sale 20-50%.
  const double lo = std::log(199.0);
  const double hi = std::log(199'999.0);
  const auto cents = static_cast<int64_t>(std::exp(lo + (hi - lo) * rng.Unit())) / 100 * 100 + 99;
  if (rng.Chance(0.995)) p.price_pl1 = cents * 100;
  if (rng.Chance(0.40)) p.price_pl2 = cents * 9 / 10 * 100;
  if (rng.Chance(0.10)) p.price_pl3 = cents * (50 + rng.Below(31)) / 100 * 100;

  if (rng.Chance(0.70)) p.available_fc1 = (1 + static_cast<int64_t>(rng.Below(500))) * kNumberScale;
  if (rng.Chance(0.50)) p.available_fc2 = (1 + static_cast<int64_t>(rng.Below(500))) * kNumberScale;
  p.priority = rng.Chance(0.8) ? 0 : (1 + static_cast<int64_t>(rng.Below(100))) * kNumberScale;

  std::string s = R"({"id":")" + p.id + R"(","code":")" + p.code +
                  R"(","type":"product","catalogId":"main","name":{"en":")" + p.name_en +
                  R"(","de":")" + p.name_de + R"("},"isActive":)" + (p.active ? "true" : "false") +
                  R"(,"isBuyable":)" + (p.buyable ? "true" : "false") + R"(,"prices":{)";
  bool first = true;
  const std::optional<int64_t>* prices[] = {&p.price_pl1, &p.price_pl2, &p.price_pl3};
  for (int i = 0; i < 3; ++i) {
    if (!*prices[i]) continue;
    s += (first ? "\"" : ",\"");
    s += "pl" + std::to_string(i + 1) + R"(":{"currency":"EUR","list":")" + Decimal(**prices[i]) +
         "\"}";
    first = false;
  }
  s += R"(},"stock":{"fc1":)" + std::to_string(p.available_fc1 / kNumberScale) + R"(,"fc2":)" +
       std::to_string(p.available_fc2 / kNumberScale) + "}}";
  p.stored = std::move(s);
  return p;
}

search::Document ProductGenerator::ToDocument(const Product& p) {
  search::Document d;
  d.id = p.id;
  d.texts = {{"name", "en", p.name_en, 3.0F},
             {"name", "de", p.name_de, 3.0F},
             {"description", "en", p.description_en, 1.0F},
             {"description", "de", p.description_de, 1.0F},
             {kCodeText, "", p.code, 2.0F},
             {"gtin", "", p.gtin, 2.0F},
             {kBrandText, "", p.brand, 1.5F}};
  auto& k = d.keywords;
  k.reserve(32);
  k.push_back({"type", "product"});
  k.push_back({"id", p.id});
  k.push_back({"code", p.code});
  k.push_back({"brand", p.brand});
  for (size_t i = 0; i < p.properties.size(); ++i) {
    k.push_back({PropertyNames()[i], p.properties[i]});
  }
  k.push_back({"catalog", "main"});
  k.push_back({"__outline", "main"});
  k.push_back({"__outline", p.category_l1});
  k.push_back({"__outline", p.category_l2});
  k.push_back({"__outline", p.category_path});
  k.push_back({"category", p.category_id_l1});
  k.push_back({"category", p.category_id_l2});
  k.push_back({"category", p.category_id_l3});
  if (p.outlet_category) {
    k.push_back({"catalog", "outlet"});
    k.push_back({"__outline", "outlet"});
    k.push_back({"__outline", *p.outlet_category});
    k.push_back({"category", *p.outlet_category_id});
  }
  k.push_back({"active", p.active ? "true" : "false"});
  k.push_back({"buyable", p.buyable ? "true" : "false"});
  const bool in_stock = p.available_fc1 > 0 || p.available_fc2 > 0;
  k.push_back({"inStock", in_stock ? "true" : "false"});
  if (p.available_fc1 > 0) k.push_back({"available_in", "fc1"});
  if (p.available_fc2 > 0) k.push_back({"available_in", "fc2"});
  const auto lower = [](std::string v) {
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  k.push_back({"sort.name.en", lower(p.name_en)});
  k.push_back({"sort.name.de", lower(p.name_de)});

  auto& n = d.numbers;
  if (p.price_pl1) n.push_back({"price.pl1", *p.price_pl1});
  if (p.price_pl2) n.push_back({"price.pl2", *p.price_pl2});
  if (p.price_pl3) n.push_back({"price.pl3", *p.price_pl3});
  n.push_back({"available.fc1", p.available_fc1});
  n.push_back({"available.fc2", p.available_fc2});
  n.push_back({"priority", p.priority});
  n.push_back({"weight", p.weight});
  if (p.screen_size) n.push_back({"screen_size", *p.screen_size});

  if (p.start_date) d.dates.push_back({"startDate", *p.start_date});
  if (p.end_date) d.dates.push_back({"endDate", *p.end_date});
  d.dates.push_back({"createdAt", p.created_at});
  d.dates.push_back({"modifiedAt", p.created_at});
  d.stored = p.stored;
  return d;
}

}  // namespace emporion::bench
