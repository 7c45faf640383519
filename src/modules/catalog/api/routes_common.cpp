#include <algorithm>

#include "modules/catalog/api/resource_routes.hpp"
#include "modules/catalog/api/schemas.hpp"

namespace emporion::catalog::api {
namespace {

CatalogScope Intersect(const CatalogScope& a, const CatalogScope& b) {
  if (!a) return b;
  if (!b) return a;
  std::vector<std::string> out;
  for (const auto& id : *a) {
    if (std::find(b->begin(), b->end(), id) != b->end()) out.push_back(id);
  }
  return out;
}

}  // namespace

Caller MakeCaller(const http::Request& request, const char* write_permission) {
  Caller c;
  c.actor = request.Actor();
  c.request_id = request.request_id;
  c.write_permission = write_permission;
  if (request.principal) {
    const auto& p = *request.principal;
    c.write.catalogs = p.CatalogScope(write_permission);
    c.read.catalogs = p.Has(kRead) ? p.CatalogScope(kRead) : c.write.catalogs;
  } else {
    c.read.catalogs = std::vector<std::string>{};
    c.write.catalogs = std::vector<std::string>{};
  }
  return c;
}

Result<Caller> BulkCaller(const http::Request& request) {
  if (request.principal && !request.principal->Has(kUpdate)) {
    return Error::PermissionDenied("bulk upserts need permission 'catalog:update' as well");
  }
  Caller c = MakeCaller(request, kCreate);
  if (request.principal) {
    c.write.catalogs = Intersect(request.principal->CatalogScope(kCreate),
                                 request.principal->CatalogScope(kUpdate));
  }
  c.write_permission = "catalog:create/update";
  return c;
}

Result<Window> ListWindow(const http::Request& request, const std::vector<std::string>& sortable) {
  EMPORION_ASSIGN_OR_RETURN(auto p, http::ParseListParams(request, sortable));
  Window w;
  w.limit = p.limit;
  w.offset = p.offset;
  for (const auto& s : p.sort) w.sort.push_back({s.field, s.descending});
  return w;
}

std::optional<std::string> QueryString(const http::Request& request, const char* name) {
  return http::QueryText(request, name);
}

Result<std::optional<Timestamp>> QueryTime(const http::Request& request, const char* name) {
  auto v = QueryString(request, name);
  if (!v) return std::optional<Timestamp>{};
  auto t = ParseIso8601(*v);
  if (!t) {
    return Error::InvalidField(name, "must be an ISO 8601 date-time such as 2026-11-24T17:05:00Z");
  }
  return std::optional<Timestamp>(*t);
}

std::vector<http::QueryParamSpec> ListParams(std::vector<http::QueryParamSpec> filters) {
  return http::CrudListParams(std::move(filters));
}

}  // namespace emporion::catalog::api
