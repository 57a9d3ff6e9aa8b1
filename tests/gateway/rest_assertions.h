// Checks shared by the gateway's end-to-end tests: the REST conventions every response
// follows (JSON content type, CORS, the {"error": ...} shape).
#ifndef STATUSPHERE_TESTS_GATEWAY_REST_ASSERTIONS_H_
#define STATUSPHERE_TESTS_GATEWAY_REST_ASSERTIONS_H_

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"

namespace statusphere::testing {

// The body as JSON after checking a 200 JSON response with CORS; null (and a failure) otherwise.
inline nlohmann::json JsonOk(const RestResponse& r, const std::string& what) {
  EXPECT_EQ(r.status, 200) << what << ": " << r.error << r.body;
  EXPECT_TRUE(absl::StartsWith(r.Header("content-type"), "application/json"))
      << what << ": " << r.Header("content-type");
  EXPECT_EQ(r.Header("access-control-allow-origin"), "*") << what;
  nlohmann::json json = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(json.is_discarded()) << what << ": not JSON: " << r.body;
  return json.is_discarded() ? nlohmann::json() : json;
}

// Checks an error response: `status`, JSON, CORS, and a body that is exactly
// {"error": "<non-empty message>"}. Returns the message.
inline std::string ErrorMessage(const RestResponse& r, long status, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.error << r.body;
  EXPECT_TRUE(absl::StartsWith(r.Header("content-type"), "application/json"))
      << what << ": " << r.Header("content-type");
  EXPECT_EQ(r.Header("access-control-allow-origin"), "*") << what;
  nlohmann::json json = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  const bool shaped = json.is_object() && json.size() == 1 && json.contains("error") && json["error"].is_string() &&
                      !json["error"].get<std::string>().empty();
  EXPECT_TRUE(shaped) << what << ": not {\"error\": message}: " << r.body;
  return shaped ? json["error"].get<std::string>() : "";
}

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_GATEWAY_REST_ASSERTIONS_H_
