#include "common/page_url.h"

#include "gtest/gtest.h"

namespace statusphere {
namespace {

TEST(NormalizePageUrl, LowercasesSchemeAndHostAndDropsTrailingSlash) {
  EXPECT_EQ(*NormalizePageUrl("HTTPS://WWW.GitHubStatus.com/"), "https://www.githubstatus.com");
  EXPECT_EQ(*NormalizePageUrl("  https://status.example.com//  "), "https://status.example.com");
}

TEST(NormalizePageUrl, KeepsPathCaseAndQueryDropsFragment) {
  EXPECT_EQ(*NormalizePageUrl("https://Azure.Status.Microsoft/en-US/status/#x"),
            "https://azure.status.microsoft/en-US/status");
  EXPECT_EQ(*NormalizePageUrl("https://a.example/p/?q=1"), "https://a.example/p?q=1");
}

TEST(NormalizePageUrl, DropsDefaultPortsKeepsOthers) {
  EXPECT_EQ(*NormalizePageUrl("https://a.example:443/x"), "https://a.example/x");
  EXPECT_EQ(*NormalizePageUrl("http://a.example:80"), "http://a.example");
  EXPECT_EQ(*NormalizePageUrl("http://127.0.0.1:8081/"), "http://127.0.0.1:8081");
}

TEST(NormalizePageUrl, RejectsWhatIsNotAnHttpUrl) {
  for (const char* bad :
       {"", "githubstatus.com", "ftp://a.example", "https://", "https://:80", "https://a b.example",
        "https://user:pw@a.example", "https://a.example:99999", "https://a.example:x", "javascript:alert(1)"}) {
    auto result = NormalizePageUrl(bad);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(NormalizePageUrl, ErrorNamesTheUrl) {
  EXPECT_NE(NormalizePageUrl("ftp://a.example").status().message().find("ftp://a.example"), std::string::npos);
}

}  // namespace
}  // namespace statusphere
