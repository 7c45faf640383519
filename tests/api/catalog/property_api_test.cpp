// Properties through the API: definitions and their flag rules, dictionary items, validation of
// product and category values against the definitions (type, required, dictionary, regex,
// length, range, multivalue, multilanguage; 422 naming the property) and inheritance of
// properties from the catalog and down the category tree.
#include <gtest/gtest.h>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

class PropertyApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* PropertyApiTest::server_ = nullptr;

Json Value(const Json& v) { return {{"value", v}}; }

/// `values` may be one value object (a braced single element copies instead of making an array).
Json Props(const std::string& name, const Json& values) {
  Json list = Json::array();
  if (values.is_array()) {
    list = values;
  } else {
    list.push_back(values);
  }
  return Json::array({{{"name", name}, {"values", list}}});
}

TEST_F(PropertyApiTest, PropertyDefinitionFollowsTheContract) {
  auto catalog = MakeCatalog(*server_);
  auto p = MakeProperty(*server_, Id(catalog), "Number",
                        {{"name", "weight_kg"},
                         {"required", true},
                         {"filterable", true},
                         {"validation", {{"min", 0}, {"max", 100}}},
                         {"displayNames", {{{"languageCode", "de-DE"}, {"value", "Gewicht"}}}}});
  EXPECT_EQ(p["type"], "Product");
  EXPECT_EQ(p["valueType"], "Number");
  EXPECT_EQ(p["validation"]["max"], 100);
  EXPECT_EQ(p["displayNames"][0]["value"], "Gewicht");
  auto dup = server_->Admin(
      "POST", "/api/v1/properties",
      Json({{"catalogId", Id(catalog)}, {"name", "weight_kg"}, {"valueType", "Integer"}}).dump());
  EXPECT_EQ(dup.status, 409);
  EXPECT_TRUE(NamesField(dup, "name"));
  auto bad = server_->Admin("POST", "/api/v1/properties",
                            Json({{"catalogId", Id(catalog)},
                                  {"name", Unique("b")},
                                  {"valueType", "Boolean"},
                                  {"dictionary", true}})
                                .dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(NamesField(bad, "dictionary"));
  auto no_type = server_->Admin("POST", "/api/v1/properties",
                                Json({{"catalogId", Id(catalog)}, {"name", "x"}}).dump());
  EXPECT_EQ(no_type.status, 400);
  EXPECT_TRUE(NamesField(no_type, "valueType"));
  auto list = server_->Admin("GET", "/api/v1/properties?catalogId=" + Id(catalog));
  EXPECT_EQ(list.Json()["total"], 1);
}

TEST_F(PropertyApiTest, ProductValuesAreValidatedAgainstTheirDefinitions) {
  auto catalog = MakeCatalog(*server_);
  const std::string cat = Id(catalog);
  MakeProperty(*server_, cat, "Number",
               {{"name", "weight_kg"}, {"validation", {{"min", 0}, {"max", 100}}}});
  MakeProperty(*server_, cat, "ShortText",
               {{"name", "ean_prefix"}, {"validation", {{"regex", "[0-9]{3}"}}}});
  MakeProperty(*server_, cat, "ShortText",
               {{"name", "slogan"}, {"validation", {{"minLength", 2}, {"maxLength", 5}}}});
  MakeProperty(*server_, cat, "Boolean", {{"name", "waterproof"}});
  MakeProperty(*server_, cat, "ShortText", {{"name", "material"}, {"multivalue", true}});
  MakeProperty(*server_, cat, "ShortText", {{"name", "claim"}, {"multilanguage", true}});
  MakeProperty(*server_, cat, "DateTime", {{"name", "launched"}});
  struct Case {
    std::string property;
    Json values;
    bool ok;
  };
  const Case cases[] = {
      {"weight_kg", {Value(12.5)}, true},
      {"weight_kg", {Value("heavy")}, false},
      {"weight_kg", {Value(101)}, false},
      {"weight_kg", {Value(1), Value(2)}, false},  // not multivalue
      {"ean_prefix", {Value("400")}, true},
      {"ean_prefix", {Value("40A")}, false},
      {"slogan", {Value("Go")}, true},
      {"slogan", {Value("Go faster")}, false},
      {"waterproof", {Value(true)}, true},
      {"waterproof", {Value("yes")}, false},
      {"material", {Value("cotton"), Value("wool")}, true},
      {"claim",
       {{{"value", "Fast"}, {"languageCode", "en-US"}},
        {{"value", "Schnell"}, {"languageCode", "de-DE"}}},
       true},
      {"claim", Json::parse(R"([{"value":"Fast"}])"), false},  // needs a language
      {"claim", {{{"value", "Vite"}, {"languageCode", "fr-FR"}}}, false},
      {"launched", {Value("2026-01-01T00:00:00Z")}, true},
      {"launched", {Value("soon")}, false},
      {"unknown_prop", {Value("x")}, false},
  };
  for (const auto& c : cases) {
    auto r = server_->Admin("POST", "/api/v1/products",
                            Json({{"catalogId", cat},
                                  {"code", Unique("P")},
                                  {"name", "P"},
                                  {"properties", Props(c.property, c.values)}})
                                .dump());
    if (c.ok) {
      EXPECT_EQ(r.status, 201) << c.property << " " << c.values.dump() << " " << r.body;
    } else {
      EXPECT_EQ(r.status, 422) << c.property << " " << c.values.dump() << " " << r.body;
      EXPECT_TRUE(NamesField(r, "properties." + c.property)) << r.body;
    }
  }
}

TEST_F(PropertyApiTest, StoredValuesCarryPropertyIdAndNameAndNormalizedForm) {
  auto catalog = MakeCatalog(*server_);
  auto prop = MakeProperty(*server_, Id(catalog), "DateTime", {{"name", "released"}});
  auto p =
      MakeProduct(*server_, Id(catalog),
                  {{"properties",
                    {{{"propertyId", Id(prop)},
                      {"values", Json::parse(R"([{"value":"2026-11-24T18:05:00+01:00"}])")}}}}});
  EXPECT_EQ(p["properties"][0]["name"], "released");
  EXPECT_EQ(p["properties"][0]["propertyId"], Id(prop));
  EXPECT_EQ(p["properties"][0]["values"][0]["value"], "2026-11-24T17:05:00Z");
}

TEST_F(PropertyApiTest, RequiredPropertiesAreEnforcedAndNamed) {
  auto catalog = MakeCatalog(*server_);
  MakeProperty(*server_, Id(catalog), "ShortText", {{"name", "brand"}, {"required", true}});
  auto missing = server_->Admin(
      "POST", "/api/v1/products",
      Json({{"catalogId", Id(catalog)}, {"code", Unique("R")}, {"name", "R"}}).dump());
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(NamesField(missing, "properties.brand"));
  EXPECT_NE(missing.Json()["detail"].get<std::string>().find("brand"), std::string::npos);
  auto main = MakeProduct(*server_, Id(catalog), {{"properties", Props("brand", {Value("Acme")})}});
  // A variation inherits the product-level value.
  MakeProduct(*server_, Id(catalog), {{"mainProductId", Id(main)}});
}

TEST_F(PropertyApiTest, DictionaryPropertiesTakeOnlyTheirItems) {
  auto catalog = MakeCatalog(*server_);
  auto size =
      MakeProperty(*server_, Id(catalog), "ShortText", {{"name", "size"}, {"dictionary", true}});
  const std::string items = "/api/v1/properties/" + Id(size) + "/dictionary-items";
  auto m = Create(
      *server_, items,
      {{"alias", "M"}, {"localizedValues", {{{"languageCode", "de-DE"}, {"value", "Mittel"}}}}});
  EXPECT_EQ(m["propertyId"], Id(size));
  auto dup = server_->Admin("POST", items, R"({"alias":"M"})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_TRUE(NamesField(dup, "alias"));
  EXPECT_EQ(server_->Admin("GET", items).Json()["total"], 1);

  auto by_alias = MakeProduct(*server_, Id(catalog), {{"properties", Props("size", {Value("m")})}});
  EXPECT_EQ(by_alias["properties"][0]["values"][0]["valueId"], Id(m));
  EXPECT_EQ(by_alias["properties"][0]["values"][0]["value"], "M");
  auto by_id =
      MakeProduct(*server_, Id(catalog), {{"properties", Props("size", {{{"valueId", Id(m)}}})}});
  EXPECT_EQ(by_id["properties"][0]["values"][0]["value"], "M");
  auto outside = server_->Admin("POST", "/api/v1/products",
                                Json({{"catalogId", Id(catalog)},
                                      {"code", Unique("D")},
                                      {"name", "D"},
                                      {"properties", Props("size", {Value("XXL")})}})
                                    .dump());
  EXPECT_EQ(outside.status, 422);
  EXPECT_TRUE(NamesField(outside, "properties.size"));
  // An item in use cannot be deleted.
  EXPECT_EQ(server_->Admin("DELETE", items + "/" + Id(m)).status, 409);
  // Items belong to dictionary properties only.
  auto plain = MakeProperty(*server_, Id(catalog), "ShortText");
  EXPECT_EQ(server_
                ->Admin("POST", "/api/v1/properties/" + Id(plain) + "/dictionary-items",
                        R"({"alias":"X"})")
                .status,
            422);
}

TEST_F(PropertyApiTest, PropertiesAreInheritedDownTheTreeAndFromTheCatalog) {
  auto catalog = MakeCatalog(*server_);
  const std::string cat = Id(catalog);
  auto root = MakeCategory(*server_, cat);
  auto child = MakeCategory(*server_, cat, Id(root));
  auto sibling = MakeCategory(*server_, cat);
  MakeProperty(*server_, cat, "ShortText", {{"name", "origin"}});
  MakeProperty(*server_, cat, "Integer",
               {{"name", "lumen"}, {"categoryId", Id(root)}, {"required", true}});
  // Below root the property applies (and is required) ...
  auto missing = server_->Admin(
      "POST", "/api/v1/products",
      Json({{"catalogId", cat}, {"code", Unique("L")}, {"name", "Lamp"}, {"categoryId", Id(child)}})
          .dump());
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(NamesField(missing, "properties.lumen"));
  MakeProduct(
      *server_, cat,
      {{"categoryId", Id(child)},
       {"properties",
        Json::array({{{"name", "lumen"}, {"values", Json::parse(R"([{"value":800}])")}},
                     {{"name", "origin"}, {"values", Json::parse(R"([{"value":"DE"}])")}}})}});
  // ... elsewhere it does not exist, while the catalog-level one does.
  auto elsewhere = server_->Admin("POST", "/api/v1/products",
                                  Json({{"catalogId", cat},
                                        {"code", Unique("L")},
                                        {"name", "Lamp"},
                                        {"categoryId", Id(sibling)},
                                        {"properties", Props("lumen", {Value(800)})}})
                                      .dump());
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_TRUE(NamesField(elsewhere, "properties.lumen"));
  MakeProduct(*server_, cat,
              {{"categoryId", Id(sibling)}, {"properties", Props("origin", {Value("FR")})}});

  auto effective = server_->Admin("GET", "/api/v1/categories/" + Id(child) + "/properties");
  ASSERT_EQ(effective.status, 200) << effective.body;
  auto names = effective.Json()["items"];
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0]["name"], "origin");  // catalog-level first
  EXPECT_EQ(names[1]["categoryId"], Id(root));
}

TEST_F(PropertyApiTest, CategoryValuesUseCategoryProperties) {
  auto catalog = MakeCatalog(*server_);
  MakeProperty(*server_, Id(catalog), "ShortText", {{"name", "banner"}, {"type", "Category"}});
  MakeProperty(*server_, Id(catalog), "ShortText", {{"name", "color"}});
  auto c = MakeCategory(*server_, Id(catalog), nullptr,
                        {{"properties", Props("banner", {Value("summer.png")})}});
  EXPECT_EQ(c["properties"][0]["name"], "banner");
  auto wrong = server_->Admin("POST", "/api/v1/categories",
                              Json({{"catalogId", Id(catalog)},
                                    {"code", Unique("c")},
                                    {"name", "C"},
                                    {"properties", Props("color", {Value("red")})}})
                                  .dump());
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(NamesField(wrong, "properties.color"));
  auto on_product = server_->Admin("POST", "/api/v1/products",
                                   Json({{"catalogId", Id(catalog)},
                                         {"code", Unique("P")},
                                         {"name", "P"},
                                         {"properties", Props("banner", {Value("x")})}})
                                       .dump());
  EXPECT_EQ(on_product.status, 422);
}

TEST_F(PropertyApiTest, PropertyInUseIsDeletedOnlyWithCascadeWhichDropsItsValues) {
  auto catalog = MakeCatalog(*server_);
  auto prop = MakeProperty(*server_, Id(catalog), "ShortText", {{"name", "finish"}});
  auto p = MakeProduct(*server_, Id(catalog), {{"properties", Props("finish", {Value("matte")})}});
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/properties/" + Id(prop)).status, 409);
  EXPECT_EQ(server_->Admin("DELETE", "/api/v1/properties/" + Id(prop) + "?cascade=true").status,
            204);
  auto after = server_->Admin("GET", "/api/v1/products/" + Id(p)).Json();
  EXPECT_EQ(after["properties"], Json::array());
  EXPECT_EQ(after["version"], 2);
}

}  // namespace
}  // namespace emporion::test::catalog
