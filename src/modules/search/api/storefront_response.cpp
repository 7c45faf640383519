#include "modules/search/api/storefront_response.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/decimal.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

using json::Value;

// Numbers stay text: amounts are parsed exactly with Decimal, never through double.
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag;

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Primary(std::string_view tag) {
  return tag.substr(0, std::min(tag.find_first_of("-_"), tag.size()));
}

// Two readers of a stored document with one interface, so the shaping below is written once:
// - DomDoc: RapidJSON's DOM (numbers kept as text), for any valid JSON;
// - FlatDoc: one pass over the text into a flat array of value spans, without copying or
//   unescaping. It takes only documents whose strings hold no escape and no control character
//   (as the indexer writes them): such a string is written back as its raw span, which is
//   byte for byte what RapidJSON's writer makes of the parsed value. Any other document, and any
//   it cannot read, goes to DomDoc, which decides (an invalid document is left out).
// A handle names a value (nullptr / kNone: absent). As with the DOM's numbers-as-text, a number
// counts as a string whose text is the number as written.

class DomDoc {
 public:
  using Handle = const Value*;
  static constexpr Handle kNone = nullptr;

  explicit DomDoc(const Value& root) : root_(root) {}
  Handle Root() const { return &root_; }
  static bool IsObject(Handle v) { return v != nullptr && v->IsObject(); }
  static bool IsArray(Handle v) { return v != nullptr && v->IsArray(); }
  static bool IsString(Handle v) { return v != nullptr && v->IsString(); }
  static std::string_view Text(Handle v) {
    return IsString(v) ? std::string_view(v->GetString(), v->GetStringLength())
                       : std::string_view();
  }
  static void WriteString(json::Writer& w, Handle v) { w.String(Text(v)); }
  /// The first member named `name`; kNone when missing, null, or `obj` is no object.
  static Handle Member(Handle obj, std::string_view name) {
    if (!IsObject(obj)) return nullptr;
    auto it = obj->FindMember(
        rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
    if (it == obj->MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
  }
  static bool Empty(Handle obj) { return obj->MemberCount() == 0; }
  template <typename F>
  static void ForEachMember(Handle obj, F&& f) {
    for (auto it = obj->MemberBegin(); it != obj->MemberEnd(); ++it) {
      f(std::string_view(it->name.GetString(), it->name.GetStringLength()), &it->value);
    }
  }
  template <typename F>
  static void ForEachElement(Handle arr, F&& f) {
    for (const auto& e : arr->GetArray()) f(&e);
  }

 private:
  const Value& root_;
};

class FlatDoc {
 public:
  using Handle = std::uint32_t;
  static constexpr Handle kNone = std::numeric_limits<std::uint32_t>::max();

  enum class Kind : std::uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };
  struct Node {
    Kind kind;
    std::uint32_t pos;  // strings: the content (without quotes); numbers: the text
    std::uint32_t len;
    std::uint32_t end;  // index past this value's subtree (containers: past their last child)
  };

  /// False when the text is not for this reader (see above); `nodes` is reused storage.
  bool Parse(std::string_view text, std::vector<Node>& nodes) {
    text_ = text;
    p_ = 0;
    nodes_ = &nodes;
    nodes.clear();
    if (text.size() >= std::numeric_limits<std::uint32_t>::max() || !ParseValue(0)) return false;
    SkipSpace();
    return p_ == text_.size();
  }

  Handle Root() const { return 0; }
  bool IsObject(Handle v) const { return v != kNone && At(v).kind == Kind::kObject; }
  bool IsArray(Handle v) const { return v != kNone && At(v).kind == Kind::kArray; }
  bool IsString(Handle v) const {
    return v != kNone && (At(v).kind == Kind::kString || At(v).kind == Kind::kNumber);
  }
  std::string_view Text(Handle v) const {
    return IsString(v) ? text_.substr(At(v).pos, At(v).len) : std::string_view();
  }
  void WriteString(json::Writer& w, Handle v) const {
    if (v != kNone && At(v).kind == Kind::kString) {
      // The quoted span as is: it holds no escape, so it is what the writer would produce.
      w.RawJson(text_.substr(At(v).pos - 1, At(v).len + 2));
    } else {
      w.String(Text(v));
    }
  }
  Handle Member(Handle obj, std::string_view name) const {
    if (!IsObject(obj)) return kNone;
    for (Handle k = obj + 1; k < At(obj).end; k = At(k + 1).end) {
      if (Text(k) == name) return At(k + 1).kind == Kind::kNull ? kNone : k + 1;
    }
    return kNone;
  }
  bool Empty(Handle obj) const { return At(obj).end == obj + 1; }
  template <typename F>
  void ForEachMember(Handle obj, F&& f) const {
    for (Handle k = obj + 1; k < At(obj).end; k = At(k + 1).end) f(Text(k), k + 1);
  }
  template <typename F>
  void ForEachElement(Handle arr, F&& f) const {
    for (Handle e = arr + 1; e < At(arr).end; e = At(e).end) f(e);
  }

 private:
  static constexpr int kMaxDepth = 32;

  const Node& At(Handle v) const { return (*nodes_)[v]; }
  void SkipSpace() {
    while (p_ < text_.size() &&
           (text_[p_] == ' ' || text_[p_] == '\n' || text_[p_] == '\r' || text_[p_] == '\t')) {
      ++p_;
    }
  }
  Handle Push(Kind kind, std::size_t pos, std::size_t len) {
    const auto index = static_cast<Handle>(nodes_->size());
    nodes_->push_back(
        {kind, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(len), index + 1});
    return index;
  }
  bool ParseString() {  // at the opening quote
    const std::size_t start = ++p_;
    // Eight bytes at a time while none is a quote, a backslash or below 0x20 (SWAR: a byte
    // below n sets its high bit in (x - n * 0x01..) & ~x & 0x80..).
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    while (p_ + 8 <= text_.size()) {
      std::uint64_t x = 0;
      std::memcpy(&x, text_.data() + p_, 8);
      const std::uint64_t quote = x ^ (kOnes * '"');
      const std::uint64_t backslash = x ^ (kOnes * '\\');
      const std::uint64_t special = ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) |
                                    ((backslash - kOnes) & ~backslash);
      if ((special & kHigh) != 0) break;
      p_ += 8;
    }
    while (p_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[p_]);
      if (c == '"') {
        Push(Kind::kString, start, p_ - start);
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20) return false;
      ++p_;
    }
    return false;
  }
  bool Digits() {
    const std::size_t start = p_;
    while (p_ < text_.size() && text_[p_] >= '0' && text_[p_] <= '9') ++p_;
    return p_ > start;
  }
  bool ParseNumber() {  // RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    const std::size_t start = p_;
    if (text_[p_] == '-') ++p_;
    if (p_ < text_.size() && text_[p_] == '0') {
      ++p_;
    } else if (!Digits()) {
      return false;
    }
    if (p_ < text_.size() && text_[p_] == '.') {
      ++p_;
      if (!Digits()) return false;
    }
    if (p_ < text_.size() && (text_[p_] == 'e' || text_[p_] == 'E')) {
      ++p_;
      if (p_ < text_.size() && (text_[p_] == '+' || text_[p_] == '-')) ++p_;
      if (!Digits()) return false;
    }
    Push(Kind::kNumber, start, p_ - start);
    return true;
  }
  bool Literal(std::string_view word, Kind kind) {
    if (text_.substr(p_, word.size()) != word) return false;
    Push(kind, p_, word.size());
    p_ += word.size();
    return true;
  }
  bool ParseValue(int depth) {
    SkipSpace();
    if (p_ >= text_.size()) return false;
    switch (text_[p_]) {
      case '"':
        return ParseString();
      case 't':
        return Literal("true", Kind::kTrue);
      case 'f':
        return Literal("false", Kind::kFalse);
      case 'n':
        return Literal("null", Kind::kNull);
      case '{':
      case '[':
        return depth < kMaxDepth && ParseContainer(depth);
      default:
        return ParseNumber();
    }
  }
  bool ParseContainer(int depth) {
    const bool object = text_[p_] == '{';
    const char close = object ? '}' : ']';
    const Handle index = Push(object ? Kind::kObject : Kind::kArray, p_, 0);
    ++p_;
    SkipSpace();
    if (p_ < text_.size() && text_[p_] == close) {
      ++p_;
      return true;
    }
    for (;;) {
      if (object) {
        SkipSpace();
        if (p_ >= text_.size() || text_[p_] != '"' || !ParseString()) return false;
        SkipSpace();
        if (p_ >= text_.size() || text_[p_] != ':') return false;
        ++p_;
      }
      if (!ParseValue(depth + 1)) return false;
      SkipSpace();
      if (p_ >= text_.size()) return false;
      const char c = text_[p_++];
      if (c == close) break;
      if (c != ',') return false;
    }
    (*nodes_)[index].end = static_cast<std::uint32_t>(nodes_->size());
    return true;
  }

  std::string_view text_;
  std::size_t p_ = 0;
  std::vector<Node>* nodes_ = nullptr;
};

/// Shapes storefront items from one stored document read by D (DomDoc or FlatDoc).
template <typename D>
class Shaper {
 public:
  using H = typename D::Handle;
  Shaper(const D& doc, json::Writer& w, const StorefrontContext& ctx) : d_(doc), w_(w), ctx_(ctx) {}

  // The "id", "code" and localized "name" every item and variation starts with.
  void IdCodeName(H obj) {
    w_.Key("id");
    StringOrNull(d_.Member(obj, "id"));
    w_.Key("code");
    StringOrNull(d_.Member(obj, "code"));
    w_.Key("name");
    LocalizedString(d_.Member(obj, "name"));
  }

  void Product() {
    const H doc = d_.Root();
    w_.StartObject();
    IdCodeName(doc);
    w_.Key("image");
    StringOrNull(d_.Member(doc, "image"));
    const H main_price = WinningPrice(d_.Member(doc, "prices"));
    w_.Key("price");
    Price(main_price);
    w_.Key("availability");
    Availability(d_.Member(doc, "stock"));
    w_.Key("variations").StartArray();
    if (const H variations = d_.Member(doc, "variations"); d_.IsArray(variations)) {
      d_.ForEachElement(variations, [&](H v) {
        if (!d_.IsObject(v)) return;
        w_.StartObject();
        IdCodeName(v);
        const H own = WinningPrice(d_.Member(v, "prices"));
        w_.Key("price");
        Price(own != D::kNone ? own : main_price);
        w_.Key("availability");
        Availability(d_.Member(v, "stock"));
        w_.EndObject();
      });
    }
    w_.EndArray();
    w_.Key("properties");
    Properties(d_.Member(doc, "properties"));
    w_.EndObject();
  }

  void Category() {
    const H doc = d_.Root();
    w_.StartObject();
    IdCodeName(doc);
    w_.Key("parentId");
    StringOrNull(d_.Member(doc, "parentId"));
    w_.Key("path");
    if (const H path = d_.Member(doc, "path"); d_.IsArray(path)) {
      w_.StartArray();
      d_.ForEachElement(path, [&](H p) {
        if (d_.IsString(p)) d_.WriteString(w_, p);
      });
      w_.EndArray();
    } else {
      StringOrNull(path);
    }
    w_.EndObject();
  }

 private:
  void StringOrNull(H v) {
    if (d_.IsString(v)) {
      d_.WriteString(w_, v);
    } else {
      w_.Null();
    }
  }

  /// A localized value: a plain string as is; a map {lang: text} picked for the language
  /// (exact, any case, same primary subtag, neutral "", first); "" when none.
  void LocalizedString(H v) {
    const H picked = Localized(v);
    if (picked == D::kNone) {
      w_.String(std::string_view());
    } else {
      d_.WriteString(w_, picked);
    }
  }
  H Localized(H v) const {
    if (v == D::kNone) return D::kNone;
    if (d_.IsString(v)) return v;
    if (!d_.IsObject(v) || d_.Empty(v)) return D::kNone;
    const std::string_view language = ctx_.language;
    if (const H exact = d_.Member(v, language); d_.IsString(exact)) return exact;
    H exact_no_case = D::kNone;
    H same_primary = D::kNone;
    H neutral = D::kNone;
    H first = D::kNone;
    d_.ForEachMember(v, [&](std::string_view key, H value) {
      if (!d_.IsString(value) || exact_no_case != D::kNone) return;
      if (EqualsNoCase(key, language)) {
        exact_no_case = value;
        return;
      }
      if (same_primary == D::kNone && !key.empty() &&
          EqualsNoCase(Primary(key), Primary(language))) {
        same_primary = value;
      }
      if (neutral == D::kNone && key.empty()) neutral = value;
      if (first == D::kNone) first = value;
    });
    for (const H c : {exact_no_case, same_primary, neutral, first}) {
      if (c != D::kNone) return c;
    }
    return D::kNone;
  }

  /// The first ranked price list with an entry in `prices` ({priceListId: {...}}).
  H WinningPrice(H prices) const {
    if (!d_.IsObject(prices)) return D::kNone;
    for (const auto& list : ctx_.price_lists) {
      const H p = d_.Member(prices, list);
      if (d_.IsObject(p) && d_.Member(p, "list") != D::kNone) return p;
    }
    return D::kNone;
  }

  std::optional<Decimal> Amount(H v) const {
    if (!d_.IsString(v)) return std::nullopt;
    return Decimal::Parse(d_.Text(v));
  }

  void Price(H price) {
    const auto list = Amount(d_.Member(price, "list"));
    if (price == D::kNone || !list) {
      w_.Null();
      return;
    }
    w_.StartObject();
    const std::string_view currency = d_.Text(d_.Member(price, "currency"));
    w_.Key("currency").String(currency.empty() ? std::string_view(ctx_.currency) : currency);
    w_.Key("list").Decimal(*list);
    w_.Key("sale");
    if (auto sale = Amount(d_.Member(price, "sale"))) {
      w_.Decimal(*sale);
    } else {
      w_.Null();
    }
    w_.EndObject();
  }

  std::int64_t Quantity(H v) const {
    if (d_.IsString(v)) {
      const std::string_view t = d_.Text(v);
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
      if (ec == std::errc() && ptr == t.data() + t.size()) return n;
      // A decimal quantity ("3.0"): whole units only.
      if (auto q = Decimal::Parse(t)) return q->raw() / Decimal::kScale;
    }
    return 0;
  }

  void Availability(H stock) {
    std::int64_t available = 0;
    if (d_.IsObject(stock)) {
      for (const auto& fc : ctx_.fulfillment_centers) {
        if (const H q = d_.Member(stock, fc); q != D::kNone) {
          available += std::max<std::int64_t>(0, Quantity(q));
        }
      }
    }
    w_.StartObject();
    w_.Key("available").Int(available);
    w_.Key("inStock").Bool(available > 0);
    w_.EndObject();
  }

  void Properties(H properties) {
    w_.StartArray();
    if (d_.IsArray(properties)) {
      d_.ForEachElement(properties, [&](H p) {
        if (!d_.IsObject(p)) return;
        w_.StartObject();
        w_.Key("name");
        StringOrNull(d_.Member(p, "name"));
        w_.Key("value");
        const H value = d_.Member(p, "value");
        if (d_.IsArray(value)) {
          w_.StartArray();
          d_.ForEachElement(value, [&](H one) { LocalizedString(one); });
          w_.EndArray();
        } else {
          LocalizedString(value);
        }
        w_.EndObject();
      });
    }
    w_.EndArray();
  }

  const D& d_;
  json::Writer& w_;
  const StorefrontContext& ctx_;
};

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

namespace {

enum class Item { kProduct, kCategory };

/// One hit's item: through FlatDoc when it takes the document, else through the DOM (an
/// invalid document writes nothing).
void WriteItem(json::Writer& w, std::string_view stored, Item item, const StorefrontContext& ctx,
               bool dom_only, std::vector<FlatDoc::Node>& nodes, std::string& buffer,
               json::Document& dom) {
  FlatDoc flat;
  if (!dom_only && flat.Parse(stored, nodes) && flat.IsObject(flat.Root())) {
    Shaper<FlatDoc> shaper(flat, w, ctx);
    item == Item::kProduct ? shaper.Product() : shaper.Category();
    return;
  }
  buffer.assign(stored);  // parsed in place: strings are not copied out of it
  dom.ParseInsitu<kParseFlags>(buffer.data());
  if (dom.HasParseError() || !dom.IsObject()) return;
  const DomDoc doc(dom);
  Shaper<DomDoc> shaper(doc, w, ctx);
  item == Item::kProduct ? shaper.Product() : shaper.Category();
}

std::string Products(const search::SearchResult& result, const StorefrontContext& ctx,
                     bool dom_only) {
  json::Writer w;
  w.StartObject();
  w.Key("items").StartArray();
  std::vector<FlatDoc::Node> nodes;
  std::string buffer;
  json::Document dom;
  for (const auto& hit : result.hits) {
    WriteItem(w, hit.stored, Item::kProduct, ctx, dom_only, nodes, buffer, dom);
  }
  w.EndArray();
  w.Key("total").Int(static_cast<std::int64_t>(result.total));
  WriteFacets(w, result.facets);
  w.EndObject();
  return w.str();
}

std::string Categories(const search::SearchResult& result, const StorefrontContext& ctx,
                       bool dom_only) {
  json::Writer w;
  w.StartObject();
  w.Key("items").StartArray();
  std::vector<FlatDoc::Node> nodes;
  std::string buffer;
  json::Document dom;
  for (const auto& hit : result.hits) {
    WriteItem(w, hit.stored, Item::kCategory, ctx, dom_only, nodes, buffer, dom);
  }
  w.EndArray();
  w.Key("total").Int(static_cast<std::int64_t>(result.total));
  w.EndObject();
  return w.str();
}

}  // namespace

std::string ProductsResponse(const search::SearchResult& result, const StorefrontContext& ctx) {
  return Products(result, ctx, /*dom_only=*/false);
}

std::string ProductsResponseViaDom(const search::SearchResult& result,
                                   const StorefrontContext& ctx) {
  return Products(result, ctx, /*dom_only=*/true);
}

std::string CategoriesResponse(const search::SearchResult& result, const StorefrontContext& ctx) {
  return Categories(result, ctx, /*dom_only=*/false);
}

std::string CategoriesResponseViaDom(const search::SearchResult& result,
                                     const StorefrontContext& ctx) {
  return Categories(result, ctx, /*dom_only=*/true);
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
