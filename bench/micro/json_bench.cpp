// json::Writer serializing a product-sized object (about 2 KB: localized names, properties,
// prices, images, audit fields) straight from C++ values, as the API handlers do.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "platform/json/json.hpp"

namespace emporion::json {
namespace {

struct Localized {
  std::string language;
  std::string value;
};

struct Product {
  std::string id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
  std::string code = "SKU-000123";
  std::string catalog_id = "0190a1b2-0000-7e5f-8a9b-000000000001";
  std::string category_id = "0190a1b2-0000-7e5f-8a9b-000000000002";
  std::vector<Localized> names = {{"en-US", "Trail running shoe \"Ridge\" 2"},
                                  {"de-DE", "Trailschuh \xe2\x80\x9eRidge\xe2\x80\x9c 2"},
                                  {"fr-FR", "Chaussure de trail \xc2\xabRidge\xc2\xbb 2"}};
  std::vector<Localized> descriptions = {{"en-US", std::string(300, 'd')},
                                         {"de-DE", std::string(300, 'b')}};
  std::vector<std::pair<std::string, std::string>> properties = {
      {"brand", "Ridgeline"}, {"color", "blue"}, {"size", "42"},       {"material", "mesh"},
      {"weight", "280 g"},    {"drop", "6 mm"},  {"gender", "unisex"}, {"season", "all"}};
  std::vector<std::string> images = {"https://cdn.example/p/123/1.jpg",
                                     "https://cdn.example/p/123/2.jpg",
                                     "https://cdn.example/p/123/3.jpg"};
  std::int64_t version = 7;
  std::int64_t created_at = 1'795'000'000'000'000;
  std::int64_t modified_at = 1'795'000'123'456'000;
};

void WriteProduct(Writer& w, const Product& p) {
  w.StartObject();
  w.Key("id").String(p.id);
  w.Key("code").String(p.code);
  w.Key("catalogId").String(p.catalog_id);
  w.Key("categoryId").String(p.category_id);
  w.Key("productType").String("Physical");
  w.Key("isActive").Bool(true);
  w.Key("isBuyable").Bool(true);
  w.Key("trackInventory").Bool(true);
  w.Key("names").StartArray();
  for (const auto& n : p.names) {
    w.StartObject().Key("languageCode").String(n.language).Key("value").String(n.value).EndObject();
  }
  w.EndArray();
  w.Key("descriptions").StartArray();
  for (const auto& d : p.descriptions) {
    w.StartObject().Key("languageCode").String(d.language).Key("value").String(d.value).EndObject();
  }
  w.EndArray();
  w.Key("properties").StartArray();
  for (const auto& [name, value] : p.properties) {
    w.StartObject().Key("name").String(name).Key("value").String(value).EndObject();
  }
  w.EndArray();
  w.Key("images").StartArray();
  for (std::size_t i = 0; i < p.images.size(); ++i) {
    w.StartObject()
        .Key("url")
        .String(p.images[i])
        .Key("sortOrder")
        .Int(static_cast<std::int64_t>(i))
        .EndObject();
  }
  w.EndArray();
  w.Key("prices").StartArray();
  for (const char* currency : {"USD", "EUR"}) {
    w.StartObject()
        .Key("currency")
        .String(currency)
        .Key("list")
        .RawJson("129.9")
        .Key("sale")
        .RawJson("99.5")
        .Key("minQuantity")
        .Int(1)
        .EndObject();
  }
  w.EndArray();
  w.Key("id2").Null();
  w.Key("version").Int(p.version);
  w.Key("createdAt").Time(p.created_at);
  w.Key("createdBy").String("admin");
  w.Key("modifiedAt").Time(p.modified_at);
  w.Key("modifiedBy").String("importer");
  w.EndObject();
}

void BM_JsonWriterProduct(benchmark::State& state) {
  const Product product;
  std::size_t bytes = 0;
  for (auto _ : state) {
    Writer w;
    WriteProduct(w, product);
    bytes += w.view().size();
    benchmark::DoNotOptimize(w.view().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  Writer w;
  WriteProduct(w, product);
  state.counters["doc_bytes"] = static_cast<double>(w.view().size());
}
BENCHMARK(BM_JsonWriterProduct);

void BM_JsonParseProduct(benchmark::State& state) {
  Writer w;
  WriteProduct(w, Product{});
  const std::string text = w.str();
  for (auto _ : state) {
    auto doc = Parse(text);
    benchmark::DoNotOptimize(doc.ok());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonParseProduct);

}  // namespace
}  // namespace emporion::json
