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
    EXPECT_EQ(Error(ParseDays(bad).status()),
              std::string("days: '") + bad + "' is not a whole number of days from 1 to 365");
  }
}

TEST(ChooseLimit, TheIntegerWhenSetElseTheRestText) {
  absl::StatusOr<RequestedNumber> typed = ChooseLimit("", 20, "max_incidents");
  ASSERT_TRUE(typed.ok()) << typed.status();
  EXPECT_EQ(typed->value, 20);
  EXPECT_EQ(typed->field, "max_incidents");
  absl::StatusOr<RequestedNumber> text = ChooseLimit(" 30 ", 0, "max_incidents");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->value, 30);
  EXPECT_EQ(text->field, "limit");
  EXPECT_EQ(ChooseLimit("", 0, "max_incidents")->value, 0);
  EXPECT_EQ(Error(ChooseLimit("", -1, "max_incidents").status()), "max_incidents: -1 is not a non-negative integer");
  EXPECT_EQ(Error(ChooseLimit("5", 5, "max_entries").status()),
            "limit and max_entries are the same setting: give only one of them");
  // REST's messages, untouched by the integer field's existence.
  for (const char* bad : {"abc", "-1", "1.5"}) {
    EXPECT_EQ(Error(ChooseLimit(bad, 0, "max_incidents").status()),
              std::string("limit: '") + bad + "' is not a non-negative integer");
  }
}

TEST(ChooseDays, TheIntegerWhenSetElseTheRestText) {
  EXPECT_EQ(*ChooseDays("", 0, "window_days"), 90);
  EXPECT_EQ(*ChooseDays("", 1, "window_days"), 1);
  EXPECT_EQ(*ChooseDays("", 365, "window_days"), 365);
  EXPECT_EQ(*ChooseDays("7", 0, "window_days"), 7);
  for (int bad : {-1, 366, 100000}) {
    EXPECT_EQ(Error(ChooseDays("", bad, "window_days").status()),
              "window_days: " + std::to_string(bad) + " is not a whole number of days from 1 to 365");
  }
  EXPECT_EQ(Error(ChooseDays("30", 30, "window_days").status()),
            "days and window_days are the same setting: give only one of them");
  for (const char* bad : {"abc", "-1", "0", "366"}) {
    EXPECT_EQ(Error(ChooseDays(bad, 0, "window_days").status()),
              std::string("days: '") + bad + "' is not a whole number of days from 1 to 365");
  }
}

}  // namespace
}  // namespace statusphere::api
