#include "modules/catalog/api/schemas.hpp"

#include "platform/http/crud_routes.hpp"

namespace emporion::catalog::api {
namespace {

// Pieces shared by the schemas below.
constexpr const char* kMeta =
    R"("id":{"type":"string","description":"Client-supplied on create, else a UUID v7"},)"
    R"("version":{"type":"integer","readOnly":true},)"
    R"("createdAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("createdBy":{"type":"string","readOnly":true},)"
    R"("modifiedAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("modifiedBy":{"type":"string","readOnly":true})";
constexpr const char* kOptString = R"({"type":["string","null"]})";
constexpr const char* kOptInt = R"({"type":["integer","null"]})";
constexpr const char* kOptNumber = R"({"type":["number","null"],"minimum":0})";
constexpr const char* kOptBool = R"({"type":["boolean","null"]})";
constexpr const char* kOptDate = R"({"type":["string","null"],"format":"date-time"})";

std::string S(const char* s) { return s; }

}  // namespace

std::string Ref(const std::string& name) { return http::CrudRef(name); }
std::string ListOf(const std::string& name) { return http::CrudListOf(name); }
std::string BulkOf(const std::string& name) { return http::CrudBulkOf(name); }
std::string BulkResult() { return http::CrudBulkResult(); }

void RegisterSchemas(http::Router& router) {
  router.AddSchema(
      "LocalizedText",
      R"({"type":"array","description":"One entry per language","items":{"type":"object","required":["languageCode","value"],"properties":{"languageCode":{"type":"string","examples":["en-US"]},"value":{"type":"string"}}}})");
  router.AddSchema(
      "CatalogImage",
      R"({"type":"object","required":["url"],"properties":{"url":{"type":"string"},"name":)" +
          S(kOptString) + R"(,"group":)" + kOptString +
          R"(,"sortOrder":{"type":"integer","default":0},"languageCode":)" + kOptString + "}}");
  router.AddSchema(
      "CatalogAsset",
      R"({"type":"object","required":["url"],"properties":{"url":{"type":"string"},"name":)" +
          S(kOptString) + R"(,"group":)" + kOptString + R"(,"mimeType":)" + kOptString +
          R"(,"size":)" + kOptInt + R"(,"languageCode":)" + kOptString +
          R"(,"sortOrder":{"type":"integer","default":0}}})");
  router.AddSchema(
      "ProductDescription",
      R"({"type":"object","required":["content"],"properties":{"content":{"type":"string"},"reviewType":{"type":"string","default":"FullReview","examples":["FullReview","QuickReview"]},"languageCode":)" +
          S(kOptString) + "}}");
  router.AddSchema(
      "PropertyValues",
      R"({"type":"object","description":"The values an object holds for one property, named by propertyId or name. Each value is text (ShortText, LongText, Html; DateTime as ISO 8601; GeoPoint as latitude,longitude), a number, an integer or a boolean; a dictionary value may be given by valueId (the item id) or by its alias as value. Multilanguage values carry a languageCode.","properties":{"propertyId":{"type":"string"},"name":{"type":"string"},"values":{"type":"array","items":{"type":"object","properties":{"value":{"type":["string","number","boolean","null"]},"languageCode":)" +
          S(kOptString) + R"(,"valueId":)" + kOptString +
          R"(}}},"inherited":{"type":"boolean","readOnly":true,"description":"Merged view: taken from the main product"}}})");
  router.AddSchema(
      "Outline",
      R"({"type":"object","readOnly":true,"properties":{"catalogId":{"type":"string"},"path":{"type":"string","description":"ids from the catalog down to the object, joined by /"},"items":{"type":"array","items":{"type":"object","properties":{"type":{"type":"string","enum":["catalog","category","product"]},"id":{"type":"string"},"code":{"type":"string"},"name":{"type":"string"},"linked":{"type":"boolean","description":"reached through a virtual-catalog link"}}}}}})");
  router.AddSchema(
      "SeoInfo",
      R"({"type":"object","required":["semanticUrl"],"properties":{)" + S(kMeta) +
          R"(,"objectType":{"type":"string","description":"Product, Category, Catalog, or another module's type such as Store or Page"},"objectId":{"type":"string"},"semanticUrl":{"type":"string","description":"The slug; unique per store and language"},"pageTitle":)" +
          kOptString + R"(,"metaDescription":)" + kOptString + R"(,"metaKeywords":)" + kOptString +
          R"(,"imageAltDescription":)" + kOptString + R"(,"languageCode":)" + kOptString +
          R"(,"storeId":)" + kOptString + R"(,"isActive":{"type":"boolean","default":true}}})");
  router.AddSchema(
      "ProductAssociation",
      R"({"type":"object","required":["type","associatedObjectId"],"properties":{)" + S(kMeta) +
          R"(,"productId":{"type":"string","readOnly":true},"type":{"type":"string","examples":["Accessories","Related Items","Up-Sales","Cross-Sales"]},"associatedObjectId":{"type":"string"},"associatedObjectType":{"type":"string","enum":["product","category"],"default":"product"},"priority":{"type":"integer","default":0},"quantity":)" +
          kOptInt + R"(,"tags":{"type":"array","items":{"type":"string"}}}})");
  router.AddSchema(
      "Catalog",
      R"({"type":"object","required":["name","defaultLanguage"],"properties":{)" + S(kMeta) +
          R"(,"name":{"type":"string","maxLength":128},"isVirtual":{"type":"boolean","default":false,"description":"Fixed at creation"},"defaultLanguage":{"type":"string","examples":["en-US"]},"languages":{"type":"array","items":{"type":"string"},"description":"Must contain defaultLanguage; defaults to [defaultLanguage]"}}})");
  router.AddSchema(
      "Category",
      R"({"type":"object","required":["catalogId","code","name"],"properties":{)" + S(kMeta) +
          R"(,"catalogId":{"type":"string"},"parentId":)" + kOptString +
          R"(,"code":{"type":"string","maxLength":64,"description":"Unique in its catalog"},"name":{"type":"string","maxLength":128},"localizedName":{"$ref":"#/components/schemas/LocalizedText"},"isActive":{"type":"boolean","default":true},"priority":{"type":"integer","default":0},"taxType":)" +
          kOptString +
          R"(,"images":{"type":"array","items":{"$ref":"#/components/schemas/CatalogImage"}},"properties":{"type":"array","items":{"$ref":"#/components/schemas/PropertyValues"}},"seoInfos":{"type":"array","items":{"$ref":"#/components/schemas/SeoInfo"}},"level":{"type":"integer","readOnly":true,"description":"0 for a root category"},"outline":{"$ref":"#/components/schemas/Outline"}}})");
  router.AddSchema(
      "Product",
      R"({"type":"object","required":["code","name","catalogId"],"properties":{)" + S(kMeta) +
          R"(,"code":{"type":"string","maxLength":64,"description":"The SKU, unique across the system"},"name":{"type":"string"},"localizedName":{"$ref":"#/components/schemas/LocalizedText"},"catalogId":{"type":"string"},"categoryId":)" +
          kOptString + R"(,"mainProductId":)" + kOptString +
          R"(,"productType":{"type":["string","null"],"enum":["Physical","Digital","BillOfMaterials",null]},"isActive":)" +
          kOptBool + R"(,"isBuyable":)" + kOptBool + R"(,"trackInventory":)" + kOptBool +
          R"(,"gtin":)" + kOptString + R"(,"manufacturerPartNumber":)" + kOptString +
          R"(,"vendor":)" + kOptString + R"(,"weight":)" + kOptNumber + R"(,"weightUnit":)" +
          kOptString + R"(,"length":)" + kOptNumber + R"(,"width":)" + kOptNumber +
          R"(,"height":)" + kOptNumber + R"(,"measureUnit":)" + kOptString + R"(,"minQuantity":)" +
          kOptInt + R"(,"maxQuantity":)" + kOptInt + R"(,"startDate":)" + kOptDate +
          R"(,"endDate":)" + kOptDate + R"(,"priority":)" + kOptInt + R"(,"taxType":)" +
          kOptString +
          R"(,"images":{"type":"array","items":{"$ref":"#/components/schemas/CatalogImage"}},"assets":{"type":"array","items":{"$ref":"#/components/schemas/CatalogAsset"}},"descriptions":{"type":"array","items":{"$ref":"#/components/schemas/ProductDescription"}},"properties":{"type":"array","items":{"$ref":"#/components/schemas/PropertyValues"}},"seoInfos":{"type":"array","items":{"$ref":"#/components/schemas/SeoInfo"}},"associations":{"type":"array","items":{"$ref":"#/components/schemas/ProductAssociation"}},"outlines":{"type":"array","readOnly":true,"items":{"$ref":"#/components/schemas/Outline"}},"variations":{"type":"array","readOnly":true,"items":{"type":"string"},"description":"Ids of the variations of a main product"},"isSellable":{"type":"boolean","readOnly":true,"description":"isActive and isBuyable and startDate <= now < endDate"},"inheritedFields":{"type":"array","readOnly":true,"items":{"type":"string"},"description":"Merged view: fields a variation takes from its main product"}}})");
  router.AddSchema(
      "Property",
      R"({"type":"object","required":["catalogId","name","valueType"],"properties":{)" + S(kMeta) +
          R"(,"catalogId":{"type":"string"},"categoryId":)" + kOptString +
          R"(,"name":{"type":"string","pattern":"^[A-Za-z][A-Za-z0-9_.-]*$","maxLength":128,"description":"Unique in the catalog"},"type":{"type":"string","enum":["Catalog","Category","Product","Variation"],"default":"Product"},"valueType":{"type":"string","enum":["ShortText","LongText","Html","Number","Integer","Boolean","DateTime","GeoPoint"]},"multivalue":{"type":"boolean","default":false},"multilanguage":{"type":"boolean","default":false},"dictionary":{"type":"boolean","default":false},"required":{"type":"boolean","default":false},"hidden":{"type":"boolean","default":false},"filterable":{"type":"boolean","default":false},"validation":{"type":"object","properties":{"regex":)" +
          kOptString + R"(,"minLength":)" + kOptInt + R"(,"maxLength":)" + kOptInt +
          R"(,"min":{"type":["number","null"]},"max":{"type":["number","null"]}}},"displayNames":{"$ref":"#/components/schemas/LocalizedText"}}})");
  router.AddSchema(
      "DictionaryItem",
      R"({"type":"object","required":["alias"],"properties":{)" + S(kMeta) +
          R"(,"propertyId":{"type":"string","readOnly":true},"alias":{"type":"string","description":"Unique per property"},"localizedValues":{"$ref":"#/components/schemas/LocalizedText"},"sortOrder":{"type":"integer","default":0}}})");
  router.AddSchema(
      "CatalogLink",
      R"({"type":"object","required":["entryType","entryId"],"properties":{)" + S(kMeta) +
          R"(,"catalogId":{"type":"string","readOnly":true,"description":"The virtual catalog"},"categoryId":{"type":["string","null"],"description":"A category of the virtual catalog; null: its root"},"entryType":{"type":"string","enum":["product","category"]},"entryId":{"type":"string","description":"A product or category of a physical catalog"},"priority":{"type":"integer","default":0}}})");
  router.AddSchema(
      "CategoryTreeNode",
      R"({"type":"object","properties":{"id":{"type":"string"},"code":{"type":"string"},"name":{"type":"string"},"isActive":{"type":"boolean"},"priority":{"type":"integer"},"linked":{"type":"boolean"},"children":{"type":"array","items":{"$ref":"#/components/schemas/CategoryTreeNode"}}}})");
  router.AddSchema(
      "CategoryTree",
      R"({"type":"object","properties":{"catalogId":{"type":"string"},"depth":{"type":["integer","null"]},"items":{"type":"array","items":{"$ref":"#/components/schemas/CategoryTreeNode"}}}})");
}

}  // namespace emporion::catalog::api
