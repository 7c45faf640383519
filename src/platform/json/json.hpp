// JSON helpers over RapidJSON: parsing request bodies and stored documents into a mutable DOM,
// reading fields with field-level errors, RFC 7396 merge patch, and a writer for responses.
// RapidJSON is used for both the DOM and the writer (see docs/ARCHITECTURE.md, "JSON").
// All functions are reentrant; the types are thread-compatible.
#pragma once

#define RAPIDJSON_HAS_STDSTRING 1
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/decimal.hpp"
#include "platform/core/result.hpp"

namespace emporion::json {

using Document = rapidjson::Document;
using Value = rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

/// Parses `text`; a syntax error is kInvalidArgument naming the offset. Invalid UTF-8 and
/// nesting deeper than 256 arrays/objects are kInvalidArgument too, so hostile input cannot
/// overflow the stack in the recursive DOM operations (merge patch, copy, Stringify).
Result<Document> Parse(std::string_view text);
/// Parses `text` and requires an object at the top (kInvalidArgument otherwise).
Result<Document> ParseObject(std::string_view text);

/// Serializes `v` compactly.
std::string Stringify(const Value& v);

/// Applies an RFC 7396 merge patch to `target` in place.
void ApplyMergePatch(Value& target, const Value& patch, Allocator& alloc);

/// Reads typed fields of one JSON object and gathers what is wrong as FieldErrors, so a handler
/// can report every bad field at once. Field names in errors are prefixed by `prefix`
/// ("items[3]."). The object must outlive the reader.
class FieldReader {
 public:
  explicit FieldReader(const Value& object, std::string prefix = "");

  /// nullopt when absent or null; a wrong type adds an error. `required` adds "is required".
  std::optional<std::string> String(const char* name, bool required = false);
  std::optional<std::int64_t> Int(const char* name, bool required = false);
  std::optional<bool> Bool(const char* name, bool required = false);
  /// An ISO 8601 date-time (returned in microseconds since epoch).
  std::optional<std::int64_t> Timestamp(const char* name, bool required = false);
  /// An exact decimal (money, quantities): a JSON number or numeric string with at most 4
  /// decimal places.
  std::optional<emporion::Decimal> Decimal(const char* name, bool required = false);
  /// An array of strings.
  std::optional<std::vector<std::string>> StringArray(const char* name, bool required = false);
  /// The raw member (any type), or nullptr when absent.
  const Value* Raw(const char* name) const;

  void AddError(const std::string& name, std::string message);
  [[nodiscard]] bool ok() const { return errors_.empty(); }
  [[nodiscard]] const std::vector<FieldError>& errors() const { return errors_; }
  /// kInvalidArgument (400) with all errors, for type errors; or Ok when there are none.
  Status ToStatus(ErrorCode code = ErrorCode::kInvalidArgument) const;

 private:
  const Value* Member(const char* name) const;
  const Value& object_;
  std::string prefix_;
  std::vector<FieldError> errors_;
};

/// A compact JSON writer into an owned buffer. Not thread-safe.
class Writer {
 public:
  Writer() : writer_(buffer_) {}

  Writer& StartObject() {
    writer_.StartObject();
    return *this;
  }
  Writer& EndObject() {
    writer_.EndObject();
    return *this;
  }
  Writer& StartArray() {
    writer_.StartArray();
    return *this;
  }
  Writer& EndArray() {
    writer_.EndArray();
    return *this;
  }
  Writer& Key(std::string_view k) {
    writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    return *this;
  }
  Writer& String(std::string_view s) {
    writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return *this;
  }
  Writer& Int(std::int64_t v) {
    writer_.Int64(v);
    return *this;
  }
  Writer& Bool(bool v) {
    writer_.Bool(v);
    return *this;
  }
  Writer& Null() {
    writer_.Null();
    return *this;
  }
  Writer& Double(double v) {
    writer_.Double(v);
    return *this;
  }
  /// Writes an already-serialized JSON value verbatim (trusted input only).
  Writer& RawJson(std::string_view json) {
    // RawValue with no text writes only the separator; the text is then copied in one block
    // (rapidjson's own RawValue copies it a character at a time).
    writer_.RawValue(json.data(), 0, rapidjson::kObjectType);
    if (!json.empty()) std::memcpy(buffer_.Push(json.size()), json.data(), json.size());
    return *this;
  }
  /// Writes a DOM value.
  Writer& Value(const json::Value& v) {
    v.Accept(writer_);
    return *this;
  }
  /// An exact decimal as a JSON number ("12.5").
  Writer& Decimal(emporion::Decimal d) {
    const std::string text = d.ToString();
    writer_.RawValue(text.data(), text.size(), rapidjson::kNumberType);
    return *this;
  }
  /// An ISO 8601 timestamp string.
  Writer& Time(std::int64_t micros);
  /// An optional string: null when nullopt.
  Writer& OptString(const std::optional<std::string>& s) { return s ? String(*s) : Null(); }

  [[nodiscard]] std::string_view view() const { return {buffer_.GetString(), buffer_.GetSize()}; }
  [[nodiscard]] std::string str() const { return std::string(view()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

/// A string value copied into `alloc`.
inline Value StringValue(std::string_view s, Allocator& alloc) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}
/// Sets member `name` of object `obj` to `v`, replacing an existing one.
void SetMember(Value& obj, std::string_view name, Value v, Allocator& alloc);

}  // namespace emporion::json
