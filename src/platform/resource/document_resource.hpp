// DocumentResource<T>: the contract's behaviour for a resource stored as one row of typed
// columns plus a JSON document (docs/ARCHITECTURE.md, "Aggregates"), written once for modules
// whose resources need nothing beyond it: create with optional client id, read, paged and
// filtered lists, update through a mutator with optimistic concurrency, delete with an in-use
// check, and all-or-nothing bulk upsert by id or business key. Every write is one UnitOfWork
// that emits `<entity>.created|updated|deleted` and records the change history.
//
// A module describes a resource with a ResourceDefinition<T> (T has a public `EntityMeta meta`):
// its table and typed columns, the JSON codec of its API form (also the stored document), and
// hooks for rules that need the database (run inside the write transaction). SQL text is built
// only from the definition's constant names; values are always bound parameters.
//
// Header-only (templates). Thread safety: a DocumentResource is immutable after construction and
// thread-safe; each call opens its own transaction.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/entity.hpp"
#include "platform/core/uuid.hpp"
#include "platform/db/database.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/events/outbox.hpp"
#include "platform/http/api_helpers.hpp"
#include "platform/json/json.hpp"

namespace emporion::resource {

inline constexpr std::size_t kMaxBulkItems = 10'000;

/// Conditions joined by AND, with their bound parameters in order.
class Where {
 public:
  Where& Add(std::string clause, db::Params params = {}) {
    clauses_.push_back(std::move(clause));
    for (auto& p : params) params_.push_back(std::move(p));
    return *this;
  }
  [[nodiscard]] std::string Sql() const {
    std::string out;
    for (const auto& c : clauses_) out += (out.empty() ? " WHERE " : " AND ") + c;
    return out;
  }
  [[nodiscard]] const db::Params& params() const { return params_; }

 private:
  std::vector<std::string> clauses_;
  db::Params params_;
};

/// `%text%` lower-cased, LIKE wildcards escaped with '!' (use `LIKE ? ESCAPE '!'`).
inline std::string LikeContains(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + "%";
}

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct BulkOutcome {
  int created = 0;
  int updated = 0;
};

/// Who writes: stamped on meta, events and history.
struct Actor {
  std::string name;
  std::string request_id;
};

template <typename T>
struct ResourceDefinition {
  std::string table;   // "members"
  std::string entity;  // "members.contact": event prefix and change-history entity type
  std::string noun;    // "contact", for messages
  /// Typed columns besides id, meta and doc, and their values for a resource (same order).
  std::vector<std::string> columns;
  std::function<db::Params(const T&)> column_values;
  /// Extra condition every statement of this resource adds (e.g. "member_type = 'Contact'"
  /// when several resources share a table); constant SQL, empty for none.
  std::string scope_sql;
  /// API form without meta (object members), also the stored document.
  std::function<void(json::Writer&, const T&)> write_fields;
  /// API body (or stored document) -> value; 400/422 naming fields with `prefix`.
  std::function<Result<T>(const json::Value&, const std::string& prefix)> parse;
  /// Sortable API fields -> SQL expression; the first is the default order.
  std::vector<std::pair<std::string, std::string>> sort_columns;
  /// Business key (unique; upsert key of bulk): column, API field and getter. Empty for none.
  std::string key_column;
  std::string key_field;
  std::function<std::string(const T&)> key;
  /// Rules that need the database, inside the write transaction, before the row is written:
  /// (unit of work, candidate (may be normalized), previous or nullptr). Errors name fields
  /// without prefix.
  std::function<Status(events::UnitOfWork&, T&, const T*)> check;
  /// After the row is written (side tables, dependent rows; may write other resources of the
  /// same module through the unit of work).
  std::function<Status(events::UnitOfWork&, const T&)> after_save;
  /// Before a delete: kConflict when something still needs the resource.
  std::function<Status(events::UnitOfWork&, const T&)> check_delete;
  /// After the row is deleted (side tables).
  std::function<Status(events::UnitOfWork&, const T&)> after_delete;
};

template <typename T>
class DocumentResource {
 public:
  using Mutator = std::function<Result<T>(const T& current)>;

  DocumentResource(db::Database& db, const Clock& clock, const events::EventBus* bus,
                   ResourceDefinition<T> def)
      : db_(db), clock_(clock), bus_(bus), def_(std::move(def)) {}

  [[nodiscard]] const ResourceDefinition<T>& definition() const { return def_; }
  [[nodiscard]] std::vector<std::string> SortFields() const {
    std::vector<std::string> out;
    for (const auto& [field, column] : def_.sort_columns) out.push_back(field);
    return out;
  }

  /// The API JSON of `v` (with meta).
  [[nodiscard]] std::string ToJson(const T& v) const {
    json::Writer w;
    w.StartObject();
    http::WriteMeta(w, v.meta);
    def_.write_fields(w, v);
    w.EndObject();
    return w.str();
  }

  // Reads.

  Result<T> Get(const std::string& id) const {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    EMPORION_ASSIGN_OR_RETURN(auto found, Find(*tx, id));
    if (!found) return Error::NotFound("no " + def_.noun + " '" + id + "'");
    return std::move(*found);
  }
  Result<std::optional<T>> FindByKey(const std::string& key) const {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    return FindByKey(*tx, key);
  }
  /// A page of resources matching `where`, ordered by `params.sort` (fields validated by the
  /// caller against SortFields()).
  Result<Page<T>> List(const Where& where, const http::ListParams& params) const {
    EMPORION_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::TxMode::kRead));
    return List(*tx, where, params);
  }
  Result<Page<T>> List(db::Transaction& tx, const Where& where,
                       const http::ListParams& params) const {
    Where w = Scoped(where);
    Page<T> out;
    EMPORION_ASSIGN_OR_RETURN(
        auto count, tx.QueryOne("SELECT COUNT(*) FROM " + def_.table + w.Sql(), w.params()));
    out.total = count ? count->Int(0) : 0;
    if (out.total <= params.offset) return out;
    db::Params p = w.params();
    p.push_back(db::Param(std::int64_t{params.limit}));
    p.push_back(db::Param(std::int64_t{params.offset}));
    EMPORION_ASSIGN_OR_RETURN(
        auto rows, tx.Query(Select() + w.Sql() + OrderBy(params.sort) + " LIMIT ? OFFSET ?", p));
    out.items.reserve(rows.size());
    for (const auto& r : rows) {
      EMPORION_ASSIGN_OR_RETURN(T item, FromRow(r));
      out.items.push_back(std::move(item));
    }
    return out;
  }

  Result<std::optional<T>> Find(db::Transaction& tx, const std::string& id) const {
    return One(tx, Where().Add("id = ?", {db::Param(id)}));
  }
  Result<std::optional<T>> FindByKey(db::Transaction& tx, const std::string& key) const {
    if (def_.key_column.empty()) return std::optional<T>();
    return One(tx, Where().Add(def_.key_column + " = ?", {db::Param(key)}));
  }

  // Writes.

  Result<T> Create(const Actor& actor, T value) const {
    EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(actor));
    EMPORION_ASSIGN_OR_RETURN(T saved, CreateIn(uow, std::move(value), ""));
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return saved;
  }

  Result<T> Update(const Actor& actor, const std::string& id,
                   std::optional<std::int64_t> expected_version, const Mutator& mutate) const {
    EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(actor));
    EMPORION_ASSIGN_OR_RETURN(auto current, Find(uow.tx(), id));
    if (!current) return Error::NotFound("no " + def_.noun + " '" + id + "'");
    EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, current->meta.version));
    EMPORION_ASSIGN_OR_RETURN(T next, mutate(*current));
    EMPORION_ASSIGN_OR_RETURN(T saved, UpdateIn(uow, *current, std::move(next), ""));
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return saved;
  }

  Status Delete(const Actor& actor, const std::string& id,
                std::optional<std::int64_t> expected_version) const {
    EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(actor));
    EMPORION_ASSIGN_OR_RETURN(auto current, Find(uow.tx(), id));
    if (!current) return Error::NotFound("no " + def_.noun + " '" + id + "'");
    EMPORION_RETURN_IF_ERROR(http::CheckVersion(expected_version, current->meta.version));
    if (def_.check_delete) EMPORION_RETURN_IF_ERROR(def_.check_delete(uow, *current));
    Where w = Scoped(Where().Add("id = ?", {db::Param(id)}));
    EMPORION_RETURN_IF_ERROR(uow.tx().Exec("DELETE FROM " + def_.table + w.Sql(), w.params()));
    if (def_.after_delete) EMPORION_RETURN_IF_ERROR(def_.after_delete(uow, *current));
    const std::string before = ToJson(*current);
    EMPORION_RETURN_IF_ERROR(uow.Emit(def_.entity + ".deleted", def_.entity, id, before));
    EMPORION_RETURN_IF_ERROR(uow.Record(def_.entity, id, "deleted", "{}"));
    return uow.Commit();
  }

  /// Upserts every item (by id, else by business key) in one transaction; 422 naming
  /// `items[i].field` for every item that breaks a rule.
  Result<BulkOutcome> Bulk(const Actor& actor, std::vector<T> items) const {
    if (items.size() > kMaxBulkItems) {
      return Error::InvalidField("items", "at most 10000 items per request");
    }
    EMPORION_ASSIGN_OR_RETURN(auto uow, Begin(actor));
    BulkOutcome outcome;
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string prefix = "items[" + std::to_string(i) + "].";
      T& item = items[i];
      std::optional<T> current;
      if (!item.meta.id.empty()) {
        EMPORION_ASSIGN_OR_RETURN(current, Find(uow.tx(), item.meta.id));
      }
      if (!current && !def_.key_column.empty()) {
        EMPORION_ASSIGN_OR_RETURN(auto by_key, FindByKey(uow.tx(), def_.key(item)));
        if (by_key && (item.meta.id.empty() || item.meta.id == by_key->meta.id)) {
          current = std::move(by_key);
        }
      }
      Result<T> saved = current ? UpdateIn(uow, *current, std::move(item), prefix)
                                : CreateIn(uow, std::move(item), prefix);
      if (!saved.ok()) {
        const Error& e = saved.error();
        if (e.code() != ErrorCode::kInvalidArgument && e.code() != ErrorCode::kUnprocessable &&
            e.code() != ErrorCode::kAlreadyExists && e.code() != ErrorCode::kNotFound &&
            e.code() != ErrorCode::kConflict) {
          return std::move(saved).error();
        }
        if (e.fields().empty()) errors.push_back({prefix + "id", e.detail()});
        for (const auto& f : e.fields()) errors.push_back(f);
        continue;
      }
      ++(current ? outcome.updated : outcome.created);
    }
    if (!errors.empty()) {
      std::string detail = std::to_string(errors.size()) + " problem(s): " + errors.front().field +
                           ": " + errors.front().message;
      return Error(ErrorCode::kUnprocessable, std::move(detail), std::move(errors));
    }
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    return outcome;
  }

  /// Begins a unit of work for `actor` (for writes that span several resources).
  Result<events::UnitOfWork> Begin(const Actor& actor) const {
    return events::UnitOfWork::Begin(db_, bus_, actor.name, actor.request_id, clock_);
  }

  /// Creates inside `uow`; errors name fields with `prefix`.
  Result<T> CreateIn(events::UnitOfWork& uow, T value, const std::string& prefix) const {
    if (value.meta.id.empty()) {
      value.meta.id = NewUuidV7(uow.now());
    } else if (!IsValidId(value.meta.id)) {
      return Prefixed(Error::InvalidField("id",
                                          "must be 1-128 characters of letters, digits, "
                                          "'.', '_', '~' or '-'"),
                      prefix);
    }
    EMPORION_ASSIGN_OR_RETURN(auto existing, Find(uow.tx(), value.meta.id));
    if (existing) {
      const std::string message =
          "a " + def_.noun + " with id '" + value.meta.id + "' already exists";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + "id", message}});
    }
    if (def_.check) {
      auto checked = def_.check(uow, value, nullptr);
      if (!checked.ok()) return Prefixed(std::move(checked).error(), prefix);
    }
    EMPORION_RETURN_IF_ERROR(CheckKey(uow.tx(), value, prefix));
    value.meta = EntityMeta::New(value.meta.id, uow.now(), uow.actor());
    EMPORION_RETURN_IF_ERROR(Insert(uow.tx(), value));
    if (def_.after_save) EMPORION_RETURN_IF_ERROR(def_.after_save(uow, value));
    const std::string after = ToJson(value);
    EMPORION_RETURN_IF_ERROR(uow.Emit(def_.entity + ".created", def_.entity, value.meta.id, after));
    EMPORION_RETURN_IF_ERROR(uow.Record(def_.entity, value.meta.id, "created", "{}"));
    return value;
  }

  /// Replaces `current` by `next` inside `uow` (meta from `current`, version + 1); nothing is
  /// written when no field changed.
  Result<T> UpdateIn(events::UnitOfWork& uow, const T& current, T next,
                     const std::string& prefix) const {
    next.meta = current.meta;
    if (def_.check) {
      auto checked = def_.check(uow, next, &current);
      if (!checked.ok()) return Prefixed(std::move(checked).error(), prefix);
    }
    EMPORION_RETURN_IF_ERROR(CheckKey(uow.tx(), next, prefix));
    const std::string before = ToJson(current);
    if (ToJson(next) == before) return next;
    next.meta.Touch(uow.now(), uow.actor());
    db::Params params = def_.column_values(next);
    params.push_back(db::Param(Document(next)));
    params.push_back(db::Param(next.meta.version));
    params.push_back(db::Param(next.meta.modified_at));
    params.push_back(db::Param(next.meta.modified_by));
    params.push_back(db::Param(next.meta.id));
    params.push_back(db::Param(current.meta.version));
    std::string set;
    for (const auto& c : def_.columns) set += c + " = ?, ";
    EMPORION_ASSIGN_OR_RETURN(
        auto changed, uow.tx().Exec("UPDATE " + def_.table + " SET " + set +
                                        "doc = ?, version = ?, modified_at = ?, modified_by = ? "
                                        "WHERE id = ? AND version = ?",
                                    params));
    if (changed != 1) {
      return Error::PreconditionFailed("the " + def_.noun + " was changed concurrently");
    }
    if (def_.after_save) EMPORION_RETURN_IF_ERROR(def_.after_save(uow, next));
    const std::string after = ToJson(next);
    std::string detail = "{}";
    auto a = json::Parse(before);
    auto b = json::Parse(after);
    if (a.ok() && b.ok()) detail = http::DiffJson(*a, *b);
    EMPORION_RETURN_IF_ERROR(uow.Emit(def_.entity + ".updated", def_.entity, next.meta.id, after));
    EMPORION_RETURN_IF_ERROR(uow.Record(def_.entity, next.meta.id, "updated", detail));
    return next;
  }

 private:
  static Error Prefixed(Error e, const std::string& prefix) {
    if (prefix.empty()) return e;
    std::vector<FieldError> fields;
    for (const auto& f : e.fields()) fields.push_back({prefix + f.field, f.message});
    if (fields.empty()) fields.push_back({prefix + "id", e.detail()});
    return {e.code(), e.detail(), std::move(fields)};
  }

  Status CheckKey(db::Transaction& tx, const T& value, const std::string& prefix) const {
    if (def_.key_column.empty()) return Ok();
    const std::string key = def_.key(value);
    EMPORION_ASSIGN_OR_RETURN(auto other, FindByKey(tx, key));
    if (other && other->meta.id != value.meta.id) {
      const std::string message = "a " + def_.noun + " with " + def_.key_field + " '" + key +
                                  "' already exists (id '" + other->meta.id + "')";
      return Error(ErrorCode::kAlreadyExists, message, {{prefix + def_.key_field, message}});
    }
    return Ok();
  }

  [[nodiscard]] std::string Document(const T& v) const {
    json::Writer w;
    w.StartObject();
    def_.write_fields(w, v);
    w.EndObject();
    return w.str();
  }

  Status Insert(db::Transaction& tx, const T& v) const {
    db::Params params;
    params.push_back(db::Param(v.meta.id));
    for (auto& p : def_.column_values(v)) params.push_back(std::move(p));
    params.push_back(db::Param(Document(v)));
    params.push_back(db::Param(v.meta.version));
    params.push_back(db::Param(v.meta.created_at));
    params.push_back(db::Param(v.meta.created_by));
    params.push_back(db::Param(v.meta.modified_at));
    params.push_back(db::Param(v.meta.modified_by));
    std::string cols = "id";
    std::string marks = "?";
    for (const auto& c : def_.columns) {
      cols += ", " + c;
      marks += ", ?";
    }
    EMPORION_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO " + def_.table + " (" + cols +
                    ", doc, version, created_at, created_by, modified_at, modified_by) VALUES (" +
                    marks + ", ?, ?, ?, ?, ?, ?)",
                params));
    return Ok();
  }

  [[nodiscard]] Where Scoped(const Where& where) const {
    Where w = where;
    if (!def_.scope_sql.empty()) w.Add(def_.scope_sql);
    return w;
  }

  [[nodiscard]] std::string Select() const {
    return "SELECT id, doc, version, created_at, created_by, modified_at, modified_by FROM " +
           def_.table;
  }

  [[nodiscard]] std::string OrderBy(const std::vector<http::SortKey>& sort) const {
    std::string out;
    for (const auto& key : sort) {
      for (const auto& [field, column] : def_.sort_columns) {
        if (field == key.field) {
          out += (out.empty() ? " ORDER BY " : ", ") + column + (key.descending ? " DESC" : " ASC");
        }
      }
    }
    if (out.empty() && !def_.sort_columns.empty()) {
      out = " ORDER BY " + def_.sort_columns.front().second + " ASC";
    }
    return out + (out.empty() ? " ORDER BY id" : ", id");
  }

  Result<T> FromRow(const db::Row& r) const {
    EMPORION_ASSIGN_OR_RETURN(auto doc, json::ParseObject(r.Text(1)));
    EMPORION_ASSIGN_OR_RETURN(T v, def_.parse(doc, ""));
    v.meta.id = r.Text(0);
    v.meta.version = r.Int(2);
    v.meta.created_at = r.Int(3);
    v.meta.created_by = r.Text(4);
    v.meta.modified_at = r.Int(5);
    v.meta.modified_by = r.Text(6);
    return v;
  }

  Result<std::optional<T>> One(db::Transaction& tx, const Where& where) const {
    Where w = Scoped(where);
    EMPORION_ASSIGN_OR_RETURN(auto row, tx.QueryOne(Select() + w.Sql(), w.params()));
    if (!row) return std::optional<T>();
    EMPORION_ASSIGN_OR_RETURN(T v, FromRow(*row));
    return std::optional<T>(std::move(v));
  }

  db::Database& db_;
  const Clock& clock_;
  const events::EventBus* bus_;
  ResourceDefinition<T> def_;
};

}  // namespace emporion::resource
