// The request fields' rules and their exact messages: REST answers them verbatim as 400s,
// which clients of the original Statusphere API read.
#include "server/api_request.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace statusphere::api {
namespace {

std::string Error(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  return std::string(status.message());
}

TEST(RequiredPageUrl, NormalizesWhatClientsPass) {
  absl::StatusOr<std::string> url = RequiredPageUrl("  https://WWW.GitHubStatus.com/  ");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(*url, "https://www.githubstatus.com");
}

TEST(RequiredPageUrl, SaysWhatIsWrong) {
  EXPECT_EQ(Error(RequiredPageUrl("").status()), "statusPageUrl is required");
  EXPECT_EQ(Error(RequiredPageUrl(" \t").status()), "statusPageUrl is required");
  EXPECT_EQ(Error(RequiredPageUrl("https://a.example/" + std::string(kMaxUrlLength, 'x')).status()),
            "statusPageUrl is longer than 2048 characters");
  EXPECT_EQ(Error(RequiredPageUrl("ftp://status.example.com").status()).rfind("statusPageUrl: ", 0), 0u);
}

TEST(ParseImpacts, ReadsAnyCaseAndSkipsBlanks) {
  absl::StatusOr<std::set<std::string>> impacts = ParseImpacts(" Critical,,major ,");
  ASSERT_TRUE(impacts.ok()) << impacts.status();
  EXPECT_EQ(*impacts, (std::set<std::string>{"critical", "major"}));
  EXPECT_TRUE(ParseImpacts("")->empty());
  EXPECT_EQ(Error(ParseImpacts("major,huge").status()),
            "impact: unknown value 'huge'; expected a comma-separated list of critical, maintenance, major, minor, "
            "none");
}

TEST(ParseLimit, DigitsOnly) {
  EXPECT_EQ(*ParseLimit(""), 0);
  EXPECT_EQ(*ParseLimit(" 20 "), 20);
  EXPECT_EQ(*ParseLimit("1000000000"), 1'000'000'000);
  for (const char* bad : {"-1", "+5", "2 0", "1e3", "ten", "1000000001", "99999999999999999999"}) {
    EXPECT_EQ(Error(ParseLimit(bad).status()), std::string("limit: '") + bad + "' is not a non-negative integer");
  }
}

TEST(ParseDays, WithinTheYear) {
  EXPECT_EQ(*ParseDays(""), 90);
  EXPECT_EQ(*ParseDays("1"), 1);
  EXPECT_EQ(*ParseDays("365"), 365);
  for (const char* bad : {"0", "366", "-3", "7d", "1.5"}) {
    EXPECT_EQ(Error(ParseDays(bad).status()), std::string("days: '") + bad + "' is not a whole number of days from 1 to 365");
  }
}

}  // namespace
}  // namespace statusphere::api
