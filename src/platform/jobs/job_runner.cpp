#include "platform/jobs/job_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "platform/core/memory.hpp"
#include "platform/core/uuid.hpp"
#include "platform/json/json.hpp"

namespace emporion::jobs {
namespace {

using db::Param;
using std::chrono::milliseconds;

constexpr milliseconds kFlushInterval{250};
constexpr milliseconds kIdleFlushInterval{5000};
constexpr milliseconds kPollInterval{2000};
constexpr int kClaimBatch = 20;
constexpr const char* kSelectColumns =
    "SELECT id, type, status, params, done, total, errors, error_count, result, "
    "cancel_requested, created_at, created_by, started_at, finished_at FROM jobs";

std::optional<Timestamp> OptTime(const db::Row& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return ParseIso8601(r.Text(i));
}

std::vector<JobError> ParseErrors(const std::string& text) {
  std::vector<JobError> out;
  auto doc = json::Parse(text);
  if (!doc.ok() || !doc->IsArray()) return out;
  for (const auto& e : doc->GetArray()) {
    if (!e.IsObject()) continue;
    JobError err;
    if (auto m = e.FindMember("message"); m != e.MemberEnd() && m->value.IsString()) {
      err.message = m->value.GetString();
    }
    if (auto r = e.FindMember("ref"); r != e.MemberEnd() && r->value.IsString()) {
      err.ref = r->value.GetString();
    }
    out.push_back(std::move(err));
  }
  return out;
}

std::string ErrorsJson(const std::vector<JobError>& errors) {
  json::Writer w;
  w.StartArray();
  for (const auto& e : errors) {
    w.StartObject().Key("message").String(e.message).Key("ref").String(e.ref).EndObject();
  }
  w.EndArray();
  return w.str();
}

JobInfo FromRow(const db::Row& r) {
  JobInfo j;
  j.id = r.Text(0);
  j.type = r.Text(1);
  j.status = r.Text(2);
  j.params_json = r.Text(3);
  j.done = r.Int(4);
  j.total = r.Int(5);
  j.errors = ParseErrors(r.Text(6));
  j.error_count = r.Int(7);
  j.result_json = r.Text(8);
  j.cancel_requested = r.Bool(9);
  j.created_at = ParseIso8601(r.Text(10)).value_or(0);
  j.created_by = r.Text(11);
  j.started_at = OptTime(r, 12);
  j.finished_at = OptTime(r, 13);
  return j;
}

std::string StatusPayload(const std::string& id, const std::string& type, const std::string& status,
                          const std::string& previous) {
  json::Writer w;
  w.StartObject().Key("id").String(id).Key("type").String(type).Key("status").String(status);
  w.Key("previousStatus");
  if (previous.empty()) {
    w.Null();
  } else {
    w.String(previous);
  }
  w.EndObject();
  return w.str();
}

/// Emits `platform.job.status-changed` and records the change inside `uow`.
Status RecordTransition(events::UnitOfWork& uow, const std::string& id, const std::string& type,
                        const std::string& from, const std::string& to,
                        const std::string& operation) {
  EMPORION_RETURN_IF_ERROR(uow.Emit("platform.job.status-changed", "platform.job", id,
                                    StatusPayload(id, type, to, from)));
  json::Writer w;
  w.StartObject().Key("type").String(type).Key("changes").StartArray();
  w.StartObject().Key("field").String("status").Key("from");
  if (from.empty()) {
    w.Null();
  } else {
    w.String(from);
  }
  w.Key("to").String(to).EndObject().EndArray().EndObject();
  return uow.Record("platform.job", id, operation, w.str());
}

/// The in-memory state of a job running in this process.
class RunningJob final : public JobContext {
 public:
  RunningJob(std::string id, std::string type, std::string params, std::string actor,
             std::int64_t done, std::int64_t total)
      : id_(std::move(id)),
        type_(std::move(type)),
        params_(std::move(params)),
        actor_(std::move(actor)),
        done_(done),
        total_(total) {}

  [[nodiscard]] const std::string& id() const override { return id_; }
  [[nodiscard]] const std::string& type() const { return type_; }
  [[nodiscard]] const std::string& params_json() const override { return params_; }
  [[nodiscard]] const std::string& actor() const override { return actor_; }

  void SetTotal(std::int64_t total) override {
    total_.store(total);
    dirty_.store(true);
  }
  void Advance(std::int64_t n) override {
    done_.fetch_add(n);
    dirty_.store(true);
  }
  void AddError(std::string message, std::string ref) override {
    std::lock_guard lock(mutex_);
    ++error_count_;
    if (errors_.size() < kMaxJobErrors) errors_.push_back({std::move(message), std::move(ref)});
    dirty_.store(true);
  }
  [[nodiscard]] bool Cancelled() const override { return cancel_.load() || shutdown_.load(); }

  void RequestCancel() { cancel_.store(true); }
  void RequestShutdown() { shutdown_.store(true); }
  [[nodiscard]] bool cancel_requested() const { return cancel_.load(); }
  [[nodiscard]] bool shutdown_requested() const { return shutdown_.load(); }
  /// True once since the last call when progress or errors changed.
  bool TakeDirty() { return dirty_.exchange(false); }

  struct Snapshot {
    std::int64_t done, total, error_count;
    std::vector<JobError> errors;
  };
  Snapshot Take() const {
    std::lock_guard lock(mutex_);
    return {done_.load(), total_.load(), error_count_, errors_};
  }
  /// Adds the error that ends the job (kept even when the list is full).
  void AddFinalError(std::string message) {
    std::lock_guard lock(mutex_);
    ++error_count_;
    if (errors_.size() >= kMaxJobErrors) errors_.pop_back();
    errors_.push_back({std::move(message), ""});
  }

 private:
  const std::string id_, type_, params_, actor_;
  std::atomic<std::int64_t> done_;
  std::atomic<std::int64_t> total_;
  std::atomic<bool> cancel_{false};
  std::atomic<bool> shutdown_{false};
  std::atomic<bool> dirty_{false};
  mutable std::mutex mutex_;
  std::vector<JobError> errors_;  // GUARDED_BY(mutex_)
  std::int64_t error_count_ = 0;  // GUARDED_BY(mutex_)
};

}  // namespace

bool IsJobStatus(std::string_view s) {
  return s == kQueued || s == kRunning || s == kSucceeded || s == kFailed || s == kCancelled;
}

struct JobRunner::Impl {
  Impl(db::Database& database, const Clock& c, unsigned n)
      : db(database), clock(c), threads(std::max(1u, n)) {}

  db::Database& db;
  const Clock& clock;
  const unsigned threads;
  const events::EventBus* bus = nullptr;
  std::map<std::string, JobFunction> types;  // written before Start() only

  std::mutex mutex;
  std::condition_variable work_cv;
  std::condition_variable flush_cv;
  bool started = false;                                       // GUARDED_BY(mutex)
  bool stopping = false;                                      // GUARDED_BY(mutex)
  bool wake_pending = false;                                  // GUARDED_BY(mutex)
  bool counts_stale = true;                                   // GUARDED_BY(mutex)
  std::map<std::string, std::shared_ptr<RunningJob>> active;  // GUARDED_BY(mutex)
  std::vector<std::thread> workers;
  std::thread flusher;

  /// Jobs by status for the gauge; shared with the gauge callback, which may outlive us.
  struct Counts {
    std::mutex mutex;
    std::map<std::string, double> by_status;  // GUARDED_BY(mutex)
  };
  std::shared_ptr<Counts> counts = std::make_shared<Counts>();

  Result<events::UnitOfWork> Begin(const std::string& actor, const std::string& request_id) {
    return events::UnitOfWork::Begin(db, bus, actor, request_id, clock);
  }

  void MarkCountsStale() {
    {
      std::lock_guard lock(mutex);
      counts_stale = true;
    }
    flush_cv.notify_one();
  }

  void WorkerLoop();
  std::shared_ptr<RunningJob> ClaimNext();
  void Run(const std::shared_ptr<RunningJob>& job);
  void Finish(const std::shared_ptr<RunningJob>& job, const Result<std::string>& outcome);
  void FlusherLoop();
  void FlushProgress();
  void RefreshCounts();
  Status FailUnknownTypes();
};

void JobRunner::Impl::WorkerLoop() {
  for (;;) {
    {
      std::unique_lock lock(mutex);
      work_cv.wait_for(lock, kPollInterval, [&] { return stopping || wake_pending; });
      if (stopping) return;
      wake_pending = false;
    }
    while (auto job = ClaimNext()) {
      {
        // Another queued job may be waiting: let an idle thread look while this one runs.
        std::lock_guard lock(mutex);
        wake_pending = true;
      }
      work_cv.notify_one();
      Run(job);
      job.reset();
      // A job (an import, a rebuild) frees most of what it allocated as it ends.
      ReleaseThreadMemory();
      std::lock_guard lock(mutex);
      if (stopping) return;
    }
  }
}

std::shared_ptr<RunningJob> JobRunner::Impl::ClaimNext() {
  {
    std::lock_guard lock(mutex);
    if (stopping) return nullptr;
  }
  std::vector<JobInfo> candidates;
  {
    auto tx = db.Begin(db::TxMode::kRead);
    if (!tx.ok()) {
      spdlog::warn("jobs: cannot read the queue: {}", tx.error().detail());
      return nullptr;
    }
    auto rows =
        (*tx)->Query(std::string(kSelectColumns) + " WHERE status = 'queued' ORDER BY seq LIMIT ?",
                     {Param(kClaimBatch)});
    if (!rows.ok()) {
      spdlog::warn("jobs: cannot read the queue: {}", rows.error().detail());
      return nullptr;
    }
    for (const auto& r : *rows) candidates.push_back(FromRow(r));
  }
  for (auto& c : candidates) {
    if (types.find(c.type) == types.end()) continue;  // another node's (newer) type
    auto uow = Begin("system", "");
    if (!uow.ok()) return nullptr;
    const std::string now = FormatIso8601Millis(uow->now());
    auto changed = uow->tx().Exec(
        "UPDATE jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'",
        {Param(now), Param(c.id)});
    if (!changed.ok()) {
      spdlog::warn("jobs: cannot claim {}: {}", c.id, changed.error().detail());
      return nullptr;
    }
    if (*changed != 1) continue;  // claimed or cancelled meanwhile
    if (!RecordTransition(*uow, c.id, c.type, kQueued, kRunning, "started").ok()) return nullptr;
    if (auto s = uow->Commit(); !s.ok()) {
      spdlog::warn("jobs: cannot claim {}: {}", c.id, s.error().detail());
      return nullptr;
    }
    MarkCountsStale();
    auto job =
        std::make_shared<RunningJob>(c.id, c.type, c.params_json, c.created_by, c.done, c.total);
    std::lock_guard lock(mutex);
    active.emplace(c.id, job);
    if (stopping) job->RequestShutdown();
    return job;
  }
  return nullptr;
}

void JobRunner::Impl::Run(const std::shared_ptr<RunningJob>& job) {
  spdlog::info("job {} ({}) started", job->id(), job->type());
  const JobFunction& fn = types.at(job->type());
  Result<std::string> outcome = Error::Internal("job function did not return");
  try {
    outcome = fn(*job);
  } catch (const std::exception& e) {
    outcome = Error::Internal(std::string("the job threw: ") + e.what());
  } catch (...) {
    outcome = Error::Internal("the job threw a non-standard exception");
  }
  Finish(job, outcome);
  {
    std::lock_guard lock(mutex);
    active.erase(job->id());
  }
  MarkCountsStale();
}

void JobRunner::Impl::Finish(const std::shared_ptr<RunningJob>& job,
                             const Result<std::string>& outcome) {
  std::string status = kSucceeded;
  if (job->cancel_requested()) {
    status = kCancelled;
  } else if (job->shutdown_requested()) {
    status = kFailed;
    job->AddFinalError("interrupted by a server shutdown");
  } else if (!outcome.ok()) {
    status = kFailed;
    job->AddFinalError(outcome.error().detail());
  }
  std::string result = "{}";
  if (outcome.ok()) {
    auto doc = json::Parse(*outcome);
    if (doc.ok() && doc->IsObject()) {
      result = json::Stringify(*doc);
    } else {
      spdlog::error("job {} ({}) returned a result that is not a JSON object", job->id(),
                    job->type());
    }
  }
  const auto snap = job->Take();
  auto uow = Begin("system", "");
  Status s = uow.ok() ? Ok() : Status(uow.error());
  if (s.ok()) {
    auto changed = uow->tx().Exec(
        "UPDATE jobs SET status = ?, done = ?, total = ?, errors = ?, error_count = ?, "
        "result = ?, finished_at = ? WHERE id = ? AND status = 'running'",
        {Param(status), Param(snap.done), Param(snap.total), Param(ErrorsJson(snap.errors)),
         Param(snap.error_count), Param(result), Param(FormatIso8601Millis(uow->now())),
         Param(job->id())});
    s = changed.ok() ? Ok() : Status(changed.error());
    if (s.ok() && *changed == 1) {
      s = RecordTransition(*uow, job->id(), job->type(), kRunning, status, status);
    }
    if (s.ok()) s = uow->Commit();
  }
  if (!s.ok()) {
    spdlog::error("job {} ({}) ended {} but could not be saved: {}", job->id(), job->type(), status,
                  s.error().detail());
    return;
  }
  spdlog::info("job {} ({}) {}: {}/{} done, {} error(s)", job->id(), job->type(), status, snap.done,
               snap.total, snap.error_count);
}

void JobRunner::Impl::FlusherLoop() {
  auto last_counts = std::chrono::steady_clock::now() - kIdleFlushInterval;
  for (;;) {
    bool refresh = false;
    {
      std::unique_lock lock(mutex);
      flush_cv.wait_for(lock, active.empty() ? kIdleFlushInterval : kFlushInterval,
                        [&] { return stopping || counts_stale; });
      if (stopping) return;
      const auto now = std::chrono::steady_clock::now();
      refresh = counts_stale || now - last_counts >= kIdleFlushInterval;
      if (refresh) {
        counts_stale = false;
        last_counts = now;
      }
    }
    FlushProgress();
    if (refresh) RefreshCounts();
  }
}

void JobRunner::Impl::FlushProgress() {
  std::vector<std::shared_ptr<RunningJob>> jobs;
  {
    std::lock_guard lock(mutex);
    for (const auto& [id, job] : active) jobs.push_back(job);
  }
  if (jobs.empty()) return;
  std::vector<std::shared_ptr<RunningJob>> dirty;
  for (const auto& job : jobs) {
    if (job->TakeDirty()) dirty.push_back(job);
  }
  if (!dirty.empty()) {
    auto tx = db.Begin(db::TxMode::kWrite);
    Status s = tx.ok() ? Ok() : Status(tx.error());
    for (const auto& job : dirty) {
      if (!s.ok()) break;
      const auto snap = job->Take();
      auto changed = (*tx)->Exec(
          "UPDATE jobs SET done = ?, total = ?, errors = ?, error_count = ? "
          "WHERE id = ? AND status = 'running'",
          {Param(snap.done), Param(snap.total), Param(ErrorsJson(snap.errors)),
           Param(snap.error_count), Param(job->id())});
      if (!changed.ok()) s = changed.error();
    }
    if (s.ok()) s = (*tx)->Commit();
    if (!s.ok()) {
      spdlog::warn("jobs: progress not saved: {}", s.error().detail());
      return;
    }
  }
  // A cancel requested through another node arrives through the database.
  auto tx = db.Begin(db::TxMode::kRead);
  if (!tx.ok()) return;
  auto rows =
      (*tx)->Query("SELECT id FROM jobs WHERE status = 'running' AND cancel_requested = 1", {});
  if (!rows.ok()) return;
  for (const auto& r : *rows) {
    for (const auto& job : jobs) {
      if (job->id() == r.Text(0)) job->RequestCancel();
    }
  }
}

void JobRunner::Impl::RefreshCounts() {
  std::map<std::string, double> fresh = {
      {kQueued, 0}, {kRunning, 0}, {kSucceeded, 0}, {kFailed, 0}, {kCancelled, 0}};
  auto tx = db.Begin(db::TxMode::kRead);
  if (!tx.ok()) return;
  auto rows = (*tx)->Query("SELECT status, COUNT(*) FROM jobs GROUP BY status", {});
  if (!rows.ok()) return;
  for (const auto& r : *rows) fresh[r.Text(0)] = static_cast<double>(r.Int(1));
  std::lock_guard lock(counts->mutex);
  counts->by_status = std::move(fresh);
}

Status JobRunner::Impl::FailUnknownTypes() {
  EMPORION_ASSIGN_OR_RETURN(auto uow, Begin("system", ""));
  EMPORION_ASSIGN_OR_RETURN(auto rows,
                            uow.tx().Query("SELECT id, type, errors, error_count FROM jobs "
                                           "WHERE status = 'queued'",
                                           {}));
  for (const auto& r : rows) {
    const std::string type = r.Text(1);
    if (types.find(type) != types.end()) continue;
    auto errors = ParseErrors(r.Text(2));
    errors.push_back({"no handler for job type '" + type + "' in this server version", ""});
    EMPORION_RETURN_IF_ERROR(uow.tx().Exec(
        "UPDATE jobs SET status = 'failed', errors = ?, error_count = ?, finished_at = ? "
        "WHERE id = ? AND status = 'queued'",
        {Param(ErrorsJson(errors)), Param(r.Int(3) + 1), Param(FormatIso8601Millis(uow.now())),
         Param(r.Text(0))}));
    EMPORION_RETURN_IF_ERROR(RecordTransition(uow, r.Text(0), type, kQueued, kFailed, kFailed));
    spdlog::warn("job {} failed: no handler for its type '{}'", r.Text(0), type);
  }
  return uow.Commit();
}

JobRunner::JobRunner(db::Database& db, const Clock& clock, metrics::Metrics& metrics,
                     unsigned threads)
    : impl_(std::make_unique<Impl>(db, clock, threads)) {
  metrics.AddLabelledGauge("emporion_jobs", "Jobs by status", "status", [counts = impl_->counts] {
    std::lock_guard lock(counts->mutex);
    return counts->by_status;
  });
}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::RegisterType(std::string type, JobFunction fn) {
  impl_->types[std::move(type)] = std::move(fn);
}

bool JobRunner::HasType(const std::string& type) const {
  return impl_->types.find(type) != impl_->types.end();
}

void JobRunner::SetEventBus(const events::EventBus* bus) { impl_->bus = bus; }

Result<JobInfo> JobRunner::EnqueueIn(events::UnitOfWork& uow, const std::string& type,
                                     std::string params_json) {
  if (!HasType(type)) return Error::InvalidArgument("unknown job type '" + type + "'");
  if (params_json.empty()) params_json = "{}";
  auto params = json::Parse(params_json);
  if (!params.ok() || !params->IsObject()) {
    return Error::InvalidArgument("job parameters must be a JSON object");
  }
  JobInfo job;
  job.id = NewUuidV7(uow.now());
  job.type = type;
  job.status = kQueued;
  job.params_json = json::Stringify(*params);
  job.result_json = "{}";
  job.created_by = uow.actor();
  job.created_at = uow.now();
  EMPORION_RETURN_IF_ERROR(
      uow.tx().Exec("INSERT INTO jobs (id, type, status, params, created_at, created_by) "
                    "VALUES (?, ?, 'queued', ?, ?, ?)",
                    {Param(job.id), Param(job.type), Param(job.params_json),
                     Param(FormatIso8601Millis(job.created_at)), Param(job.created_by)}));
  json::Writer w;
  w.StartObject().Key("id").String(job.id).Key("type").String(job.type);
  w.Key("status").String(kQueued).EndObject();
  EMPORION_RETURN_IF_ERROR(uow.Emit("platform.job.created", "platform.job", job.id, w.str()));
  json::Writer detail;
  detail.StartObject().Key("type").String(type).Key("params").RawJson(job.params_json).EndObject();
  EMPORION_RETURN_IF_ERROR(uow.Record("platform.job", job.id, "created", detail.str()));
  return job;
}

Result<JobInfo> JobRunner::Enqueue(const std::string& type, std::string params_json,
                                   const std::string& actor, const std::string& request_id) {
  EMPORION_ASSIGN_OR_RETURN(auto uow, impl_->Begin(actor, request_id));
  EMPORION_ASSIGN_OR_RETURN(JobInfo job, EnqueueIn(uow, type, std::move(params_json)));
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  impl_->MarkCountsStale();
  Wake();
  return job;
}

void JobRunner::Wake() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->wake_pending = true;
  }
  impl_->work_cv.notify_one();
}

Result<std::optional<JobInfo>> JobRunner::Get(const std::string& id) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, impl_->db.Begin(db::TxMode::kRead));
  EMPORION_ASSIGN_OR_RETURN(
      auto row, tx->QueryOne(std::string(kSelectColumns) + " WHERE id = ?", {Param(id)}));
  if (!row) return std::optional<JobInfo>{};
  JobInfo job = FromRow(*row);
  std::shared_ptr<RunningJob> live;
  {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->active.find(id);
    if (it != impl_->active.end()) live = it->second;
  }
  if (live && job.status == kRunning) {
    auto snap = live->Take();
    job.done = snap.done;
    job.total = snap.total;
    job.errors = std::move(snap.errors);
    job.error_count = snap.error_count;
    job.cancel_requested = job.cancel_requested || live->cancel_requested();
  }
  return std::optional<JobInfo>(std::move(job));
}

Result<std::pair<std::vector<JobInfo>, std::int64_t>> JobRunner::List(
    std::optional<std::string> type, std::optional<std::string> status, int limit, int offset) {
  EMPORION_ASSIGN_OR_RETURN(auto tx, impl_->db.Begin(db::TxMode::kRead));
  // The WHERE clause is put together from fixed fragments for the filters present, so each
  // combination is its own prepared statement and can use its index.
  std::string where;
  db::Params params;
  if (type) {
    where += " WHERE type = ?";
    params.push_back(Param(*type));
  }
  if (status) {
    where += where.empty() ? " WHERE status = ?" : " AND status = ?";
    params.push_back(Param(*status));
  }
  EMPORION_ASSIGN_OR_RETURN(auto count, tx->QueryOne("SELECT COUNT(*) FROM jobs" + where, params));
  params.push_back(Param(std::int64_t{limit}));
  params.push_back(Param(std::int64_t{offset}));
  EMPORION_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string(kSelectColumns) + where +
                                                     " ORDER BY seq DESC LIMIT ? OFFSET ?",
                                                 params));
  std::vector<JobInfo> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return std::make_pair(std::move(out), count ? count->Int(0) : 0);
}

Result<JobInfo> JobRunner::Cancel(const std::string& id, const std::string& actor,
                                  const std::string& request_id) {
  {
    EMPORION_ASSIGN_OR_RETURN(auto uow, impl_->Begin(actor, request_id));
    EMPORION_ASSIGN_OR_RETURN(
        auto row, uow.tx().QueryOne("SELECT status, type, cancel_requested FROM jobs WHERE id = ?",
                                    {Param(id)}));
    if (!row) return Error::NotFound("no job with id '" + id + "'");
    const std::string status = row->Text(0);
    const std::string type = row->Text(1);
    bool cancelled_now = false;
    if (status == kQueued) {
      EMPORION_ASSIGN_OR_RETURN(
          auto changed, uow.tx().Exec("UPDATE jobs SET status = 'cancelled', cancel_requested = 1, "
                                      "finished_at = ? WHERE id = ? AND status = 'queued'",
                                      {Param(FormatIso8601Millis(uow.now())), Param(id)}));
      cancelled_now = changed == 1;
      if (cancelled_now) {
        EMPORION_RETURN_IF_ERROR(RecordTransition(uow, id, type, kQueued, kCancelled, "cancelled"));
      }
    }
    if (!cancelled_now) {
      if (status != kQueued && status != kRunning) {
        return Error::Conflict("job '" + id + "' already finished (" + status + ")");
      }
      // Running, or claimed by a runner between our read and update.
      EMPORION_ASSIGN_OR_RETURN(
          auto changed,
          uow.tx().Exec("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status IN "
                        "('queued', 'running')",
                        {Param(id)}));
      if (changed != 1) return Error::Conflict("job '" + id + "' already finished");
      if (!row->Bool(2)) {
        json::Writer w;
        w.StartObject().Key("type").String(type).Key("changes").StartArray().StartObject();
        w.Key("field").String("cancelRequested").Key("from").Bool(false).Key("to").Bool(true);
        w.EndObject().EndArray().EndObject();
        EMPORION_RETURN_IF_ERROR(uow.Record("platform.job", id, "cancel-requested", w.str()));
        json::Writer payload;
        payload.StartObject().Key("id").String(id).Key("type").String(type).EndObject();
        EMPORION_RETURN_IF_ERROR(
            uow.Emit("platform.job.cancel-requested", "platform.job", id, payload.str()));
      }
    }
    EMPORION_RETURN_IF_ERROR(uow.Commit());
    if (cancelled_now) impl_->MarkCountsStale();
  }
  {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->active.find(id);
    if (it != impl_->active.end()) it->second->RequestCancel();
  }
  EMPORION_ASSIGN_OR_RETURN(auto job, Get(id));
  if (!job) return Error::NotFound("no job with id '" + id + "'");
  return std::move(*job);
}

Result<int> JobRunner::RecoverAfterRestart() {
  EMPORION_ASSIGN_OR_RETURN(auto uow, impl_->Begin("system", ""));
  EMPORION_ASSIGN_OR_RETURN(
      auto rows,
      uow.tx().Query("SELECT id, type, errors, error_count FROM jobs WHERE status = 'running'",
                     {}));
  int marked = 0;
  for (const auto& r : rows) {
    auto errors = ParseErrors(r.Text(2));
    if (errors.size() >= kMaxJobErrors) errors.pop_back();
    errors.push_back({"interrupted by a server restart", ""});
    EMPORION_ASSIGN_OR_RETURN(
        auto changed,
        uow.tx().Exec("UPDATE jobs SET status = 'failed', errors = ?, error_count = ?, "
                      "finished_at = ? WHERE id = ? AND status = 'running'",
                      {Param(ErrorsJson(errors)), Param(r.Int(3) + 1),
                       Param(FormatIso8601Millis(uow.now())), Param(r.Text(0))}));
    if (changed != 1) continue;
    EMPORION_RETURN_IF_ERROR(
        RecordTransition(uow, r.Text(0), r.Text(1), kRunning, kFailed, kFailed));
    spdlog::warn("job {} ({}) was interrupted by a restart: marked failed", r.Text(0), r.Text(1));
    ++marked;
  }
  EMPORION_RETURN_IF_ERROR(uow.Commit());
  impl_->MarkCountsStale();
  return marked;
}

void JobRunner::Start() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->started) return;
    impl_->started = true;
    impl_->stopping = false;
    impl_->wake_pending = true;
  }
  if (auto s = impl_->FailUnknownTypes(); !s.ok()) {
    spdlog::warn("jobs: cannot check queued job types: {}", s.error().detail());
  }
  impl_->RefreshCounts();
  for (unsigned i = 0; i < impl_->threads; ++i) {
    impl_->workers.emplace_back([impl = impl_.get()] { impl->WorkerLoop(); });
  }
  impl_->flusher = std::thread([impl = impl_.get()] { impl->FlusherLoop(); });
  impl_->work_cv.notify_all();
}

void JobRunner::Stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->started || impl_->stopping) return;
    impl_->stopping = true;
    for (auto& [id, job] : impl_->active) job->RequestShutdown();
  }
  impl_->work_cv.notify_all();
  impl_->flush_cv.notify_all();
  for (auto& t : impl_->workers) t.join();
  impl_->workers.clear();
  if (impl_->flusher.joinable()) impl_->flusher.join();
  std::lock_guard lock(impl_->mutex);
  impl_->started = false;
}

}  // namespace emporion::jobs
