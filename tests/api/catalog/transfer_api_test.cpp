// Import, export and mass update jobs through the API: the JSON Lines round trip (export,
// import into an empty server, export again: the same catalog, ids kept), the CSV round trip as
// far as CSV goes, per-line errors that do not stop an import, mass property updates validated
// against definitions, the download route and the import route's raised body limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

const std::vector<std::pair<std::string, std::string>> kNdjson = {
    {"Content-Type", "application/x-ndjson"}};
const std::vector<std::pair<std::string, std::string>> kCsv = {{"Content-Type", "text/csv"}};

/// Polls the job until it ends (60 s deadline); returns its last state.
Json WaitForJob(TestServer& server, const HttpResponse& accepted) {
  EXPECT_EQ(accepted.status, 202) << accepted.body;
  const std::string location = accepted.Header("location");
  EXPECT_EQ(location, "/api/v1/jobs/" + accepted.Json().value("id", std::string()));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Json job;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = server.Admin("GET", location);
    job = r.Json();
    const std::string status = job.value("status", "");
    if (status == "succeeded" || status == "failed" || status == "cancelled") return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "job did not finish: " << job.dump();
  return job;
}

std::string Export(TestServer& server, const Json& request) {
  auto job = WaitForJob(server, server.Admin("POST", "/api/v1/catalog/exports", request.dump()));
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  const std::string url = job["result"].value("downloadUrl", std::string());
  auto file = server.Admin("GET", url);
  EXPECT_EQ(file.status, 200) << file.body;
  return file.body;
}

Json Import(TestServer& server, const std::string& body, bool csv = false,
            const std::string& query = "") {
  auto job = WaitForJob(server, server.Admin("POST", "/api/v1/catalog/imports" + query, body,
                                             csv ? kCsv : kNdjson));
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  return job;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

/// The lines as parsed JSON, sorted: equal files hold the same records.
std::vector<Json> Records(const std::string& text) {
  std::vector<Json> out;
  for (const auto& l : Lines(text)) out.push_back(Json::parse(l));
  std::sort(out.begin(), out.end(), [](const Json& a, const Json& b) { return a.dump() < b.dump(); });
  return out;
}

/// A catalog with every feature an export must carry; returns the physical catalog's id.
std::string BuildRichCatalog(TestServer& s) {
  const std::string cat = Id(MakeCatalog(s));
  auto color = MakeProperty(s, cat, "ShortText",
                            {{"name", "color"}, {"type", "Variation"}, {"dictionary", true}});
  for (const char* alias : {"red", "blue"}) {
    Create(s, "/api/v1/properties/" + Id(color) + "/dictionary-items",
           {{"alias", alias},
            {"localizedValues", {{{"languageCode", "de-DE"}, {"value", std::string(alias) + "-de"}}}}});
  }
  MakeProperty(s, cat, "ShortText", {{"name", "tags"}, {"multivalue", true}});
  MakeProperty(s, cat, "LongText", {{"name", "features"}, {"multilanguage", true}});
  MakeProperty(s, cat, "Integer", {{"name", "warranty"}});
  auto root = MakeCategory(s, cat);
  auto mid = MakeCategory(s, cat, Id(root));
  auto leaf = MakeCategory(s, cat, Id(mid), {{"localizedName", {{{"languageCode", "de-DE"}, {"value", "Blatt"}}}}});
  // A category property defined on the root, with a value on a category below it.
  MakeProperty(s, cat, "ShortText", {{"name", "season"}, {"type", "Category"}, {"categoryId", Id(root)}});
  auto patched = s.Admin("PATCH", "/api/v1/categories/" + Id(mid),
                         R"({"properties": [{"name": "season", "values": [{"value": "winter"}]}]})",
                         {{"Content-Type", "application/merge-patch+json"}});
  EXPECT_EQ(patched.status, 200) << patched.body;
  const std::string sku = Unique("RT");
  auto main = MakeProduct(
      s, cat,
      {{"code", sku},
       {"categoryId", Id(leaf)},
       {"localizedName", {{{"languageCode", "de-DE"}, {"value", "Haupt, \"quoted\""}}}},
       {"images", {{{"url", "https://img/a.jpg"}, {"sortOrder", 0}}, {{"url", "https://img/b.jpg"}, {"sortOrder", 1}}}},
       {"descriptions",
        {{{"content", "Line one\nline two"}, {"reviewType", "FullReview"}, {"languageCode", "en-US"}},
         {{"content", "Zeile"}, {"reviewType", "FullReview"}, {"languageCode", "de-DE"}}}},
       {"seoInfos", {{{"semanticUrl", Unique("slug")}, {"languageCode", "en-US"}}}},
       {"properties",
        {{{"name", "tags"}, {"values", {{{"value", "a"}}, {{"value", "b"}}}}},
         {{"name", "features"},
          {"values",
           {{{"value", "light"}, {"languageCode", "en-US"}},
            {{"value", "leicht"}, {"languageCode", "de-DE"}}}}},
         {{"name", "warranty"}, {"values", {{{"value", 2}}}}}}}});
  for (const char* c : {"red", "blue"}) {
    MakeProduct(s, cat,
                {{"code", sku + "-" + c},
                 {"mainProductId", Id(main)},
                 {"properties", {{{"name", "color"}, {"values", {{{"value", c}}}}}}}});
  }
  auto other = MakeProduct(s, cat, {{"code", Unique("RT-other")}, {"categoryId", Id(mid)}});
  Create(s, "/api/v1/products/" + Id(other) + "/associations",
         {{"type", "Accessories"}, {"associatedObjectId", Id(main)}, {"priority", 2}, {"tags", {"x"}}});
  auto virt = MakeCatalog(s, true);
  Create(s, "/api/v1/catalogs/" + Id(virt) + "/links",
         {{"entryType", "category"}, {"entryId", Id(mid)}});
  return cat;
}

TEST(TransferApiTest, JsonLinesExportReimportedIntoAnEmptyServerGivesTheSameCatalog) {
  TestServer a;
  BuildRichCatalog(a);
  const std::string first = Export(a, {{"format", "jsonl"}});
  ASSERT_FALSE(first.empty());

  TestServer b;
  auto job = Import(b, first);
  EXPECT_EQ(job["result"]["failed"], 0) << job.dump();
  EXPECT_EQ(job["errors"].size(), 0u) << job.dump();
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);
  const std::string second = Export(b, {{"format", "jsonl"}});
  EXPECT_EQ(Records(first), Records(second)) << first << "\n----\n" << second;

  // Importing the same file again changes nothing (upsert by id).
  auto again = Import(b, first);
  EXPECT_EQ(again["result"]["created"], 0) << again.dump();
  EXPECT_EQ(again["result"]["failed"], 0) << again.dump();
  EXPECT_EQ(Records(Export(b, {{"format", "jsonl"}})), Records(first));
}

TEST(TransferApiTest, CsvExportReimportedGivesTheSameProducts) {
  TestServer a;
  const std::string cat = BuildRichCatalog(a);
  const std::string jsonl = Export(a, {{"format", "jsonl"}});
  const std::string csv = Export(a, {{"format", "csv"}, {"catalogId", cat}});
  EXPECT_NE(csv.find("prop:features:de-DE"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Line one\nline two\""), std::string::npos) << csv;

  // The structure (catalogs, properties, categories) travels as JSON Lines; products as CSV.
  std::string structure;
  for (const auto& l : Lines(jsonl)) {
    const std::string type = Json::parse(l)["type"];
    if (type != "product" && type != "association" && type != "link") structure += l + "\n";
  }
  TestServer b;
  Import(b, structure);
  auto job = Import(b, csv, true);
  EXPECT_EQ(job["result"]["failed"], 0) << job.dump();
  EXPECT_EQ(job["result"]["created"], 4) << job.dump();
  EXPECT_EQ(Export(b, {{"format", "csv"}, {"catalogId", cat}}), csv);
}

TEST(TransferApiTest, BadLinesBecomeJobErrorsAndTheRestIsImported) {
  TestServer s;
  const std::string cat = Id(MakeCatalog(s));
  MakeProperty(s, cat, "Integer", {{"name", "size"}});
  const std::string body =
      Json({{"type", "product"}, {"catalogId", cat}, {"code", "OK-1"}, {"name", "fine"}}).dump() +
      "\n" + "{not json\n" +
      Json({{"type", "product"},
            {"catalogId", cat},
            {"code", "BAD-1"},
            {"name", "bad"},
            {"properties", {{{"name", "size"}, {"values", {{{"value", "large"}}}}}}}})
          .dump() +
      "\n" + Json({{"type", "gadget"}}).dump() + "\n" +
      Json({{"type", "product"}, {"catalogId", cat}, {"code", "OK-2"}, {"name", "fine too"}})
          .dump() +
      "\n";
  auto job = Import(s, body);
  EXPECT_EQ(job["result"]["created"], 2) << job.dump();
  EXPECT_EQ(job["result"]["failed"], 3) << job.dump();
  std::set<std::string> refs;
  for (const auto& e : job["errors"]) refs.insert(e.value("ref", ""));
  EXPECT_EQ(refs, (std::set<std::string>{"line 2", "line 3", "line 4"})) << job.dump();
  for (const auto& e : job["errors"]) {
    if (e["ref"] == "line 3") {
      EXPECT_NE(e.value("message", "").find("properties.size"), std::string::npos) << e.dump();
    }
    if (e["ref"] == "line 4") {
      EXPECT_NE(e.value("message", "").find("type"), std::string::npos) << e.dump();
    }
  }
  EXPECT_EQ(s.Admin("GET", "/api/v1/products?code=OK-2").Json()["total"], 1);
  EXPECT_EQ(s.Admin("GET", "/api/v1/products?code=BAD-1").Json()["total"], 0);
}

TEST(TransferApiTest, RecordsSeeWhatEarlierRecordsOfTheSameBatchWrote) {
  // One batch: its look-ups are made for all records at once, so each record must still see
  // the ids, SKUs and slugs that earlier records of the batch took, and their products.
  TestServer s;
  const std::string cat = Id(MakeCatalog(s));
  MakeProduct(s, cat, {{"code", "EXIST-1"}});
  const auto product = [&](const std::string& id, const std::string& code, Json extra) {
    Json line = {{"type", "product"}, {"id", id}, {"catalogId", cat}, {"code", code},
                 {"name", id}};
    line.update(extra);
    return line.dump() + "\n";
  };
  const Json slug = {{"seoInfos", {{{"semanticUrl", "same-slug"}}}}};
  const std::string body =
      product("p-a", "DUP-1", slug) + product("p-b", "DUP-1", Json::object()) +
      product("p-c", "C-3", slug) + product("p-a", "DUP-1", {{"name", "renamed"}}) +
      product("p-d", "D-4",
              {{"associations",
                {{{"type", "Related Items"},
                  {"associatedObjectId", "p-a"},
                  {"associatedObjectType", "product"}}}}}) +
      product("p-e", "EXIST-1", Json::object());
  auto job = Import(s, body);
  EXPECT_EQ(job["result"]["created"], 2) << job.dump();
  EXPECT_EQ(job["result"]["updated"], 1) << job.dump();
  EXPECT_EQ(job["result"]["failed"], 3) << job.dump();
  std::map<std::string, std::string> errors;
  for (const auto& e : job["errors"]) errors[e.value("ref", "")] = e.value("message", "");
  EXPECT_NE(errors["line 2"].find("code"), std::string::npos) << job.dump();
  EXPECT_NE(errors["line 3"].find("semanticUrl"), std::string::npos) << job.dump();
  EXPECT_NE(errors["line 6"].find("code"), std::string::npos) << job.dump();
  EXPECT_EQ(errors.size(), 3u) << job.dump();
  auto a = s.Admin("GET", "/api/v1/products/p-a");
  EXPECT_EQ(a.Json()["name"], "renamed") << a.body;
  EXPECT_EQ(a.Json()["seoInfos"][0]["semanticUrl"], "same-slug") << a.body;
  auto d = s.Admin("GET", "/api/v1/products/p-d");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.Json()["associations"][0]["associatedObjectId"], "p-a") << d.body;
  EXPECT_EQ(s.Admin("GET", "/api/v1/products/p-b").status, 404);
  EXPECT_EQ(s.Admin("GET", "/api/v1/products/p-c").status, 404);
}

TEST(TransferApiTest, CsvRowErrorsNameTheRowAndColumn) {
  TestServer s;
  const std::string cat = Id(MakeCatalog(s));
  MakeProperty(s, cat, "Integer", {{"name", "size"}});
  const std::string csv =
      "sku,name,isActive,prop:size,name:de-DE\r\n"
      "C-1,One,true,3,Eins\r\n"
      "C-2,Two,maybe,4,Zwei\r\n"
      "C-3,Three,false,x,Drei\r\n"
      "C-4,\"Four, quoted\",,5,\r\n";
  auto job = Import(s, csv, true, "?catalogId=" + cat);
  EXPECT_EQ(job["result"]["created"], 2) << job.dump();
  EXPECT_EQ(job["result"]["failed"], 2) << job.dump();
  std::map<std::string, std::string> by_ref;
  for (const auto& e : job["errors"]) by_ref[e.value("ref", "")] = e.value("message", "");
  EXPECT_NE(by_ref["row 3 (line 3)"].find("isActive"), std::string::npos) << job.dump();
  EXPECT_NE(by_ref["row 4 (line 4)"].find("prop:size"), std::string::npos) << job.dump();
  auto four = s.Admin("GET", "/api/v1/products?code=C-4").Json()["items"][0];
  EXPECT_EQ(four["name"], "Four, quoted");
  auto one = s.Admin("GET", "/api/v1/products?code=C-1").Json()["items"][0];
  EXPECT_EQ(one["localizedName"][0]["value"], "Eins");
  EXPECT_EQ(one["properties"][0]["values"][0]["value"], 3);
}

TEST(TransferApiTest, MassUpdateSetsValuesOnTheFilteredProductsAndReportsInvalidOnes) {
  TestServer s;
  const std::string cat = Id(MakeCatalog(s));
  MakeProperty(s, cat, "Integer", {{"name", "stock"}, {"validation", {{"max", 10}}}});
  auto root = MakeCategory(s, cat);
  auto child = MakeCategory(s, cat, Id(root));
  auto in_root = MakeProduct(s, cat, {{"categoryId", Id(root)}});
  auto in_child = MakeProduct(s, cat, {{"categoryId", Id(child)}});
  auto outside = MakeProduct(s, cat);

  auto job = WaitForJob(
      s, s.Admin("POST", "/api/v1/products/mass-update",
                 Json({{"filter", {{"categoryId", Id(root)}, {"includeDescendants", true}}},
                       {"set",
                        {{"properties", {{{"name", "stock"}, {"values", {{{"value", 7}}}}}}},
                         {"isActive", false}}}})
                     .dump()));
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["result"]["updated"], 2) << job.dump();
  for (const auto& p : {in_root, in_child}) {
    auto got = s.Admin("GET", "/api/v1/products/" + Id(p)).Json();
    EXPECT_EQ(got["properties"][0]["values"][0]["value"], 7) << got.dump();
    EXPECT_EQ(got["isActive"], false);
  }
  EXPECT_EQ(s.Admin("GET", "/api/v1/products/" + Id(outside)).Json()["properties"], Json::array());

  // A value outside the definition's range fails every product, each named.
  auto bad = WaitForJob(
      s, s.Admin("POST", "/api/v1/products/mass-update",
                 Json({{"filter", {{"catalogId", cat}}},
                       {"set", {{"properties", {{{"name", "stock"}, {"values", {{{"value", 99}}}}}}}}}})
                     .dump()));
  EXPECT_EQ(bad["result"]["failed"], 3) << bad.dump();
  ASSERT_EQ(bad["errors"].size(), 3u);
  EXPECT_EQ(bad["errors"][0]["ref"].get<std::string>().rfind("product ", 0), 0u);
  EXPECT_NE(bad["errors"][0]["message"].get<std::string>().find("properties.stock"),
            std::string::npos);

  auto malformed = s.Admin("POST", "/api/v1/products/mass-update", R"({"filter": {}})");
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_TRUE(NamesField(malformed, "set"));
}

TEST(TransferApiTest, ExportFileIs404UntilTheJobSucceededAndUnknownScopesAre422) {
  TestServer s;
  EXPECT_EQ(s.Admin("GET", "/api/v1/catalog/exports/no-such-job/file").status, 404);
  auto r = s.Admin("POST", "/api/v1/catalog/exports", R"({"format": "xml"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(NamesField(r, "format"));
  r = s.Admin("POST", "/api/v1/catalog/exports", R"({"format": "jsonl", "catalogId": "nope"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(NamesField(r, "catalogId"));
  r = s.Admin("POST", "/api/v1/catalog/imports", "a,b\n", {{"Content-Type", "application/xml"}});
  EXPECT_EQ(r.status, 415);
  r = s.Admin("POST", "/api/v1/catalog/imports?mode=replace", "{}\n", kNdjson);
  EXPECT_EQ(r.status, 400);
}

TEST(TransferApiTest, ImportRouteAcceptsBodiesAboveTheGlobalLimit) {
  TestServer s;
  // 17 MiB of blank lines: above the 16 MiB default of every other route.
  const std::string big(17u << 20, '\n');
  auto raw = s.Client()->SendRaw(
      "POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " + std::to_string(big.size()) + "\r\n\r\n");
  EXPECT_NE(raw.find(" 413 "), std::string::npos) << raw;
  auto job = Import(s, big);
  EXPECT_EQ(job["result"]["created"], 0);
  EXPECT_EQ(job["result"]["failed"], 0);
}

TEST(TransferApiTest, DemoSeedCreatesTheElectronicsCatalogWithAVirtualCatalog) {
  TestServer s({"--seed", "demo"});
  auto products = s.Admin("GET", "/api/v1/products?catalogId=electronics&limit=1").Json();
  EXPECT_EQ(products["total"], 2000);
  auto variations =
      s.Admin("GET", "/api/v1/products?catalogId=electronics&isVariation=true&limit=1").Json();
  EXPECT_EQ(variations["total"], 1500);
  EXPECT_EQ(s.Admin("GET", "/api/v1/categories?catalogId=electronics&limit=1").Json()["total"],
            124);
  auto tree = s.Admin("GET", "/api/v1/catalogs/electronics/tree").Json();
  ASSERT_EQ(tree["items"].size(), 4u);
  EXPECT_EQ(tree["items"][0]["children"][0]["children"].size(), 5u);  // the third level
  auto sale = s.Admin("GET", "/api/v1/products?catalogId=electronics-sale&limit=1").Json();
  EXPECT_GT(sale["total"].get<int>(), 50);  // the linked category and every tenth main product

  auto variation = s.Admin("GET", "/api/v1/products/electronics-p-0000001?view=merged").Json();
  EXPECT_EQ(variation["mainProductId"], "electronics-p-0000000");
  EXPECT_GE(variation["properties"].size(), 12u) << variation.dump();  // own 10 + inherited
  std::set<std::string> description_languages;
  for (const auto& d : variation["descriptions"]) description_languages.insert(d["languageCode"]);
  EXPECT_TRUE(description_languages.count("de-DE") == 1 && description_languages.count("en-US") == 1);
  auto main = s.Admin("GET", "/api/v1/products/electronics-p-0000004").Json();
  ASSERT_EQ(main["associations"].size(), 1u);
  EXPECT_EQ(main["associations"][0]["associatedObjectId"], "electronics-p-0000000");
  EXPECT_EQ(main["images"].size(), 3u);
  auto brand = s.Admin("GET", "/api/v1/properties/electronics-prop-brand/dictionary-items?limit=1");
  EXPECT_EQ(brand.Json()["total"], 20);
}

TEST(TransferApiTest, CachedProductReadsFollowChanges) {
  TestServer s;
  const std::string cat = Id(MakeCatalog(s));
  auto main = MakeProduct(s, cat, {{"vendor", "Acme"}});
  auto variation = MakeProduct(s, cat, {{"mainProductId", Id(main)}});
  const std::string url = "/api/v1/products/" + Id(variation) + "?view=merged";
  EXPECT_EQ(s.Admin("GET", url).Json()["vendor"], "Acme");
  EXPECT_EQ(s.Admin("GET", url).Json()["vendor"], "Acme");  // served from the cache
  auto r = s.Admin("PATCH", "/api/v1/products/" + Id(main), R"({"vendor": "Globex"})",
                   {{"Content-Type", "application/merge-patch+json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto after = s.Admin("GET", url);
  EXPECT_EQ(after.Json()["vendor"], "Globex");
  EXPECT_EQ(after.Header("etag"), "\"1\"");
  ASSERT_EQ(s.Admin("DELETE", "/api/v1/products/" + Id(variation)).status, 204);
  EXPECT_EQ(s.Admin("GET", url).status, 404);
}

}  // namespace
}  // namespace emporion::test::catalog
