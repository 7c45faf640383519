#include "modules/inventory/api/inventory_api.hpp"

#include "modules/inventory/codec/inventory_json.hpp"
#include "platform/http/crud_routes.hpp"

namespace emporion::inventory::api {
namespace {

constexpr const char* kMeta =
    R"("id":{"type":"string","description":"Client-supplied on create, else a UUID v7"},)"
    R"("version":{"type":"integer","readOnly":true},)"
    R"("createdAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("createdBy":{"type":"string","readOnly":true},)"
    R"("modifiedAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("modifiedBy":{"type":"string","readOnly":true})";

std::string S(const char* s) { return s; }

void RegisterSchemas(http::Router& router) {
  router.AddSchema(
      "FulfillmentCenterAddress",
      R"({"type":["object","null"],"properties":{"line1":{"type":["string","null"]},"line2":{"type":["string","null"]},"city":{"type":["string","null"]},"regionCode":{"type":["string","null"]},"postalCode":{"type":["string","null"]},"countryCode":{"type":["string","null"],"pattern":"^[A-Z]{2,3}$","description":"ISO 3166-1"},"phone":{"type":["string","null"]},"email":{"type":["string","null"]}}})");
  router.AddSchema(
      "GeoLocation",
      R"({"type":["object","null"],"required":["latitude","longitude"],"description":"Exact decimals , at most 8 places,, as numbers or numeric strings","properties":{"latitude":{"type":["number","string"],"minimum":-90,"maximum":90},"longitude":{"type":["number","string"],"minimum":-180,"maximum":180}}})");
  router.AddSchema(
      "FulfillmentCenter",
      R"({"type":"object","required":["name"],"properties":{)" + S(kMeta) +
          R"(,"code":{"type":["string","null"],"maxLength":64,"description":"Unique when set"},"name":{"type":"string","maxLength":256},"description":{"type":["string","null"]},"address":{"$ref":"#/components/schemas/FulfillmentCenterAddress"},"geoLocation":{"$ref":"#/components/schemas/GeoLocation"},"outerId":{"type":["string","null"]}}})");
  router.AddSchema(
      "InventoryRecord",
      R"({"type":"object","required":["productId","fulfillmentCenterId"],"properties":{)" +
          S(kMeta) +
          R"(,"productId":{"type":"string"},"fulfillmentCenterId":{"type":"string"},"inStockQuantity":{"type":"integer","minimum":0,"default":0},"reservedQuantity":{"type":"integer","readOnly":true,"description":"Maintained by reservations"},"reorderMinQuantity":{"type":"integer","minimum":0,"default":0},"preorderQuantity":{"type":"integer","minimum":0,"default":0},"backorderQuantity":{"type":"integer","minimum":0,"default":0},"allowBackorder":{"type":"boolean","default":false},"allowPreorder":{"type":"boolean","default":false},"preorderAvailabilityDate":{"type":["string","null"],"format":"date-time"},"backorderAvailabilityDate":{"type":["string","null"],"format":"date-time"},"status":{"type":"string","enum":["Enabled","Disabled"],"default":"Enabled"},"outerId":{"type":["string","null"]},"availableQuantity":{"type":"integer","readOnly":true,"description":"What can be reserved now: in stock - reserved + backorder/preorder when allowed"}}})");
  router.AddSchema(
      "InventoryAvailability",
      R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"type":"object","properties":{"productId":{"type":"string"},"trackInventory":{"type":"boolean"},"isAvailable":{"type":"boolean"},"available":{"type":["integer","null"],"description":"Quantity that can be reserved; null when the product does not track inventory, which is always available"},"inStock":{"type":"integer"},"reserved":{"type":"integer"},"allowBackorder":{"type":"boolean"},"allowPreorder":{"type":"boolean"},"byFulfillmentCenter":{"type":"array","items":{"type":"object","properties":{"fulfillmentCenterId":{"type":"string"},"inStock":{"type":"integer"},"reserved":{"type":"integer"},"available":{"type":"integer"},"allowBackorder":{"type":"boolean"},"backorderQuantity":{"type":"integer"},"backorderAvailabilityDate":{"type":["string","null"],"format":"date-time"},"allowPreorder":{"type":"boolean"},"preorderQuantity":{"type":"integer"},"preorderAvailabilityDate":{"type":["string","null"],"format":"date-time"},"status":{"type":"string"}}}}}}}}})");
  router.AddSchema(
      "InventoryReservation",
      R"({"type":"object","properties":{)" + S(kMeta) +
          R"(,"storeId":{"type":"string"},"reference":{"type":"string"},"status":{"type":"string","enum":["active","committed","released"]},"lines":{"type":"array","items":{"type":"object","properties":{"productId":{"type":"string"},"quantity":{"type":"integer"},"fulfillmentCenterId":{"type":["string","null"],"description":"Where the quantity was taken from; null for products that do not track inventory"}}}}}})");
  router.AddSchema(
      "InventoryReservationRequest",
      R"({"type":"object","required":["storeId","items"],"properties":{"id":{"type":"string"},"storeId":{"type":"string"},"reference":{"type":"string","maxLength":256,"description":"The order or cart it is for"},"items":{"type":"array","minItems":1,"maxItems":1000,"items":{"type":"object","required":["productId","quantity"],"properties":{"productId":{"type":"string"},"quantity":{"type":"integer","minimum":1}}}}}})");
  router.AddSchema(
      "InventorySyncRequest",
      R"({"type":"object","required":["items"],"properties":{"mode":{"type":"string","enum":["absolute","adjust"],"default":"absolute"},"items":{"type":"array","maxItems":50000,"items":{"type":"object","required":["fulfillmentCenterId"],"properties":{"productId":{"type":"string"},"sku":{"type":"string","description":"Instead of productId"},"fulfillmentCenterId":{"type":"string"},"inStockQuantity":{"type":"integer","minimum":0,"description":"absolute mode"},"delta":{"type":"integer","description":"adjust mode"},"reorderMinQuantity":{"type":"integer","minimum":0},"preorderQuantity":{"type":"integer","minimum":0},"backorderQuantity":{"type":"integer","minimum":0},"allowBackorder":{"type":"boolean"},"allowPreorder":{"type":"boolean"},"preorderAvailabilityDate":{"type":["string","null"],"format":"date-time"},"backorderAvailabilityDate":{"type":["string","null"],"format":"date-time"},"status":{"type":"string","enum":["Enabled","Disabled"]},"outerId":{"type":["string","null"]}}}}}})");
  router.AddSchema(
      "InventorySyncResult",
      R"({"type":"object","required":["created","updated"],"properties":{"created":{"type":"integer"},"updated":{"type":"integer"},"unchanged":{"type":"integer"}}})");
}

/// Who calls and which centers their store-limited permissions reach.
Result<Caller> MakeCaller(InventoryManager& m, const http::Request& request,
                          const char* write_permission) {
  Caller c;
  c.actor = request.Actor();
  c.request_id = request.request_id;
  if (!request.principal) {
    c.read_centers = std::vector<std::string>{};
    c.write_centers = std::vector<std::string>{};
    c.stores = std::vector<std::string>{};
    c.unlimited_write = false;
    return c;
  }
  const auto& p = *request.principal;
  if (auto stores = p.StoreScope(write_permission)) {
    EMPORION_ASSIGN_OR_RETURN(auto centers, m.CentersOfStores(*stores));
    c.write_centers = std::move(centers);
    c.unlimited_write = false;
  }
  if (!p.Has(kRead)) {
    c.read_centers = c.write_centers;
  } else if (auto stores = p.StoreScope(kRead)) {
    EMPORION_ASSIGN_OR_RETURN(auto centers, m.CentersOfStores(*stores));
    c.read_centers = std::move(centers);
  }
  c.stores = p.StoreScope(kReserve);
  return c;
}

storage::Window ToWindow(const http::ListParams& p) {
  storage::Window w;
  w.limit = p.limit;
  w.offset = p.offset;
  for (const auto& s : p.sort) w.sort.push_back({s.field, s.descending});
  return w;
}

Status CheckStore(const http::Request& request, const char* permission, const std::string& store) {
  if (request.principal && !request.principal->HasForStore(permission, store)) {
    return Error::PermissionDenied("permission '" + std::string(permission) +
                                   "' does not cover store '" + store + "'");
  }
  return Ok();
}

void RegisterCenters(http::Router& router, InventoryManager& m) {
  http::CrudRoutes<FulfillmentCenter> r;
  r.collection = "/api/v1/fulfillment-centers";
  r.schema = "FulfillmentCenter";
  r.noun = "fulfillment center";
  r.tag = "inventory";
  r.read_permission = kRead;
  r.create_permission = kCreate;
  r.update_permission = kUpdate;
  r.delete_permission = kDelete;
  r.sortable = storage::FulfillmentCenterSortFields();
  r.list_filters = {{"code", "string", "Exact code"},
                    {"outerId", "string", "Exact outer id"},
                    {"ids", "string", "Comma-separated ids"}};
  r.list_description =
      "Filtered by q (name or code contains), code, outerId, ids. A caller whose inventory "
      "permissions are limited to stores sees the centers of those stores only.";
  r.delete_description =
      "409 when a store uses the center or it holds stock or reservations; empty inventory "
      "records of the center are deleted with it.";
  r.bulk_description = "Upserts by id, else by code; up to 10,000 items, all or nothing.";
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::FulfillmentCenterFromJson(v, prefix);
  };
  r.write = [](const http::Request&, const FulfillmentCenter& v) { return codec::ToJson(v); };
  r.list = [&m](http::Request& req, const http::ListParams& p)
      -> Result<std::pair<std::vector<FulfillmentCenter>, std::int64_t>> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    storage::CenterFilter f;
    f.q = p.q;
    f.code = http::QueryText(req, "code");
    f.outer_id = http::QueryText(req, "outerId");
    f.ids = http::QueryList(req, "ids");
    EMPORION_ASSIGN_OR_RETURN(auto page, m.ListCenters(c, f, ToWindow(p)));
    return std::make_pair(std::move(page.items), page.total);
  };
  r.get = [&m](http::Request& req, const std::string& id) -> Result<FulfillmentCenter> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    return m.GetCenter(c, id);
  };
  r.create = [&m](http::Request& req, FulfillmentCenter v) -> Result<FulfillmentCenter> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kCreate));
    return m.CreateCenter(c, std::move(v));
  };
  r.update = [&m](http::Request& req, const std::string& id, std::optional<std::int64_t> if_match,
                  const http::CrudMutator<FulfillmentCenter>& mut) -> Result<FulfillmentCenter> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    return m.UpdateCenter(c, id, if_match, mut);
  };
  r.remove = [&m](http::Request& req, const std::string& id,
                  std::optional<std::int64_t> if_match, bool) -> Status {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kDelete));
    return m.DeleteCenter(c, id, if_match);
  };
  r.bulk = [&m](http::Request& req,
                std::vector<FulfillmentCenter> items) -> Result<http::CrudBulkOutcome> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    if (req.principal && req.principal->StoreScope(kCreate)) c.unlimited_write = false;
    EMPORION_ASSIGN_OR_RETURN(auto o, m.BulkCenters(c, std::move(items)));
    return http::CrudBulkOutcome{o.created, o.updated};
  };
  http::RegisterCrudRoutes(router, r);
}

void RegisterRecords(http::Router& router, InventoryManager& m) {
  http::CrudRoutes<InventoryRecord> r;
  r.collection = "/api/v1/inventories";
  r.schema = "InventoryRecord";
  r.noun = "inventory record";
  r.tag = "inventory";
  r.read_permission = kRead;
  r.create_permission = kCreate;
  r.update_permission = kUpdate;
  r.delete_permission = kDelete;
  r.sortable = storage::RecordSortFields();
  r.list_filters = {{"productId", "string", "One product id"},
                    {"productIds", "string", "Comma-separated product ids"},
                    {"fulfillmentCenterId", "string", "Comma-separated fulfillment center ids"},
                    {"status", "string", "Enabled or Disabled"},
                    {"outerId", "string", "Exact outer id"}};
  r.list_description =
      "One record per product and fulfillment center. q matches the start of productId or "
      "outerId. A caller limited to stores sees the records of those stores' centers only.";
  r.delete_description = "409 while the record has reserved units.";
  r.bulk_description =
      "Upserts by id, else by (productId, fulfillmentCenterId); up to 10,000 items, all or "
      "nothing. For ERP feeds of up to 50,000 records use POST /api/v1/inventories/sync.";
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::RecordFromJson(v, prefix);
  };
  r.write = [&m](const http::Request&, const InventoryRecord& v) { return codec::ToJson(v, m.clock().Now()); };
  r.list = [&m](http::Request& req, const http::ListParams& p)
      -> Result<std::pair<std::vector<InventoryRecord>, std::int64_t>> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    storage::RecordFilter f;
    f.q = p.q;
    auto products = http::QueryList(req, "productIds");
    if (auto one = http::QueryList(req, "productId")) {
      if (!products) products = std::vector<std::string>{};
      products->insert(products->end(), one->begin(), one->end());
    }
    f.product_ids = products;
    f.center_ids = http::QueryList(req, "fulfillmentCenterId");
    if (auto more = http::QueryList(req, "fulfillmentCenterIds")) {
      if (!f.center_ids) f.center_ids = std::vector<std::string>{};
      f.center_ids->insert(f.center_ids->end(), more->begin(), more->end());
    }
    f.status = http::QueryText(req, "status");
    if (f.status && *f.status != "Enabled" && *f.status != "Disabled") {
      return Error::InvalidField("status", "must be Enabled or Disabled");
    }
    f.outer_id = http::QueryText(req, "outerId");
    EMPORION_ASSIGN_OR_RETURN(auto page, m.ListRecords(c, f, ToWindow(p)));
    return std::make_pair(std::move(page.items), page.total);
  };
  r.get = [&m](http::Request& req, const std::string& id) -> Result<InventoryRecord> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    return m.GetRecord(c, id);
  };
  r.create = [&m](http::Request& req, InventoryRecord v) -> Result<InventoryRecord> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kCreate));
    return m.CreateRecord(c, std::move(v));
  };
  r.update = [&m](http::Request& req, const std::string& id, std::optional<std::int64_t> if_match,
                  const http::CrudMutator<InventoryRecord>& mut) -> Result<InventoryRecord> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    return m.UpdateRecord(c, id, if_match, mut);
  };
  r.remove = [&m](http::Request& req, const std::string& id,
                  std::optional<std::int64_t> if_match, bool) -> Status {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kDelete));
    return m.DeleteRecord(c, id, if_match);
  };
  r.bulk = [&m](http::Request& req,
                std::vector<InventoryRecord> items) -> Result<http::CrudBulkOutcome> {
    EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
    EMPORION_ASSIGN_OR_RETURN(auto o, m.BulkRecords(c, std::move(items)));
    return http::CrudBulkOutcome{o.created, o.updated};
  };
  http::RegisterCrudRoutes(router, r);
}

void RegisterOperations(http::Router& router, InventoryManager& m) {
  router.Add(
      {.method = http::Verb::get,
       .path = "/api/v1/inventories/availability",
       .permission = kRead,
       .tag = "inventory",
       .summary = "Availability of products in a store",
       .description =
           "Sums over the store's fulfillment centers (main first): available = in stock - "
           "reserved + backorder quantity (when allowed and its date is not past) + preorder "
           "quantity (when allowed and its date has come). Products with trackInventory=false "
           "are always available (available null, isAvailable true). Unknown products show as "
           "unavailable. 403 when the caller's inventory:read does not cover the store.",
       .response_schema = http::CrudRef("InventoryAvailability"),
       .query = {{"storeId", "string", "The store", true},
                 {"productIds", "string", "Comma-separated product ids (at most 1000)", true}},
       .handler = [&m](http::Request& req) -> Result<http::Response> {
         auto store = http::QueryText(req, "storeId");
         if (!store) return Error::InvalidField("storeId", "is required");
         auto products = http::QueryList(req, "productIds");
         if (!products) products = http::QueryList(req, "productId");
         if (!products || products->empty()) {
           return Error::InvalidField("productIds", "is required: comma-separated product ids");
         }
         if (products->size() > 1000) {
           return Error::InvalidField("productIds", "at most 1000 products per request");
         }
         EMPORION_RETURN_IF_ERROR(CheckStore(req, kRead, *store));
         EMPORION_ASSIGN_OR_RETURN(auto items, m.Availability(*store, *products));
         json::Writer w;
         w.StartObject().Key("storeId").String(*store).Key("items").StartArray();
         for (const auto& a : items) codec::WriteAvailability(w, a);
         w.EndArray().EndObject();
         return http::Response::Ok(w.str());
       }});

  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/inventories/reservations",
       .permission = kReserve,
       .tag = "inventory",
       .summary = "Reserve stock for an order",
       .description =
           "All items or none, from the store's fulfillment centers (main first, then the others "
           "by most available). 409 naming each short item (items[i].quantity); 422 for unknown "
           "products or store. Never oversells: the check and the reservation are one "
           "serialized write transaction with conditional updates.",
       .request_schema = http::CrudRef("InventoryReservationRequest"),
       .success_status = 201,
       .response_schema = http::CrudRef("InventoryReservation"),
       .handler = [&m](http::Request& req) -> Result<http::Response> {
         EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(req));
         EMPORION_ASSIGN_OR_RETURN(auto request, codec::ReservationRequestFromJson(body));
         EMPORION_RETURN_IF_ERROR(CheckStore(req, kReserve, request.store_id));
         Caller c;
         c.actor = req.Actor();
         c.request_id = req.request_id;
         EMPORION_ASSIGN_OR_RETURN(auto r, m.ReserveAs(c, request));
         return http::Response::Created(codec::ToJson(r),
                                        "/api/v1/inventories/reservations/" + r.meta.id)
             .WithETag(r.meta.version);
       }});

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/inventories/reservations/{id}",
              .permission = kRead,
              .tag = "inventory",
              .summary = "Read a reservation",
              .response_schema = http::CrudRef("InventoryReservation"),
              .handler = [&m](http::Request& req) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto r, m.GetReservation(req.Param("id")));
                EMPORION_RETURN_IF_ERROR(CheckStore(req, kRead, r.store_id));
                return http::Response::Ok(codec::ToJson(r)).WithETag(r.meta.version);
              }});

  auto finish = [&m](bool commit) {
    return [&m, commit](http::Request& req) -> Result<http::Response> {
      EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kReserve));
      if (commit) {
        EMPORION_ASSIGN_OR_RETURN(auto r, m.CommitAs(c, req.Param("id")));
        return http::Response::Ok(codec::ToJson(r)).WithETag(r.meta.version);
      }
      EMPORION_ASSIGN_OR_RETURN(auto r, m.ReleaseAs(c, req.Param("id")));
      return http::Response::NoContent();
    };
  };
  router.Add({.method = http::Verb::delete_,
              .path = "/api/v1/inventories/reservations/{id}",
              .permission = kReserve,
              .tag = "inventory",
              .summary = "Release a reservation",
              .description = "Gives the reserved units back (204). A committed or released "
                             "reservation cannot change again (409).",
              .success_status = 204,
              .handler = finish(false)});
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/inventories/reservations/{id}/commit",
              .permission = kReserve,
              .tag = "inventory",
              .summary = "Commit a reservation (shipment)",
              .description = "in stock -= quantity and reserved -= quantity for every line; the "
                             "status becomes committed. 409 when not active.",
              .response_schema = http::CrudRef("InventoryReservation"),
              .handler = finish(true)});

  router.Add(
      {.method = http::Verb::post,
       .path = "/api/v1/inventories/sync",
       .permission = kUpdate,
       .tag = "inventory",
       .summary = "ERP synchronisation of inventory records",
       .description =
           "Up to 50,000 records per request (more is 400), one transaction, all or nothing: 422 "
           "names each bad item (items[i].field). mode absolute sets inStockQuantity, adjust adds "
           "delta; other given fields replace the stored ones. Records are matched by (productId "
           "or sku, fulfillmentCenterId) and created when missing. Send an Idempotency-Key so a "
           "retried request is not applied twice. Needs inventory:create as well.",
       .request_schema = http::CrudRef("InventorySyncRequest"),
       .response_schema = http::CrudRef("InventorySyncResult"),
       .handler = [&m](http::Request& req) -> Result<http::Response> {
         if (req.principal && !req.principal->Has(kCreate)) {
           return Error::PermissionDenied("sync needs permission 'inventory:create' as well");
         }
         EMPORION_ASSIGN_OR_RETURN(auto c, MakeCaller(m, req, kUpdate));
         EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(req));
         EMPORION_ASSIGN_OR_RETURN(auto request, codec::SyncRequestFromJson(body));
         EMPORION_ASSIGN_OR_RETURN(auto o, m.Sync(c, std::move(request)));
         json::Writer w;
         w.StartObject().Key("created").Int(o.created).Key("updated").Int(o.updated);
         w.Key("unchanged").Int(o.unchanged).EndObject();
         return http::Response::Ok(w.str());
       }});
}

}  // namespace

void RegisterRoutes(http::Router& router, InventoryManager& manager) {
  RegisterSchemas(router);
  RegisterOperations(router, manager);
  RegisterCenters(router, manager);
  RegisterRecords(router, manager);
}

}  // namespace emporion::inventory::api
