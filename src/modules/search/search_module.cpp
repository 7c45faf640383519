#include "emporion/search_module/search_module.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "modules/search/api/search_api.hpp"
#include "modules/search/indexing/document_loader.hpp"
#include "modules/search/indexing/indexer.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/json/json.hpp"

namespace emporion::search_module {
namespace {

void DeclarePermissions(auth::PermissionRegistry& registry) {
  registry.Declare({"search:read",
                    "search",
                    {{"en-US", "Search products, categories and members; view index status"},
                     {"de-DE", "Produkte, Kategorien und Mitglieder suchen; Indexstatus anzeigen"}},
                    false});
  registry.Declare({"search:manage",
                    "search",
                    {{"en-US", "Rebuild search indexes"},
                     {"de-DE", "Suchindizes neu aufbauen"}},
                    false});
}

IndexServices ToIndexServices(const SearchServices& s, const Clock& clock) {
  return IndexServices{s.catalog, s.pricing, s.inventory, s.members, clock};
}

/// Indexes with at most this many documents are rebuilt at start-up before serving.
constexpr std::int64_t kInlineRebuildLimit = 20'000;

bool KnownType(const std::string& type) {
  const auto& types = Indexer::Types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

std::string SnapshotDir(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "search").string();
}

SearchModule::SearchModule(ModuleContext& ctx, SearchServices services)
    : ctx_(ctx), services_(services) {}

SearchModule::~SearchModule() { Stop(); }

Result<std::unique_ptr<SearchModule>> SearchModule::Create(ModuleContext& ctx,
                                                           SearchServices services) {
  DeclarePermissions(ctx.permissions);
  std::unique_ptr<SearchModule> m(new SearchModule(ctx, services));
  m->engine_ = search::MakeEmbeddedEngine();
  m->loader_ = std::make_unique<DocumentLoader>(ToIndexServices(services, ctx.clock));
  m->indexer_ = std::make_unique<Indexer>(*m->engine_, *m->loader_, ctx.db, ctx.clock,
                                          SnapshotDir(ctx.data_dir));
  m->indexer_->Subscribe(ctx.bus);

  SearchModule* self = m.get();
  ctx.jobs.RegisterType(kRebuildJob, [self](jobs::JobContext& job) -> Result<std::string> {
    EMPORION_ASSIGN_OR_RETURN(auto params, json::ParseObject(job.params_json()));
    json::FieldReader r(params);
    const std::string type = r.String("type").value_or("");
    // The type stays queued until the job ends, so a rebuild request between this job's start
    // and the indexer's taking the rebuild over is refused (409) too.
    struct Dequeue {
      SearchModule* self;
      const std::string& type;
      ~Dequeue() {
        std::lock_guard lock(self->queued_mutex_);
        self->queued_.erase(type);
      }
    } dequeue{self, type};
    RebuildProgress progress;
    progress.set_total = [&job](std::int64_t total) { job.SetTotal(total); };
    progress.advance = [&job](std::int64_t n) { job.Advance(n); };
    progress.cancelled = [&job] { return job.Cancelled(); };
    EMPORION_ASSIGN_OR_RETURN(auto outcome, self->indexer_->Rebuild(type, progress));
    json::Writer w;
    w.StartObject().Key("type").String(type).Key("documents").Int(outcome.documents);
    w.Key("cancelled").Bool(outcome.cancelled).EndObject();
    return w.str();
  });

  RegisterSearchRoutes(ctx.router,
                       SearchApiDeps{*m->engine_, *m->indexer_, services.pricing,
                                     [self](const std::string& type, const std::string& actor,
                                            const std::string& request_id) {
                                       return self->EnqueueRebuild(type, actor, request_id);
                                     }});
  // storefront routes: wired by the lead at merge (RegisterStorefrontRoutes with engine() and
  // services(), see api/storefront_api.hpp).

  const auto need = m->indexer_->Recover();
  for (const auto& type : need) {
    // Small indexes (a fresh database) are built right away, so search is ready when the
    // server starts listening; big ones by a job, with progress, while the server runs.
    if (auto count = m->loader_->Count(type); count.ok() && *count <= kInlineRebuildLimit) {
      auto rebuilt = m->indexer_->Rebuild(type, RebuildProgress{});
      if (!rebuilt.ok()) {
        return Error::Unavailable("search: cannot build the " + type + " index: " +
                                  rebuilt.error().detail());
      }
      continue;
    }
    if (auto job = m->EnqueueRebuild(type, "system", ""); !job.ok()) {
      return Error::Unavailable("search: cannot queue the rebuild of " + type + ": " +
                                job.error().detail());
    }
  }
  m->indexer_->SetRebuildRequester([self](const std::string& type) {
    auto job = self->EnqueueRebuild(type, "system", "");
    if (!job.ok() && job.error().code() != ErrorCode::kConflict) {
      spdlog::warn("search: cannot queue the rebuild of {}: {}", type, job.error().detail());
    }
  });
  return m;
}

Result<jobs::JobInfo> SearchModule::EnqueueRebuild(const std::string& type,
                                                   const std::string& actor,
                                                   const std::string& request_id) {
  if (!KnownType(type)) return Error::NotFound("no search index '" + type + "'");
  for (const auto& s : indexer_->Statuses()) {
    if (s.stats.type == type && s.rebuilding) {
      return Error::Conflict("a rebuild of the " + type + " index is running");
    }
  }
  {
    std::lock_guard lock(queued_mutex_);
    if (!queued_.insert(type).second) {
      return Error::Conflict("a rebuild of the " + type + " index is queued or running");
    }
  }
  json::Writer params;
  params.StartObject().Key("type").String(type).EndObject();
  auto job = ctx_.jobs.Enqueue(kRebuildJob, params.str(), actor, request_id);
  if (!job.ok()) {
    std::lock_guard lock(queued_mutex_);
    queued_.erase(type);
  }
  return job;
}

void SearchModule::Start() {
  // Changes made before the server listens (a seed's) are applied on this thread first, so the
  // first request already finds them; a large backlog is left to the background thread.
  constexpr std::int64_t kCatchUpBeforeListening = 20000;
  std::int64_t pending = 0;
  for (const auto& status : indexer_->Statuses()) pending += static_cast<std::int64_t>(status.pending);
  if (pending > 0 && pending <= kCatchUpBeforeListening) {
    if (auto s = indexer_->Flush(); !s.ok()) {
      spdlog::warn("search: applying the changes made before start: {}", s.error().detail());
    }
  }
  indexer_->Start();
}

void SearchModule::Stop() {
  if (indexer_) indexer_->Stop();
}

Status SearchModule::Ready() const {
  if (!indexer_->Ready()) return Error::Unavailable("search indexes are being built");
  return Ok();
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Reindex(
    db::Database& db, const Clock& clock, ReindexServices services,
    const std::string& snapshot_dir, const std::vector<std::string>& types) {
  for (const auto& t : types) {
    if (!KnownType(t)) return Error::InvalidField("type", "unknown index '" + t + "'");
  }
  auto engine = search::MakeEmbeddedEngine();
  DocumentLoader loader(
      IndexServices{services.catalog, services.pricing, services.inventory, services.members, clock});
  Indexer indexer(*engine, loader, db, clock, snapshot_dir);
  // A snapshot that is kept (other types) must first catch up, so the new watermark holds.
  auto need = indexer.Recover();
  EMPORION_RETURN_IF_ERROR(indexer.Flush());
  std::vector<std::string> build = types.empty() ? Indexer::Types() : types;
  for (const auto& t : need) {
    if (std::find(build.begin(), build.end(), t) == build.end()) build.push_back(t);
  }
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& t : Indexer::Types()) {
    if (std::find(build.begin(), build.end(), t) == build.end()) continue;
    EMPORION_ASSIGN_OR_RETURN(auto outcome, indexer.Rebuild(t, RebuildProgress{}));
    out.emplace_back(t, outcome.documents);
  }
  EMPORION_RETURN_IF_ERROR(indexer.SaveSnapshot());
  return out;
}

}  // namespace emporion::search_module
