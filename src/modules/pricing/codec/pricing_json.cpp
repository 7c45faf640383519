#include "modules/pricing/codec/pricing_json.hpp"

#include "platform/http/api_helpers.hpp"

namespace emporion::pricing::codec {
namespace {

void ReadMetaId(json::FieldReader& r, EntityMeta& meta) {
  if (auto id = r.String("id")) meta.id = *id;
}

void WriteOptTime(json::Writer& w, const char* key, const std::optional<Timestamp>& t) {
  w.Key(key);
  if (t) {
    w.Time(*t);
  } else {
    w.Null();
  }
}

void WriteConditions(json::Writer& w, const std::vector<Condition>& conditions) {
  w.StartArray();
  for (const auto& c : conditions) {
    w.StartObject().Key("type").String(c.type);
    if (c.type == "and" || c.type == "or" || c.type == "not") {
      w.Key("conditions");
      WriteConditions(w, c.conditions);
    } else {
      w.Key("value").String(c.value);
    }
    w.EndObject();
  }
  w.EndArray();
}

Status ReadConditionsInto(const json::Value& v, const std::string& path, int depth,
                          std::vector<Condition>& out) {
  if (!v.IsArray()) return Error::InvalidField(path, "must be an array of conditions");
  if (depth > 32) return Error::InvalidField(path, "nested too deeply");
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    const json::Value& n = v[i];
    if (!n.IsObject()) return Error::InvalidField(at, "must be an object");
    Condition c;
    auto t = n.FindMember("type");
    if (t != n.MemberEnd()) {
      if (!t->value.IsString()) return Error::InvalidField(at + ".type", "must be a string");
      c.type = t->value.GetString();
    }
    auto val = n.FindMember("value");
    if (val != n.MemberEnd() && !val->value.IsNull()) {
      if (!val->value.IsString()) return Error::InvalidField(at + ".value", "must be a string");
      c.value = val->value.GetString();
    }
    auto kids = n.FindMember("conditions");
    if (kids != n.MemberEnd() && !kids->value.IsNull()) {
      EMPORION_RETURN_IF_ERROR(
          ReadConditionsInto(kids->value, at + ".conditions", depth + 1, c.conditions));
    }
    out.push_back(std::move(c));
  }
  return Ok();
}

void WriteDecimalOrNull(json::Writer& w, const std::optional<Decimal>& d) {
  if (d) {
    w.Decimal(*d);
  } else {
    w.Null();
  }
}

}  // namespace

Result<PriceList> ReadPriceList(const json::Value& v, const std::string& prefix) {
  if (!v.IsObject())
    return Error::InvalidField(prefix.empty() ? "body" : prefix, "must be an object");
  json::FieldReader r(v, prefix);
  PriceList out;
  ReadMetaId(r, out.meta);
  out.name = r.String("name").value_or("");
  out.description = r.String("description");
  out.currency = r.String("currency").value_or("");
  out.outer_id = r.String("outerId");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return out;
}

Result<Price> ReadPrice(const json::Value& v, const std::string& prefix) {
  if (!v.IsObject())
    return Error::InvalidField(prefix.empty() ? "body" : prefix, "must be an object");
  json::FieldReader r(v, prefix);
  Price out;
  ReadMetaId(r, out.meta);
  out.price_list_id = r.String("priceListId").value_or("");
  out.product_id = r.String("productId").value_or("");
  auto list = r.Decimal("list");
  out.sale = r.Decimal("sale");
  out.min_quantity = r.Int("minQuantity").value_or(1);
  out.start_date = r.Timestamp("startDate");
  out.end_date = r.Timestamp("endDate");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  if (!list) return Error::Unprocessable(prefix + "list", "is required");
  out.list = *list;
  return out;
}

Result<Assignment> ReadAssignment(const json::Value& v, const std::string& prefix) {
  if (!v.IsObject())
    return Error::InvalidField(prefix.empty() ? "body" : prefix, "must be an object");
  json::FieldReader r(v, prefix);
  Assignment out;
  ReadMetaId(r, out.meta);
  out.price_list_id = r.String("priceListId").value_or("");
  out.catalog_id = r.String("catalogId");
  out.store_id = r.String("storeId");
  out.name = r.String("name").value_or("");
  out.description = r.String("description");
  out.priority = r.Int("priority").value_or(0);
  out.start_date = r.Timestamp("startDate");
  out.end_date = r.Timestamp("endDate");
  out.is_active = r.Bool("isActive").value_or(true);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  if (const json::Value* c = r.Raw("conditions"); c != nullptr && !c->IsNull()) {
    EMPORION_RETURN_IF_ERROR(ReadConditionsInto(*c, prefix + "conditions", 0, out.conditions));
  }
  return out;
}

Result<EvaluationRequest> ReadEvaluationRequest(const json::Value& v) {
  json::FieldReader r(v);
  EvaluationRequest out;
  out.store_id = r.String("storeId");
  out.catalog_id = r.String("catalogId");
  out.currency = r.String("currency", true).value_or("");
  out.customer_id = r.String("customerId");
  out.user_groups = r.StringArray("userGroups").value_or(std::vector<std::string>{});
  out.country = r.String("country");
  out.tags = r.StringArray("tags").value_or(std::vector<std::string>{});
  out.date = r.Timestamp("date");
  out.quantity = r.Int("quantity").value_or(1);
  out.product_ids = r.StringArray("productIds", true).value_or(std::vector<std::string>{});
  out.explain = r.Bool("explain").value_or(false);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  if (!IsCurrencyCode(out.currency)) {
    return Error::InvalidField("currency", "must be an ISO 4217 code such as USD");
  }
  if (out.quantity < 1) return Error::InvalidField("quantity", "must be at least 1");
  if (out.product_ids.size() > 1000) {
    return Error::InvalidField("productIds", "at most 1000 products per request");
  }
  return out;
}

Result<std::vector<Condition>> ReadConditions(const json::Value& v, const std::string& path) {
  std::vector<Condition> out;
  EMPORION_RETURN_IF_ERROR(ReadConditionsInto(v, path, 0, out));
  return out;
}

std::string ConditionsToJson(const std::vector<Condition>& conditions) {
  json::Writer w;
  WriteConditions(w, conditions);
  return w.str();
}

Result<std::vector<Condition>> ParseConditions(const std::string& text) {
  EMPORION_ASSIGN_OR_RETURN(auto doc, json::Parse(text));
  return ReadConditions(doc, "conditions");
}

std::string ToJson(const PriceList& v) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, v.meta);
  w.Key("name").String(v.name);
  w.Key("description").OptString(v.description);
  w.Key("currency").String(v.currency);
  w.Key("outerId").OptString(v.outer_id);
  w.EndObject();
  return w.str();
}

std::string ToJson(const Price& v) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, v.meta);
  w.Key("priceListId").String(v.price_list_id);
  w.Key("productId").String(v.product_id);
  w.Key("list").Decimal(v.list);
  w.Key("sale");
  WriteDecimalOrNull(w, v.sale);
  w.Key("minQuantity").Int(v.min_quantity);
  WriteOptTime(w, "startDate", v.start_date);
  WriteOptTime(w, "endDate", v.end_date);
  w.EndObject();
  return w.str();
}

std::string ToJson(const Assignment& v) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, v.meta);
  w.Key("priceListId").String(v.price_list_id);
  w.Key("catalogId").OptString(v.catalog_id);
  w.Key("storeId").OptString(v.store_id);
  w.Key("name").String(v.name);
  w.Key("description").OptString(v.description);
  w.Key("priority").Int(v.priority);
  WriteOptTime(w, "startDate", v.start_date);
  WriteOptTime(w, "endDate", v.end_date);
  w.Key("isActive").Bool(v.is_active);
  w.Key("conditions");
  WriteConditions(w, v.conditions);
  w.EndObject();
  return w.str();
}

std::string EvaluationToJson(const std::vector<EvaluatedPrice>& items) {
  json::Writer w;
  w.StartObject().Key("items").StartArray();
  for (const auto& e : items) {
    w.StartObject();
    w.Key("productId").String(e.product_id);
    w.Key("currency").String(e.currency);
    w.Key("list").Decimal(e.list);
    w.Key("sale");
    WriteDecimalOrNull(w, e.sale);
    w.Key("priceListId").String(e.price_list_id);
    w.Key("assignmentId").String(e.assignment_id);
    if (e.price_product_id) w.Key("priceProductId").String(*e.price_product_id);
    w.Key("tiers").StartArray();
    for (const auto& t : e.tiers) {
      w.StartObject().Key("minQuantity").Int(t.min_quantity).Key("list").Decimal(t.list);
      w.Key("sale");
      WriteDecimalOrNull(w, t.sale);
      w.EndObject();
    }
    w.EndArray();
    if (!e.explanation.empty()) {
      w.Key("explanation").StartArray();
      for (const auto& c : e.explanation) {
        w.StartObject().Key("assignmentId").String(c.assignment_id);
        w.Key("priceListId").String(c.price_list_id).Key("priority").Int(c.priority);
        w.Key("outcome").String(c.outcome).EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.str();
}

}  // namespace emporion::pricing::codec
