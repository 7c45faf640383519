// Storefront response shaping from stored documents: localized names, the winning price list,
// the variations' fallback to their main product's price, availability over the store's
// fulfillment centers, exact amounts, facets.
#include "modules/search/api/storefront_response.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace emporion::search_module {
namespace {

StorefrontContext Context() {
  StorefrontContext ctx;
  ctx.store_id = "s1";
  ctx.catalog_id = "cat-1";
  ctx.language = "de-AT";
  ctx.currency = "EUR";
  ctx.price_lists = {"vip", "base"};
  ctx.fulfillment_centers = {"fc-main", "fc-2"};
  return ctx;
}

constexpr const char* kStored = R"({
  "id": "p1", "code": "SKU-1", "type": "product", "catalogId": "cat-1",
  "name": {"en-US": "Red shoe", "de-DE": "Roter Schuh"},
  "image": "https://img/p1.jpg", "isActive": true, "isBuyable": true,
  "prices": {"base": {"currency": "EUR", "list": 19.99, "sale": "15.5"},
             "other": {"currency": "EUR", "list": 1}},
  "stock": {"fc-main": 3, "fc-2": 4, "fc-elsewhere": 100},
  "variations": [
    {"id": "v1", "code": "SKU-1-S", "name": {"de-DE": "Klein"},
     "prices": {"vip": {"currency": "EUR", "list": "12.0001", "sale": null}},
     "stock": {"fc-2": 0}},
    {"id": "v2", "code": "SKU-1-M", "name": {"": "M"}, "prices": {"other": {"list": 2}},
     "stock": {"fc-main": -2, "fc-2": 5}}
  ],
  "properties": [{"name": "color", "value": {"en-US": "red", "de-DE": "rot"}},
                 {"name": "size", "value": {"": "42"}}]
})";

nlohmann::json Shape(const std::vector<std::string>& stored,
                     const StorefrontContext& ctx = Context()) {
  search::SearchResult r;
  r.total = 7;
  for (const auto& s : stored) {
    search::Hit h;
    h.stored = s;
    r.hits.push_back(h);
  }
  search::FacetResult brand;
  brand.name = "brand";
  brand.values.push_back({"Acme", "Acme", 3, std::nullopt, std::nullopt});
  search::FacetResult price;
  price.name = "price";
  price.type = search::FacetRequest::Type::kRange;
  price.values.push_back({"0-50", "", 2, 0, 500000});
  r.facets = {brand, price};
  return nlohmann::json::parse(ProductsResponse(r, ctx));
}

TEST(StorefrontResponseTest, ShapesAProductFromItsStoredDocument) {
  const auto out = Shape({kStored, "not json"});
  EXPECT_EQ(out["total"], 7);
  ASSERT_EQ(out["items"].size(), 1U);
  const auto& item = out["items"][0];
  EXPECT_EQ(item["id"], "p1");
  EXPECT_EQ(item["code"], "SKU-1");
  EXPECT_EQ(item["name"], "Roter Schuh");  // de-AT: same primary subtag
  EXPECT_EQ(item["image"], "https://img/p1.jpg");
  // "vip" is ranked first but the product has no vip price: "base" wins; amounts stay exact.
  EXPECT_EQ(item["price"]["currency"], "EUR");
  EXPECT_EQ(item["price"]["list"].dump(), "19.99");
  EXPECT_EQ(item["price"]["sale"].dump(), "15.5");
  EXPECT_EQ(item["availability"]["available"], 7);  // fc-elsewhere is not the store's
  EXPECT_EQ(item["availability"]["inStock"], true);

  ASSERT_EQ(item["variations"].size(), 2U);
  const auto& v1 = item["variations"][0];
  EXPECT_EQ(v1["id"], "v1");
  EXPECT_EQ(v1["name"], "Klein");
  EXPECT_EQ(v1["price"]["list"].dump(), "12.0001");
  EXPECT_TRUE(v1["price"]["sale"].is_null());
  EXPECT_EQ(v1["availability"]["available"], 0);
  EXPECT_EQ(v1["availability"]["inStock"], false);
  // v2 has no price in a ranked list: it takes its main product's, as pricing does.
  const auto& v2 = item["variations"][1];
  EXPECT_EQ(v2["name"], "M");
  EXPECT_EQ(v2["price"]["list"].dump(), "19.99");
  EXPECT_EQ(v2["availability"]["available"], 5);  // a negative quantity counts as none

  ASSERT_EQ(item["properties"].size(), 2U);
  EXPECT_EQ(item["properties"][0]["name"], "color");
  EXPECT_EQ(item["properties"][0]["value"], "rot");
  EXPECT_EQ(item["properties"][1]["value"], "42");

  ASSERT_EQ(out["facets"].size(), 2U);
  EXPECT_EQ(out["facets"][0]["name"], "brand");
  EXPECT_EQ(out["facets"][0]["type"], "terms");
  EXPECT_EQ(out["facets"][0]["values"][0]["value"], "Acme");
  EXPECT_EQ(out["facets"][0]["values"][0]["count"], 3);
  EXPECT_EQ(out["facets"][1]["type"], "range");
  EXPECT_EQ(out["facets"][1]["values"][0]["label"], "0-50");
}

TEST(StorefrontResponseTest, LanguageFallsBackAndAProductWithoutARankedPriceHasNone) {
  auto ctx = Context();
  ctx.language = "fr-FR";
  ctx.price_lists = {"vip"};
  const auto out = Shape({R"({"id":"p2","name":{"en-US":"Blue","":"Neutral"},"prices":{}})"}, ctx);
  const auto& item = out["items"][0];
  EXPECT_EQ(item["name"], "Neutral");
  EXPECT_TRUE(item["price"].is_null());
  EXPECT_TRUE(item["code"].is_null());
  EXPECT_EQ(item["availability"]["available"], 0);
  EXPECT_TRUE(item["variations"].empty());

  ctx.language = "EN-us";
  EXPECT_EQ(
      Shape({R"({"id":"p2","name":{"de-DE":"Blau","en-US":"Blue"}})"}, ctx)["items"][0]["name"],
      "Blue");
}

// The single-pass reader and the DOM agree byte for byte on every document: the indexer's
// compact form, whitespace, strings with escapes (the DOM's path), non-ASCII text, numbers
// where strings are expected (numbers count as text), nulls, repeated keys (the first counts),
// arrays of localized values, deep nesting, and invalid documents (left out by both).
TEST(StorefrontResponseTest, SinglePassReaderAndDomAgree) {
  std::string deep = R"({"id":"deep","x":)";
  for (int i = 0; i < 40; ++i) deep += "[";
  for (int i = 0; i < 40; ++i) deep += "]";
  deep += "}";
  const std::vector<std::string> docs = {
      kStored,
      R"({"id":"p1","code":"EL-1","type":"product","mainProductId":null,"catalogId":"c",)"
      R"("name":{"en-US":"Globex Ultra","de-AT":"Globex \u00dcltra","de-DE":"Gr\u00fcn"},)"
      R"("image":null,"isActive":true,"isBuyable":true,"prices":{"vip":{"currency":"USD",)"
      R"("list":58.52,"sale":null},"base":{"currency":"USD","list":-1.5e3,"sale":0}},)"
      R"("stock":{"fc-main":278,"fc-2":"3.7"},"variations":[{"id":"v","code":7,"name":)"
      R"({"":"Neutral \"quoted\" \\ name"},"prices":{},"stock":{"fc-main":1e2}},3,null],)"
      R"("properties":[{"name":"features","value":[{"en-US":"Fast","de-DE":"Schnell"},"x",)"
      R"({"fr":"Vite"},5]},{"name":null,"value":{"":"4558"}},{"value":true},"junk"]})",
      "{\"id\":\"raw \xC3\xA9\xE2\x82\xAC\",\"name\":{\"de-DE\":\"Stra\xC3\x9F"
      "e\"},"
      "\"code\":\"a/b\",\"prices\":{\"base\":{\"list\":1,\"currency\":\"\"}}}",
      R"({"id":"dup","id":"second","name":{"de-AT":null,"DE-at":"ci","de-AT":"late"},)"
      R"("prices":{"vip":{"list":null},"vip":{"list":2},"base":{"list":"3.00","sale":"x"}},)"
      R"("stock":{"fc-main":-4,"fc-2":"nope","fc-2":9}})",
      R"( {"id" : "spaced" , "name" : "plain" , "variations" : [ ] , "properties" : [ ] } )",
      deep,
      R"({"id":"esc\/aped","name":{"de":"tab\there"}})",
      "{\"id\":\"ctl\x01\"}",
      "not json",
      R"({"id":"trailing"} x)",
      R"({"id":"n","stock":{"fc-main":01}})",
      R"({"id":"n","stock":{"fc-main":1.}})",
      R"({"id":"n","stock":{"fc-main":-}})",
      R"({"id":"t","isActive":tru})",
      R"({"id":"unterminated)",
      R"({"id":"comma",})",
      R"(["not","an","object"])",
      "",
  };
  for (const auto& doc : docs) {
    search::SearchResult r;
    r.total = 1;
    search::Hit h;
    h.stored = doc;
    r.hits.push_back(h);
    for (const auto& languages : {"de-AT", "fr-FR", "EN-us"}) {
      auto ctx = Context();
      ctx.language = languages;
      EXPECT_EQ(ProductsResponse(r, ctx), ProductsResponseViaDom(r, ctx)) << doc;
      EXPECT_EQ(CategoriesResponse(r, ctx), CategoriesResponseViaDom(r, ctx)) << doc;
    }
  }
  // All at once: the invalid ones are left out, the others keep their order.
  search::SearchResult all;
  for (const auto& doc : docs) {
    search::Hit h;
    h.stored = doc;
    all.hits.push_back(h);
  }
  const std::string shaped = ProductsResponse(all, Context());
  EXPECT_EQ(shaped, ProductsResponseViaDom(all, Context()));
  EXPECT_EQ(nlohmann::json::parse(shaped)["items"].size(), 7U);
}

TEST(StorefrontResponseTest, CategoriesAndSuggestions) {
  search::SearchResult r;
  r.total = 1;
  search::Hit h;
  h.stored = R"({"id":"c1","code":"shoes","name":{"de-DE":"Schuhe"},"catalogId":"cat-1",)"
             R"("parentId":null,"path":"Shoes"})";
  r.hits.push_back(h);
  const auto cats = nlohmann::json::parse(CategoriesResponse(r, Context()));
  EXPECT_EQ(cats["total"], 1);
  EXPECT_EQ(cats["items"][0]["name"], "Schuhe");
  EXPECT_TRUE(cats["items"][0]["parentId"].is_null());

  const auto sug = nlohmann::json::parse(SuggestionsResponse({{"red shoe", 4}}));
  EXPECT_EQ(sug["items"][0]["text"], "red shoe");
  EXPECT_EQ(sug["items"][0]["count"], 4);
}

}  // namespace
}  // namespace emporion::search_module
