// JSON forms of the catalog's value types, shared by api/ (request and response bodies) and
// storage/ (the `doc` column holds the same shapes, so a stored document and an API body never
// drift apart). Reentrant.
//
// Readers take one JSON object and fill a value; type errors (a string where a number belongs,
// an unknown enum name) are collected and returned as one 400 naming every field
// (`<prefix>images[2].url`). Business rules are not checked here (see domain/). Unknown and
// read-only members (version, outline, variations, ...) are ignored, so a GET body can be PUT
// back unchanged.
#pragma once

#include <string>
#include <vector>

#include "emporion/catalog/types.hpp"
#include "platform/json/json.hpp"

namespace emporion::catalog::codec {

enum class Form {
  kApi,       // everything: meta, derived fields, embedded child rows
  kDocument,  // for the `doc` column: no meta, no derived fields, no child rows
  kChanges,   // for change detection and history: kDocument plus child rows (without meta)
};

void Write(json::Writer& w, const Catalog& v, Form form = Form::kApi);
void Write(json::Writer& w, const Category& v, Form form = Form::kApi);
void Write(json::Writer& w, const Product& v, Form form = Form::kApi);
void Write(json::Writer& w, const Property& v, Form form = Form::kApi);
void Write(json::Writer& w, const DictionaryItem& v, Form form = Form::kApi);
void Write(json::Writer& w, const CatalogLink& v, Form form = Form::kApi);
void Write(json::Writer& w, const SeoInfo& v, Form form = Form::kApi);
void Write(json::Writer& w, const ProductAssociation& v, Form form = Form::kApi);
void Write(json::Writer& w, const CategoryNode& v);
void Write(json::Writer& w, const Outline& v);
void WriteLocalized(json::Writer& w, const LocalizedText& text);
void WritePropertyValues(json::Writer& w, const std::vector<PropertyValues>& values);

template <typename T>
std::string ToJson(const T& v, Form form = Form::kApi) {
  json::Writer w;
  Write(w, v, form);
  return w.str();
}

Result<Catalog> ReadCatalog(const json::Value& v, const std::string& prefix = "");
Result<Category> ReadCategory(const json::Value& v, const std::string& prefix = "");
Result<Product> ReadProduct(const json::Value& v, const std::string& prefix = "");
Result<Property> ReadProperty(const json::Value& v, const std::string& prefix = "");
Result<DictionaryItem> ReadDictionaryItem(const json::Value& v, const std::string& prefix = "");
Result<CatalogLink> ReadLink(const json::Value& v, const std::string& prefix = "");
Result<SeoInfo> ReadSeoInfo(const json::Value& v, const std::string& prefix = "");
Result<ProductAssociation> ReadAssociation(const json::Value& v, const std::string& prefix = "");

/// Parses a stored `doc` column; a corrupt document is kInternal.
Result<json::Document> ParseDocument(const std::string& text);

}  // namespace emporion::catalog::codec
