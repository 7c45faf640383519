#include "modules/search/indexing/member_documents.hpp"

#include "modules/search/indexing/product_documents.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {

search::Document BuildMemberDocument(const members::Member& m) {
  search::Document d;
  d.id = m.meta.id;
  if (!m.name.empty()) {
    d.texts.push_back({"name", "", m.name, 3.0F});
    d.keywords.push_back({"sort.name", FoldForSort(m.name)});
  }
  for (const auto& e : m.emails) d.texts.push_back({"emails", "", e, 2.0F});
  for (const auto& p : m.phones) d.texts.push_back({"phones", "", p, 1.0F});
  d.keywords.push_back({"id", m.meta.id});
  d.keywords.push_back({"memberType", members::MemberTypeName(m.type)});
  for (const auto& g : m.groups) d.keywords.push_back({"groups", g});
  for (const auto& t : m.tags) d.keywords.push_back({"tags", t});
  d.keywords.push_back({"status", m.status});
  d.keywords.push_back({"active", m.is_active ? "true" : "false"});
  for (const auto& o : m.organizations) d.keywords.push_back({"organizations", o});
  d.dates.push_back({"createdAt", m.meta.created_at / 1000});
  d.dates.push_back({"modifiedAt", m.meta.modified_at / 1000});

  json::Writer w;
  w.StartObject().Key("id").String(m.meta.id);
  w.Key("memberType").String(members::MemberTypeName(m.type));
  w.Key("name").String(m.name);
  w.Key("emails").StartArray();
  for (const auto& e : m.emails) w.String(e);
  w.EndArray();
  w.Key("status").String(m.status).EndObject();
  d.stored = w.str();
  return d;
}

}  // namespace emporion::search_module
