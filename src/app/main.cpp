// emporion's command line: serve, migrate, user, import, export, reindex, version.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/app.hpp"

int main(int argc, char** argv) {
  using emporion::app::ServeConfig;
  CLI::App cli{"emporion: a headless commerce platform"};
  cli.require_subcommand(1);

  ServeConfig config;
  auto add_common = [&config](CLI::App* cmd) {
    cmd->add_option("--data", config.data_dir, "data directory (SQLite file, index, assets, keys)");
    cmd->add_option("--db", config.db_url,
                    "sqlite:///abs/path.db or postgresql://user:pass@host:port/dbname");
    cmd->add_option("--config", config.config_file, "JSON configuration file");
  };

  auto* serve = cli.add_subcommand("serve", "run the HTTP server");
  add_common(serve);
  serve->add_option("--listen", config.listen, "HOST:PORT to listen on (port 0 picks a free one)");
  serve->add_option("--seed", config.seed, "seed data on first start: demo")
      ->check(CLI::IsMember({"demo"}));

  auto* migrate = cli.add_subcommand("migrate", "apply database migrations and exit");
  add_common(migrate);

  auto* user = cli.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  std::string user_name, email, password, user_type = "Administrator";
  std::vector<std::string> roles;
  auto* create = user->add_subcommand("create", "create a user");
  add_common(create);
  create->add_option("--username", user_name, "user name")->required();
  create->add_option("--email", email, "e-mail address");
  create->add_option("--password", password, "password (or env EMPORION_USER_PASSWORD)");
  create->add_option("--role", roles, "role name (repeatable)");
  create->add_option("--type", user_type, "Customer, Manager or Administrator")
      ->check(CLI::IsMember({"Customer", "Manager", "Administrator"}));
  auto* set_password = user->add_subcommand("set-password", "set a user's password");
  add_common(set_password);
  set_password->add_option("--username", user_name, "user name")->required();
  set_password->add_option("--password", password, "password (or env EMPORION_USER_PASSWORD)");

  std::string file, format, catalog_id;
  auto* import = cli.add_subcommand(
      "import", "import catalogs, categories, properties and products from a file (in-process)");
  add_common(import);
  import->add_option("--file", file, "JSON Lines or CSV file (docs/import-format.md)")->required();
  import->add_option("--format", format, "jsonl or csv (default: from the file name)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  import->add_option("--catalog", catalog_id, "CSV: the catalog of rows that name none");
  auto* export_cmd = cli.add_subcommand("export", "export catalogs to a file (in-process)");
  add_common(export_cmd);
  export_cmd->add_option("--file", file, "the file to write")->required();
  export_cmd->add_option("--format", format, "jsonl or csv")
      ->required()
      ->check(CLI::IsMember({"jsonl", "csv"}));
  export_cmd->add_option("--catalog", catalog_id, "only this catalog (default: all)");

  std::vector<std::string> index_types;
  auto* reindex = cli.add_subcommand(
      "reindex", "rebuild the search indexes' snapshot from the database and exit");
  add_common(reindex);
  reindex->add_option("--type", index_types, "product, category or member (repeatable; default: all)")
      ->check(CLI::IsMember({"product", "category", "member"}));

  auto* version = cli.add_subcommand("version", "print the version");

  CLI11_PARSE(cli, argc, argv);

  if (!config.config_file.empty()) {
    // Flags given on the command line win over the file: re-parse them after loading it.
    if (auto err = emporion::app::LoadConfigFile(config.config_file, config)) {
      std::fprintf(stderr, "emporion: %s\n", err->c_str());
      return 2;
    }
    CLI11_PARSE(cli, argc, argv);
  }
  if (password.empty()) {
    if (const char* env = std::getenv("EMPORION_USER_PASSWORD")) password = env;
  }

  if (*version) {
    std::cout << "emporion " << emporion::app::Version() << "\n";
    return 0;
  }
  if (*serve) return emporion::app::Serve(config);
  if (*migrate) return emporion::app::Migrate(config);
  if (*create) {
    return emporion::app::UserCreate(config, user_name, email, password, roles, user_type);
  }
  if (*set_password) return emporion::app::UserSetPassword(config, user_name, password);
  if (*import) return emporion::app::ImportCatalog(config, file, format, catalog_id);
  if (*export_cmd) return emporion::app::ExportCatalog(config, file, format, catalog_id);
  if (*reindex) return emporion::app::Reindex(config, index_types);
  return 2;
}
