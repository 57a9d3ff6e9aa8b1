#include "common/url.h"

#include "gtest/gtest.h"

namespace statusphere {
namespace {

TEST(SplitUrl, SplitsEveryPart) {
  const UrlParts p = SplitUrl("HTTPS://me:pw@Status.Example.com:8443/a/b?x=1&y=2#top");
  EXPECT_TRUE(p.absolute);
  EXPECT_EQ(p.scheme, "HTTPS");
  EXPECT_EQ(p.userinfo, "me:pw");
  EXPECT_EQ(p.authority, "Status.Example.com:8443");
  EXPECT_EQ(p.host, "Status.Example.com");
  EXPECT_EQ(p.LowercaseHost(), "status.example.com");
  EXPECT_EQ(p.port, "8443");
  EXPECT_EQ(p.origin, "HTTPS://me:pw@Status.Example.com:8443");
  EXPECT_EQ(p.path, "/a/b");
  EXPECT_EQ(p.query, "x=1&y=2");
  EXPECT_EQ(p.fragment, "top");
}

TEST(SplitUrl, AuthorityEndsAtQueryOrFragmentWithoutAPath) {
  const UrlParts q = SplitUrl("https://a.example?x=1");
  EXPECT_EQ(q.origin, "https://a.example");
  EXPECT_EQ(q.host, "a.example");
  EXPECT_EQ(q.path, "");
  EXPECT_EQ(q.query, "x=1");
  const UrlParts f = SplitUrl("https://a.example#x?y");
  EXPECT_EQ(f.host, "a.example");
  EXPECT_EQ(f.query, "");  // a '?' inside the fragment is the fragment's
  EXPECT_EQ(f.fragment, "x?y");
}

TEST(SplitUrl, IPv6LiteralKeepsItsColons) {
  const UrlParts p = SplitUrl("http://[::1]:8080/x");
  EXPECT_EQ(p.host, "::1");
  EXPECT_EQ(p.port, "8080");
  EXPECT_EQ(p.authority, "[::1]:8080");
  EXPECT_EQ(SplitUrl("http://[fe80::1]").port, "");
}

TEST(SplitUrl, WithoutSchemeTheHostComesFirst) {
  const UrlParts p = SplitUrl("WWW.GitHubStatus.com/history");
  EXPECT_FALSE(p.absolute);
  EXPECT_EQ(p.scheme, "");
  EXPECT_EQ(p.host, "WWW.GitHubStatus.com");
  EXPECT_EQ(p.origin, "WWW.GitHubStatus.com");
  EXPECT_EQ(p.path, "/history");
}

TEST(SplitUrl, OnlyTheLastAtEndsTheUserinfo) {
  const UrlParts p = SplitUrl("https://a@b@host.example/@x");
  EXPECT_EQ(p.userinfo, "a@b");
  EXPECT_EQ(p.host, "host.example");
  EXPECT_EQ(p.path, "/@x");
}

TEST(SplitUrl, EmptyPartsStayEmpty) {
  const UrlParts p = SplitUrl("https://");
  EXPECT_TRUE(p.absolute);
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.host, "");
  EXPECT_EQ(p.port, "");
  EXPECT_EQ(SplitUrl("http://:80").host, "");
  EXPECT_EQ(SplitUrl("http://:80").port, "80");
  EXPECT_EQ(SplitUrl("").host, "");
}

}  // namespace
}  // namespace statusphere
