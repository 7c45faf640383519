#include "modules/catalog/api/catalog_api.hpp"

#include "modules/catalog/api/resource_routes.hpp"
#include "modules/catalog/api/schemas.hpp"

namespace emporion::catalog::api {
namespace {

template <typename T>
std::function<std::string(const http::Request&, const T&)> Writer() {
  return [](const http::Request&, const T& v) { return codec::ToJson(v); };
}

Result<ProductView> ViewOf(const http::Request& request) {
  auto v = QueryString(request, "view");
  if (!v || *v == "stored") return ProductView::kStored;
  if (*v == "merged") return ProductView::kMerged;
  return Error::InvalidField("view", "must be stored or merged");
}

Result<std::optional<std::vector<std::string>>> QueryIds(const http::Request& request) {
  auto v = QueryString(request, "ids");
  if (!v) return std::optional<std::vector<std::string>>{};
  std::vector<std::string> ids;
  std::string_view rest = *v;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    if (!part.empty()) ids.emplace_back(part);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  if (ids.size() > 1000) return Error::InvalidField("ids", "at most 1000 ids");
  return std::optional<std::vector<std::string>>(std::move(ids));
}

/// `parentId=null` (or empty) asks for roots.
bool IsNullParam(const std::optional<std::string>& v) { return v && (*v == "null"); }

void RegisterCatalogs(http::Router& router, CatalogManager& m) {
  ResourceRoutes<Catalog> r;
  r.collection = "/api/v1/catalogs";
  r.schema = "Catalog";
  r.noun = "catalog";
  r.cascade = true;
  r.delete_description =
      "409 while the catalog holds categories, products, properties or links, unless "
      "?cascade=true deletes all of them.";
  r.list_filters = {{"isVirtual", "boolean", "Only virtual (true) or physical (false) catalogs"}};
  r.sortable = CatalogSortFields();
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::ReadCatalog(v, prefix);
  };
  r.write = Writer<Catalog>();
  r.get = [&m](const http::Request&, const Caller& c, const std::string& id) {
    return m.GetCatalog(c, id);
  };
  r.list = [&m](const http::Request& request, const Caller& c,
                const Window& w) -> Result<Page<Catalog>> {
    CatalogFilter f;
    f.q = QueryString(request, "q");
    EMPORION_ASSIGN_OR_RETURN(f.is_virtual, http::QueryBool(request, "isVirtual"));
    return m.ListCatalogs(c, f, w);
  };
  r.create = [&m](const http::Request&, const Caller& c, Catalog v) {
    return m.CreateCatalog(c, std::move(v));
  };
  r.update = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  const Mutator<Catalog>& mut) { return m.UpdateCatalog(c, id, if_match, mut); };
  r.remove = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool cascade) { return m.DeleteCatalog(c, id, if_match, cascade); };
  r.bulk = [&m](const http::Request&, const Caller& c, std::vector<Catalog> items) {
    return m.BulkCatalogs(c, std::move(items));
  };
  RegisterResource(router, r);

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/catalogs/{id}/tree",
              .permission = kRead,
              .tag = "catalog",
              .summary = "The category tree of a catalog",
              .description = "Nested categories (children by priority, then name), `depth` levels "
                             "from the top (all when absent). A virtual catalog shows its linked "
                             "categories with their subtrees, marked `linked`.",
              .response_schema = Ref("CategoryTree"),
              .query = {{"depth", "integer", "Levels to return, 1 to 100 (default: all)"}},
              .handler = [&m](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto depth, http::QueryInt(request, "depth"));
                if (depth && (*depth < 1 || *depth > 100)) {
                  return Error::InvalidField("depth", "must be from 1 to 100");
                }
                const std::string& id = request.Param("id");
                EMPORION_ASSIGN_OR_RETURN(
                    auto nodes,
                    m.CatalogTree(MakeCaller(request), id, static_cast<int>(depth.value_or(0))));
                json::Writer w;
                w.StartObject().Key("catalogId").String(id).Key("depth");
                if (depth) {
                  w.Int(*depth);
                } else {
                  w.Null();
                }
                w.Key("items").StartArray();
                for (const auto& n : nodes) codec::Write(w, n);
                w.EndArray().EndObject();
                return http::Response::Ok(w.str());
              }});

  ResourceRoutes<CatalogLink> l;
  l.collection = "/api/v1/catalogs/{id}/links";
  l.item_param = "linkId";
  l.schema = "CatalogLink";
  l.noun = "virtual-catalog link";
  l.list_filters = {{"categoryId", "string", "Links placed under this category of the catalog"},
                    {"entryId", "string", "Links of this product or category"},
                    {"entryType", "string", "product or category"}};
  l.sortable = LinkSortFields();
  l.parse = [](const http::Request& request, const json::Value& v,
               const std::string& prefix) -> Result<CatalogLink> {
    EMPORION_ASSIGN_OR_RETURN(auto link, codec::ReadLink(v, prefix));
    link.catalog_id = request.Param("id");
    return link;
  };
  l.write = Writer<CatalogLink>();
  l.get = [&m](const http::Request& request, const Caller& c, const std::string& id) {
    return m.GetLink(c, request.Param("id"), id);
  };
  l.list = [&m](const http::Request& request, const Caller& c, const Window& w) {
    LinkFilter f;
    f.catalog_id = request.Param("id");
    f.category_id = QueryString(request, "categoryId");
    f.entry_id = QueryString(request, "entryId");
    f.entry_type = QueryString(request, "entryType");
    return m.ListLinks(c, f, w);
  };
  l.create = [&m](const http::Request&, const Caller& c, CatalogLink v) {
    return m.CreateLink(c, std::move(v));
  };
  l.update = [&m](const http::Request& request, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match, const Mutator<CatalogLink>& mut) {
    return m.UpdateLink(c, request.Param("id"), id, if_match, mut);
  };
  l.remove = [&m](const http::Request& request, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool) { return m.DeleteLink(c, request.Param("id"), id, if_match); };
  l.bulk = [&m](const http::Request& request, const Caller& c, std::vector<CatalogLink> items) {
    return m.BulkLinks(c, request.Param("id"), std::move(items));
  };
  RegisterResource(router, l);
}

void RegisterCategories(http::Router& router, CatalogManager& m) {
  ResourceRoutes<Category> r;
  r.collection = "/api/v1/categories";
  r.schema = "Category";
  r.noun = "category";
  r.cascade = true;
  r.delete_description =
      "409 while the category has subcategories, products or links, unless ?cascade=true "
      "deletes its whole subtree with everything in it.";
  r.list_filters = {{"catalogId", "string", "Categories of this catalog"},
                    {"parentId", "string", "Children of this category; `null` for root categories"},
                    {"includeDescendants", "boolean", "With parentId: the whole subtree below it"},
                    {"code", "string", "Exact code"},
                    {"isActive", "boolean", ""},
                    {"modifiedSince", "string", "Changed at or after this ISO 8601 time"},
                    {"ids", "string", "Comma-separated ids"}};
  r.sortable = CategorySortFields();
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::ReadCategory(v, prefix);
  };
  r.write = Writer<Category>();
  r.get = [&m](const http::Request&, const Caller& c, const std::string& id) {
    return m.GetCategory(c, id);
  };
  r.list = [&m](const http::Request& request, const Caller& c,
                const Window& w) -> Result<Page<Category>> {
    CategoryFilter f;
    f.catalog_id = QueryString(request, "catalogId");
    auto parent = request.Query("parentId");
    if (IsNullParam(parent) || (parent && parent->empty())) {
      f.roots_only = true;
    } else {
      f.parent_id = parent;
    }
    EMPORION_ASSIGN_OR_RETURN(auto descendants, http::QueryBool(request, "includeDescendants"));
    f.include_descendants = descendants.value_or(false);
    f.q = QueryString(request, "q");
    f.code = QueryString(request, "code");
    EMPORION_ASSIGN_OR_RETURN(f.is_active, http::QueryBool(request, "isActive"));
    EMPORION_ASSIGN_OR_RETURN(f.modified_since, QueryTime(request, "modifiedSince"));
    EMPORION_ASSIGN_OR_RETURN(f.ids, QueryIds(request));
    return m.ListCategories(c, f, w);
  };
  r.create = [&m](const http::Request&, const Caller& c, Category v) {
    return m.CreateCategory(c, std::move(v));
  };
  r.update = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  const Mutator<Category>& mut) { return m.UpdateCategory(c, id, if_match, mut); };
  r.remove = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool cascade) { return m.DeleteCategory(c, id, if_match, cascade); };
  r.bulk = [&m](const http::Request&, const Caller& c, std::vector<Category> items) {
    return m.BulkCategories(c, std::move(items));
  };
  RegisterResource(router, r);

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/categories/{id}/properties",
              .permission = kRead,
              .tag = "catalog",
              .summary = "Property definitions that apply to a category",
              .description = "Those of the catalog, then those of each ancestor from the root "
                             "down, then its own; `categoryId` tells where each is defined.",
              .response_schema = ListOf("Property"),
              .handler = [&m](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(
                    auto props, m.CategoryProperties(MakeCaller(request), request.Param("id")));
                std::vector<std::string> items;
                for (const auto& p : props) items.push_back(codec::ToJson(p));
                return http::Response::Ok(
                    http::ListEnvelope(items, static_cast<std::int64_t>(items.size())));
              }});
}

void RegisterProducts(http::Router& router, CatalogManager& m) {
  ResourceRoutes<Product> r;
  r.collection = "/api/v1/products";
  r.schema = "Product";
  r.noun = "product";
  r.cascade = true;
  r.delete_description =
      "409 while the product has variations, unless ?cascade=true deletes them with it. Links "
      "to it, its SEO infos and associations (also those pointing at it) go with it.";
  const http::QueryParamSpec view = {
      "view", "string",
      "stored (default): what was saved; merged: a variation completed from its main product"};
  r.read_params = {view};
  r.list_filters = {
      {"catalogId", "string", "Products of a physical catalog, or linked into a virtual one"},
      {"categoryId", "string", "Products of this category"},
      {"includeDescendants", "boolean", "With categoryId: also of every category below it"},
      {"code", "string", "Exact SKU"},
      {"isActive", "boolean", ""},
      {"mainProductId", "string", "Variations of this product"},
      {"isVariation", "boolean", "Only variations (true) or only main products (false)"},
      {"modifiedSince", "string", "Changed at or after this ISO 8601 time"},
      {"ids", "string", "Comma-separated ids"},
      view};
  r.sortable = ProductSortFields();
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::ReadProduct(v, prefix);
  };
  r.write = Writer<Product>();
  r.get = [&m](const http::Request& request, const Caller& c,
               const std::string& id) -> Result<Product> {
    EMPORION_ASSIGN_OR_RETURN(auto v, ViewOf(request));
    return m.GetProduct(c, id, v);
  };
  r.get_json = [&m](const http::Request& request, const Caller& c,
                    const std::string& id) -> Result<std::pair<std::string, std::int64_t>> {
    EMPORION_ASSIGN_OR_RETURN(auto v, ViewOf(request));
    return m.GetProductJson(c, id, v);
  };
  r.list = [&m](const http::Request& request, const Caller& c,
                const Window& w) -> Result<Page<Product>> {
    EMPORION_ASSIGN_OR_RETURN(auto v, ViewOf(request));
    ProductQuery q;
    q.catalog_id = QueryString(request, "catalogId");
    q.category_id = QueryString(request, "categoryId");
    EMPORION_ASSIGN_OR_RETURN(auto descendants, http::QueryBool(request, "includeDescendants"));
    q.include_descendants = descendants.value_or(false);
    q.q = QueryString(request, "q");
    q.code = QueryString(request, "code");
    EMPORION_ASSIGN_OR_RETURN(q.is_active, http::QueryBool(request, "isActive"));
    q.main_product_id = QueryString(request, "mainProductId");
    EMPORION_ASSIGN_OR_RETURN(q.is_variation, http::QueryBool(request, "isVariation"));
    EMPORION_ASSIGN_OR_RETURN(q.modified_since, QueryTime(request, "modifiedSince"));
    EMPORION_ASSIGN_OR_RETURN(q.ids, QueryIds(request));
    return m.ListProducts(c, q, w, v);
  };
  r.create = [&m](const http::Request&, const Caller& c, Product v) {
    return m.CreateProduct(c, std::move(v));
  };
  r.update = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  const Mutator<Product>& mut) { return m.UpdateProduct(c, id, if_match, mut); };
  r.remove = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool cascade) { return m.DeleteProduct(c, id, if_match, cascade); };
  r.bulk = [&m](const http::Request&, const Caller& c, std::vector<Product> items) {
    return m.BulkProducts(c, std::move(items));
  };
  RegisterResource(router, r);

  router.Add({.method = http::Verb::get,
              .path = "/api/v1/products/{id}/properties",
              .permission = kRead,
              .tag = "catalog",
              .summary = "Property definitions that apply to a product",
              .description = "Product and Variation properties of its catalog and of its "
                             "category's ancestors (a variation without category: its main "
                             "product's).",
              .response_schema = ListOf("Property"),
              .handler = [&m](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(
                    auto props, m.ProductProperties(MakeCaller(request), request.Param("id")));
                std::vector<std::string> items;
                for (const auto& p : props) items.push_back(codec::ToJson(p));
                return http::Response::Ok(
                    http::ListEnvelope(items, static_cast<std::int64_t>(items.size())));
              }});

  ResourceRoutes<ProductAssociation> a;
  a.collection = "/api/v1/products/{id}/associations";
  a.item_param = "associationId";
  a.schema = "ProductAssociation";
  a.noun = "product association";
  a.list_filters = {{"type", "string", "Associations of this type"},
                    {"associatedObjectId", "string", "Associations pointing at this object"}};
  a.sortable = AssociationSortFields();
  a.parse = [](const http::Request& request, const json::Value& v,
               const std::string& prefix) -> Result<ProductAssociation> {
    EMPORION_ASSIGN_OR_RETURN(auto assoc, codec::ReadAssociation(v, prefix));
    assoc.product_id = request.Param("id");
    return assoc;
  };
  a.write = Writer<ProductAssociation>();
  a.get = [&m](const http::Request& request, const Caller& c, const std::string& id) {
    return m.GetAssociation(c, request.Param("id"), id);
  };
  a.list = [&m](const http::Request& request, const Caller& c, const Window& w) {
    AssociationFilter f;
    f.product_id = request.Param("id");
    f.type = QueryString(request, "type");
    f.associated_object_id = QueryString(request, "associatedObjectId");
    return m.ListAssociations(c, f, w);
  };
  a.create = [&m](const http::Request&, const Caller& c, ProductAssociation v) {
    return m.CreateAssociation(c, std::move(v));
  };
  a.update = [&m](const http::Request& request, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match, const Mutator<ProductAssociation>& mut) {
    return m.UpdateAssociation(c, request.Param("id"), id, if_match, mut);
  };
  a.remove = [&m](const http::Request& request, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool) { return m.DeleteAssociation(c, request.Param("id"), id, if_match); };
  a.bulk = [&m](const http::Request& request, const Caller& c,
                std::vector<ProductAssociation> items) {
    return m.BulkAssociations(c, request.Param("id"), std::move(items));
  };
  RegisterResource(router, a);
}

void RegisterProperties(http::Router& router, CatalogManager& m) {
  ResourceRoutes<Property> r;
  r.collection = "/api/v1/properties";
  r.schema = "Property";
  r.noun = "property";
  r.cascade = true;
  r.delete_description =
      "409 while products or categories hold values of the property, unless ?cascade=true "
      "removes those values with it. Its dictionary items go with it.";
  r.list_filters = {{"catalogId", "string", ""},
                    {"categoryId", "string", "Defined on this category; `null`: on the catalog"},
                    {"name", "string", "Exact name"},
                    {"type", "string", "Catalog, Category, Product or Variation"}};
  r.sortable = PropertySortFields();
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::ReadProperty(v, prefix);
  };
  r.write = Writer<Property>();
  r.get = [&m](const http::Request&, const Caller& c, const std::string& id) {
    return m.GetProperty(c, id);
  };
  r.list = [&m](const http::Request& request, const Caller& c, const Window& w) {
    PropertyFilter f;
    f.catalog_id = QueryString(request, "catalogId");
    auto category = request.Query("categoryId");
    if (IsNullParam(category)) {
      f.catalog_level_only = true;
    } else {
      f.category_id = QueryString(request, "categoryId");
    }
    f.q = QueryString(request, "q");
    f.name = QueryString(request, "name");
    f.type = QueryString(request, "type");
    return m.ListProperties(c, f, w);
  };
  r.create = [&m](const http::Request&, const Caller& c, Property v) {
    return m.CreateProperty(c, std::move(v));
  };
  r.update = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  const Mutator<Property>& mut) { return m.UpdateProperty(c, id, if_match, mut); };
  r.remove = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool cascade) { return m.DeleteProperty(c, id, if_match, cascade); };
  r.bulk = [&m](const http::Request&, const Caller& c, std::vector<Property> items) {
    return m.BulkProperties(c, std::move(items));
  };
  RegisterResource(router, r);

  ResourceRoutes<DictionaryItem> d;
  d.collection = "/api/v1/properties/{id}/dictionary-items";
  d.item_param = "itemId";
  d.schema = "DictionaryItem";
  d.noun = "dictionary item";
  d.delete_description = "409 while a product or category uses the item as a value.";
  d.list_filters = {{"alias", "string", "Exact alias"}};
  d.sortable = DictionaryItemSortFields();
  d.parse = [](const http::Request& request, const json::Value& v,
               const std::string& prefix) -> Result<DictionaryItem> {
    EMPORION_ASSIGN_OR_RETURN(auto item, codec::ReadDictionaryItem(v, prefix));
    item.property_id = request.Param("id");
    return item;
  };
  d.write = Writer<DictionaryItem>();
  d.get = [&m](const http::Request& request, const Caller& c, const std::string& id) {
    return m.GetDictionaryItem(c, request.Param("id"), id);
  };
  d.list = [&m](const http::Request& request, const Caller& c, const Window& w) {
    DictionaryFilter f;
    f.property_id = request.Param("id");
    f.q = QueryString(request, "q");
    f.alias = QueryString(request, "alias");
    return m.ListDictionaryItems(c, f, w);
  };
  d.create = [&m](const http::Request&, const Caller& c, DictionaryItem v) {
    return m.CreateDictionaryItem(c, std::move(v));
  };
  d.update = [&m](const http::Request& request, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match, const Mutator<DictionaryItem>& mut) {
    return m.UpdateDictionaryItem(c, request.Param("id"), id, if_match, mut);
  };
  d.remove = [&m](const http::Request& request, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool) { return m.DeleteDictionaryItem(c, request.Param("id"), id, if_match); };
  d.bulk = [&m](const http::Request& request, const Caller& c, std::vector<DictionaryItem> items) {
    return m.BulkDictionaryItems(c, request.Param("id"), std::move(items));
  };
  RegisterResource(router, d);
}

void RegisterSeo(http::Router& router, CatalogManager& m) {
  ResourceRoutes<SeoInfo> r;
  r.collection = "/api/v1/seo-infos";
  r.schema = "SeoInfo";
  r.noun = "SEO info";
  r.list_filters = {{"objectType", "string", "Product, Category, Catalog, ..."},
                    {"objectId", "string", ""},
                    {"semanticUrl", "string", "The slug (case-insensitive): resolves it"},
                    {"storeId", "string", ""},
                    {"languageCode", "string", ""},
                    {"isActive", "boolean", ""}};
  r.sortable = SeoSortFields();
  r.parse = [](const http::Request&, const json::Value& v, const std::string& prefix) {
    return codec::ReadSeoInfo(v, prefix);
  };
  r.write = Writer<SeoInfo>();
  r.get = [&m](const http::Request&, const Caller& c, const std::string& id) {
    return m.GetSeoInfo(c, id);
  };
  r.list = [&m](const http::Request& request, const Caller& c,
                const Window& w) -> Result<Page<SeoInfo>> {
    SeoFilter f;
    f.object_type = QueryString(request, "objectType");
    f.object_id = QueryString(request, "objectId");
    f.semantic_url = QueryString(request, "semanticUrl");
    f.store_id = QueryString(request, "storeId");
    f.language_code = QueryString(request, "languageCode");
    EMPORION_ASSIGN_OR_RETURN(f.is_active, http::QueryBool(request, "isActive"));
    return m.ListSeoInfos(c, f, w);
  };
  r.create = [&m](const http::Request&, const Caller& c, SeoInfo v) {
    return m.CreateSeoInfo(c, std::move(v));
  };
  r.update = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  const Mutator<SeoInfo>& mut) { return m.UpdateSeoInfo(c, id, if_match, mut); };
  r.remove = [&m](const http::Request&, const Caller& c, const std::string& id,
                  std::optional<std::int64_t> if_match,
                  bool) { return m.DeleteSeoInfo(c, id, if_match); };
  r.bulk = [&m](const http::Request&, const Caller& c, std::vector<SeoInfo> items) {
    return m.BulkSeoInfos(c, std::move(items));
  };
  RegisterResource(router, r);
}

}  // namespace

void RegisterRoutes(http::Router& router, CatalogManager& manager) {
  RegisterSchemas(router);
  RegisterCatalogs(router, manager);
  RegisterCategories(router, manager);
  RegisterProducts(router, manager);
  RegisterProperties(router, manager);
  RegisterSeo(router, manager);
}

}  // namespace emporion::catalog::api
