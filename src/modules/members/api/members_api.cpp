#include "modules/members/api/members_api.hpp"

#include "platform/resource/resource_routes.hpp"

namespace emporion::members::api {
namespace {

constexpr const char* kAddressSchema =
    R"j({"type":"object","required":["type","line1","city","countryCode"],"properties":{)j"
    R"j("type":{"type":"string","enum":["billing","shipping","billingAndShipping"]},)j"
    R"j("name":{"type":["string","null"]},"line1":{"type":"string"},"line2":{"type":["string","null"]},)j"
    R"j("city":{"type":"string"},"regionCode":{"type":["string","null"]},"postalCode":{"type":["string","null"]},)j"
    R"j("countryCode":{"type":"string","description":"ISO 3166-1 alpha-2 or alpha-3 (stored upper-case)"},)j"
    R"j("phone":{"type":["string","null"]},"email":{"type":["string","null"],"format":"email"}}})j";

constexpr const char* kCommonMembers =
    R"j("memberType":{"type":"string","enum":["Contact","Organization","Employee","Vendor"],"readOnly":true},)j"
    R"j("name":{"type":"string"},)j"
    R"j("addresses":{"type":"array","items":{"$ref":"#/components/schemas/MemberAddress"}},)j"
    R"j("emails":{"type":"array","items":{"type":"string","format":"email"}},)j"
    R"j("phones":{"type":"array","items":{"type":"string"}},)j"
    R"j("groups":{"type":"array","items":{"type":"string"},"description":"User groups (what price lists and promotions target)"},)j"
    R"j("tags":{"type":"array","items":{"type":"string"}},)j"
    R"j("defaultLanguage":{"type":["string","null"],"description":"BCP 47 tag"},)j"
    R"j("timeZone":{"type":["string","null"],"description":"IANA time zone, e.g. Europe/Berlin"},)j"
    R"j("outerId":{"type":["string","null"],"description":"Key in an external system (ERP); not unique"},)j"
    R"j("description":{"type":["string","null"]},)j"
    R"j("status":{"type":"string","enum":["New","Approved","Rejected"],"default":"Approved"},)j"
    R"j("isActive":{"type":"boolean","default":true})j";

constexpr const char* kPersonMembers =
    R"j(,"firstName":{"type":["string","null"]},"lastName":{"type":["string","null"]},)j"
    R"j("fullName":{"type":"string","description":"Defaults to firstName lastName; equals name"},)j"
    R"j("organizations":{"type":"array","items":{"type":"string"},"description":"Ids of organizations the person belongs to"})j";

std::string Schema(const std::string& extra, const std::string& required) {
  return std::string(R"j({"type":"object","properties":{)j") + resource::kMetaSchemaMembers +
         kCommonMembers + extra + "}" + required + "}";
}

std::vector<http::QueryParamSpec> Filters(bool with_type) {
  std::vector<http::QueryParamSpec> out = {
      {"email", "string", "Has this e-mail (case-insensitive)"},
      {"organizationId", "string", "Belongs to this organization"},
      {"group", "string", "Has this user group (case-insensitive)"},
      {"tag", "string", "Has this tag (case-insensitive)"},
      {"outerId", "string", "External key"},
      {"parentId", "string", "Organizations under this parent"},
      {"status", "string", "New, Approved or Rejected"},
  };
  if (with_type) {
    out.push_back({"memberType", "string",
                   "Contact, Organization, Employee or Vendor; comma-separated for several"});
  }
  return out;
}

Result<MemberFilter> ParseFilter(const http::Request& request, std::optional<MemberType> type) {
  MemberFilter f;
  auto opt = [&request](const char* name) -> std::optional<std::string> {
    auto v = request.Query(name);
    if (v && v->empty()) return std::nullopt;
    return v;
  };
  f.q = opt("q");
  f.email = opt("email");
  f.organization_id = opt("organizationId");
  f.group = opt("group");
  f.tag = opt("tag");
  f.outer_id = opt("outerId");
  f.parent_id = opt("parentId");
  f.status = opt("status");
  if (type) {
    f.types = {*type};
  } else if (auto types = opt("memberType")) {
    std::size_t start = 0;
    while (start <= types->size()) {
      auto comma = types->find(',', start);
      const std::string one =
          types->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      auto parsed = ParseMemberType(one);
      if (!parsed) {
        return Error::InvalidField("memberType", "unknown member type '" + one +
                                                     "' (Contact, Organization, Employee, Vendor)");
      }
      f.types.push_back(*parsed);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return f;
}

void RegisterType(http::Router& router, MembersManager& manager, MemberType type,
                  const std::string& collection, const std::string& schema, const std::string& noun,
                  const std::string& delete_description) {
  resource::RouteOptions<Member> o;
  o.collection = collection;
  o.schema = schema;
  o.noun = noun;
  o.tag = "members";
  o.permissions = {kRead, kCreate, kUpdate, kDelete};
  o.filters = Filters(false);
  o.list_description =
      "q searches name and e-mails (contains, case-insensitive); the other filters match "
      "exactly. E-mails are not unique across members (as in Virto: uniqueness belongs to "
      "user accounts).";
  o.delete_description = delete_description;
  o.where = [type](const http::Request& request) -> Result<resource::Where> {
    EMPORION_ASSIGN_OR_RETURN(auto filter, ParseFilter(request, type));
    return MembersManager::ToWhere(filter);
  };
  resource::RegisterResourceRoutes(router, manager.resource(type), o);
}

}  // namespace

void RegisterRoutes(http::Router& router, MembersManager& manager) {
  router.AddSchema("MemberAddress", kAddressSchema);
  const std::string person_required =
      R"j(,"anyOf":[{"required":["fullName"]},{"required":["name"]},{"required":["firstName"]},{"required":["lastName"]}])j";
  router.AddSchema("Contact",
                   Schema(std::string(kPersonMembers) +
                              R"j(,"birthDate":{"type":["string","null"],"format":"date"})j",
                          person_required));
  router.AddSchema("Employee", Schema(kPersonMembers, person_required));
  router.AddSchema(
      "Organization",
      Schema(
          R"j(,"parentId":{"type":["string","null"],"description":"Parent organization; no cycles (422)"})j",
          R"j(,"required":["name"])j"));
  router.AddSchema("Vendor", Schema("", R"j(,"required":["name"])j"));
  router.AddSchema(
      "Member",
      Schema(
          std::string(kPersonMembers) +
              R"j(,"birthDate":{"type":["string","null"]},"parentId":{"type":["string","null"]})j",
          ""));

  RegisterType(router, manager, MemberType::kContact, "/api/v1/contacts", "Contact", "contact",
               "Deletes the contact.");
  RegisterType(router, manager, MemberType::kOrganization, "/api/v1/organizations", "Organization",
               "organization", "409 while the organization has child organizations or members.");
  RegisterType(router, manager, MemberType::kEmployee, "/api/v1/employees", "Employee", "employee",
               "Deletes the employee.");
  RegisterType(router, manager, MemberType::kVendor, "/api/v1/vendors", "Vendor", "vendor",
               "Deletes the vendor.");

  const MembersManager* m = &manager;
  std::vector<http::QueryParamSpec> query = {
      {"limit", "integer", "Page size, 1..1000 (default 20)"},
      {"offset", "integer", "Items to skip (default 0)"},
      {"sort", "string", "field:asc|desc[,field:asc|desc]"},
      {"q", "string", "Name or e-mail contains (case-insensitive)"},
  };
  for (auto& f : Filters(true)) query.push_back(std::move(f));
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/members",
              .permission = kRead,
              .tag = "members",
              .summary = "Search members of every type",
              .description = "Contacts, organizations, employees and vendors in one list; "
                             "memberType limits the types.",
              .response_schema = resource::ListSchema("Member"),
              .query = query,
              .handler = [m](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto params,
                                          http::ParseListParams(request, m->all().SortFields()));
                EMPORION_ASSIGN_OR_RETURN(auto filter, ParseFilter(request, std::nullopt));
                EMPORION_ASSIGN_OR_RETURN(auto page, m->Search(filter, params));
                std::vector<std::string> items;
                items.reserve(page.items.size());
                for (const auto& v : page.items) items.push_back(m->all().ToJson(v));
                return http::Response::Ok(http::ListEnvelope(items, page.total));
              }});
  router.Add({.method = http::Verb::get,
              .path = "/api/v1/members/{id}",
              .permission = kRead,
              .tag = "members",
              .summary = "Read a member of any type",
              .response_schema = resource::SchemaRef("Member"),
              .handler = [m](http::Request& request) -> Result<http::Response> {
                EMPORION_ASSIGN_OR_RETURN(auto v, m->all().Get(request.Param("id")));
                return http::Response::Ok(m->all().ToJson(v)).WithETag(v.meta.version);
              }});
}

}  // namespace emporion::members::api
