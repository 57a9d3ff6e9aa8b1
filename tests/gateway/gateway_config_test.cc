// The gateway reads every flag from STATUSPHERE_GATEWAY_<FLAG> too, and the command line
// wins over the environment (the convention of every statusphere binary).
#include <cstdlib>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

// Nothing listens on port 1 of 127.0.0.1 (a privileged port no test binds).
constexpr char kDeadAddress[] = "127.0.0.1:1";

class GatewayConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status started = stack_.StartServer();
    ASSERT_TRUE(started.ok()) << started;
  }
  void TearDown() override {
    ::unsetenv("STATUSPHERE_GATEWAY_LISTEN");
    ::unsetenv("STATUSPHERE_GATEWAY_BACKEND");
    if (HasFailure()) std::cerr << stack_.Logs();
  }
  GatewayStack stack_{::testing::UnitTest::GetInstance()->current_test_info()->name()};
};

TEST_F(GatewayConfigTest, EnvironmentSetsTheBackend) {
  // The child inherits this process's environment.
  ::setenv("STATUSPHERE_GATEWAY_BACKEND", stack_.server_address().c_str(), 1);
  absl::Status started = stack_.StartGateway({"--listen=127.0.0.1:0"});
  ASSERT_TRUE(started.ok()) << started;
  EXPECT_EQ(JsonOk(Get(stack_.Url("/api/v1/statusPages/count")), "count")["statusPageCount"], 0);
}

TEST_F(GatewayConfigTest, CommandLineWinsOverTheEnvironment) {
  ::setenv("STATUSPHERE_GATEWAY_BACKEND", kDeadAddress, 1);
  ::setenv("STATUSPHERE_GATEWAY_LISTEN", "no-such-address", 1);  // the gateway would exit if it used it
  absl::Status started =
      stack_.StartGateway({"--listen=127.0.0.1:0", absl::StrCat("--backend=", stack_.server_address())});
  ASSERT_TRUE(started.ok()) << started;
  EXPECT_EQ(JsonOk(Get(stack_.Url("/api/v1/statusPages/count")), "count")["statusPageCount"], 0);
}

}  // namespace
}  // namespace statusphere::testing
