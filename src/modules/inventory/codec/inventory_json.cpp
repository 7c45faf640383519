#include "modules/inventory/codec/inventory_json.hpp"

#include "modules/inventory/domain/availability.hpp"
#include "modules/inventory/domain/rules.hpp"
#include "platform/http/api_helpers.hpp"

namespace emporion::inventory::codec {
namespace {

void OptString(json::Writer& w, const char* key, const std::optional<std::string>& v) {
  w.Key(key).OptString(v);
}

void OptTime(json::Writer& w, const char* key, const std::optional<Timestamp>& v) {
  w.Key(key);
  if (v) {
    w.Time(*v);
  } else {
    w.Null();
  }
}

void WriteAddress(json::Writer& w, const Address& a) {
  w.StartObject();
  OptString(w, "line1", a.line1);
  OptString(w, "line2", a.line2);
  OptString(w, "city", a.city);
  OptString(w, "regionCode", a.region_code);
  OptString(w, "postalCode", a.postal_code);
  OptString(w, "countryCode", a.country_code);
  OptString(w, "phone", a.phone);
  OptString(w, "email", a.email);
  w.EndObject();
}

void WriteGeo(json::Writer& w, const GeoLocation& g) {
  w.StartObject();
  // Canonical decimal text written as JSON numbers: exact, no binary floating point.
  w.Key("latitude");
  w.RawJson(g.latitude);
  w.Key("longitude");
  w.RawJson(g.longitude);
  w.EndObject();
}

/// A coordinate given as a JSON number or a numeric string, as its source text.
std::optional<std::string> CoordinateText(const json::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) {
    // RapidJSON parsed it to double: the shortest round-trip text is the source's digits.
    json::Writer w;
    w.Double(v.GetDouble());
    return w.str();
  }
  return std::nullopt;
}

void ReadAddress(json::FieldReader& r, const json::Value& v, const std::string& prefix,
                 std::optional<Address>& out) {
  if (v.IsNull()) return;
  if (!v.IsObject()) {
    r.AddError("address", "must be an object");
    return;
  }
  json::FieldReader a(v, prefix + "address.");
  Address addr;
  addr.line1 = a.String("line1");
  addr.line2 = a.String("line2");
  addr.city = a.String("city");
  addr.region_code = a.String("regionCode");
  addr.postal_code = a.String("postalCode");
  addr.country_code = a.String("countryCode");
  addr.phone = a.String("phone");
  addr.email = a.String("email");
  for (const auto& e : a.errors()) r.AddError(e.field.substr(prefix.size()), e.message);
  out = std::move(addr);
}

void ReadGeo(json::FieldReader& r, const json::Value& v, std::optional<GeoLocation>& out) {
  if (v.IsNull()) return;
  if (!v.IsObject()) {
    r.AddError("geoLocation", "must be an object with latitude and longitude");
    return;
  }
  // The range and precision are business rules (422, domain/rules.hpp); here only the type.
  GeoLocation g;
  for (const char* name : {"latitude", "longitude"}) {
    auto it = v.FindMember(name);
    std::optional<std::string> text;
    if (it != v.MemberEnd()) text = CoordinateText(it->value);
    if (!text) {
      r.AddError(std::string("geoLocation.") + name, "is required: a decimal number");
      continue;
    }
    (std::string(name) == "latitude" ? g.latitude : g.longitude) = *text;
  }
  out = std::move(g);
}

std::optional<std::int64_t> Quantity(json::FieldReader& r, const char* name) { return r.Int(name); }

}  // namespace

std::string FulfillmentCenterDoc(const FulfillmentCenter& fc) {
  json::Writer w;
  w.StartObject();
  OptString(w, "description", fc.description);
  w.Key("address");
  if (fc.address) {
    WriteAddress(w, *fc.address);
  } else {
    w.Null();
  }
  w.Key("geoLocation");
  if (fc.geo_location) {
    WriteGeo(w, *fc.geo_location);
  } else {
    w.Null();
  }
  w.EndObject();
  return w.str();
}

Status ReadFulfillmentCenterDoc(const std::string& doc, FulfillmentCenter& fc) {
  EMPORION_ASSIGN_OR_RETURN(auto d, json::ParseObject(doc));
  json::FieldReader r(d);
  fc.description = r.String("description");
  if (const auto* a = r.Raw("address")) ReadAddress(r, *a, "", fc.address);
  if (const auto* g = r.Raw("geoLocation")) ReadGeo(r, *g, fc.geo_location);
  if (!r.ok()) return Error::Internal("stored fulfillment center document is malformed");
  return Ok();
}

std::string ToJson(const FulfillmentCenter& fc) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, fc.meta);
  OptString(w, "code", fc.code);
  w.Key("name").String(fc.name);
  OptString(w, "description", fc.description);
  w.Key("address");
  if (fc.address) {
    WriteAddress(w, *fc.address);
  } else {
    w.Null();
  }
  w.Key("geoLocation");
  if (fc.geo_location) {
    WriteGeo(w, *fc.geo_location);
  } else {
    w.Null();
  }
  OptString(w, "outerId", fc.outer_id);
  w.EndObject();
  return w.str();
}

Result<FulfillmentCenter> FulfillmentCenterFromJson(const json::Value& v,
                                                    const std::string& prefix) {
  json::FieldReader r(v, prefix);
  FulfillmentCenter fc;
  fc.meta.id = r.String("id").value_or("");
  fc.code = r.String("code");
  fc.name = r.String("name", true).value_or("");
  fc.description = r.String("description");
  fc.outer_id = r.String("outerId");
  if (const auto* a = r.Raw("address")) ReadAddress(r, *a, prefix, fc.address);
  if (const auto* g = r.Raw("geoLocation")) ReadGeo(r, *g, fc.geo_location);
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return fc;
}

std::string ToJson(const InventoryRecord& r, Timestamp now) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, r.meta);
  w.Key("productId").String(r.product_id);
  w.Key("fulfillmentCenterId").String(r.fulfillment_center_id);
  w.Key("inStockQuantity").Int(r.in_stock_quantity);
  w.Key("reservedQuantity").Int(r.reserved_quantity);
  w.Key("reorderMinQuantity").Int(r.reorder_min_quantity);
  w.Key("preorderQuantity").Int(r.preorder_quantity);
  w.Key("backorderQuantity").Int(r.backorder_quantity);
  w.Key("allowBackorder").Bool(r.allow_backorder);
  w.Key("allowPreorder").Bool(r.allow_preorder);
  OptTime(w, "preorderAvailabilityDate", r.preorder_availability_date);
  OptTime(w, "backorderAvailabilityDate", r.backorder_availability_date);
  w.Key("status").String(ToString(r.status));
  OptString(w, "outerId", r.outer_id);
  w.Key("availableQuantity").Int(AvailableOf(r, now));
  w.EndObject();
  return w.str();
}

Result<InventoryRecord> RecordFromJson(const json::Value& v, const std::string& prefix) {
  json::FieldReader r(v, prefix);
  InventoryRecord rec;
  rec.meta.id = r.String("id").value_or("");
  rec.product_id = r.String("productId", true).value_or("");
  rec.fulfillment_center_id = r.String("fulfillmentCenterId", true).value_or("");
  rec.in_stock_quantity = Quantity(r, "inStockQuantity").value_or(0);
  rec.reorder_min_quantity = Quantity(r, "reorderMinQuantity").value_or(0);
  rec.preorder_quantity = Quantity(r, "preorderQuantity").value_or(0);
  rec.backorder_quantity = Quantity(r, "backorderQuantity").value_or(0);
  rec.allow_backorder = r.Bool("allowBackorder").value_or(false);
  rec.allow_preorder = r.Bool("allowPreorder").value_or(false);
  rec.preorder_availability_date = r.Timestamp("preorderAvailabilityDate");
  rec.backorder_availability_date = r.Timestamp("backorderAvailabilityDate");
  if (auto s = r.String("status")) {
    auto parsed = ParseInventoryStatus(*s);
    if (!parsed) {
      r.AddError("status", "must be Enabled or Disabled");
    } else {
      rec.status = *parsed;
    }
  }
  rec.outer_id = r.String("outerId");
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return rec;
}

std::string LinesJson(const std::vector<ReservationLine>& lines) {
  json::Writer w;
  w.StartArray();
  for (const auto& l : lines) {
    w.StartObject();
    w.Key("productId").String(l.product_id);
    w.Key("quantity").Int(l.quantity);
    OptString(w, "fulfillmentCenterId", l.fulfillment_center_id);
    w.EndObject();
  }
  w.EndArray();
  return w.str();
}

Result<std::vector<ReservationLine>> LinesFromJson(const std::string& text) {
  EMPORION_ASSIGN_OR_RETURN(auto d, json::Parse(text));
  if (!d.IsArray()) return Error::Internal("stored reservation lines are malformed");
  std::vector<ReservationLine> out;
  for (const auto& item : d.GetArray()) {
    json::FieldReader r(item);
    ReservationLine l;
    l.product_id = r.String("productId").value_or("");
    l.quantity = r.Int("quantity").value_or(0);
    l.fulfillment_center_id = r.String("fulfillmentCenterId");
    out.push_back(std::move(l));
  }
  return out;
}

std::string ToJson(const Reservation& r) {
  json::Writer w;
  w.StartObject();
  http::WriteMeta(w, r.meta);
  w.Key("storeId").String(r.store_id);
  w.Key("reference").String(r.reference);
  w.Key("status").String(ToString(r.status));
  w.Key("lines");
  w.RawJson(LinesJson(r.lines));
  w.EndObject();
  return w.str();
}

Result<ReservationRequest> ReservationRequestFromJson(const json::Value& v) {
  json::FieldReader r(v);
  ReservationRequest req;
  req.id = r.String("id").value_or("");
  req.store_id = r.String("storeId", true).value_or("");
  req.reference = r.String("reference").value_or("");
  const json::Value* items = r.Raw("items");
  if (items == nullptr || !items->IsArray()) {
    r.AddError("items", "is required: an array of {productId, quantity}");
  } else {
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
      const std::string p = "items[" + std::to_string(i) + "].";
      if (!(*items)[i].IsObject()) {
        r.AddError("items[" + std::to_string(i) + "]", "must be an object");
        continue;
      }
      json::FieldReader ir((*items)[i], p);
      ReservationItem item;
      item.product_id = ir.String("productId", true).value_or("");
      item.quantity = ir.Int("quantity", true).value_or(0);
      for (const auto& e : ir.errors()) r.AddError(e.field, e.message);
      req.items.push_back(std::move(item));
    }
  }
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return req;
}

void WriteAvailability(json::Writer& w, const ProductAvailability& a) {
  w.StartObject();
  w.Key("productId").String(a.product_id);
  w.Key("trackInventory").Bool(a.tracked);
  w.Key("isAvailable").Bool(a.is_available);
  w.Key("available");
  if (a.tracked) {
    w.Int(a.available);
  } else {
    w.Null();
  }
  w.Key("inStock").Int(a.in_stock);
  w.Key("reserved").Int(a.reserved);
  w.Key("allowBackorder").Bool(a.allow_backorder);
  w.Key("allowPreorder").Bool(a.allow_preorder);
  w.Key("byFulfillmentCenter").StartArray();
  for (const auto& c : a.by_fulfillment_center) {
    w.StartObject();
    w.Key("fulfillmentCenterId").String(c.fulfillment_center_id);
    w.Key("inStock").Int(c.in_stock);
    w.Key("reserved").Int(c.reserved);
    w.Key("available").Int(c.available);
    w.Key("allowBackorder").Bool(c.allow_backorder);
    w.Key("backorderQuantity").Int(c.backorder_quantity);
    OptTime(w, "backorderAvailabilityDate", c.backorder_availability_date);
    w.Key("allowPreorder").Bool(c.allow_preorder);
    w.Key("preorderQuantity").Int(c.preorder_quantity);
    OptTime(w, "preorderAvailabilityDate", c.preorder_availability_date);
    w.Key("status").String(c.enabled ? "Enabled" : "Disabled");
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

Result<SyncRequest> SyncRequestFromJson(const json::Value& v) {
  json::FieldReader r(v);
  SyncRequest out;
  auto mode = r.String("mode");
  if (mode && *mode == "adjust") {
    out.mode = SyncMode::kAdjust;
  } else if (mode && *mode != "absolute") {
    r.AddError("mode", "must be absolute or adjust");
  }
  const json::Value* items = r.Raw("items");
  if (items == nullptr || !items->IsArray()) {
    return Error::InvalidField("items", "is required: an array of inventory records");
  }
  if (items->Size() > kMaxSyncItems) {
    return Error::InvalidField(
        "items", "at most " + std::to_string(kMaxSyncItems) + " records per request, got " +
                     std::to_string(items->Size()) + "; split the sync into several requests");
  }
  out.items.reserve(items->Size());
  std::string prefix;
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    const json::Value& item = (*items)[i];
    prefix = "items[" + std::to_string(i) + "].";
    if (!item.IsObject()) {
      r.AddError("items[" + std::to_string(i) + "]", "must be an object");
      continue;
    }
    json::FieldReader ir(item, prefix);
    SyncItem s;
    s.product_id = ir.String("productId").value_or("");
    s.sku = ir.String("sku");
    s.fulfillment_center_id = ir.String("fulfillmentCenterId", true).value_or("");
    s.in_stock_quantity = ir.Int("inStockQuantity");
    s.delta = ir.Int("delta");
    s.reorder_min_quantity = ir.Int("reorderMinQuantity");
    s.preorder_quantity = ir.Int("preorderQuantity");
    s.backorder_quantity = ir.Int("backorderQuantity");
    s.allow_backorder = ir.Bool("allowBackorder");
    s.allow_preorder = ir.Bool("allowPreorder");
    auto date = [&](const char* name) -> std::optional<std::optional<Timestamp>> {
      auto it = item.FindMember(name);
      if (it == item.MemberEnd()) return std::nullopt;
      if (it->value.IsNull()) return std::optional<Timestamp>{};
      return std::optional<Timestamp>(ir.Timestamp(name));
    };
    s.preorder_availability_date = date("preorderAvailabilityDate");
    s.backorder_availability_date = date("backorderAvailabilityDate");
    if (auto st = ir.String("status")) {
      s.status = ParseInventoryStatus(*st);
      if (!s.status) ir.AddError("status", "must be Enabled or Disabled");
    }
    if (auto it = item.FindMember("outerId"); it != item.MemberEnd()) {
      s.outer_id = ir.String("outerId");
    }
    for (const auto& e : ir.errors()) r.AddError(e.field, e.message);
    out.items.push_back(std::move(s));
  }
  EMPORION_RETURN_IF_ERROR(r.ToStatus());
  return out;
}

}  // namespace emporion::inventory::codec
