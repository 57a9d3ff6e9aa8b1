#include "common/http/freshness.h"

#include "gtest/gtest.h"

namespace statusphere::http {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'700'000'000);  // Tue, 14 Nov 2023 22:13:20 GMT

absl::Duration Fresh(std::string cache_control, std::string expires = "", std::string date = "", std::string age = "") {
  return FreshFor({std::move(cache_control), std::move(expires), std::move(date), std::move(age)}, kNow);
}

TEST(FreshFor, MaxAgeAsPlatformsSendIt) {
  EXPECT_EQ(Fresh("max-age=60"), absl::Seconds(60));
  EXPECT_EQ(Fresh("public, max-age=30, stale-while-revalidate=60"), absl::Seconds(30));
  EXPECT_EQ(Fresh("Public,MAX-AGE=45"), absl::Seconds(45));  // names are case-insensitive
  EXPECT_EQ(Fresh("private, max-age=120"), absl::Seconds(120));
  EXPECT_EQ(Fresh("max-age=\"20\""), absl::Seconds(20));  // quoted, as caches tolerate
  EXPECT_EQ(Fresh("max-age=0, must-revalidate"), absl::ZeroDuration());
  EXPECT_EQ(Fresh(""), absl::ZeroDuration());
  EXPECT_EQ(Fresh("public"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("max-age=600, max-age=5"), absl::Seconds(600));        // the first of duplicates
  EXPECT_EQ(Fresh("max-age=99999999999999999999999"), absl::Hours(24));  // at most a day
}

TEST(FreshFor, NoCacheAndNoStoreMeanAskEveryTime) {
  EXPECT_EQ(Fresh("no-cache, max-age=300"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("max-age=300, no-store"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("no-cache=\"Set-Cookie\", max-age=300"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("no-store", "Tue, 14 Nov 2023 23:13:20 GMT"), absl::ZeroDuration());
}

TEST(FreshFor, AnInvalidAgeDirectiveIsStale) {
  EXPECT_EQ(Fresh("max-age=soon"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("max-age=-5"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("max-age"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("max-age=1.5"), absl::ZeroDuration());
}

TEST(FreshFor, MaxAgeBeforeSMaxageBeforeExpires) {
  // s-maxage speaks to the CDN in front of the page (purged on a change); max-age to readers.
  EXPECT_EQ(Fresh("s-maxage=3600, max-age=60"), absl::Seconds(60));
  EXPECT_EQ(Fresh("public, s-maxage=90"), absl::Seconds(90));
  EXPECT_EQ(Fresh("max-age=60", "Tue, 14 Nov 2023 23:13:20 GMT"), absl::Seconds(60));
}

TEST(FreshFor, ExpiresAgainstTheServersOwnDate) {
  // Expires an hour after the server's Date: an hour, whatever our clock says.
  EXPECT_EQ(Fresh("", "Tue, 14 Nov 2023 23:00:00 GMT", "Tue, 14 Nov 2023 22:00:00 GMT"), absl::Hours(1));
  // Without a Date: against now.
  EXPECT_EQ(Fresh("", "Tue, 14 Nov 2023 22:15:20 GMT"), absl::Minutes(2));
  EXPECT_EQ(Fresh("", "Tue, 14 Nov 2023 22:12:20 GMT"), absl::ZeroDuration());  // in the past
  EXPECT_EQ(Fresh("", "0"), absl::ZeroDuration());                              // "already expired"
  EXPECT_EQ(Fresh("", "-1"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("", "Fri, 01 Jan 2100 00:00:00 GMT"), absl::Hours(24));  // at most a day
}

TEST(FreshFor, AgeCountsAgainstTheLifetime) {
  // A CDN copy cached 40 s ago of a page fresh for 60 s: 20 s left.
  EXPECT_EQ(Fresh("max-age=60", "", "", "40"), absl::Seconds(20));
  EXPECT_EQ(Fresh("max-age=60", "", "", "75"), absl::ZeroDuration());
  EXPECT_EQ(Fresh("max-age=60", "", "", "soon"), absl::Seconds(60));  // an unreadable Age is no age
  EXPECT_EQ(Fresh("", "Tue, 14 Nov 2023 23:00:00 GMT", "Tue, 14 Nov 2023 22:00:00 GMT", "600"), absl::Minutes(50));
}

}  // namespace
}  // namespace statusphere::http
