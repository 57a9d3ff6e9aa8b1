#include "common/web_link.h"

#include "gtest/gtest.h"

namespace statusphere {
namespace {

TEST(IsWebLink, KeepsAbsoluteHttpAndHttpsLinks) {
  for (const char* good : {"https://www.githubstatus.com/incidents/abc", "http://status.example.com",
                           "HTTPS://Status.Example.com/incidents/1?x=y#z", "http://127.0.0.1:8080/i/1",
                           "https://status.example.com/%E2%9C%93", "https://stätus.example/ü"}) {
    EXPECT_TRUE(IsWebLink(good)) << good;
  }
}

TEST(IsWebLink, RefusesScriptDataAndOtherSchemesInEverySpelling) {
  for (const char* bad : {"javascript:alert(document.cookie)",
                          "JaVaScRiPt:alert(1)",
                          "JAVASCRIPT:alert(1)",
                          " javascript:alert(1)",
                          "\tjavascript:alert(1)",
                          "\njavascript:alert(1)",
                          "\r\n javascript:alert(1)",
                          "\x01javascript:alert(1)",
                          "\x1fjavascript:alert(1)",
                          "java\tscript:alert(1)",
                          "java\nscript:alert(1)",
                          "java\rscript:alert(1)",
                          "javascript&#58;alert(1)",
                          "&#106;avascript:alert(1)",
                          "javascript://%0aalert(1)",
                          "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                          "DATA:text/html,<script>alert(1)</script>",
                          " data:text/html,x",
                          "vbscript:msgbox(1)",
                          "VBScript:msgbox(1)",
                          "file:///etc/passwd",
                          "ftp://files.example.com/x",
                          "mailto:ops@example.com",
                          "blob:https://example.com/uuid",
                          "about:blank",
                          "chrome://settings"}) {
    EXPECT_FALSE(IsWebLink(bad)) << bad;
  }
}

TEST(IsWebLink, RefusesRelativeProtocolRelativeAndHostlessLinks) {
  for (const char* bad :
       {"", "/incidents/abc", "incidents/abc", "?id=1", "#top", "//evil.example/x", "\\\\evil.example",
        "https:evil.example", "https:/evil.example", "https://", "http:///evil.example", "https://?x", "https://#x",
        "https:\\\\evil.example", "https://\\evil.example", "https//evil.example"}) {
    EXPECT_FALSE(IsWebLink(bad)) << bad;
  }
}

TEST(IsWebLink, RefusesWhitespaceAndControlCharactersAnywhere) {
  for (const char* bad :
       {" https://status.example.com", "https://status.example.com ", "https://status.example.com/a b",
        "https://status.exa\tmple.com", "ht\ttps://status.example.com", "https://status.example.com/\n",
        "https://status.example.com/\x7f"}) {
    EXPECT_FALSE(IsWebLink(bad)) << bad;
  }
  EXPECT_FALSE(IsWebLink(absl::string_view("https://a.example/\0x", 19)));
}

TEST(WebLinkOr, FallsBackToThePageThenToNothing) {
  EXPECT_EQ(WebLinkOr("https://s.example/incidents/1", "https://s.example"), "https://s.example/incidents/1");
  EXPECT_EQ(WebLinkOr("javascript:alert(1)", "https://s.example"), "https://s.example");
  EXPECT_EQ(WebLinkOr("", "https://s.example"), "https://s.example");
  EXPECT_EQ(WebLinkOr("data:text/html,x", "javascript:alert(1)"), "");
}

}  // namespace
}  // namespace statusphere
