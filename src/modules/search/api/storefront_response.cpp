#include "modules/search/api/storefront_response.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "platform/core/decimal.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

using json::Value;

// Numbers stay text: amounts are parsed exactly with Decimal, never through double.
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag;

std::string_view Text(const Value& v) {
  return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

const Value* Member(const Value* obj, std::string_view name) {
  if (obj == nullptr || !obj->IsObject()) return nullptr;
  auto it = obj->FindMember(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
  if (it == obj->MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Primary(std::string_view tag) {
  return tag.substr(0, std::min(tag.find_first_of("-_"), tag.size()));
}

/// A localized value: a plain string as is; a map {lang: text} picked for `language` (exact,
/// any case, same primary subtag, neutral "", first).
std::string_view Localized(const Value* v, std::string_view language) {
  if (v == nullptr) return {};
  if (v->IsString()) return Text(*v);
  if (!v->IsObject() || v->MemberCount() == 0) return {};
  if (const Value* exact = Member(v, language); exact != nullptr && exact->IsString()) {
    return Text(*exact);
  }
  const Value* same_primary = nullptr;
  const Value* neutral = nullptr;
  const Value* first = nullptr;
  for (auto it = v->MemberBegin(); it != v->MemberEnd(); ++it) {
    if (!it->value.IsString()) continue;
    const std::string_view key = Text(it->name);
    if (EqualsNoCase(key, language)) return Text(it->value);
    if (same_primary == nullptr && !key.empty() && EqualsNoCase(Primary(key), Primary(language))) {
      same_primary = &it->value;
    }
    if (neutral == nullptr && key.empty()) neutral = &it->value;
    if (first == nullptr) first = &it->value;
  }
  for (const Value* c : {same_primary, neutral, first}) {
    if (c != nullptr) return Text(*c);
  }
  return {};
}

/// The first ranked price list with an entry in `prices` ({priceListId: {...}}).
const Value* WinningPrice(const Value* prices, const std::vector<std::string>& ranked) {
  if (prices == nullptr || !prices->IsObject()) return nullptr;
  for (const auto& list : ranked) {
    const Value* p = Member(prices, list);
    if (p != nullptr && p->IsObject() && Member(p, "list") != nullptr) return p;
  }
  return nullptr;
}

std::optional<Decimal> Amount(const Value* v) {
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return Decimal::Parse(Text(*v));
}

void WritePrice(json::Writer& w, const Value* price, const StorefrontContext& ctx) {
  const auto list = Amount(Member(price, "list"));
  if (price == nullptr || !list) {
    w.Null();
    return;
  }
  w.StartObject();
  const Value* stored_currency = Member(price, "currency");
  const std::string_view currency =
      stored_currency != nullptr ? Text(*stored_currency) : std::string_view();
  w.Key("currency").String(currency.empty() ? std::string_view(ctx.currency) : currency);
  w.Key("list").Decimal(*list);
  w.Key("sale");
  if (auto sale = Amount(Member(price, "sale"))) {
    w.Decimal(*sale);
  } else {
    w.Null();
  }
  w.EndObject();
}

std::int64_t Quantity(const Value& v) {
  if (v.IsString()) {
    const std::string_view t = Text(v);
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec == std::errc() && ptr == t.data() + t.size()) return n;
    // A decimal quantity ("3.0"): whole units only.
    if (auto d = Decimal::Parse(t)) return d->raw() / Decimal::kScale;
  }
  return 0;
}

void WriteAvailability(json::Writer& w, const Value* stock, const StorefrontContext& ctx) {
  std::int64_t available = 0;
  if (stock != nullptr && stock->IsObject()) {
    for (const auto& fc : ctx.fulfillment_centers) {
      if (const Value* q = Member(stock, fc)) available += std::max<std::int64_t>(0, Quantity(*q));
    }
  }
  w.StartObject();
  w.Key("available").Int(available);
  w.Key("inStock").Bool(available > 0);
  w.EndObject();
}

void WriteString(json::Writer& w, const Value* v) {
  if (v != nullptr && v->IsString()) {
    w.String(Text(*v));
  } else {
    w.Null();
  }
}

void WriteProperties(json::Writer& w, const Value* properties, const StorefrontContext& ctx) {
  w.StartArray();
  if (properties != nullptr && properties->IsArray()) {
    for (const auto& p : properties->GetArray()) {
      if (!p.IsObject()) continue;
      w.StartObject();
      w.Key("name");
      WriteString(w, Member(&p, "name"));
      w.Key("value");
      const Value* value = Member(&p, "value");
      if (value != nullptr && value->IsArray()) {
        w.StartArray();
        for (const auto& one : value->GetArray()) w.String(Localized(&one, ctx.language));
        w.EndArray();
      } else {
        w.String(Localized(value, ctx.language));
      }
      w.EndObject();
    }
  }
  w.EndArray();
}

void WriteProduct(json::Writer& w, const Value& doc, const StorefrontContext& ctx) {
  w.StartObject();
  w.Key("id");
  WriteString(w, Member(&doc, "id"));
  w.Key("code");
  WriteString(w, Member(&doc, "code"));
  w.Key("name").String(Localized(Member(&doc, "name"), ctx.language));
  w.Key("image");
  WriteString(w, Member(&doc, "image"));
  const Value* main_price = WinningPrice(Member(&doc, "prices"), ctx.price_lists);
  w.Key("price");
  WritePrice(w, main_price, ctx);
  w.Key("availability");
  WriteAvailability(w, Member(&doc, "stock"), ctx);
  w.Key("variations").StartArray();
  if (const Value* variations = Member(&doc, "variations");
      variations != nullptr && variations->IsArray()) {
    for (const auto& v : variations->GetArray()) {
      if (!v.IsObject()) continue;
      w.StartObject();
      w.Key("id");
      WriteString(w, Member(&v, "id"));
      w.Key("code");
      WriteString(w, Member(&v, "code"));
      w.Key("name").String(Localized(Member(&v, "name"), ctx.language));
      const Value* own = WinningPrice(Member(&v, "prices"), ctx.price_lists);
      w.Key("price");
      WritePrice(w, own != nullptr ? own : main_price, ctx);
      w.Key("availability");
      WriteAvailability(w, Member(&v, "stock"), ctx);
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("properties");
  WriteProperties(w, Member(&doc, "properties"), ctx);
  w.EndObject();
}

void WriteFacets(json::Writer& w, const std::vector<search::FacetResult>& facets) {
  w.Key("facets").StartArray();
  for (const auto& f : facets) {
    w.StartObject();
    w.Key("name").String(f.name);
    w.Key("type").String(f.type == search::FacetRequest::Type::kRange ? "range" : "terms");
    w.Key("values").StartArray();
    for (const auto& v : f.values) {
      w.StartObject();
      w.Key("value").String(v.value);
      w.Key("label").String(v.label.empty() ? v.value : v.label);
      w.Key("count").Int(static_cast<std::int64_t>(v.count));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string ProductsResponse(const search::SearchResult& result, const StorefrontContext& ctx) {
  json::Writer w;
  w.StartObject();
  w.Key("items").StartArray();
  json::Document doc;
  std::string buffer;  // parsed in place: strings are not copied out of it
  for (const auto& hit : result.hits) {
    buffer.assign(hit.stored);
    doc.ParseInsitu<kParseFlags>(buffer.data());
    if (doc.HasParseError() || !doc.IsObject()) continue;
    WriteProduct(w, doc, ctx);
  }
  w.EndArray();
  w.Key("total").Int(static_cast<std::int64_t>(result.total));
  WriteFacets(w, result.facets);
  w.EndObject();
  return w.str();
}

std::string CategoriesResponse(const search::SearchResult& result, const StorefrontContext& ctx) {
  json::Writer w;
  w.StartObject();
  w.Key("items").StartArray();
  json::Document doc;
  for (const auto& hit : result.hits) {
    doc.Parse<kParseFlags>(hit.stored.data(), hit.stored.size());
    if (doc.HasParseError() || !doc.IsObject()) continue;
    w.StartObject();
    w.Key("id");
    WriteString(w, Member(&doc, "id"));
    w.Key("code");
    WriteString(w, Member(&doc, "code"));
    w.Key("name").String(Localized(Member(&doc, "name"), ctx.language));
    w.Key("parentId");
    WriteString(w, Member(&doc, "parentId"));
    w.Key("path");
    if (const Value* path = Member(&doc, "path"); path != nullptr && path->IsArray()) {
      w.StartArray();
      for (const auto& p : path->GetArray()) {
        if (p.IsString()) w.String(Text(p));
      }
      w.EndArray();
    } else {
      WriteString(w, path);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("total").Int(static_cast<std::int64_t>(result.total));
  w.EndObject();
  return w.str();
}

std::string SuggestionsResponse(const std::vector<search::Suggestion>& suggestions) {
  json::Writer w;
  w.StartObject();
  w.Key("items").StartArray();
  for (const auto& s : suggestions) {
    w.StartObject();
    w.Key("text").String(s.text);
    w.Key("count").Int(static_cast<std::int64_t>(s.count));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.str();
}

}  // namespace emporion::search_module
