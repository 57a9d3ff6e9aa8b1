#include "providers/common/html_document.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

std::string Repeat(absl::string_view piece, int times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (int i = 0; i < times; ++i) out.append(piece.data(), piece.size());
  return out;
}

// The deepest element gumbo actually built.
int64_t TreeDepth(const GumboNode* root) {
  int64_t deepest = 0;
  std::vector<std::pair<const GumboNode*, int64_t>> pending = {{root, 1}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
      pending.emplace_back(static_cast<const GumboNode*>(node->v.element.children.data[i]), depth + 1);
    }
  }
  return deepest;
}

int64_t EstimatedDepth(absl::string_view html) {
  return EstimateHtmlParseCost(html, 1 << 30, int64_t{1} << 60).max_depth;
}

TEST(HtmlDocument, NestingPastTheBoundIsRefusedWithoutParsing) {
  for (const std::string& html :
       std::vector<std::string>{Repeat("<div>", 20000), Repeat("<div/>", 5000),  // "/>" does not close a div
                                Repeat("<table><tr><td>", 2000), Repeat("<span><b>", 1000)}) {
    const HtmlDocument document(html);
    EXPECT_EQ(document.status().code(), absl::StatusCode::kResourceExhausted) << html.substr(0, 30);
    EXPECT_TRUE(absl::StrContains(document.status().message(), "deeper than 1024")) << document.status();
    EXPECT_EQ(document.output().root->v.element.children.length, 2u);  // the empty document's head and body
    EXPECT_EQ(TreeDepth(document.output().root), 2);
  }
}

TEST(HtmlDocument, HtmlParseRefusalSaysWhatTheDocumentWouldWithoutParsing) {
  EXPECT_TRUE(HtmlParseRefusal("<p>fine</p>").ok());
  const std::string deep = Repeat("<div>", 20000);
  EXPECT_EQ(HtmlParseRefusal(deep), HtmlDocument(deep).status());
  EXPECT_EQ(HtmlParseRefusal(deep).code(), absl::StatusCode::kResourceExhausted);
}

TEST(HtmlDocument, FormattingElementsGumboReopensCountAsNesting) {
  // Each </div> closes the <b> opened in it, but gumbo keeps every one (they differ in their
  // attribute) and reopens them all, nested, before the next text.
  std::string html;
  for (int i = 0; i < 1500; ++i) absl::StrAppend(&html, "<div><b class=c", i, "></div>");
  html += "text";
  EXPECT_GT(EstimatedDepth(html), 1024);
  EXPECT_FALSE(HtmlDocument(html).status().ok());
  // Their own end tags take them off gumbo's list.
  std::string closed;
  for (int i = 0; i < 1500; ++i) absl::StrAppend(&closed, "<div><b class=c", i, "></div></b>");
  EXPECT_LT(EstimatedDepth(closed), 5);
  // gumbo keeps three alike in name and attributes.
  EXPECT_LT(EstimatedDepth(Repeat("<div><b></div>", 3000) + "text"), 10);
  // Reopened before every text, each a clone: a thousand of them reopened before each of many
  // texts is refused though never deeper than 1024.
  std::string reopened;
  for (int i = 0; i < 1000; ++i) absl::StrAppend(&reopened, "<div><b class=c", i, "></div>");
  const std::string once = reopened + "<div>x</div>";
  EXPECT_TRUE(HtmlDocument(once).status().ok()) << HtmlDocument(once).status();
  EXPECT_LE(EstimatedDepth(reopened + Repeat("<div>x</div>", 100)), 1024);
  reopened += Repeat("<div>x</div>", 4000);  // gumbo alone: 2.3 s of CPU for these 73 kB
  EXPECT_TRUE(absl::StrContains(HtmlDocument(reopened).status().message(), "parse budget"));
  // And a table cell's end clears those opened inside it.
  const std::string cells = "<table><tr>" + Repeat("<td><font size=2>x</td>", 3000) + "</tr></table>";
  EXPECT_LT(EstimatedDepth(cells), 10);
  EXPECT_TRUE(HtmlDocument(cells).status().ok());
}

TEST(HtmlDocument, ElementsGumboClosesImplicitlyDoNotAddUp) {
  for (const std::string& html : std::vector<std::string>{
           "<ul>" + Repeat("<li>item", 5000) + "</ul>", Repeat("<p>para", 5000),
           "<dl>" + Repeat("<dt>a<dd>b", 3000) + "</dl>", "<table>" + Repeat("<tr><td>a<td>b", 3000) + "</table>",
           "<select>" + Repeat("<option>x", 3000) + "</select>", Repeat("x<br>y<img src=a><hr>", 5000),
           "<script>" + Repeat("<div>", 5000) + "</script>", "<!--" + Repeat("<div>", 5000) + "-->",
           std::string("<div title='<div><div>'>x</div>"), "<svg>" + Repeat("<path d=x/>", 5000) + "</svg>"}) {
    const HtmlDocument document(html);
    EXPECT_TRUE(document.status().ok()) << html.substr(0, 40) << ": " << document.status();
    EXPECT_LT(EstimatedDepth(html), 10) << html.substr(0, 40);
  }
}

TEST(HtmlDocument, TheEstimateCountsTheTableSectionsAndRowsGumboImplies) {
  for (const std::string& html : std::vector<std::string>{Repeat("<table><tr><td>", 200), Repeat("<table><td>", 200),
                                                          Repeat("<table><tbody><td>", 200)}) {
    const HtmlDocument document(html);
    ASSERT_TRUE(document.status().ok()) << document.status();
    EXPECT_EQ(EstimatedDepth(html), 800) << html.substr(0, 30);
    EXPECT_EQ(TreeDepth(document.output().root), 800 + 2) << html.substr(0, 30);  // under <html> and <body>
  }
}

TEST(HtmlDocument, AFlatDocumentOverTheWorkBudgetIsRefused) {
  const std::string big = Repeat("<p>An update about an incident, in a very long page.</p>\n", 250000);  // 14 MB
  const HtmlDocument document(big);
  EXPECT_EQ(document.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(absl::StrContains(document.status().message(), "parse budget")) << document.status();
  // A page of a megabyte is well within it.
  EXPECT_TRUE(HtmlDocument(big.substr(0, 1 << 20)).status().ok());
}

// The estimate never says shallower than gumbo builds (it would let hostile nesting through),
// and real pages stay far inside both limits.
TEST(HtmlDocument, RealCapturesParseAndTheEstimateIsNeverShallowerThanGumbo) {
  int read = 0;
  for (const char* capture : {"pagerduty/status.pagerduty.com-home-open-minor-incident-2023-12-15.html",
                              "incident-io/status.openai.com-home-major-monitoring-2026-03-17.html",
                              "incident-io/status.aiven.io-home-partial-outage-2026-03-03.html",
                              "instatus/status.mastodon.social-home-major-outage-with-components-2025-12-17.html",
                              "atlassian-statuspage/html/status.atlassian.com-access-home-2021.html.md"}) {
    const std::optional<std::string> html = statusphere::testing::ReadSharedFixture(capture);
    if (!html) continue;
    ++read;
    const HtmlDocument document(*html);
    ASSERT_TRUE(document.status().ok()) << capture << ": " << document.status();
    const HtmlParseCost cost = EstimateHtmlParseCost(*html, kMaxHtmlDepth, kMaxHtmlParseWorkNs);
    // gumbo's tree has the document node and <html> above what the markup opens.
    const int64_t built = TreeDepth(document.output().root) - 1;
    std::cout << capture << ": " << html->size() << " bytes, gumbo depth " << built << ", estimated depth "
              << cost.max_depth << ", estimated work " << cost.work_ns / 1000000 << " ms\n";
    EXPECT_GE(cost.max_depth + 2, built) << capture;  // + html, head/body gumbo adds
    EXPECT_LT(cost.max_depth, kMaxHtmlDepth / 4) << capture;
    EXPECT_LT(cost.work_ns, kMaxHtmlParseWorkNs / 4) << capture;
  }
  if (read == 0) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
}

}  // namespace
}  // namespace statusphere::providers
