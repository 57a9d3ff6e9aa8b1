#include "server/store/page_token.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace statusphere::store {
namespace {

TEST(PageTokenTest, ATokenGivesBackItsKey) {
  for (const PageOrderKey& key : {PageOrderKey{"github", "https://www.githubstatus.com"}, PageOrderKey{"", ""},
                                  PageOrderKey{"zürich & co", "https://a.example/?x=1&y=2"}}) {
    const std::string token = EncodePageToken(key);
    // Query-string safe as it is: no '+', '/', '=' or '%'.
    EXPECT_EQ(token.find_first_of("+/=%&"), std::string::npos) << token;
    auto decoded = DecodePageToken(token);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->name_key, key.name_key);
    EXPECT_EQ(decoded->url, key.url);
  }
}

TEST(PageTokenTest, GarbledOrForeignTokensAreInvalidArguments) {
  const std::string token = EncodePageToken({"github", "https://www.githubstatus.com"});
  std::string changed = token;
  changed[5] = changed[5] == 'A' ? 'B' : 'A';
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  std::string other_version = raw;
  other_version[0] = 2;
  for (const std::string& bad : {std::string("abc!"), std::string("AAAA"), token.substr(0, token.size() - 3), changed,
                                 absl::WebSafeBase64Escape(other_version), std::string(9000, 'A'),
                                 absl::WebSafeBase64Escape("github|https://www.githubstatus.com")}) {
    auto decoded = DecodePageToken(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(decoded.status().message().substr(0, 12), "page_token: ") << decoded.status();
  }
  EXPECT_NE(DecodePageToken(absl::WebSafeBase64Escape(other_version)).status().message().find("another version"),
            std::string::npos);
  EXPECT_NE(DecodePageToken(changed).status().message().find("damaged"), std::string::npos);
}

}  // namespace
}  // namespace statusphere::store
