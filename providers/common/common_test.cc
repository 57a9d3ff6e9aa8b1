#include "gtest/gtest.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/simple_markup.h"

namespace statusphere::providers {
namespace {

TEST(HtmlToText, SimpleMarkupSkipsTheParserAndGivesItsText) {
  for (const char* html :
       {"First period:<br /><br />queues backed up.", "<p>One</p><p>Two <strong>bold</strong></p>",
        "<ul><li>a</li><li>b</li></ul>after", "<p>a<br>b</p>c", "<b><p>x</b>y</p>", "<h2>Impact</h2>Writes<br>failed",
        "<ul><li>a<ul><li>b</li></ul></li></ul>", "<li>a</li>b", "  <div> spaced </div>  ", "caf\xC3\xA9<br/>ok", "",
        "<div class=\"x\"><span class=yellowfg>10:52 AM&nbsp;PDT</span>&nbsp;We are investigating.</div>",
        "See <a href=\"https://x.test/?a=1&b=2\" title='a > b'>the post</a> &amp; reply",
        "AT&amp;T &lt;3 &quot;q&quot;", "<br class=x/>x", "<p\tid=a\n>x</p>", "<a =x>y</a>", "<a b=>c</a>"}) {
    const std::optional<std::string> fast = SimpleMarkupToText(html);
    ASSERT_TRUE(fast.has_value()) << html;
    EXPECT_EQ(*fast, HtmlToTextByParser(html)) << html;
  }
  EXPECT_EQ(*SimpleMarkupToText("First period:<br /><br />queues backed up."), "First period:\nqueues backed up.");
  // Anything else goes to the parser: attributes, references, unknown or odd tags, a bare
  // '<', invalid UTF-8, NUL.
  for (const char* html :
       {"&#39;", "&copy;", "Q & A", "&amp", "<a href=\"x>link", "</p class=x>", "<P>x</P>",
        "<table><tr><td>a</td></tr></table>", "</br>", "1 < 2", "<br", "<BR>", "<script>x</script>", "bad \xC3 byte",
        // where the parser's tree building would step in
        "x</p>y", "x</li>y", "<li>a<li>b", "<li>a<div><li>b", "<p>a<div>b", "<p>a<hr>b", "<h1>a<h2>b", "<ul><li>a</ul>",
        "<div>a</p>b</div>"}) {
    EXPECT_FALSE(SimpleMarkupToText(html).has_value()) << html;
  }
  EXPECT_FALSE(SimpleMarkupToText(std::string("a\0<br>b", 7)).has_value());
  // Characters the parser replaces with U+FFFD: C0 and C1 controls, noncharacters.
  for (const char* html :
       {"bell\x07<br>", "del\x7F", "c1 \xC2\x85", "\xEF\xB7\x90", "\xEF\xBF\xBF", "\xF0\x9F\xBF\xBE"}) {
    EXPECT_FALSE(SimpleMarkupToText(html).has_value()) << html;
  }
  EXPECT_EQ(*SimpleMarkupToText("tab\tform\ffeed\r\nline \xE2\x80\x93 dash \xF0\x9F\x98\x80"),
            HtmlToTextByParser("tab\tform\ffeed\r\nline \xE2\x80\x93 dash \xF0\x9F\x98\x80"));
}

TEST(HtmlToText, DropsTagsDecodesEntitiesKeepsLineBreaks) {
  EXPECT_EQ(HtmlToText("<p>We are <strong>investigating</strong> &amp; will update.</p><p>Next</p>"),
            "We are investigating & will update.\nNext");
  EXPECT_EQ(HtmlToText("a<br>b<br/>c"), "a\nb\nc");
  EXPECT_EQ(HtmlToText("<script>alert(1)</script>safe"), "safe");
  EXPECT_EQ(HtmlToText("  lots   of\t space  "), "lots of space");
  EXPECT_EQ(HtmlToText(""), "");
  EXPECT_EQ(TextOf("  plain text  "), "plain text");
  EXPECT_EQ(HtmlToText("a&nbsp;b"), "a b");
  EXPECT_EQ(HtmlToText("x&#x27EEEEEEEEEEEE;y"), "x\xEF\xBF\xBDy");  // gumbo alone gives invalid UTF-8
  EXPECT_EQ(TidyText("\xC2\xA0 lead"), "lead");
  EXPECT_EQ(HtmlToText(std::string(100000, '<')).size() > 0, true);  // hostile input stays bounded
}

// Found by fuzz/rfc3339_fuzz: the fast path kept a leap second's fraction, absl drops it.
TEST(JsonFields, Rfc3339LeapSecondReadsAsTheNextSecond) {
  EXPECT_EQ(ParseRfc3339("2016-12-31T23:59:60.5Z"), ParseRfc3339("2017-01-01T00:00:00Z"));
}

TEST(JsonFields, Rfc3339WithZoneOffsets) {
  auto utc = ParseRfc3339("2026-07-31T14:05:23.123Z");
  auto offset = ParseRfc3339("2026-07-31T07:05:23.123-07:00");
  ASSERT_TRUE(utc && offset);
  EXPECT_EQ(*utc, *offset);
  EXPECT_FALSE(ParseRfc3339("yesterday"));
  EXPECT_FALSE(ParseRfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-07-31T14:05:23"));  // no zone: ambiguous
  EXPECT_EQ(*ParseRfc3339("2026-07-31T14:05:23Z") + absl::Milliseconds(123), *utc);
  EXPECT_EQ(*ParseRfc3339("2026-07-31T14:05:23.123456789+00:00"), *utc + absl::Nanoseconds(456789));
}

TEST(JsonFields, WrongTypesAreEmptyNotExceptions) {
  Json j = Json::parse(R"({"s":1,"a":"x","t":null})");
  EXPECT_EQ(StringField(j, "s"), "");
  EXPECT_TRUE(ArrayField(j, "a").empty());
  EXPECT_FALSE(TimeField(j, "t")->has_value());
  EXPECT_FALSE(TimeField(j, "missing")->has_value());
  EXPECT_EQ(StringField(Json::array(), "s"), "");
}

}  // namespace
}  // namespace statusphere::providers
