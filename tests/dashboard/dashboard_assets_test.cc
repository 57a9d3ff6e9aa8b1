// The dashboard's files as the gateway serves them over HTTP (no browser needed): index at
// "/", modules under /ui/ with their types, strong ETags answered with 304, a distinct ETag
// for the gzip representation, no-cache, the same-origin CSP; unknown files and other
// methods get the gateway's JSON errors, and the API beside it is untouched.
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

TEST(DashboardAssetsTest, ServedWithValidatorsAndPolicy) {
  GatewayStack stack("dashboard_assets");
  ASSERT_TRUE(stack.StartServer().ok());
  ASSERT_TRUE(stack.StartGateway().ok());

  RestResponse index = Get(stack.Url("/"));
  ASSERT_EQ(index.status, 200) << index.body;
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_TRUE(absl::StrContains(index.body, "<script type=\"module\" src=\"/ui/app.js\"></script>"));
  EXPECT_EQ(index.Header("cache-control"), "no-cache");
  EXPECT_EQ(index.Header("x-content-type-options"), "nosniff");
  EXPECT_TRUE(absl::StrContains(index.Header("content-security-policy"), "default-src 'none'"));
  EXPECT_TRUE(absl::StrContains(index.Header("content-security-policy"), "connect-src 'self'"));

  RestResponse app = Get(stack.Url("/ui/app.js"));
  ASSERT_EQ(app.status, 200);
  EXPECT_EQ(app.Header("content-type"), "text/javascript; charset=utf-8");
  const std::string etag = app.Header("etag");
  ASSERT_EQ(etag.size(), 34u) << etag;  // a quoted 128-bit hash: strong, not W/
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(Get(stack.Url("/ui/style.css")).Header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(Get(stack.Url("/ui/style.css")).Header("etag"), etag);

  RestResponse again = Fetch({stack.Url("/ui/app.js"), "GET", {"If-None-Match: " + etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.Header("etag"), etag);
  EXPECT_EQ(Fetch({stack.Url("/ui/app.js"), "GET", {"If-None-Match: \"other\""}}).status, 200);

  // The compressed representation has its own strong ETag, and revalidates too.
  HttpRequest gzip{stack.Url("/ui/app.js")};
  gzip.decode_gzip = true;
  RestResponse zipped = Fetch(gzip);
  ASSERT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.Header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.body, app.body);
  EXPECT_EQ(zipped.Header("etag"), etag.substr(0, etag.size() - 1) + "-gzip\"");
  gzip.headers = {"If-None-Match: " + zipped.Header("etag")};
  EXPECT_EQ(Fetch(gzip).status, 304);

  RestResponse missing = Get(stack.Url("/ui/nope.js"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "{\"error\":\"no such dashboard file\"}");
  EXPECT_EQ(Get(stack.Url("/index.html")).status, 404);
  EXPECT_EQ(Fetch({stack.Url("/"), "POST"}).status, 405);
  RestResponse head = Fetch({stack.Url("/ui/app.js"), "HEAD"});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());

  // The API beside it: still JSON, without the dashboard's headers.
  RestResponse count = Get(stack.Url("/api/v1/statusPages/count"));
  EXPECT_EQ(count.status, 200);
  EXPECT_EQ(count.body, "{\"statusPageCount\":0}");
  EXPECT_EQ(count.Header("content-security-policy"), "");
}

}  // namespace
}  // namespace statusphere::testing
