#include "modules/pricing/api/pricing_api.hpp"

#include "modules/pricing/codec/pricing_json.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/http/crud_routes.hpp"

namespace emporion::pricing::api {
namespace {

// ---- schemas --------------------------------------------------------------------------------

constexpr const char* kMeta =
    R"("id":{"type":"string","description":"Client-supplied on create, else a UUID v7"},)"
    R"("version":{"type":"integer","readOnly":true},)"
    R"("createdAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("createdBy":{"type":"string","readOnly":true},)"
    R"("modifiedAt":{"type":"string","format":"date-time","readOnly":true},)"
    R"("modifiedBy":{"type":"string","readOnly":true})";

void RegisterSchemas(http::Router& router) {
  const std::string meta = kMeta;
  router.AddSchema(
      "PriceList",
      R"({"type":"object","required":["name","currency"],"properties":{)" + meta +
          R"(,"name":{"type":"string","description":"Unique"},"description":{"type":["string","null"]},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217"},"outerId":{"type":["string","null"]}}})");
  router.AddSchema(
      "Price",
      R"({"type":"object","required":["priceListId","productId","list"],"properties":{)" + meta +
          R"(,"priceListId":{"type":"string"},"productId":{"type":"string"},"list":{"type":"number","minimum":0,"description":"At most 4 decimals"},"sale":{"type":["number","null"],"minimum":0,"description":"Not above list"},"minQuantity":{"type":"integer","minimum":1,"default":1},"startDate":{"type":["string","null"],"format":"date-time","description":"Inclusive"},"endDate":{"type":["string","null"],"format":"date-time","description":"Exclusive"}}})");
  router.AddSchema(
      "PricingCondition",
      R"json({"type":"object","required":["type"],"description":"A group (and, or, not: conditions) or a leaf (userGroup, country, customerTag, store: value)","properties":{"type":{"type":"string","enum":["and","or","not","userGroup","country","customerTag","store"]},"value":{"type":"string"},"conditions":{"type":"array","items":{"$ref":"#/components/schemas/PricingCondition"}}}})json");
  router.AddSchema(
      "PriceListAssignment",
      R"({"type":"object","required":["priceListId","name"],"properties":{)" + meta +
          R"(,"priceListId":{"type":"string"},"catalogId":{"type":["string","null"]},"storeId":{"type":["string","null"]},"name":{"type":"string"},"description":{"type":["string","null"]},"priority":{"type":"integer","default":0,"description":"Higher wins"},"startDate":{"type":["string","null"],"format":"date-time"},"endDate":{"type":["string","null"],"format":"date-time"},"isActive":{"type":"boolean","default":true},"conditions":{"type":"array","description":"All must hold; empty: everyone","items":{"$ref":"#/components/schemas/PricingCondition"}}}})");
  router.AddSchema(
      "PriceEvaluationRequest",
      R"({"type":"object","required":["currency","productIds"],"properties":{"storeId":{"type":["string","null"]},"catalogId":{"type":["string","null"]},"currency":{"type":"string","pattern":"^[A-Z]{3}$"},"customerId":{"type":["string","null"]},"userGroups":{"type":"array","items":{"type":"string"}},"country":{"type":["string","null"]},"tags":{"type":"array","items":{"type":"string"}},"date":{"type":["string","null"],"format":"date-time","description":"Default now; a future date previews scheduled prices"},"quantity":{"type":"integer","minimum":1,"default":1},"productIds":{"type":"array","maxItems":1000,"items":{"type":"string"}},"explain":{"type":"boolean","default":false}}})");
  router.AddSchema(
      "PriceEvaluation",
      R"({"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"type":"object","required":["productId","currency","list","priceListId","assignmentId","tiers"],"properties":{"productId":{"type":"string"},"currency":{"type":"string"},"list":{"type":"number"},"sale":{"type":["number","null"]},"priceListId":{"type":"string"},"assignmentId":{"type":"string"},"priceProductId":{"type":"string","description":"The main product whose price a variation took"},"tiers":{"type":"array","items":{"type":"object","properties":{"minQuantity":{"type":"integer"},"list":{"type":"number"},"sale":{"type":["number","null"]}}}},"explanation":{"type":"array","items":{"type":"object","properties":{"assignmentId":{"type":"string"},"priceListId":{"type":"string"},"priority":{"type":"integer"},"outcome":{"type":"string","enum":["won","inactive","date","store","catalog","condition","currency","priority","noPrice"]}}}}}}}}})");
}

// ---- shared route plumbing ------------------------------------------------------------------

Caller CallerOf(const http::Request& request) { return {request.Actor(), request.request_id}; }


template <typename T>
struct Resource {
  std::string collection;
  std::string schema;
  std::string noun;
  std::vector<http::QueryParamSpec> filters;
  std::vector<std::string> sortable;
  std::string delete_description;
  bool cascade = false;
  std::function<Result<T>(const json::Value&, const std::string&)> parse;
  std::function<Result<T>(const std::string&)> get;
  std::function<Result<storage::Page<T>>(const http::Request&, const storage::Window&)> list;
  std::function<Result<T>(const Caller&, T)> create;
  std::function<Result<T>(const Caller&, const std::string&, std::optional<std::int64_t>,
                          const Mutator<T>&)>
      update;
  std::function<Status(const Caller&, const std::string&, std::optional<std::int64_t>, bool)>
      remove;
  std::function<Result<BulkOutcome>(const Caller&, std::vector<T>)> bulk;
};

/// The seven routes of a pricing resource, through the platform's one CRUD implementation.
template <typename T>
void Register(http::Router& router, const Resource<T>& r) {
  http::CrudRoutes<T> c;
  c.collection = r.collection;
  c.schema = r.schema;
  c.noun = r.noun;
  c.tag = "pricing";
  c.read_permission = kRead;
  c.create_permission = kCreate;
  c.update_permission = kUpdate;
  c.delete_permission = kDelete;
  c.bulk_permission = kUpdate;
  c.bulk_also_permission = kCreate;
  c.list_filters = r.filters;
  c.sortable = r.sortable;
  c.cascade = r.cascade;
  c.short_read = true;
  c.list_description =
      "Paged with limit/offset, sorted with sort=field:asc|desc, filtered by q and the listed "
      "parameters.";
  c.delete_description = r.delete_description;
  c.bulk_description =
      "Upserts by id, else by business key; up to 10,000 items, all or nothing. 422 names each "
      "bad item by index (items[3].list). Needs pricing:update (and pricing:create).";
  c.parse = [parse = r.parse](const http::Request&, const json::Value& body,
                              const std::string& prefix) { return parse(body, prefix); };
  c.write = [](const http::Request&, const T& v) { return codec::ToJson(v); };
  c.list = [list = r.list](http::Request& request, const http::ListParams& p)
      -> Result<std::pair<std::vector<T>, std::int64_t>> {
    storage::Window w;
    w.limit = p.limit;
    w.offset = p.offset;
    for (const auto& s : p.sort) w.sort.push_back({s.field, s.descending});
    EMPORION_ASSIGN_OR_RETURN(auto page, list(request, w));
    return std::make_pair(std::move(page.items), static_cast<std::int64_t>(page.total));
  };
  c.get = [get = r.get](http::Request&, const std::string& id) { return get(id); };
  c.create = [create = r.create](http::Request& request, T v) {
    return create(CallerOf(request), std::move(v));
  };
  c.update = [update = r.update](http::Request& request, const std::string& id,
                                 std::optional<std::int64_t> if_match,
                                 const http::CrudMutator<T>& mutate) {
    return update(CallerOf(request), id, if_match, mutate);
  };
  c.remove = [remove = r.remove](http::Request& request, const std::string& id,
                                 std::optional<std::int64_t> if_match, bool cascade) {
    return remove(CallerOf(request), id, if_match, cascade);
  };
  c.bulk = [bulk = r.bulk](http::Request& request,
                           std::vector<T> items) -> Result<http::CrudBulkOutcome> {
    EMPORION_ASSIGN_OR_RETURN(auto outcome, bulk(CallerOf(request), std::move(items)));
    return http::CrudBulkOutcome{outcome.created, outcome.updated};
  };
  http::RegisterCrudRoutes(router, c);
}

Result<std::optional<std::vector<std::string>>> QueryIdList(const http::Request& request,
                                                            const char* name) {
  auto v = http::QueryText(request, name);
  if (!v) return std::optional<std::vector<std::string>>{};
  std::vector<std::string> ids;
  std::string_view rest = *v;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    if (!part.empty()) ids.emplace_back(part);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  if (ids.size() > 1000) return Error::InvalidField(name, "at most 1000 ids");
  return std::optional<std::vector<std::string>>(std::move(ids));
}

void RegisterPriceLists(http::Router& router, PricingManager& m) {
  Resource<PriceList> r;
  r.collection = "/api/v1/price-lists";
  r.schema = "PriceList";
  r.noun = "price list";
  r.cascade = true;
  r.delete_description =
      "409 while the list has prices or assignments, unless ?cascade=true deletes them too.";
  r.filters = {{"currency", "string", "ISO 4217 code"}, {"name", "string", "Exact name"}};
  r.sortable = storage::PriceListSortFields();
  r.parse = codec::ReadPriceList;
  r.get = [&m](const std::string& id) { return m.GetPriceList(id); };
  r.list = [&m](const http::Request& request, const storage::Window& w) {
    storage::PriceListFilter f;
    f.q = http::QueryText(request, "q");
    f.currency = http::QueryText(request, "currency");
    f.name = http::QueryText(request, "name");
    return m.ListPriceLists(f, w);
  };
  r.create = [&m](const Caller& c, PriceList v) { return m.CreatePriceList(c, std::move(v)); };
  r.update = [&m](const Caller& c, const std::string& id, std::optional<std::int64_t> v,
                  const Mutator<PriceList>& mut) { return m.UpdatePriceList(c, id, v, mut); };
  r.remove = [&m](const Caller& c, const std::string& id, std::optional<std::int64_t> v,
                  bool cascade) { return m.DeletePriceList(c, id, v, cascade); };
  r.bulk = [&m](const Caller& c, std::vector<PriceList> items) {
    return m.BulkPriceLists(c, std::move(items));
  };
  Register(router, r);
}

void RegisterPrices(http::Router& router, PricingManager& m) {
  Resource<Price> r;
  r.collection = "/api/v1/prices";
  r.schema = "Price";
  r.noun = "price";
  r.delete_description = "Prices are not referenced by other data: always 204.";
  r.filters = {{"priceListId", "string", "Prices of this list"},
               {"productId", "string", "Prices of this product"},
               {"productIds", "string", "Comma-separated product ids (at most 1000)"}};
  r.sortable = storage::PriceSortFields();
  r.parse = codec::ReadPrice;
  r.get = [&m](const std::string& id) { return m.GetPrice(id); };
  r.list = [&m](const http::Request& request,
                const storage::Window& w) -> Result<storage::Page<Price>> {
    storage::PriceFilter f;
    f.price_list_id = http::QueryText(request, "priceListId");
    EMPORION_ASSIGN_OR_RETURN(f.product_ids, QueryIdList(request, "productIds"));
    if (auto one = http::QueryText(request, "productId")) {
      if (f.product_ids) {
        std::vector<std::string> both;
        for (const auto& id : *f.product_ids) {
          if (id == *one) both.push_back(id);
        }
        f.product_ids = both;
      } else {
        f.product_ids = std::vector<std::string>{*one};
      }
    }
    return m.ListPrices(f, w);
  };
  r.create = [&m](const Caller& c, Price v) { return m.CreatePrice(c, std::move(v)); };
  r.update = [&m](const Caller& c, const std::string& id, std::optional<std::int64_t> v,
                  const Mutator<Price>& mut) { return m.UpdatePrice(c, id, v, mut); };
  r.remove = [&m](const Caller& c, const std::string& id, std::optional<std::int64_t> v, bool) {
    return m.DeletePrice(c, id, v);
  };
  r.bulk = [&m](const Caller& c, std::vector<Price> items) {
    return m.BulkPrices(c, std::move(items));
  };
  Register(router, r);
}

void RegisterAssignments(http::Router& router, PricingManager& m) {
  Resource<Assignment> r;
  r.collection = "/api/v1/price-list-assignments";
  r.schema = "PriceListAssignment";
  r.noun = "price list assignment";
  r.delete_description = "Assignments are not referenced by other data: always 204.";
  r.filters = {{"priceListId", "string", "Assignments of this list"},
               {"storeId", "string", "Assignments limited to this store"},
               {"catalogId", "string", "Assignments limited to this catalog"}};
  r.sortable = storage::AssignmentSortFields();
  r.parse = codec::ReadAssignment;
  r.get = [&m](const std::string& id) { return m.GetAssignment(id); };
  r.list = [&m](const http::Request& request, const storage::Window& w) {
    storage::AssignmentFilter f;
    f.q = http::QueryText(request, "q");
    f.price_list_id = http::QueryText(request, "priceListId");
    f.store_id = http::QueryText(request, "storeId");
    f.catalog_id = http::QueryText(request, "catalogId");
    return m.ListAssignments(f, w);
  };
  r.create = [&m](const Caller& c, Assignment v) { return m.CreateAssignment(c, std::move(v)); };
  r.update = [&m](const Caller& c, const std::string& id, std::optional<std::int64_t> v,
                  const Mutator<Assignment>& mut) { return m.UpdateAssignment(c, id, v, mut); };
  r.remove = [&m](const Caller& c, const std::string& id, std::optional<std::int64_t> v, bool) {
    return m.DeleteAssignment(c, id, v);
  };
  r.bulk = [&m](const Caller& c, std::vector<Assignment> items) {
    return m.BulkAssignments(c, std::move(items));
  };
  Register(router, r);
}

void RegisterEvaluate(http::Router& router, PricingManager& m) {
  router.Add({.method = http::Verb::post,
              .path = "/api/v1/pricing/evaluate",
              .permission = kRead,
              .tag = "pricing",
              .summary = "Evaluate prices for a shopper",
              .description =
                  "For up to 1,000 products: the assignments that apply (active, in their date "
                  "window, matching store/catalog and conditions, list in the requested "
                  "currency) are ranked by priority (higher wins; ties: later startDate, then "
                  "newer assignment, then smaller id). The first list with a price valid at "
                  "`date` for the quantity (the tier with the largest minQuantity not above "
                  "it) wins. A variation without a price takes its main product's. Products "
                  "without a price are absent. explain=true lists every assignment and why it "
                  "lost.",
              .request_schema = http::CrudRef("PriceEvaluationRequest"),
              .response_schema = http::CrudRef("PriceEvaluation"),
              // Indexed reads only (about a millisecond for 100 products at 10M prices), like
              // the storefront's search routes: on SQLite it runs on the I/O thread.
              .short_read = true,
              .idempotency_replay = false,
              .handler = [&m](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto body, http::ParseBody(request));
                EMPORION_ASSIGN_OR_RETURN(auto req, codec::ReadEvaluationRequest(body));
                EMPORION_ASSIGN_OR_RETURN(auto items, m.Evaluate(req));
                return http::Response::Ok(codec::EvaluationToJson(items));
              }});
}

}  // namespace

void RegisterRoutes(http::Router& router, PricingManager& manager) {
  RegisterSchemas(router);
  RegisterPriceLists(router, manager);
  RegisterPrices(router, manager);
  RegisterAssignments(router, manager);
  RegisterEvaluate(router, manager);
}

}  // namespace emporion::pricing::api
