#include "app/app.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "emporion/catalog/catalog_module.hpp"
#include "emporion/catalog/transfer.hpp"
#include "emporion/inventory/inventory_module.hpp"
#include "emporion/localization/localization_module.hpp"
#include "emporion/members/members_module.hpp"
#include "emporion/pricing/pricing_module.hpp"
#include "emporion/search_module/search_module.hpp"
#include "emporion/security/security_module.hpp"
#include "emporion/stores/stores_module.hpp"
#include "modules/search/api/storefront_api.hpp"
#include "platform/auth/permissions.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migration.hpp"
#include "platform/db/sqlite/sqlite_database.hpp"
#include "platform/events/changes_api.hpp"
#include "platform/events/event_bus.hpp"
#include "platform/http/asio.hpp"
#include "platform/http/dispatcher.hpp"
#include "platform/http/router.hpp"
#include "platform/http/server.hpp"
#include "platform/idempotency/sql_idempotency_store.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/jobs/jobs_api.hpp"
#include "platform/jobs/maintenance_job.hpp"
#include "platform/json/json.hpp"
#include "platform/log/buffered_sink.hpp"
#include "platform/metrics/metrics.hpp"
#include "platform/module/context.hpp"
#include "platform/openapi/openapi.hpp"
#include "platform/ops/ops_api.hpp"
#include "platform/seeds/seeds.hpp"
#include "platform/settings/settings.hpp"
#include "platform/settings/settings_api.hpp"
#include "platform/web/static_files.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace emporion::app {
namespace {

namespace fs = std::filesystem;

void SetUpLogging(const ServeConfig& config) {
  auto logger = spdlog::stderr_color_mt("emporion");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
}

std::string DefaultDbUrl(const ServeConfig& config) {
  if (!config.db_url.empty()) return config.db_url;
  return "sqlite://" + fs::absolute(fs::path(config.data_dir) / "emporion.db").string();
}

Result<std::unique_ptr<db::Database>> OpenDatabase(const ServeConfig& config) {
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) {
    return Error::Unavailable("cannot create data directory " + config.data_dir + ": " +
                              ec.message());
  }
  db::SqliteOptions sqlite;
  sqlite.synchronous = config.sqlite_synchronous;
  sqlite.mmap_size = static_cast<std::int64_t>(config.sqlite_mmap_mb) << 20;
  sqlite.writer_cache_kib = config.sqlite_cache_mb * 1024;
  sqlite.reader_cache_kib = config.sqlite_reader_cache_mb * 1024;
  return db::Open(DefaultDbUrl(config), sqlite);
}

std::vector<const std::vector<db::Migration>*> AllMigrations() {
  return {
      &platform::Migrations(),
      // [wiring: migrations] one line per module, in dependency order
      &security::Migrations(),
      &catalog::Migrations(),
      &localization::Migrations(),
      &members::Migrations(),
      &inventory::Migrations(),
      &stores::Migrations(),
      &pricing::Migrations(),
  };
}

bool SplitListen(const std::string& listen, std::string& host, std::uint16_t& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    const int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (const std::exception&) {
    return false;
  }
  return !host.empty();
}

}  // namespace

const char* Version() { return EMPORION_VERSION; }

std::optional<std::string> LoadConfigFile(const std::string& path, ServeConfig& config) {
  std::ifstream in(path);
  if (!in) return "cannot read config file " + path;
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = json::ParseObject(ss.str());
  if (!doc.ok()) return "config file " + path + ": " + doc.error().detail();
  json::FieldReader r(*doc);
  if (auto v = r.String("listen")) config.listen = *v;
  if (auto v = r.String("data")) config.data_dir = *v;
  if (auto v = r.String("db")) config.db_url = *v;
  if (auto v = r.String("logLevel")) config.log_level = *v;
  if (auto v = r.String("sqliteSynchronous")) {
    if (*v != "FULL" && *v != "NORMAL") r.AddError("sqliteSynchronous", "must be FULL or NORMAL");
    config.sqlite_synchronous = *v;
  }
  // Megabytes, 0 to 1,048,576 (1 TB of mapping; SQLite caps it at its compile-time maximum).
  const auto megabytes = [&r](const char* name, int& out) {
    if (auto v = r.Int(name)) {
      if (*v < 0 || *v > (1 << 20)) {
        r.AddError(name, "must be a number of megabytes from 0 to 1048576");
      } else {
        out = static_cast<int>(*v);
      }
    }
  };
  megabytes("sqliteMmapMb", config.sqlite_mmap_mb);
  megabytes("sqliteCacheMb", config.sqlite_cache_mb);
  megabytes("sqliteReaderCacheMb", config.sqlite_reader_cache_mb);
  if (auto v = r.StringArray("corsOrigins")) config.cors_origins = *v;
  if (auto v = r.Int("bodyLimitBytes")) config.body_limit = static_cast<std::size_t>(*v);
  if (auto v = r.Int("ioThreads")) config.io_threads = static_cast<unsigned>(*v);
  if (auto v = r.Int("workerThreads")) config.worker_threads = static_cast<unsigned>(*v);
  if (auto v = r.Bool("accessLog")) config.access_log = *v;
  if (auto v = r.Int("lockoutAttempts")) config.lockout_attempts = static_cast<int>(*v);
  if (auto v = r.Int("lockoutMinutes")) config.lockout_minutes = static_cast<int>(*v);
  if (auto v = r.Int("accessTokenMinutes")) config.access_token_minutes = static_cast<int>(*v);
  if (auto v = r.Int("refreshTokenDays")) config.refresh_token_days = static_cast<int>(*v);
  if (auto v = r.String("webRoot")) config.web_root = *v;
  if (!r.ok()) return "config file " + path + ": " + r.ToStatus().error().detail();
  return std::nullopt;
}

int Migrate(const ServeConfig& config) {
  SetUpLogging(config);
  auto db = OpenDatabase(config);
  if (!db.ok()) {
    spdlog::critical("{}", db.error().detail());
    return 1;
  }
  auto applied = db::Migrate(**db, AllMigrations());
  if (!applied.ok()) {
    spdlog::critical("{}", applied.error().detail());
    return 1;
  }
  spdlog::info("{} migration(s) applied to {}", *applied, (*db)->Describe());
  return 0;
}

int Serve(const ServeConfig& config) {
  SetUpLogging(config);
  std::string host;
  std::uint16_t port = 0;
  if (!SplitListen(config.listen, host, port)) {
    spdlog::critical("--listen must be HOST:PORT, got '{}'", config.listen);
    return 2;
  }
  auto db_result = OpenDatabase(config);
  if (!db_result.ok()) {
    spdlog::critical("{}", db_result.error().detail());
    return 1;
  }
  std::unique_ptr<db::Database> db = std::move(db_result).value();
  auto applied = db::Migrate(*db, AllMigrations());
  if (!applied.ok()) {
    spdlog::critical("{}", applied.error().detail());
    return 1;
  }
  spdlog::info("database {} ({} migration(s) applied)", db->Describe(), *applied);

  SystemClock clock;
  events::EventBus bus;
  metrics::Metrics metrics;
  http::Router router;

  // Created below with the modules; until then (and while its indexes are first built) search
  // reports not ready.
  std::unique_ptr<search_module::SearchModule> search_module;
  ops::RegisterRoutes(router, metrics,
                      {{"database", [&db] { return db->Ping(); }},
                       {"search", [&search_module]() -> Status {
                          if (!search_module) return Error::Unavailable("search is starting");
                          return search_module->Ready();
                        }}});

  // [wiring: platform services] permissions registry, settings, jobs, changes, idempotency
  auth::PermissionRegistry permissions;
  settings::SettingsService settings(*db);
  if (auto s = settings.Load(); !s.ok()) {
    spdlog::critical("settings: {}", s.error().detail());
    return 1;
  }
  jobs::JobRunner jobs(*db, clock, metrics, 2);
  jobs.SetEventBus(&bus);
  if (auto recovered = jobs.RecoverAfterRestart(); !recovered.ok()) {
    spdlog::critical("jobs: {}", recovered.error().detail());
    return 1;
  }
  seeds::SeedRegistry seeds;
  ModuleContext ctx{*db,  clock,    bus,         router,          metrics,
                    jobs, settings, permissions, config.data_dir, seeds};
  jobs::RegisterJobsApi(router, permissions, jobs);
  jobs::RegisterMaintenanceJob(jobs, *db, clock, settings);
  jobs::RegisterMaintenanceApi(router, jobs);
  settings::RegisterSettingsApi(router, permissions, settings, *db, clock, bus);
  events::RegisterChangesApi(router, permissions, *db);

  // [wiring: modules] security, then commerce modules in dependency order
  std::unique_ptr<security::SecurityModule> security_module;
  {
    security::SecurityOptions security_options;
    if (const char* pw = std::getenv("EMPORION_ADMIN_PASSWORD"); pw != nullptr && *pw != '\0') {
      security_options.admin_password = pw;
    }
    security_options.lockout_attempts = config.lockout_attempts;
    security_options.lockout_minutes = config.lockout_minutes;
    security_options.access_token_minutes = config.access_token_minutes;
    security_options.refresh_token_days = config.refresh_token_days;
    auto created = security::SecurityModule::Create(ctx, std::move(security_options));
    if (!created.ok()) {
      spdlog::critical("security: {}", created.error().detail());
      return 1;
    }
    security_module = std::move(created).value();
  }
  std::unique_ptr<catalog::CatalogModule> catalog_module;
  {
    auto created = catalog::CatalogModule::Create(ctx);
    if (!created.ok()) {
      spdlog::critical("catalog: {}", created.error().detail());
      return 1;
    }
    catalog_module = std::move(created).value();
  }
  std::unique_ptr<localization::LocalizationModule> localization_module;
  {
    auto created = localization::LocalizationModule::Create(ctx);
    if (!created.ok()) {
      spdlog::critical("localization: {}", created.error().detail());
      return 1;
    }
    localization_module = std::move(created).value();
  }
  std::unique_ptr<members::MembersModule> members_module;
  {
    auto created = members::MembersModule::Create(ctx);
    if (!created.ok()) {
      spdlog::critical("members: {}", created.error().detail());
      return 1;
    }
    members_module = std::move(created).value();
    // A user's memberId must name a member; security does not depend on members.
    members::MembersService* members_service = &members_module->service();
    security::SecurityService* security_service = &security_module->service();
    security_service->SetMemberExists(
        [members_service](const std::string& id) { return members_service->MemberExists(id); });
    // ... and a member linked to a user cannot be deleted (409).
    members_service->AddUsageCheck(
        [security_service](const std::string& id) -> Result<std::optional<std::string>> {
          security::UserQuery query;
          query.member_id = id;
          query.limit = 1;
          EMPORION_ASSIGN_OR_RETURN(auto users, security_service->ListUsers(query));
          if (users.items.empty()) return std::optional<std::string>();
          return std::optional<std::string>("linked to user '" + users.items[0].user_name + "'");
        });
  }
  // inventory needs the stores' fulfillment centers, stores need inventory: the stores module
  // hands inventory its StoreLinks once both exist (no module cycle).
  std::unique_ptr<inventory::InventoryModule> inventory_module;
  std::unique_ptr<stores::StoresModule> stores_module;
  {
    auto inv = inventory::InventoryModule::Create(ctx, catalog_module->service());
    if (!inv.ok()) {
      spdlog::critical("inventory: {}", inv.error().detail());
      return 1;
    }
    inventory_module = std::move(inv).value();
    // Store languages and currencies must be configured and active in localization, and
    // localization refuses to delete one a store uses.
    localization::LocalizationService* l10n = &localization_module->service();
    stores::StoreOptions store_options;
    auto missing = [l10n](bool language) {
      return [l10n,
              language](const std::vector<std::string>& codes) -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        for (const auto& code : codes) {
          auto active = language ? l10n->IsActiveLanguage(code) : l10n->IsActiveCurrency(code);
          if (!active.ok()) return active.error();
          if (!*active) out.push_back(code);
        }
        return out;
      };
    };
    store_options.missing_languages = missing(true);
    store_options.missing_currencies = missing(false);
    auto st = stores::StoresModule::Create(ctx, catalog_module->service(),
                                           inventory_module->service(), std::move(store_options));
    if (!st.ok()) {
      spdlog::critical("stores: {}", st.error().detail());
      return 1;
    }
    stores_module = std::move(st).value();
    inventory_module->SetStoreLinks(stores_module->InventoryLinks());
    stores::StoreService* store_service = &stores_module->service();
    l10n->AddUsageCheck(
        [store_service](localization::UsageKind kind,
                        const std::string& code) -> Result<std::optional<std::string>> {
          auto ids = kind == localization::UsageKind::kLanguage
                         ? store_service->StoresUsingLanguage(code)
                         : store_service->StoresUsingCurrency(code);
          if (!ids.ok()) return ids.error();
          if (ids->empty()) return std::optional<std::string>{};
          return std::optional<std::string>("used by store '" + ids->front() + "'");
        });
  }
  std::unique_ptr<pricing::PricingModule> pricing_module;
  {
    // Assignments name existing stores; a customerId brings the member's groups and tags.
    pricing::PricingOptions pricing_options;
    stores::StoreService* stores_for_pricing = &stores_module->service();
    pricing_options.store_exists = [stores_for_pricing](const std::string& id) {
      return stores_for_pricing->FindStore(id).ok();
    };
    members::MembersService* members_for_pricing = &members_module->service();
    pricing_options.shopper_of =
        [members_for_pricing](const std::string& id) -> std::optional<pricing::Shopper> {
      auto targeting = members_for_pricing->Targeting(id);
      if (!targeting.ok()) return std::nullopt;
      return pricing::Shopper{targeting->groups, targeting->tags, std::nullopt};
    };
    auto created =
        pricing::PricingModule::Create(ctx, catalog_module->service(), std::move(pricing_options));
    if (!created.ok()) {
      spdlog::critical("pricing: {}", created.error().detail());
      return 1;
    }
    pricing_module = std::move(created).value();
  }
  {
    auto created = search_module::SearchModule::Create(
        ctx, search_module::SearchServices{catalog_module->service(), pricing_module->service(),
                                           inventory_module->service(), stores_module->service(),
                                           members_module->service()});
    if (!created.ok()) {
      spdlog::critical("search: {}", created.error().detail());
      return 1;
    }
    search_module = std::move(created).value();
    // Storefront search routes over the module's engine and the services it reads.
    const search_module::SearchServices& services = search_module->services();
    search_module::RegisterStorefrontRoutes(
        router, search_module::StorefrontDeps{search_module->engine(), services.catalog,
                                              services.pricing, services.stores, services.members,
                                              services.inventory, clock});
  }

  // [wiring: seeds] data sets run once, before the server listens
  if (!config.seed.empty()) {
    auto ran = seeds.Run(config.seed, seeds::SeedContext{*db, clock});
    if (!ran.ok()) {
      spdlog::critical("seed {}: {}", config.seed, ran.error().detail());
      return 1;
    }
    spdlog::info("seed {}: {} step(s) applied", config.seed, *ran);
  }

  // [wiring: web] OpenAPI document, /docs, back office at /
  {
    const std::string web_root = config.web_root.empty() ? web::DefaultWebRoot() : config.web_root;
    std::shared_ptr<const web::StaticFiles> files = web::StaticFiles::Load(web_root);
    spdlog::info("web root {} ({} files)", web_root, files->file_count());
    // Built on first request, so it covers every route registered above.
    openapi::RegisterRoutes(router, {.title = "emporion", .version = Version()});
    web::RegisterRoutes(router, std::move(files));
  }

  // Access log lines are batched (log/buffered_sink.hpp) and written at least once a second.
  auto access_logger = std::make_shared<spdlog::logger>(
      "access", std::make_shared<log::BufferedFdSink>(STDERR_FILENO));
  access_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::drop("access");
  spdlog::register_logger(access_logger);
  spdlog::flush_every(std::chrono::seconds(1));
  http::Dispatcher dispatcher(router, {config.cors_origins, 1024, config.access_log, access_logger},
                              &metrics);
  // [wiring: dispatcher] authenticator and idempotency store
  idempotency::SqlIdempotencyStore idempotency_store(*db, clock);
  dispatcher.SetIdempotencyStore(&idempotency_store);
  dispatcher.SetAuthenticator(&security_module->authenticator());

  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.body_limit = config.body_limit;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.inline_short_reads = db->dialect() == db::Dialect::kSqlite;
  http::Server server(options, dispatcher);
  if (auto s = server.Listen(); !s.ok()) {
    spdlog::critical("{}", s.error().detail());
    return 1;
  }

  boost::asio::io_context signal_io;
  boost::asio::signal_set signals(signal_io, SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received: finishing open requests", sig);
    server.Stop();
  });
  std::thread signal_thread([&signal_io] { signal_io.run(); });
  // [wiring: background] start job runner and other background services
  jobs.Start();
  search_module->Start();

  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.Run();
  signal_io.stop();
  signal_thread.join();
  // [wiring: shutdown] stop background services
  jobs.Stop();
  search_module->Stop();  // drains pending changes, saves the snapshot
  access_logger->flush();
  spdlog::info("stopped");
  return 0;
}

namespace {

/// The database for the `user` commands, migrated; nullptr (after logging why) on failure.
std::unique_ptr<db::Database> OpenForCommand(const ServeConfig& config) {
  SetUpLogging(config);
  auto db = OpenDatabase(config);
  if (!db.ok()) {
    spdlog::critical("{}", db.error().detail());
    return nullptr;
  }
  if (auto applied = db::Migrate(**db, AllMigrations()); !applied.ok()) {
    spdlog::critical("{}", applied.error().detail());
    return nullptr;
  }
  return std::move(db).value();
}

void ReportCommandError(const char* command, const Error& error) {
  std::string fields;
  for (const auto& f : error.fields()) fields += "\n  " + f.field + ": " + f.message;
  std::fprintf(stderr, "emporion %s: %s%s\n", command, error.detail().c_str(), fields.c_str());
}

}  // namespace

int UserCreate(const ServeConfig& config, const std::string& user_name, const std::string& email,
               const std::string& password, const std::vector<std::string>& roles,
               const std::string& user_type) {
  if (password.empty()) {
    std::fprintf(stderr, "emporion user create: give --password or EMPORION_USER_PASSWORD\n");
    return 2;
  }
  auto db = OpenForCommand(config);
  if (db == nullptr) return 1;
  security::UserDraft draft;
  draft.user_name = user_name;
  if (!email.empty()) draft.email = email;
  draft.user_type = security::ParseUserType(user_type).value_or(security::UserType::kCustomer);
  draft.roles = roles;
  // An administrator account without roles could do nothing: give it the Administrator role.
  if (draft.roles.empty() && draft.user_type == security::UserType::kAdministrator) {
    draft.roles.emplace_back(security::kAdministratorRoleName);
  }
  SystemClock clock;
  auto user = security::CreateUserCommand(*db, clock, std::move(draft), password);
  if (!user.ok()) {
    ReportCommandError("user create", user.error());
    return 1;
  }
  std::printf("created user %s (id %s)\n", user->user_name.c_str(), user->meta.id.c_str());
  return 0;
}

int UserSetPassword(const ServeConfig& config, const std::string& user_name,
                    const std::string& password) {
  if (password.empty()) {
    std::fprintf(stderr, "emporion user set-password: give --password or EMPORION_USER_PASSWORD\n");
    return 2;
  }
  auto db = OpenForCommand(config);
  if (db == nullptr) return 1;
  SystemClock clock;
  if (auto s = security::SetPasswordCommand(*db, clock, user_name, password); !s.ok()) {
    ReportCommandError("user set-password", s.error());
    return 1;
  }
  std::printf("password of %s changed\n", user_name.c_str());
  return 0;
}

namespace {

/// Prints bad records to stderr (the first 50) and progress every 10,000 records.
class ConsoleReporter final : public catalog::TransferReporter {
 public:
  void SetTotal(std::int64_t total) override { total_ = total; }
  void Advance(std::int64_t n) override {
    const std::int64_t before = done_ / 10000;
    done_ += n;
    if (done_ / 10000 != before) {
      std::fprintf(stderr, "%lld / %lld\n", static_cast<long long>(done_),
                   static_cast<long long>(total_));
    }
  }
  void RecordError(std::string message, std::string ref) override {
    if (++errors_ <= 50) std::fprintf(stderr, "%s: %s\n", ref.c_str(), message.c_str());
  }

 private:
  std::int64_t total_ = 0;
  std::int64_t done_ = 0;
  std::int64_t errors_ = 0;
};

std::optional<catalog::TransferFormat> FormatFor(const std::string& format,
                                                 const std::string& file) {
  if (!format.empty()) return catalog::ParseTransferFormat(format);
  const bool csv = file.size() >= 4 && file.compare(file.size() - 4, 4, ".csv") == 0;
  return csv ? catalog::TransferFormat::kCsv : catalog::TransferFormat::kJsonLines;
}

}  // namespace

int ImportCatalog(const ServeConfig& config, const std::string& file, const std::string& format,
                  const std::string& catalog_id) {
  const auto f = FormatFor(format, file);
  if (!f) {
    std::fprintf(stderr, "emporion import: --format must be jsonl or csv\n");
    return 2;
  }
  auto db = OpenForCommand(config);
  if (db == nullptr) return 1;
  SystemClock clock;
  events::EventBus bus;
  catalog::ImportOptions options;
  options.format = *f;
  if (!catalog_id.empty()) options.catalog_id = catalog_id;
  options.actor = "cli";
  ConsoleReporter reporter;
  auto summary = catalog::ImportFile(*db, clock, &bus, file, options, reporter);
  if (!summary.ok()) {
    ReportCommandError("import", summary.error());
    return 1;
  }
  std::printf("imported %s: %lld created, %lld updated, %lld failed\n", file.c_str(),
              static_cast<long long>(summary->created), static_cast<long long>(summary->updated),
              static_cast<long long>(summary->failed));
  return summary->failed == 0 ? 0 : 3;
}

int Reindex(const ServeConfig& config, const std::vector<std::string>& types) {
  auto db = OpenForCommand(config);
  if (db == nullptr) return 1;
  // The services search reads, wired as in Serve on a router nobody serves; no job runs.
  SystemClock clock;
  events::EventBus bus;
  metrics::Metrics metrics;
  http::Router router;
  auth::PermissionRegistry permissions;
  settings::SettingsService settings(*db);
  if (auto s = settings.Load(); !s.ok()) {
    ReportCommandError("reindex", s.error());
    return 1;
  }
  jobs::JobRunner jobs(*db, clock, metrics, 1);
  seeds::SeedRegistry seeds;
  ModuleContext ctx{*db,  clock,    bus,         router,          metrics,
                    jobs, settings, permissions, config.data_dir, seeds};
  auto catalog_module = catalog::CatalogModule::Create(ctx);
  if (!catalog_module.ok()) {
    ReportCommandError("reindex", catalog_module.error());
    return 1;
  }
  auto members_module = members::MembersModule::Create(ctx);
  if (!members_module.ok()) {
    ReportCommandError("reindex", members_module.error());
    return 1;
  }
  auto inventory_module = inventory::InventoryModule::Create(ctx, (*catalog_module)->service());
  if (!inventory_module.ok()) {
    ReportCommandError("reindex", inventory_module.error());
    return 1;
  }
  auto pricing_module = pricing::PricingModule::Create(ctx, (*catalog_module)->service());
  if (!pricing_module.ok()) {
    ReportCommandError("reindex", pricing_module.error());
    return 1;
  }
  auto counts = search_module::Reindex(
      *db, clock,
      search_module::ReindexServices{(*catalog_module)->service(), (*pricing_module)->service(),
                                     (*inventory_module)->service(), (*members_module)->service()},
      search_module::SnapshotDir(config.data_dir), types);
  if (!counts.ok()) {
    ReportCommandError("reindex", counts.error());
    return 1;
  }
  for (const auto& [type, n] : *counts) {
    std::printf("%s: %lld documents\n", type.c_str(), static_cast<long long>(n));
  }
  std::printf("snapshot written to %s\n", search_module::SnapshotDir(config.data_dir).c_str());
  return 0;
}

int ExportCatalog(const ServeConfig& config, const std::string& file, const std::string& format,
                  const std::string& catalog_id) {
  const auto f = FormatFor(format, file);
  if (!f) {
    std::fprintf(stderr, "emporion export: --format must be jsonl or csv\n");
    return 2;
  }
  auto db = OpenForCommand(config);
  if (db == nullptr) return 1;
  SystemClock clock;
  catalog::ExportOptions options;
  options.format = *f;
  if (!catalog_id.empty()) options.catalog_id = catalog_id;
  ConsoleReporter reporter;
  auto s = catalog::ExportFile(*db, clock, file, options, reporter);
  if (!s.ok()) {
    ReportCommandError("export", s.error());
    return 1;
  }
  std::printf(
      "exported to %s: %lld catalogs, %lld properties, %lld categories, %lld products, %lld "
      "links, %lld associations\n",
      file.c_str(), static_cast<long long>(s->catalogs), static_cast<long long>(s->properties),
      static_cast<long long>(s->categories), static_cast<long long>(s->products),
      static_cast<long long>(s->links), static_cast<long long>(s->associations));
  return 0;
}

}  // namespace emporion::app
