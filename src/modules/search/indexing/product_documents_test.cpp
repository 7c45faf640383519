#include "modules/search/indexing/product_documents.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "modules/search/indexing/category_documents.hpp"
#include "modules/search/indexing/member_documents.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

using search::Document;

constexpr Timestamp kNow = 1'800'000'000'000'000;  // microseconds
constexpr Timestamp kHour = 3'600'000'000;

std::vector<std::string> Keywords(const Document& d, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& k : d.keywords) {
    if (k.field == field) out.push_back(k.value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::int64_t> Number(const Document& d, const std::string& field) {
  for (const auto& n : d.numbers) {
    if (n.field == field) return n.value;
  }
  return std::nullopt;
}

std::vector<std::string> Texts(const Document& d, const std::string& field,
                               const std::string& lang) {
  std::vector<std::string> out;
  for (const auto& t : d.texts) {
    if (t.field == field && t.language == lang) out.push_back(t.value);
  }
  return out;
}

pricing::Price MakePrice(std::string list, std::string product, std::int64_t list_raw,
                         std::optional<std::int64_t> sale_raw = std::nullopt,
                         std::int64_t min_qty = 1, std::optional<Timestamp> start = std::nullopt,
                         std::optional<Timestamp> end = std::nullopt) {
  pricing::Price p;
  p.price_list_id = std::move(list);
  p.product_id = std::move(product);
  p.list = Decimal::FromRaw(list_raw);
  if (sale_raw) p.sale = Decimal::FromRaw(*sale_raw);
  p.min_quantity = min_qty;
  p.start_date = start;
  p.end_date = end;
  return p;
}

class ProductDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog::Catalog physical;
    physical.meta.id = "cat";
    physical.default_language = "en-US";
    physical.languages = {"en-US", "de-DE"};
    sources_.catalogs.emplace("cat", physical);
    catalog::Catalog virt;
    virt.meta.id = "virt";
    virt.is_virtual = true;
    virt.default_language = "en-US";
    sources_.catalogs.emplace("virt", virt);

    catalog::Property color;
    color.meta.id = "p-color";
    color.name = "Color";
    color.value_type = catalog::ValueType::kShortText;
    color.multilanguage = true;
    sources_.properties.emplace(color.meta.id, color);
    catalog::Property weight;
    weight.meta.id = "p-weight";
    weight.name = "Weight";
    weight.value_type = catalog::ValueType::kNumber;
    sources_.properties.emplace(weight.meta.id, weight);
    catalog::Property secret;
    secret.meta.id = "p-secret";
    secret.name = "Secret";
    secret.hidden = true;
    sources_.properties.emplace(secret.meta.id, secret);

    pricing::PriceList usd;
    usd.meta.id = "pl-usd";
    usd.currency = "USD";
    sources_.price_lists.emplace(usd.meta.id, usd);
    pricing::PriceList eur;
    eur.meta.id = "pl-eur";
    eur.currency = "EUR";
    sources_.price_lists.emplace(eur.meta.id, eur);

    product_.meta.id = "p1";
    product_.meta.created_at = kNow - 10 * kHour;
    product_.meta.modified_at = kNow - kHour;
    product_.code = "SKU-1";
    product_.name = "Red Shirt";
    product_.localized_name = {{"de-DE", "Rotes Hemd"}};
    product_.catalog_id = "cat";
    product_.vendor = "Acme";
    product_.gtin = "0123456789012";
    product_.priority = 5;
    product_.descriptions = {{"A soft shirt", "FullReview", "en-US"}};
    product_.images = {{"https://img/2.png", {}, {}, 2, {}}, {"https://img/1.png", {}, {}, 1, {}}};
    catalog::Outline physical_outline;
    physical_outline.catalog_id = "cat";
    physical_outline.items = {{"catalog", "cat", "", "Cat", false},
                              {"category", "c1", "c1", "Clothes", false},
                              {"category", "c2", "c2", "Shirts", false},
                              {"product", "p1", "SKU-1", "Red Shirt", false}};
    catalog::Outline virtual_outline;
    virtual_outline.catalog_id = "virt";
    virtual_outline.items = {{"catalog", "virt", "", "Virt", false},
                             {"category", "v1", "v1", "Sale", false},
                             {"product", "p1", "SKU-1", "Red Shirt", true}};
    product_.outlines = {physical_outline, virtual_outline};
    catalog::PropertyValues color_values;
    color_values.property_id = "p-color";
    color_values.name = "Color";
    color_values.values = {{std::string("red"), std::string("en-US"), {}},
                           {std::string("rot"), std::string("de-DE"), {}}};
    catalog::PropertyValues weight_values;
    weight_values.property_id = "p-weight";
    weight_values.name = "Weight";
    weight_values.values = {{1.25, {}, {}}};
    catalog::PropertyValues secret_values;
    secret_values.property_id = "p-secret";
    secret_values.name = "Secret";
    secret_values.values = {{std::string("classified"), {}, {}}};
    product_.properties = {color_values, weight_values, secret_values};
    product_.variations = {"v1"};

    variation_.meta.id = "v1";
    variation_.code = "SKU-1-XL";
    variation_.name = "Red Shirt XL";
    variation_.catalog_id = "cat";
    variation_.main_product_id = "p1";
  }

  ProductSources sources_;
  catalog::Product product_;
  catalog::Product variation_;
};

TEST_F(ProductDocumentTest, MainProductCarriesTextsKeywordsOutlinesAndVariations) {
  ProductInput in;
  in.product = &product_;
  const std::vector<pricing::Price> prices = {MakePrice("pl-usd", "p1", 200000, 150000),
                                              MakePrice("pl-eur", "p1", 180000)};
  in.prices = prices;
  inventory::InventoryRecord fc1;
  fc1.product_id = "p1";
  fc1.fulfillment_center_id = "fc1";
  fc1.in_stock_quantity = 10;
  fc1.reserved_quantity = 3;
  inventory::InventoryRecord fc2 = fc1;
  fc2.fulfillment_center_id = "fc2";
  fc2.in_stock_quantity = 2;
  fc2.reserved_quantity = 2;
  const std::vector<inventory::InventoryRecord> stock = {fc1, fc2};
  in.stock = stock;
  in.variations.push_back({&variation_, {}, {}});

  const auto built = BuildProductDocument(in, sources_, kNow);
  const Document& d = built.document;
  EXPECT_EQ(d.id, "p1");
  EXPECT_EQ(Texts(d, "name", "en"), std::vector<std::string>{"Red Shirt"});
  EXPECT_EQ(Texts(d, "name", "de"), std::vector<std::string>{"Rotes Hemd"});
  EXPECT_EQ(Texts(d, "description", "en"), std::vector<std::string>{"A soft shirt"});
  EXPECT_EQ(Texts(d, "code.text", ""), std::vector<std::string>{"SKU-1"});
  EXPECT_EQ(Texts(d, "brand.text", ""), std::vector<std::string>{"Acme"});
  EXPECT_EQ(Texts(d, "gtin", ""), std::vector<std::string>{"0123456789012"});
  EXPECT_EQ(Keywords(d, "type"), std::vector<std::string>{"product"});
  EXPECT_EQ(Keywords(d, "code"), std::vector<std::string>{"SKU-1"});
  EXPECT_EQ(Keywords(d, "catalog"), (std::vector<std::string>{"cat", "virt"}));
  EXPECT_EQ(Keywords(d, "__outline"),
            (std::vector<std::string>{"cat", "cat/c1", "cat/c1/c2", "virt", "virt/v1"}));
  EXPECT_EQ(Keywords(d, "category"), (std::vector<std::string>{"c1", "c2", "v1"}));
  EXPECT_EQ(Keywords(d, "brand"), std::vector<std::string>{"Acme"});
  EXPECT_EQ(Keywords(d, "vendor"), std::vector<std::string>{"Acme"});
  EXPECT_EQ(Keywords(d, "active"), std::vector<std::string>{"true"});
  EXPECT_EQ(Keywords(d, "inStock"), std::vector<std::string>{"true"});
  EXPECT_EQ(Keywords(d, "available_in"), std::vector<std::string>{"fc1"});
  EXPECT_EQ(Number(d, "available.fc1"), 7 * search::kNumberScale);
  EXPECT_EQ(Number(d, "available.fc2"), 0);
  // Properties: localized keywords per language, the default language's as the invariant one;
  // numbers as scaled numbers; hidden ones nowhere.
  EXPECT_EQ(Keywords(d, "color"), std::vector<std::string>{"red"});
  EXPECT_EQ(Keywords(d, "color.de-DE"), std::vector<std::string>{"rot"});
  EXPECT_EQ(Number(d, "weight"), 12500);
  EXPECT_TRUE(Keywords(d, "secret").empty());
  EXPECT_EQ(d.stored.find("classified"), std::string::npos);
  // Sale wins over list; one field per price list.
  EXPECT_EQ(Number(d, "price.pl-usd"), 150000);
  EXPECT_EQ(Number(d, "price.pl-eur"), 180000);
  EXPECT_EQ(Number(d, "priority"), 5 * search::kNumberScale);
  EXPECT_EQ(Keywords(d, "sort.name.en-US"), std::vector<std::string>{"red shirt"});
  // The variation's name and code are searchable on the main product.
  auto variations = Texts(d, "variations", "");
  EXPECT_NE(std::find(variations.begin(), variations.end(), "SKU-1-XL"), variations.end());
  EXPECT_FALSE(built.next_price_change.has_value());

  auto stored = json::ParseObject(d.stored);
  ASSERT_TRUE(stored.ok()) << d.stored;
  EXPECT_STREQ((*stored)["image"].GetString(), "https://img/1.png");
  EXPECT_STREQ((*stored)["name"]["de-DE"].GetString(), "Rotes Hemd");
  EXPECT_STREQ((*stored)["prices"]["pl-usd"]["currency"].GetString(), "USD");
  EXPECT_EQ((*stored)["stock"]["fc1"].GetInt64(), 7);
  ASSERT_EQ((*stored)["variations"].Size(), 1U);
  EXPECT_STREQ((*stored)["variations"][0]["code"].GetString(), "SKU-1-XL");
}

TEST_F(ProductDocumentTest, NoFieldHasTwoKinds) {
  ProductInput in;
  in.product = &product_;
  in.variations.push_back({&variation_, {}, {}});
  const auto d = BuildProductDocument(in, sources_, kNow).document;
  std::map<std::string, std::string> kinds;
  auto check = [&kinds](const std::string& field, const std::string& kind) {
    auto [it, inserted] = kinds.emplace(field, kind);
    EXPECT_TRUE(inserted || it->second == kind) << field << " is " << it->second << " and " << kind;
  };
  for (const auto& t : d.texts) check(t.field, "text");
  for (const auto& k : d.keywords) check(k.field, "keyword");
  for (const auto& n : d.numbers) check(n.field, "number");
  for (const auto& x : d.dates) check(x.field, "date");
}

TEST_F(ProductDocumentTest, VariationWithoutOwnPricesTakesItsMainProducts) {
  ProductInput in;
  in.product = &variation_;
  const std::vector<pricing::Price> main_prices = {MakePrice("pl-usd", "p1", 200000)};
  in.main_prices = main_prices;
  const auto d = BuildProductDocument(in, sources_, kNow).document;
  EXPECT_EQ(Keywords(d, "type"), std::vector<std::string>{"variation"});
  EXPECT_EQ(Keywords(d, "mainProductId"), std::vector<std::string>{"p1"});
  EXPECT_EQ(Number(d, "price.pl-usd"), 200000);

  const std::vector<pricing::Price> own_prices = {MakePrice("pl-eur", "v1", 90000)};
  in.prices = own_prices;
  const auto own = BuildProductDocument(in, sources_, kNow).document;
  EXPECT_EQ(Number(own, "price.pl-eur"), 90000);
  EXPECT_FALSE(Number(own, "price.pl-usd").has_value());
}

TEST_F(ProductDocumentTest, DatedPricesApplyInTheirWindowAndNameTheNextBoundary) {
  ProductInput in;
  in.product = &product_;
  const std::vector<pricing::Price> prices = {
      MakePrice("pl-eur", "p1", 200000),
      MakePrice("pl-usd", "p1", 100000, std::nullopt, 1, kNow - kHour, kNow + 2 * kHour),
      MakePrice("pl-usd", "p1", 50000, std::nullopt, 1, kNow + 5 * kHour),
      MakePrice("pl-usd", "p1", 10000, std::nullopt, 10, kNow - kHour)};
  in.prices = prices;
  const auto built = BuildProductDocument(in, sources_, kNow);
  EXPECT_EQ(Number(built.document, "price.pl-usd"), 100000);  // the running window, tier 1
  EXPECT_EQ(Number(built.document, "price.pl-eur"), 200000);
  const auto later = BuildProductDocument(in, sources_, kNow + 6 * kHour);
  EXPECT_EQ(Number(later.document, "price.pl-usd"), 50000);
  EXPECT_FALSE(later.next_price_change.has_value());
  ASSERT_TRUE(built.next_price_change.has_value());
  EXPECT_EQ(*built.next_price_change, kNow + 2 * kHour);
}

TEST_F(ProductDocumentTest, OutOfStockWhenTrackedAndNothingAvailable) {
  ProductInput in;
  in.product = &product_;
  const auto tracked = BuildProductDocument(in, sources_, kNow).document;
  EXPECT_EQ(Keywords(tracked, "inStock"), std::vector<std::string>{"false"});
  product_.track_inventory = false;
  const auto untracked = BuildProductDocument(in, sources_, kNow).document;
  EXPECT_EQ(Keywords(untracked, "inStock"), std::vector<std::string>{"true"});
}

TEST(PropertyFieldNameTest, LowerCasesAndRefusesReservedNames) {
  EXPECT_EQ(PropertyFieldName("Color"), "color");
  EXPECT_EQ(PropertyFieldName("Name"), std::nullopt);
  EXPECT_EQ(PropertyFieldName("price"), std::nullopt);
  EXPECT_EQ(PropertyFieldName("price.x"), std::nullopt);
  EXPECT_EQ(AnalyzerLanguage("de-DE"), "de");
  EXPECT_EQ(AnalyzerLanguage(""), "");
}

TEST(CategoryDocumentTest, OutlineTermsFollowThePath) {
  catalog::Category c;
  c.meta.id = "c2";
  c.catalog_id = "cat";
  c.parent_id = "c1";
  c.code = "shirts";
  c.name = "Shirts";
  c.path = "/c1/c2/";
  const auto d = BuildCategoryDocument(c, {});
  EXPECT_EQ(Keywords(d, "__outline"), (std::vector<std::string>{"cat", "cat/c1", "cat/c1/c2"}));
  EXPECT_EQ(Keywords(d, "parentId"), std::vector<std::string>{"c1"});
  EXPECT_EQ(Texts(d, "name", "en"), std::vector<std::string>{"Shirts"});
}

TEST(MemberDocumentTest, NamesEmailsAndKeywords) {
  members::Member m;
  m.meta.id = "m1";
  m.type = members::MemberType::kContact;
  m.name = "Anna Schmidt";
  m.emails = {"anna@example.com"};
  m.groups = {"vip"};
  const auto d = BuildMemberDocument(m);
  EXPECT_EQ(Texts(d, "name", ""), std::vector<std::string>{"Anna Schmidt"});
  EXPECT_EQ(Texts(d, "emails", ""), std::vector<std::string>{"anna@example.com"});
  EXPECT_EQ(Keywords(d, "memberType"), std::vector<std::string>{"Contact"});
  EXPECT_EQ(Keywords(d, "groups"), std::vector<std::string>{"vip"});
}

}  // namespace
}  // namespace emporion::search_module

namespace emporion::search_module {
namespace {

TEST_F(ProductDocumentTest, VariationKeywordValuesAreCopiedOntoTheMainProduct) {
  catalog::PropertyValues size_values;
  size_values.property_id = "p-size";
  size_values.name = "Size";
  size_values.values = {{std::string("XL"), {}, {}}};
  catalog::PropertyValues length_values;
  length_values.property_id = "p-length";
  length_values.name = "Length";
  length_values.values = {{2.5, {}, {}}};
  variation_.properties = {size_values, length_values};
  ProductInput in;
  in.product = &product_;
  in.variations.push_back({&variation_, {}, {}});
  const Document d = BuildProductDocument(in, sources_, kNow).document;
  // `size:XL` finds the main product and its size facet counts it.
  EXPECT_EQ(Keywords(d, "size"), std::vector<std::string>{"XL"});
  // Numbers stay the main product's own (one value per field).
  EXPECT_FALSE(Number(d, "length").has_value());
  // The main product's own values are still there.
  EXPECT_EQ(Keywords(d, "color"), std::vector<std::string>{"red"});
}

}  // namespace
}  // namespace emporion::search_module
