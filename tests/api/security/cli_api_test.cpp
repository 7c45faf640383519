// `emporion user create|set-password` against the data directory (or --db) of a stopped
// server, then the server sees the result.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "api/security/security_api_util.hpp"
#include "support/test_server.hpp"

namespace emporion::test::security {
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

TEST(UserCommandApiTest, CreateAndSetPasswordWorkWithoutAServer) {
  TestServer server;
  ASSERT_EQ(server.Stop(), 0);
  EXPECT_EQ(RunCommand(server,
                       "user create --username ops --email ops@example.com "
                       "--password Passw0rd-1 --type Administrator"),
            0);
  EXPECT_EQ(RunCommand(server, "user create --username clerk --password Passw0rd-1 --type Manager"),
            0);
  EXPECT_NE(RunCommand(server, "user create --username ops --password Passw0rd-1"), 0)
      << "duplicate user name";
  EXPECT_NE(RunCommand(server, "user create --username weak --password short"), 0);
  EXPECT_EQ(RunCommand(server, "user set-password --username clerk --password N3w-Passw0rd"), 0);
  EXPECT_NE(RunCommand(server, "user set-password --username nobody --password N3w-Passw0rd"), 0);
  server.Restart();

  const std::string ops = server.Login("ops", "Passw0rd-1");
  ASSERT_FALSE(ops.empty());
  auto me = server.As(ops, "GET", "/api/v1/me").Json();
  EXPECT_EQ(me["isAdministrator"], true) << "an Administrator account gets the Administrator role";
  EXPECT_EQ(me["email"], "ops@example.com");
  EXPECT_TRUE(server.Login("clerk", "Passw0rd-1").empty());
  const std::string clerk = server.Login("clerk", "N3w-Passw0rd");
  ASSERT_FALSE(clerk.empty());
  EXPECT_EQ(server.As(clerk, "GET", "/api/v1/me").Json()["userType"], "Manager");
  // The bootstrap admin still exists: the commands ran against a non-empty database.
  EXPECT_FALSE(server.Login("admin", TestServer::kAdminPassword).empty());
}

}  // namespace
}  // namespace emporion::test::security
