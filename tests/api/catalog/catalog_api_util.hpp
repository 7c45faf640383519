// Helpers shared by the catalog API tests: creating catalogs, categories, products and
// properties through the API (failing the test on an unexpected status) and reading fields of
// problem+json errors. Every helper makes unique codes, so tests of one suite share a server.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "support/test_server.hpp"

namespace emporion::test::catalog {

using Json = nlohmann::json;

inline std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

/// POST as admin; expects 201 and returns the body.
inline Json Create(TestServer& server, const std::string& path, const Json& body) {
  auto r = server.Admin("POST", path, body.dump());
  EXPECT_EQ(r.status, 201) << path << " " << body.dump() << " -> " << r.body;
  return r.Json();
}

inline Json MakeCatalog(TestServer& server, bool is_virtual = false,
                        Json languages = Json::array({"en-US", "de-DE"})) {
  return Create(server, "/api/v1/catalogs",
                {{"name", Unique("Catalog")},
                 {"isVirtual", is_virtual},
                 {"defaultLanguage", "en-US"},
                 {"languages", languages}});
}

inline Json MakeCategory(TestServer& server, const std::string& catalog_id,
                         const Json& parent_id = nullptr, Json extra = Json::object()) {
  Json body = {{"catalogId", catalog_id},
               {"parentId", parent_id},
               {"code", Unique("CAT")},
               {"name", Unique("Category")}};
  body.update(extra);
  return Create(server, "/api/v1/categories", body);
}

inline Json MakeProduct(TestServer& server, const std::string& catalog_id,
                        Json extra = Json::object()) {
  Json body = {{"catalogId", catalog_id}, {"code", Unique("SKU")}, {"name", Unique("Product")}};
  body.update(extra);
  return Create(server, "/api/v1/products", body);
}

inline Json MakeProperty(TestServer& server, const std::string& catalog_id,
                         const std::string& value_type, Json extra = Json::object()) {
  Json body = {{"catalogId", catalog_id}, {"name", Unique("prop")}, {"valueType", value_type}};
  body.update(extra);
  return Create(server, "/api/v1/properties", body);
}

inline std::string Id(const Json& j) { return j.at("id").get<std::string>(); }

/// True when a problem+json body names `field` in its errors.
inline bool NamesField(const HttpResponse& r, const std::string& field) {
  auto j = r.Json();
  if (!j.contains("errors")) return false;
  for (const auto& e : j["errors"]) {
    if (e.value("field", "") == field) return true;
  }
  return false;
}

/// The ids of a list response's items.
inline std::vector<std::string> Ids(const HttpResponse& r) {
  std::vector<std::string> out;
  const Json body = r.Json();  // a named copy: the range of a for loop must outlive the loop
  for (const auto& item : body["items"]) out.push_back(item["id"].get<std::string>());
  return out;
}

inline bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace emporion::test::catalog
