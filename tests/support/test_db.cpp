#include "support/test_db.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <stdexcept>

#include "support/test_server.hpp"

namespace emporion::test {
namespace {

std::string Suffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  std::ostringstream os;
  os << std::hex << gen();
  return os.str();
}

std::string PgBase() {
  const char* base = std::getenv("EMPORION_TEST_PG_URL");
  return base != nullptr ? base : "postgresql://postgres@127.0.0.1:55432/postgres";
}

void PgExec(const std::string& sql) {
  PGconn* conn = PQconnectdb(PgBase().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach test PostgreSQL: " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

}  // namespace

TestDatabase::TestDatabase() {
  if (TestServer::OnPostgres()) {
    pg_name_ = "emporion_dbtest_" + Suffix();
    PgExec("CREATE DATABASE " + pg_name_);
    const std::string base = PgBase();
    url_ = base.substr(0, base.rfind('/') + 1) + pg_name_;
  } else {
    dir_ = (std::filesystem::temp_directory_path() / ("emporion-dbtest-" + Suffix())).string();
    std::filesystem::create_directories(dir_);
    url_ = "sqlite://" + dir_ + "/test.db";
  }
  auto opened = db::Open(url_);
  if (!opened.ok()) throw std::runtime_error(opened.error().detail());
  db_ = std::move(opened).value();
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!pg_name_.empty()) {
    try {
      PgExec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The whole PostgreSQL test cluster is removed after the run.
    }
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void TestDatabase::Migrate(const std::vector<const std::vector<db::Migration>*>& sets) {
  auto r = db::Migrate(*db_, sets);
  if (!r.ok()) throw std::runtime_error(r.error().detail());
}

}  // namespace emporion::test
