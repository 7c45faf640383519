#include "modules/members/service/members_manager.hpp"

#include <algorithm>
#include <set>

#include "modules/members/domain/rules.hpp"
#include "platform/core/text.hpp"

namespace emporion::members {

const char* MemberTypeName(MemberType type) {
  switch (type) {
    case MemberType::kContact:
      return "Contact";
    case MemberType::kOrganization:
      return "Organization";
    case MemberType::kEmployee:
      return "Employee";
    case MemberType::kVendor:
      return "Vendor";
  }
  return "Contact";
}

std::optional<MemberType> ParseMemberType(std::string_view text) {
  if (text == "Contact" || text == "contact") return MemberType::kContact;
  if (text == "Organization" || text == "organization") return MemberType::kOrganization;
  if (text == "Employee" || text == "employee") return MemberType::kEmployee;
  if (text == "Vendor" || text == "vendor") return MemberType::kVendor;
  return std::nullopt;
}

namespace {

// Indexed values stay far below PostgreSQL's B-tree row limit (about 2,700 bytes).
constexpr std::size_t kMaxValueLength = 256;
constexpr std::size_t kMaxNameLength = 512;
constexpr std::size_t kMaxSearchLength = 1024;

std::string NounOf(const Member& m) {
  std::string n = MemberTypeName(m.type);
  n[0] = static_cast<char>(n[0] - 'A' + 'a');
  return n;
}

bool IsPerson(MemberType t) { return t == MemberType::kContact || t == MemberType::kEmployee; }

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

void WriteStrings(json::Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key).StartArray();
  for (const auto& v : values) w.String(v);
  w.EndArray();
}

/// Trimmed, non-empty, without duplicates (first spelling kept; compared case-insensitively
/// when `fold`). Empty entries are errors.
std::vector<std::string> CleanList(const std::vector<std::string>& in, const std::string& field,
                                   bool fold, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::string v = Trim(in[i]);
    if (v.empty() || v.size() > kMaxValueLength) {
      errors.push_back({field + "[" + std::to_string(i) + "]",
                        v.empty()
                            ? "must not be empty"
                            : "must be at most " + std::to_string(kMaxValueLength) + " bytes"});
      continue;
    }
    if (!seen.insert(fold ? AsciiLower(v) : v).second) continue;
    out.push_back(std::move(v));
  }
  return out;
}

Error Unprocessable(std::vector<FieldError> errors) {
  std::string detail = errors.front().field + ": " + errors.front().message;
  if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
  return {ErrorCode::kUnprocessable, std::move(detail), std::move(errors)};
}

Result<std::vector<Address>> ParseAddresses(const json::Value* raw, const std::string& prefix,
                                            std::vector<FieldError>& errors) {
  std::vector<Address> out;
  if (raw == nullptr || raw->IsNull()) return out;
  if (!raw->IsArray()) return Error::InvalidField(prefix + "addresses", "must be an array");
  for (rapidjson::SizeType i = 0; i < raw->Size(); ++i) {
    const std::string at = prefix + "addresses[" + std::to_string(i) + "].";
    const json::Value& v = (*raw)[i];
    if (!v.IsObject()) {
      return Error::InvalidField(prefix + "addresses[" + std::to_string(i) + "]",
                                 "must be an object");
    }
    json::FieldReader r(v, at);
    Address a;
    auto type = r.String("type", true);
    a.name = r.String("name");
    auto line1 = r.String("line1", true);
    a.line2 = r.String("line2");
    auto city = r.String("city", true);
    a.region_code = r.String("regionCode");
    a.postal_code = r.String("postalCode");
    auto country = r.String("countryCode", true);
    a.phone = r.String("phone");
    a.email = r.String("email");
    EMPORION_RETURN_IF_ERROR(r.ToStatus());
    a.type = *type;
    if (a.type != "billing" && a.type != "shipping" && a.type != "billingAndShipping") {
      errors.push_back({at + "type", "must be billing, shipping or billingAndShipping"});
    }
    a.line1 = *line1;
    if (Trim(a.line1).empty()) errors.push_back({at + "line1", "must not be empty"});
    a.city = *city;
    if (Trim(a.city).empty()) errors.push_back({at + "city", "must not be empty"});
    auto cc = CountryCode(*country);
    if (!cc) {
      errors.push_back(
          {at + "countryCode", "'" + *country + "' is not an ISO 3166-1 alpha-2 or alpha-3 code"});
    } else {
      a.country_code = *cc;
    }
    if (a.email && !IsEmail(*a.email)) {
      errors.push_back({at + "email", "is not an e-mail address"});
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

void WriteMember(json::Writer& w, const Member& m) {
  w.Key("memberType").String(MemberTypeName(m.type));
  w.Key("name").String(m.name);
  if (IsPerson(m.type)) {
    w.Key("firstName").OptString(m.first_name);
    w.Key("lastName").OptString(m.last_name);
    w.Key("fullName").String(m.name);
    WriteStrings(w, "organizations", m.organizations);
  }
  if (m.type == MemberType::kContact) w.Key("birthDate").OptString(m.birth_date);
  if (m.type == MemberType::kOrganization) w.Key("parentId").OptString(m.parent_id);
  w.Key("addresses").StartArray();
  for (const auto& a : m.addresses) {
    w.StartObject();
    w.Key("type").String(a.type);
    w.Key("name").OptString(a.name);
    w.Key("line1").String(a.line1);
    w.Key("line2").OptString(a.line2);
    w.Key("city").String(a.city);
    w.Key("regionCode").OptString(a.region_code);
    w.Key("postalCode").OptString(a.postal_code);
    w.Key("countryCode").String(a.country_code);
    w.Key("phone").OptString(a.phone);
    w.Key("email").OptString(a.email);
    w.EndObject();
  }
  w.EndArray();
  WriteStrings(w, "emails", m.emails);
  WriteStrings(w, "phones", m.phones);
  WriteStrings(w, "groups", m.groups);
  WriteStrings(w, "tags", m.tags);
  w.Key("defaultLanguage").OptString(m.default_language);
  w.Key("timeZone").OptString(m.time_zone);
  w.Key("outerId").OptString(m.outer_id);
  w.Key("description").OptString(m.description);
  w.Key("status").String(m.status);
  w.Key("isActive").Bool(m.is_active);
}

Result<Member> ParseMember(const json::Value& body, const std::string& prefix,
                           std::optional<MemberType> type) {
  json::FieldReader r(body, prefix);
  Member m;
  auto member_type = r.String("memberType");
  auto name = r.String("name");
  auto full_name = r.String("fullName");
  m.first_name = r.String("firstName");
  m.last_name = r.String("lastName");
  m.birth_date = r.String("birthDate");
  m.parent_id = r.String("parentId");
  auto organizations = r.StringArray("organizations");
  auto emails = r.StringArray("emails");
  auto phones = r.StringArray("phones");
  auto groups = r.StringArray("groups");
  auto tags = r.StringArray("tags");
  m.default_language = r.String("defaultLanguage");
  m.time_zone = r.String("timeZone");
  m.outer_id = r.String("outerId");
  m.description = r.String("description");
  auto status = r.String("status");
  m.is_active = r.Bool("isActive").value_or(true);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());

  std::vector<FieldError> errors;
  if (type) {
    m.type = *type;
    if (member_type && ParseMemberType(*member_type) != type) {
      errors.push_back({prefix + "memberType",
                        std::string("must be ") + MemberTypeName(*type) + " on this resource"});
    }
  } else {
    auto parsed = member_type ? ParseMemberType(*member_type) : std::nullopt;
    if (!parsed) return Error::InvalidField(prefix + "memberType", "is required");
    m.type = *parsed;
  }
  EMPORION_ASSIGN_OR_RETURN(m.addresses, ParseAddresses(r.Raw("addresses"), prefix, errors));

  if (IsPerson(m.type)) {
    // fullName wins, then name, then first + last.
    std::string n = Trim(full_name.value_or(name.value_or("")));
    if (n.empty()) {
      n = Trim(m.first_name.value_or("") + " " + m.last_name.value_or(""));
    }
    m.name = n;
    if (m.name.empty()) {
      errors.push_back({prefix + "fullName",
                        "a name is required (fullName, name or "
                        "firstName/lastName)"});
    }
    m.organizations = CleanList(organizations.value_or(std::vector<std::string>{}),
                                prefix + "organizations", false, errors);
  } else {
    m.first_name.reset();
    m.last_name.reset();
    m.name = Trim(name.value_or(""));
    if (m.name.empty()) errors.push_back({prefix + "name", "is required"});
  }
  if (m.name.size() > kMaxNameLength) {
    errors.push_back({prefix + (IsPerson(m.type) ? "fullName" : "name"),
                      "must be at most " + std::to_string(kMaxNameLength) + " bytes"});
  }
  if (m.outer_id && m.outer_id->size() > kMaxValueLength) {
    errors.push_back(
        {prefix + "outerId", "must be at most " + std::to_string(kMaxValueLength) + " bytes"});
  }
  if (m.type != MemberType::kContact) m.birth_date.reset();
  if (m.type != MemberType::kOrganization) m.parent_id.reset();
  if (m.birth_date && !IsDate(*m.birth_date)) {
    errors.push_back({prefix + "birthDate", "must be a date YYYY-MM-DD"});
  }
  if (m.parent_id && m.parent_id->empty()) m.parent_id.reset();

  m.emails =
      CleanList(emails.value_or(std::vector<std::string>{}), prefix + "emails", true, errors);
  for (std::size_t i = 0; i < m.emails.size(); ++i) {
    if (!IsEmail(m.emails[i])) {
      errors.push_back({prefix + "emails[" + std::to_string(i) + "]",
                        "'" + m.emails[i] + "' is not an e-mail address"});
    }
  }
  m.phones =
      CleanList(phones.value_or(std::vector<std::string>{}), prefix + "phones", false, errors);
  m.groups =
      CleanList(groups.value_or(std::vector<std::string>{}), prefix + "groups", true, errors);
  m.tags = CleanList(tags.value_or(std::vector<std::string>{}), prefix + "tags", true, errors);
  if (m.default_language && !IsLanguageTag(*m.default_language)) {
    errors.push_back({prefix + "defaultLanguage",
                      "'" + *m.default_language + "' is not a language tag (e.g. en-US)"});
  }
  if (m.time_zone && !IsTimeZone(*m.time_zone)) {
    errors.push_back({prefix + "timeZone",
                      "'" + *m.time_zone + "' is not an IANA time zone (e.g. Europe/Berlin)"});
  }
  if (status) {
    if (*status != "New" && *status != "Approved" && *status != "Rejected") {
      errors.push_back({prefix + "status", "must be New, Approved or Rejected"});
    }
    m.status = *status;
  }
  if (!errors.empty()) return Unprocessable(std::move(errors));
  return m;
}

MembersManager::MembersManager(db::Database& db, const Clock& clock, const events::EventBus* bus)
    : db_(db),
      contacts_(db, clock, bus, Definition(MemberType::kContact)),
      organizations_(db, clock, bus, Definition(MemberType::kOrganization)),
      employees_(db, clock, bus, Definition(MemberType::kEmployee)),
      vendors_(db, clock, bus, Definition(MemberType::kVendor)),
      all_(db, clock, bus, Definition(std::nullopt)) {}

resource::DocumentResource<Member>& MembersManager::resource(MemberType type) {
  switch (type) {
    case MemberType::kContact:
      return contacts_;
    case MemberType::kOrganization:
      return organizations_;
    case MemberType::kEmployee:
      return employees_;
    case MemberType::kVendor:
      return vendors_;
  }
  return contacts_;
}

resource::ResourceDefinition<Member> MembersManager::Definition(std::optional<MemberType> type) {
  resource::ResourceDefinition<Member> d;
  d.table = "members";
  const std::string noun = type ? AsciiLower(MemberTypeName(*type)) : "member";
  d.entity = "members." + noun;
  d.noun = noun;
  if (type) d.scope_sql = std::string("member_type = '") + MemberTypeName(*type) + "'";
  d.columns = {"member_type", "name", "search", "parent_id", "outer_id", "status"};
  d.column_values = [](const Member& m) -> db::Params {
    std::string search = AsciiLower(m.name);
    for (const auto& e : m.emails) {
      if (search.size() + 1 + e.size() > kMaxSearchLength) break;  // later e-mails: ?email=
      search += " " + AsciiLower(e);
    }
    return {db::Param(MemberTypeName(m.type)),
            db::Param(m.name),
            db::Param(search),
            db::Param(m.parent_id),
            db::Param(m.outer_id),
            db::Param(m.status)};
  };
  d.write_fields = WriteMember;
  d.parse = [type](const json::Value& body, const std::string& prefix) {
    return ParseMember(body, prefix, type);
  };
  d.sort_columns = {
      {"name", "name"},        {"createdAt", "created_at"}, {"modifiedAt", "modified_at"},
      {"outerId", "outer_id"}, {"status", "status"},        {"memberType", "member_type"}};
  d.check = [](events::UnitOfWork& uow, Member& m, const Member*) -> Status {
    auto& tx = uow.tx();
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < m.organizations.size(); ++i) {
      EMPORION_ASSIGN_OR_RETURN(
          auto row, tx.QueryOne("SELECT id FROM members WHERE id = ? AND member_type = ?",
                                {db::Param(m.organizations[i]), db::Param("Organization")}));
      if (!row) {
        errors.push_back({"organizations[" + std::to_string(i) + "]",
                          "no organization '" + m.organizations[i] + "'"});
      }
    }
    if (m.parent_id) {
      EMPORION_ASSIGN_OR_RETURN(
          auto row, tx.QueryOne("SELECT id FROM members WHERE id = ? AND member_type = ?",
                                {db::Param(*m.parent_id), db::Param("Organization")}));
      if (!row) {
        errors.push_back({"parentId", "no organization '" + *m.parent_id + "'"});
      } else {
        Status lookup_status = Ok();
        ParentOf parent_of = [&tx,
                              &lookup_status](const std::string& id) -> std::optional<std::string> {
          auto r = tx.QueryOne("SELECT parent_id FROM members WHERE id = ?", {db::Param(id)});
          if (!r.ok()) {
            lookup_status = std::move(r).error();
            return std::nullopt;
          }
          if (!*r || (*r)->IsNull(0)) return std::nullopt;
          return (*r)->Text(0);
        };
        const bool cycle = WouldCreateCycle(m.meta.id, *m.parent_id, parent_of);
        EMPORION_RETURN_IF_ERROR(lookup_status);
        if (cycle) {
          errors.push_back({"parentId", "'" + *m.parent_id +
                                            "' is this organization or one below it: the "
                                            "hierarchy cannot have cycles"});
        }
      }
    }
    if (!errors.empty()) return Unprocessable(std::move(errors));
    return Ok();
  };
  d.after_save = [](events::UnitOfWork& uow, const Member& m) -> Status {
    auto& tx = uow.tx();
    EMPORION_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM member_links WHERE member_id = ?", {db::Param(m.meta.id)}));
    std::set<std::pair<std::string, std::string>> links;
    for (const auto& e : m.emails) links.insert({"email", AsciiLower(e)});
    for (const auto& g : m.groups) links.insert({"group", AsciiLower(g)});
    for (const auto& t : m.tags) links.insert({"tag", AsciiLower(t)});
    for (const auto& o : m.organizations) links.insert({"org", o});
    for (const auto& [kind, value] : links) {
      EMPORION_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO member_links (member_id, kind, value) VALUES (?, ?, ?)",
                  {db::Param(m.meta.id), db::Param(kind), db::Param(value)}));
    }
    return Ok();
  };
  d.check_delete = [this](events::UnitOfWork& uow, const Member& m) -> Status {
    for (const auto& check : usage_checks_) {
      EMPORION_ASSIGN_OR_RETURN(auto reason, check(m.meta.id));
      if (reason) return Error::Conflict(NounOf(m) + " '" + m.meta.id + "' is in use: " + *reason);
    }
    if (m.type != MemberType::kOrganization) return Ok();
    auto& tx = uow.tx();
    EMPORION_ASSIGN_OR_RETURN(
        auto children,
        tx.QueryOne("SELECT COUNT(*) FROM members WHERE parent_id = ?", {db::Param(m.meta.id)}));
    if (children && children->Int(0) > 0) {
      return Error::Conflict("organization '" + m.meta.id + "' has " +
                             std::to_string(children->Int(0)) +
                             " child organization(s): move or delete them first");
    }
    EMPORION_ASSIGN_OR_RETURN(
        auto members, tx.QueryOne("SELECT COUNT(*) FROM member_links WHERE kind = 'org' AND "
                                  "value = ?",
                                  {db::Param(m.meta.id)}));
    if (members && members->Int(0) > 0) {
      return Error::Conflict("organization '" + m.meta.id + "' has " +
                             std::to_string(members->Int(0)) +
                             " member(s): remove them from it first");
    }
    return Ok();
  };
  d.after_delete = [](events::UnitOfWork& uow, const Member& m) -> Status {
    EMPORION_RETURN_IF_ERROR(
        uow.tx().Exec("DELETE FROM member_links WHERE member_id = ?", {db::Param(m.meta.id)}));
    return Ok();
  };
  return d;
}

resource::Where MembersManager::ToWhere(const MemberFilter& f) {
  resource::Where w;
  if (!f.types.empty()) {
    std::string in;
    db::Params params;
    for (auto t : f.types) {
      in += in.empty() ? "?" : ", ?";
      params.push_back(db::Param(MemberTypeName(t)));
    }
    w.Add("member_type IN (" + in + ")", std::move(params));
  }
  if (f.q && !f.q->empty()) {
    w.Add("search LIKE ? ESCAPE '!'", {db::Param(resource::LikeContains(*f.q))});
  }
  auto link = [&w](const char* kind, const std::string& value) {
    w.Add("id IN (SELECT member_id FROM member_links WHERE kind = ? AND value = ?)",
          {db::Param(kind), db::Param(value)});
  };
  if (f.email) link("email", AsciiLower(*f.email));
  if (f.group) link("group", AsciiLower(*f.group));
  if (f.tag) link("tag", AsciiLower(*f.tag));
  if (f.organization_id) link("org", *f.organization_id);
  if (f.outer_id) w.Add("outer_id = ?", {db::Param(*f.outer_id)});
  if (f.parent_id) w.Add("parent_id = ?", {db::Param(*f.parent_id)});
  if (f.status) w.Add("status = ?", {db::Param(*f.status)});
  return w;
}

Result<resource::Page<Member>> MembersManager::Search(const MemberFilter& filter,
                                                      const http::ListParams& window) const {
  return all_.List(ToWhere(filter), window);
}

Result<std::optional<Member>> MembersManager::FindMember(const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  return all_.Find(*tx, id);
}

Result<bool> MembersManager::MemberExists(const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto row,
                            tx->QueryOne("SELECT 1 FROM members WHERE id = ?", {db::Param(id)}));
  return row.has_value();
}

Result<MemberTargeting> MembersManager::Targeting(const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto member, all_.Find(*tx, id));
  if (!member) return Error::NotFound("no member '" + id + "'");
  MemberTargeting out;
  std::set<std::string> seen;
  auto add_groups = [&](const Member& m) {
    for (const auto& g : m.groups) {
      if (seen.insert(AsciiLower(g)).second) out.groups.push_back(g);
    }
  };
  add_groups(*member);
  out.tags = member->tags;
  out.organization_ids = member->organizations;
  // Groups of the member's organizations and of their ancestors (bounded walk).
  std::vector<std::string> queue = member->organizations;
  if (member->parent_id) queue.push_back(*member->parent_id);
  std::set<std::string> visited;
  while (!queue.empty() && visited.size() < 1000) {
    const std::string org_id = queue.back();
    queue.pop_back();
    if (!visited.insert(org_id).second) continue;
    EMPORION_ASSIGN_OR_RETURN(auto org, all_.Find(*tx, org_id));
    if (!org) continue;
    add_groups(*org);
    if (org->parent_id) queue.push_back(*org->parent_id);
  }
  return out;
}

Result<std::optional<std::string>> MembersManager::OrganizationOf(const std::string& id) const {
  EMPORION_ASSIGN_OR_RETURN(auto member, FindMember(id));
  if (!member) return Error::NotFound("no member '" + id + "'");
  if (member->organizations.empty()) return std::optional<std::string>();
  return std::optional<std::string>(member->organizations.front());
}

Result<std::vector<Member>> MembersService::MembersAfter(const std::string&, int) const {
  return Error::Unavailable("MembersAfter is not supported by this members service");
}

Result<std::int64_t> MembersService::CountMembers() const {
  return Error::Unavailable("CountMembers is not supported by this members service");
}

Result<std::vector<Member>> MembersManager::MembersAfter(const std::string& after_id,
                                                         int limit) const {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows, tx->Query("SELECT id FROM members WHERE id > ? ORDER BY id LIMIT ?",
                           {db::Param(after_id), db::Param(std::int64_t{limit})}));
  std::vector<Member> out;
  if (rows.empty()) return out;
  // The ids are consecutive in id order, so the range [first, last] holds exactly them.
  resource::Where where;
  where.Add("id >= ? AND id <= ?",
            {db::Param(rows.front().Text(0)), db::Param(rows.back().Text(0))});
  http::ListParams window;
  window.limit = limit;
  EMPORION_ASSIGN_OR_RETURN(auto page, all_.List(*tx, where, window));
  out = std::move(page.items);
  std::sort(out.begin(), out.end(),
            [](const Member& a, const Member& b) { return a.meta.id < b.meta.id; });
  return out;
}

Result<std::int64_t> MembersManager::CountMembers() const {
  EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(auto row, tx->QueryOne("SELECT COUNT(*) FROM members", {}));
  return row ? row->Int(0) : 0;
}

}  // namespace emporion::members
