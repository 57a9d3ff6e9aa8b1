// The public API's per-client rate limit through the real gateway: REST clients get 429
// with the JSON error body and a Retry-After header, and a client cannot dodge the limit
// by sending its own X-Forwarded-For (the gateway appends the address it saw). Both places
// that limit are covered: the server (the gateway's own limiter and cache off) and the
// gateway (the same limits given to both, as a deployment does; cached answers count).
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

struct Limiter {
  const char* name;
  std::vector<std::string> gateway_flags;
};

class GatewayRateLimitTest : public ::testing::TestWithParam<Limiter> {};

TEST_P(GatewayRateLimitTest, TooManyRequestsIs429WithRetryAfter) {
  GatewayStack stack(absl::StrCat("rate_limit_", GetParam().name));
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs();
    }
  } dump{stack};
  absl::Status started = stack.StartServer(0, {"--rate_limit_rps=1", "--rate_limit_burst=3"});
  ASSERT_TRUE(started.ok()) << started;
  std::vector<std::string> flags = {"--listen=127.0.0.1:0", absl::StrCat("--backend=", stack.server_address())};
  flags.insert(flags.end(), GetParam().gateway_flags.begin(), GetParam().gateway_flags.end());
  started = stack.StartGateway(flags);
  ASSERT_TRUE(started.ok()) << started;

  const std::string count_url = stack.Url("/api/v1/statusPages/count");
  for (int i = 0; i < 3; ++i) JsonOk(Get(count_url), "within the burst");
  // Claiming to be someone else changes nothing: the gateway appends 127.0.0.1.
  HttpRequest spoofed{count_url};
  spoofed.headers = {"X-Forwarded-For: 203.0.113.99"};
  RestResponse refused = Fetch(spoofed);
  const std::string message = ErrorMessage(refused, 429, "past the burst");
  EXPECT_TRUE(absl::StartsWith(message, "rate limit exceeded for 127.0.0.1")) << message;
  EXPECT_EQ(refused.headers["retry-after"], "1");
  EXPECT_EQ(refused.headers["content-type"], "application/json");
  // Health checks are not the public API: never limited.
  EXPECT_EQ(Get(stack.Url("/healthz")).status, 200);
  absl::SleepFor(absl::Milliseconds(1100));
  JsonOk(Get(count_url), "after waiting");
}

// Clients on other addresses (127.0.0.2 and .3 on loopback) each get their own bucket at
// the server: the gateway sends its token, so the server believes the address it appends
// (without the token, every REST client would share the gateway's own bucket).
TEST(GatewayForwardedForTest, TheServerLimitsEachClientTheGatewayNames) {
  GatewayStack stack("rate_limit_forwarded");
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs();
    }
  } dump{stack};
  ASSERT_TRUE(stack.StartServer(0, {"--rate_limit_rps=0.1", "--rate_limit_burst=2"}).ok());
  ASSERT_TRUE(stack
                  .StartGateway({"--listen=127.0.0.1:0", absl::StrCat("--backend=", stack.server_address()),
                                 "--rate_limit_rps=0", "--cache_max_age=0"})
                  .ok());
  auto count_from = [&](const std::string& address) {
    HttpRequest request{stack.Url("/api/v1/statusPages/count")};
    request.source_address = address;
    return Fetch(request);
  };
  for (int i = 0; i < 2; ++i) JsonOk(count_from("127.0.0.2"), "127.0.0.2 within its burst");
  const std::string message = ErrorMessage(count_from("127.0.0.2"), 429, "127.0.0.2 past its burst");
  EXPECT_TRUE(absl::StartsWith(message, "rate limit exceeded for 127.0.0.2")) << message;
  for (int i = 0; i < 2; ++i) JsonOk(count_from("127.0.0.3"), "127.0.0.3 has its own bucket");
}

INSTANTIATE_TEST_SUITE_P(WhoLimits, GatewayRateLimitTest,
                         ::testing::Values(Limiter{"server", {"--rate_limit_rps=0", "--cache_max_age=0"}},
                                           Limiter{"gateway", {"--rate_limit_rps=1", "--rate_limit_burst=3"}}),
                         [](const ::testing::TestParamInfo<Limiter>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace statusphere::testing
