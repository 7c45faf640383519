#include "modules/stores/api/stores_api.hpp"

#include "modules/stores/codec/store_json.hpp"
#include "platform/http/crud_routes.hpp"

namespace emporion::stores::api {
namespace {

void RegisterSchemas(http::Router& router) {
  router.AddSchema(
      "StoreSettings",
      R"({"type":"object","description":"Typed per-store settings, versioned with the store","properties":{"promotionPolicy":{"type":"string","enum":["BestReward","CombineStackable"],"default":"BestReward"},"allowAnonymousAccess":{"type":"boolean","default":true,"description":"Storefront routes answer anonymous callers"},"orderNumberTemplate":{"type":"string","default":"CO{date:yyMMdd}-{seq:5}","maxLength":64},"pricesIncludeTax":{"type":"boolean","default":false},"taxCalculationEnabled":{"type":"boolean","default":true}}})");
  router.AddSchema(
      "StoreSeoInfo",
      R"({"type":"object","required":["semanticUrl"],"properties":{"semanticUrl":{"type":"string"},"pageTitle":{"type":["string","null"]},"metaDescription":{"type":["string","null"]},"metaKeywords":{"type":["string","null"]},"imageAltDescription":{"type":["string","null"]},"languageCode":{"type":["string","null"]},"isActive":{"type":"boolean","default":true}}})");
  router.AddSchema(
      "Store",
      R"({"type":"object","required":["name","catalogId","defaultLanguage","defaultCurrency"],"properties":{"id":{"type":"string","description":"Client-supplied on create (e.g. a code), else a UUID v7"},"version":{"type":"integer","readOnly":true},"createdAt":{"type":"string","format":"date-time","readOnly":true},"createdBy":{"type":"string","readOnly":true},"modifiedAt":{"type":"string","format":"date-time","readOnly":true},"modifiedBy":{"type":"string","readOnly":true},"name":{"type":"string","maxLength":256},"description":{"type":["string","null"]},"url":{"type":["string","null"]},"secureUrl":{"type":["string","null"]},"email":{"type":["string","null"]},"adminEmail":{"type":["string","null"]},"catalogId":{"type":"string","description":"Must exist"},"defaultLanguage":{"type":"string","description":"IETF tag, one of languages"},"languages":{"type":"array","items":{"type":"string"},"description":"Defaults to [defaultLanguage]"},"defaultCurrency":{"type":"string","description":"ISO 4217, one of currencies"},"currencies":{"type":"array","items":{"type":"string"}},"timeZone":{"type":["string","null"],"examples":["Europe/Berlin"]},"country":{"type":["string","null"],"description":"ISO 3166-1"},"mainFulfillmentCenterId":{"type":["string","null"]},"additionalFulfillmentCenterIds":{"type":"array","items":{"type":"string"}},"returnsFulfillmentCenterId":{"type":["string","null"]},"storeState":{"type":"string","enum":["Open","Closed","RestrictedAccess"],"default":"Open"},"seoInfos":{"type":"array","items":{"$ref":"#/components/schemas/StoreSeoInfo"}},"outerId":{"type":["string","null"]},"settings":{"$ref":"#/components/schemas/StoreSettings"}}})");
}

StoreCaller MakeCaller(const http::Request& request, const char* write_permission) {
  StoreCaller c;
  c.actor = request.Actor();
  c.request_id = request.request_id;
  c.write_permission = write_permission;
  if (!request.principal) {
    c.read = std::vector<std::string>{};
    c.write = std::vector<std::string>{};
    return c;
  }
  const auto& p = *request.principal;
  c.write = p.StoreScope(write_permission);
  c.read = p.Has(kRead) ? p.StoreScope(kRead) : c.write;
  return c;
}

}  // namespace

void RegisterRoutes(http::Router& router, StoreManager& m) {
  RegisterSchemas(router);
  http::CrudRoutes<Store> r;
  r.collection = "/api/v1/stores";
  r.schema = "Store";
  r.noun = "store";
  r.tag = "stores";
  r.read_permission = kRead;
  r.create_permission = kCreate;
  r.update_permission = kUpdate;
  r.delete_permission = kDelete;
  r.sortable = storage::StoreSortFields();
  r.list_filters = {{"catalogId", "string", "Stores of this catalog"},
                    {"storeState", "string", "Open, Closed or RestrictedAccess"},
                    {"fulfillmentCenterId", "string", "Stores that use this fulfillment center"},
                    {"outerId", "string", "Exact outer id"},
                    {"ids", "string", "Comma-separated ids"}};
  r.list_description =
      "q matches name or id. A caller whose stores:read is limited to stores lists only those; "
      "every item route answers 403 for a store outside the caller's stores.";
  r.delete_description = "Deletes the store and its fulfillment center assignments.";
  r.bulk_description = "Upserts by id; up to 10,000 stores, all or nothing.";
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::StoreFromJson(v, prefix);
  };
  r.write = [](const http::Request&, const Store& s) { return codec::ToJson(s); };
  r.list = [&m](http::Request& req,
                const http::ListParams& p) -> Result<std::pair<std::vector<Store>, std::int64_t>> {
    storage::StoreFilter f;
    f.q = p.q;
    f.catalog_id = http::QueryText(req, "catalogId");
    f.store_state = http::QueryText(req, "storeState");
    if (f.store_state && !ParseStoreState(*f.store_state)) {
      return Error::InvalidField("storeState", "must be Open, Closed or RestrictedAccess");
    }
    f.fulfillment_center_id = http::QueryText(req, "fulfillmentCenterId");
    f.outer_id = http::QueryText(req, "outerId");
    f.ids = http::QueryList(req, "ids");
    storage::Window w;
    w.limit = p.limit;
    w.offset = p.offset;
    for (const auto& s : p.sort) w.sort.push_back({s.field, s.descending});
    return m.List(MakeCaller(req, kUpdate), f, w);
  };
  r.get = [&m](http::Request& req, const std::string& id) {
    return m.Get(MakeCaller(req, kUpdate), id);
  };
  r.create = [&m](http::Request& req, Store v) {
    return m.Create(MakeCaller(req, kCreate), std::move(v));
  };
  r.update = [&m](http::Request& req, const std::string& id, std::optional<std::int64_t> if_match,
                  const http::CrudMutator<Store>& mut) {
    return m.Update(MakeCaller(req, kUpdate), id, if_match, mut);
  };
  r.remove = [&m](http::Request& req, const std::string& id, std::optional<std::int64_t> if_match,
                  bool) {
    return m.Delete(MakeCaller(req, kDelete), id, if_match);
  };
  r.bulk = [&m](http::Request& req, std::vector<Store> items) -> Result<http::CrudBulkOutcome> {
    StoreCaller c = MakeCaller(req, kCreate);
    if (req.principal) {
      auto update = req.principal->StoreScope(kUpdate);
      if (update && c.write) {
        std::vector<std::string> both;
        for (const auto& id : *c.write) {
          if (std::find(update->begin(), update->end(), id) != update->end()) both.push_back(id);
        }
        c.write = both;
      } else if (update) {
        c.write = update;
      }
    }
    EMPORION_ASSIGN_OR_RETURN(auto o, m.Bulk(c, std::move(items)));
    return http::CrudBulkOutcome{o.first, o.second};
  };
  http::RegisterCrudRoutes(router, r);
}

}  // namespace emporion::stores::api
