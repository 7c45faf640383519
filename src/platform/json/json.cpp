#include "platform/json/json.hpp"

#include <rapidjson/error/en.h>

#include "platform/core/clock.hpp"

namespace emporion::json {

namespace {

// Deeper documents are refused: parsing is iterative, but merge patch, DOM copies, comparison
// and serialization recurse once per level, so a hostile body could overflow a thread's stack.
constexpr std::size_t kMaxDepth = 256;

// The deepest nesting of arrays and objects in `text`, brackets inside strings ignored.
// Stops counting once past kMaxDepth.
std::size_t NestingDepth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > kMaxDepth) break;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<Document> Parse(std::string_view text) {
  if (NestingDepth(text) > kMaxDepth) {
    return Error::InvalidArgument("malformed JSON: nested deeper than " +
                                  std::to_string(kMaxDepth) + " levels");
  }
  Document doc;
  // Invalid UTF-8 is refused here (400) rather than by PostgreSQL at insert time (a 500). The
  // recursive parser (faster than rapidjson's iterative one) is safe: the depth is bounded above.
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag;
  doc.Parse<kFlags>(text.data(), text.size());
  if (doc.HasParseError()) {
    return Error::InvalidArgument(std::string("malformed JSON at offset ") +
                                  std::to_string(doc.GetErrorOffset()) + ": " +
                                  rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return doc;
}

Result<Document> ParseObject(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::InvalidArgument("request body is empty; a JSON object is required");
  }
  EMPORION_ASSIGN_OR_RETURN(Document doc, Parse(text));
  if (!doc.IsObject()) return Error::InvalidArgument("the request body must be a JSON object");
  return doc;
}

std::string Stringify(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

void SetMember(Value& obj, std::string_view name, Value v, Allocator& alloc) {
  auto it = obj.FindMember(rapidjson::StringRef(name.data(), name.size()));
  if (it != obj.MemberEnd()) {
    it->value = std::move(v);
  } else {
    obj.AddMember(StringValue(name, alloc), std::move(v), alloc);
  }
}

void ApplyMergePatch(Value& target, const Value& patch, Allocator& alloc) {
  if (!patch.IsObject()) {
    target.CopyFrom(patch, alloc);
    return;
  }
  if (!target.IsObject()) target.SetObject();
  for (auto it = patch.MemberBegin(); it != patch.MemberEnd(); ++it) {
    if (it->value.IsNull()) {
      target.RemoveMember(it->name);
      continue;
    }
    auto existing = target.FindMember(it->name);
    if (existing == target.MemberEnd()) {
      Value fresh;
      ApplyMergePatch(fresh, it->value, alloc);
      target.AddMember(Value(it->name, alloc), std::move(fresh), alloc);
    } else {
      ApplyMergePatch(existing->value, it->value, alloc);
    }
  }
}

FieldReader::FieldReader(const Value& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

const Value* FieldReader::Member(const char* name) const {
  if (!object_.IsObject()) return nullptr;
  auto it = object_.FindMember(name);
  if (it == object_.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

const Value* FieldReader::Raw(const char* name) const { return Member(name); }

void FieldReader::AddError(const std::string& name, std::string message) {
  errors_.push_back({prefix_ + name, std::move(message)});
}

std::optional<std::string> FieldReader::String(const char* name, bool required) {
  const Value* v = Member(name);
  if (v == nullptr) {
    if (required) AddError(name, "is required");
    return std::nullopt;
  }
  if (!v->IsString()) {
    AddError(name, "must be a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> FieldReader::Int(const char* name, bool required) {
  const Value* v = Member(name);
  if (v == nullptr) {
    if (required) AddError(name, "is required");
    return std::nullopt;
  }
  if (!v->IsInt64()) {
    AddError(name, "must be an integer");
    return std::nullopt;
  }
  return v->GetInt64();
}

std::optional<bool> FieldReader::Bool(const char* name, bool required) {
  const Value* v = Member(name);
  if (v == nullptr) {
    if (required) AddError(name, "is required");
    return std::nullopt;
  }
  if (!v->IsBool()) {
    AddError(name, "must be a boolean");
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<std::int64_t> FieldReader::Timestamp(const char* name, bool required) {
  auto s = String(name, required);
  if (!s) return std::nullopt;
  auto t = ParseIso8601(*s);
  if (!t) {
    AddError(name, "must be an ISO 8601 date-time in UTC, e.g. 2026-11-24T17:05:00Z");
    return std::nullopt;
  }
  return t;
}

std::optional<emporion::Decimal> FieldReader::Decimal(const char* name, bool required) {
  const Value* v = Member(name);
  if (v == nullptr) {
    if (required) AddError(name, "is required");
    return std::nullopt;
  }
  std::optional<emporion::Decimal> d;
  if (v->IsInt64()) {
    const std::int64_t n = v->GetInt64();
    if (n > -900'000'000'000'000 && n < 900'000'000'000'000) d = emporion::Decimal::FromInt(n);
  } else if (v->IsNumber()) {
    d = emporion::Decimal::FromDouble(v->GetDouble());
  } else if (v->IsString()) {
    d = emporion::Decimal::Parse(std::string_view(v->GetString(), v->GetStringLength()));
  }
  if (!d) AddError(name, "must be a decimal number with at most 4 decimal places");
  return d;
}

std::optional<std::vector<std::string>> FieldReader::StringArray(const char* name, bool required) {
  const Value* v = Member(name);
  if (v == nullptr) {
    if (required) AddError(name, "is required");
    return std::nullopt;
  }
  if (!v->IsArray()) {
    AddError(name, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(v->Size());
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const Value& e = (*v)[i];
    if (!e.IsString()) {
      AddError(std::string(name) + "[" + std::to_string(i) + "]", "must be a string");
      return std::nullopt;
    }
    out.emplace_back(e.GetString(), e.GetStringLength());
  }
  return out;
}

Status FieldReader::ToStatus(ErrorCode code) const {
  if (errors_.empty()) return Ok();
  std::string detail;
  for (const auto& e : errors_) {
    if (!detail.empty()) detail += "; ";
    detail += e.field + " " + e.message;
  }
  return Error(code, std::move(detail), errors_);
}

Writer& Writer::Time(std::int64_t micros) { return String(FormatIso8601(micros)); }

}  // namespace emporion::json
