#include "emporion/members/members_module.hpp"

#include "modules/members/api/members_api.hpp"
#include "modules/members/service/members_manager.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/seeds/seeds.hpp"

namespace emporion::members {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  registry.Declare({api::kRead,
                    "members",
                    {{"en-US", "View contacts, organizations, employees and vendors"},
                     {"de-DE", "Kontakte, Organisationen, Mitarbeiter und Lieferanten anzeigen"}},
                    true});
  registry.Declare({api::kCreate,
                    "members",
                    {{"en-US", "Create contacts, organizations, employees and vendors"},
                     {"de-DE", "Kontakte, Organisationen, Mitarbeiter und Lieferanten anlegen"}},
                    true});
  registry.Declare({api::kUpdate,
                    "members",
                    {{"en-US", "Change contacts, organizations, employees and vendors"},
                     {"de-DE", "Kontakte, Organisationen, Mitarbeiter und Lieferanten ändern"}},
                    true});
  registry.Declare({api::kDelete,
                    "members",
                    {{"en-US", "Delete contacts, organizations, employees and vendors"},
                     {"de-DE", "Kontakte, Organisationen, Mitarbeiter und Lieferanten löschen"}},
                    true});
}

Member Make(const char* id, MemberType type, const char* name) {
  Member m;
  m.meta.id = id;
  m.type = type;
  m.name = name;
  return m;
}

Address DemoAddress(const char* type, const char* line1, const char* city, const char* postal,
                    const char* country) {
  Address a;
  a.type = type;
  a.line1 = line1;
  a.city = city;
  a.postal_code = postal;
  a.country_code = country;
  return a;
}

// Demo data: two organizations (one with a child), contacts in them with user groups and tags,
// an employee and a vendor. Fixed ids, upserted by id, so a re-run changes nothing.
Status SeedDemo(MembersManager& m, const seeds::SeedContext& ctx) {
  const resource::Actor actor{ctx.actor, ""};
  std::vector<Member> orgs;
  orgs.push_back(Make("demo-org-contoso", MemberType::kOrganization, "Contoso Wholesale"));
  orgs.back().groups = {"Wholesale"};
  orgs.back().emails = {"purchasing@contoso.example"};
  orgs.back().addresses = {
      DemoAddress("billingAndShipping", "1 Harbour Road", "Hamburg", "20457", "DE")};
  orgs.push_back(Make("demo-org-contoso-berlin", MemberType::kOrganization, "Contoso Berlin"));
  orgs.back().parent_id = "demo-org-contoso";
  orgs.back().addresses = {DemoAddress("shipping", "5 Spreeweg", "Berlin", "10557", "DE")};
  orgs.push_back(Make("demo-org-fabrikam", MemberType::kOrganization, "Fabrikam Retail"));
  orgs.back().addresses = {DemoAddress("billing", "100 Main Street", "Seattle", "98101", "US")};
  EMPORION_RETURN_IF_ERROR(m.resource(MemberType::kOrganization).Bulk(actor, std::move(orgs)));

  std::vector<Member> contacts;
  contacts.push_back(Make("demo-contact-anna", MemberType::kContact, "Anna Schmidt"));
  contacts.back().first_name = "Anna";
  contacts.back().last_name = "Schmidt";
  contacts.back().emails = {"anna.schmidt@contoso.example"};
  contacts.back().organizations = {"demo-org-contoso"};
  contacts.back().groups = {"Wholesale"};
  contacts.back().default_language = "de-DE";
  contacts.back().time_zone = "Europe/Berlin";
  contacts.push_back(Make("demo-contact-john", MemberType::kContact, "John Smith"));
  contacts.back().first_name = "John";
  contacts.back().last_name = "Smith";
  contacts.back().emails = {"john.smith@fabrikam.example"};
  contacts.back().organizations = {"demo-org-fabrikam"};
  contacts.back().tags = {"vip"};
  contacts.back().default_language = "en-US";
  contacts.back().time_zone = "America/Los_Angeles";
  contacts.push_back(Make("demo-contact-lena", MemberType::kContact, "Lena Weber"));
  contacts.back().first_name = "Lena";
  contacts.back().last_name = "Weber";
  contacts.back().emails = {"lena.weber@example.com"};
  contacts.back().addresses = {DemoAddress("shipping", "Lindenstrasse 7", "Munich", "80331", "DE")};
  contacts.back().default_language = "de-DE";
  contacts.back().time_zone = "Europe/Berlin";
  EMPORION_RETURN_IF_ERROR(m.resource(MemberType::kContact).Bulk(actor, std::move(contacts)));

  std::vector<Member> employees;
  employees.push_back(Make("demo-employee-erika", MemberType::kEmployee, "Erika Mustermann"));
  employees.back().first_name = "Erika";
  employees.back().last_name = "Mustermann";
  employees.back().emails = {"erika.mustermann@emporion.example"};
  employees.back().time_zone = "Europe/Berlin";
  EMPORION_RETURN_IF_ERROR(m.resource(MemberType::kEmployee).Bulk(actor, std::move(employees)));

  std::vector<Member> vendors;
  vendors.push_back(Make("demo-vendor-acme", MemberType::kVendor, "Acme Supplies"));
  vendors.back().emails = {"sales@acme.example"};
  vendors.back().outer_id = "ERP-V-1001";
  EMPORION_RETURN_IF_ERROR(m.resource(MemberType::kVendor).Bulk(actor, std::move(vendors)));
  return Ok();
}

}  // namespace

Result<std::unique_ptr<MembersModule>> MembersModule::Create(ModuleContext& ctx) {
  DeclarePermissions(ctx.permissions);
  auto manager = std::make_unique<MembersManager>(ctx.db, ctx.clock, &ctx.bus);
  api::RegisterRoutes(ctx.router, *manager);
  MembersManager* m = manager.get();
  ctx.seeds.Add("demo", 50, "members.organizations-contacts",
                [m](const seeds::SeedContext& seed) { return SeedDemo(*m, seed); });
  return std::unique_ptr<MembersModule>(new MembersModule(std::move(manager)));
}

MembersModule::MembersModule(std::unique_ptr<MembersManager> manager)
    : manager_(std::move(manager)) {}

MembersModule::~MembersModule() = default;

MembersService& MembersModule::service() { return *manager_; }

}  // namespace emporion::members
