#include "platform/http/api_helpers.hpp"

#include <algorithm>
#include <charconv>

namespace emporion::http {
namespace {

std::optional<std::int64_t> ToInt(std::string_view s) {
  std::int64_t v = 0;
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

Result<json::Document> ParseBody(const Request& request) {
  return json::ParseObject(request.body);
}

Result<ListParams> ParseListParams(const Request& request,
                                   const std::vector<std::string>& sortable) {
  ListParams p;
  if (auto v = request.Query("limit")) {
    auto n = ToInt(*v);
    if (!n || *n < 0) return Error::InvalidField("limit", "must be an integer from 0 to 1000");
    if (*n > 1000) return Error::InvalidField("limit", "must be at most 1000");
    p.limit = static_cast<int>(*n);
  }
  if (auto v = request.Query("offset")) {
    auto n = ToInt(*v);
    if (!n || *n < 0 || *n > 100'000'000) {
      return Error::InvalidField("offset", "must be a non-negative integer");
    }
    p.offset = static_cast<int>(*n);
  }
  if (auto v = request.Query("sort"); v && !v->empty()) {
    std::string_view rest = *v;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view part = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      SortKey key;
      const auto colon = part.find(':');
      key.field = std::string(part.substr(0, colon));
      if (colon != std::string_view::npos) {
        std::string_view dir = part.substr(colon + 1);
        if (dir == "desc") {
          key.descending = true;
        } else if (dir != "asc") {
          return Error::InvalidField("sort", "direction must be asc or desc, got '" +
                                                 std::string(dir) + "'");
        }
      }
      if (std::find(sortable.begin(), sortable.end(), key.field) == sortable.end()) {
        std::string allowed;
        for (const auto& s : sortable) allowed += (allowed.empty() ? "" : ", ") + s;
        return Error::InvalidField("sort", "unknown sort field '" + key.field +
                                               "'; sortable: " + allowed);
      }
      p.sort.push_back(std::move(key));
    }
  }
  if (auto v = request.Query("q"); v && !v->empty()) p.q = *v;
  return p;
}

Result<std::optional<std::int64_t>> IfMatchVersion(const Request& request) {
  std::string_view v = request.Header("if-match");
  if (v.empty() || v == "*") return std::optional<std::int64_t>{};
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = ToInt(v);
  if (!n) return Error::InvalidField("If-Match", "must be an ETag such as \"3\"");
  return std::optional<std::int64_t>(*n);
}

Status CheckVersion(const std::optional<std::int64_t>& expected, std::int64_t current) {
  if (expected && *expected != current) {
    return Error::PreconditionFailed("If-Match names version " + std::to_string(*expected) +
                                     " but the current version is " + std::to_string(current));
  }
  return Ok();
}

std::string ListEnvelope(const std::vector<std::string>& items, std::int64_t total) {
  std::size_t size = 32;
  for (const auto& i : items) size += i.size() + 1;
  std::string out;
  out.reserve(size);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out.push_back(',');
    out += items[i];
  }
  out += "],\"total\":";
  out += std::to_string(total);
  out.push_back('}');
  return out;
}

void WriteMeta(json::Writer& w, const EntityMeta& m) {
  w.Key("id").String(m.id);
  w.Key("version").Int(m.version);
  w.Key("createdAt").Time(m.created_at);
  w.Key("createdBy").String(m.created_by);
  w.Key("modifiedAt").Time(m.modified_at);
  w.Key("modifiedBy").String(m.modified_by);
}

std::string DiffJson(const json::Value& before, const json::Value& after,
                     const std::vector<std::string>& redact) {
  static const std::vector<std::string> kSkip = {"version", "modifiedAt", "modifiedBy",
                                                 "createdAt", "createdBy"};
  json::Writer w;
  w.StartObject().Key("changes").StartArray();
  auto redacted = [&](std::string_view name) {
    return std::find(redact.begin(), redact.end(), name) != redact.end();
  };
  auto emit = [&](std::string_view name, const json::Value* from, const json::Value* to) {
    if (std::find(kSkip.begin(), kSkip.end(), name) != kSkip.end()) return;
    w.StartObject().Key("field").String(name);
    w.Key("from");
    if (from == nullptr) {
      w.Null();
    } else if (redacted(name)) {
      w.String("***");
    } else {
      w.Value(*from);
    }
    w.Key("to");
    if (to == nullptr) {
      w.Null();
    } else if (redacted(name)) {
      w.String("***");
    } else {
      w.Value(*to);
    }
    w.EndObject();
  };
  if (before.IsObject() && after.IsObject()) {
    for (auto it = after.MemberBegin(); it != after.MemberEnd(); ++it) {
      auto old = before.FindMember(it->name);
      if (old == before.MemberEnd()) {
        emit(it->name.GetString(), nullptr, &it->value);
      } else if (old->value != it->value) {
        emit(it->name.GetString(), &old->value, &it->value);
      }
    }
    for (auto it = before.MemberBegin(); it != before.MemberEnd(); ++it) {
      if (!after.HasMember(it->name)) emit(it->name.GetString(), &it->value, nullptr);
    }
  }
  w.EndArray().EndObject();
  return w.str();
}

Result<std::optional<bool>> QueryBool(const Request& request, std::string_view name) {
  auto v = request.Query(name);
  if (!v) return std::optional<bool>{};
  if (*v == "true") return std::optional<bool>(true);
  if (*v == "false") return std::optional<bool>(false);
  return Error::InvalidField(std::string(name), "must be true or false");
}

Result<std::optional<std::int64_t>> QueryInt(const Request& request, std::string_view name) {
  auto v = request.Query(name);
  if (!v) return std::optional<std::int64_t>{};
  auto n = ToInt(*v);
  if (!n) return Error::InvalidField(std::string(name), "must be an integer");
  return std::optional<std::int64_t>(*n);
}

}  // namespace emporion::http
