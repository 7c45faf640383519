// `emporion import|export` against the data directory (or --db) of a stopped server: the same
// code as the jobs, in-process; then the server sees what was imported.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/catalog/catalog_api_util.hpp"

namespace emporion::test::catalog {
namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

/// Runs the binary with `args` against the server's storage; returns the exit code.
int RunCommand(const TestServer& server, const std::string& args) {
  std::string cmd =
      Quote(ServerBinary()) + " " + args + " --data " + Quote(server.data_dir() + "/data");
  if (!server.db_url().empty()) cmd += " --db " + Quote(server.db_url());
  cmd += " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CatalogCommandApiTest, ImportAndExportRunWithoutAServer) {
  TestServer server;
  ASSERT_EQ(server.Stop(), 0);
  const std::string dir = server.data_dir();
  {
    std::ofstream f(dir + "/in.jsonl");
    f << R"({"type":"catalog","id":"cli","name":"CLI","defaultLanguage":"en-US","languages":["en-US"]})"
      << "\n"
      << R"({"type":"product","id":"cli-1","code":"CLI-1","name":"One","catalogId":"cli"})" << "\n";
  }
  {
    std::ofstream f(dir + "/in.csv");
    f << "sku,name\r\nCLI-2,Two\r\n";
  }
  EXPECT_EQ(RunCommand(server, "import --file " + Quote(dir + "/in.jsonl")), 0);
  EXPECT_EQ(RunCommand(server, "import --file " + Quote(dir + "/in.csv") + " --catalog cli"), 0);
  EXPECT_EQ(RunCommand(server, "import --file " + Quote(dir + "/missing.jsonl")), 1);
  {
    std::ofstream f(dir + "/bad.jsonl");
    f << R"({"type":"product","code":"NO-CATALOG","name":"x"})" << "\n";
  }
  EXPECT_EQ(RunCommand(server, "import --file " + Quote(dir + "/bad.jsonl")), 3)
      << "a bad record makes a non-zero exit code";
  EXPECT_EQ(RunCommand(server, "export --file " + Quote(dir + "/out.csv") +
                                   " --format csv --catalog cli"),
            0);
  const std::string csv = ReadFile(dir + "/out.csv");
  EXPECT_NE(csv.find("CLI-1,One"), std::string::npos) << csv;
  EXPECT_NE(csv.find("CLI-2,Two"), std::string::npos) << csv;
  EXPECT_NE(RunCommand(server, "export --file " + Quote(dir + "/out.x")), 0)
      << "--format is required";
  EXPECT_EQ(RunCommand(server, "import --help"), 0);
  EXPECT_EQ(RunCommand(server, "export --help"), 0);

  server.Restart();
  auto products = server.Admin("GET", "/api/v1/products?catalogId=cli&sort=code:asc").Json();
  ASSERT_EQ(products["total"], 2) << products.dump();
  EXPECT_EQ(products["items"][0]["id"], "cli-1");
  EXPECT_EQ(products["items"][1]["code"], "CLI-2");
}

}  // namespace
}  // namespace emporion::test::catalog
