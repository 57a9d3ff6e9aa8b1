#include "common/utf8.h"

#include "gtest/gtest.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere {
namespace {

TEST(Utf8Test, ValidTextIsKept) {
  for (const char* text : {"", "plain", "caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x94\xA5 fire", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_TRUE(IsValidUtf8(text)) << text;
    EXPECT_EQ(ToValidUtf8(text), text);
  }
}

TEST(Utf8Test, InvalidSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(ToValidUtf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToValidUtf8("\xC3"), "\xEF\xBF\xBD");                                  // truncated
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(ToValidUtf8("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");         // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFE\xFF"));
}

TEST(Utf8Test, RepairsEveryStringOfAMessageSoThatItSerializes) {
  v1::ReportScrapeResultRequest report;
  report.set_lease_id("lease");
  report.mutable_failure()->set_message("not valid JSON (starts with \"\xFF\xFE\")");
  v1::ReportScrapeResultRequest success;
  v1::Incident* incident = success.mutable_success()->add_incidents();
  incident->set_title("Outage \xC3");
  incident->add_events()->set_description("ok");
  incident->add_events()->set_description("bad \x80");
  (*success.mutable_validators())["https://x/\xFF"].set_etag("\"e\xFF\"");

  EXPECT_EQ(RepairUtf8Strings(&report), 1);
  std::string wire;
  EXPECT_TRUE(report.SerializeToString(&wire));
  EXPECT_EQ(report.failure().message(), "not valid JSON (starts with \"\xEF\xBF\xBD\xEF\xBF\xBD\")");

  EXPECT_EQ(RepairUtf8Strings(&success), 4);  // title, one event, the map key and the etag
  EXPECT_TRUE(success.SerializeToString(&wire));
  EXPECT_EQ(success.success().incidents(0).events(0).description(), "ok");
  EXPECT_EQ(success.success().incidents(0).events(1).description(), "bad \xEF\xBF\xBD");
  EXPECT_EQ(RepairUtf8Strings(&success), 0);
}

}  // namespace
TEST(AppendUtf8, EncodesEveryLengthAndReplacesWhatIsNoCharacter) {
  std::string out;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u, 0xD800u, 0x110000u}) AppendUtf8(cp, out);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Utf8Test, PrefixEndsOnACharacterBoundary) {
  const std::string text = "ab\xC3\xA9\xE2\x82\xAC";  // a, b, é (2 bytes), € (3 bytes)
  EXPECT_EQ(Utf8Prefix(text, 100), text);
  EXPECT_EQ(Utf8Prefix(text, 7), text);
  EXPECT_EQ(Utf8Prefix(text, 6), "ab\xC3\xA9");  // not the first two bytes of the euro sign
  EXPECT_EQ(Utf8Prefix(text, 5), "ab\xC3\xA9");
  EXPECT_EQ(Utf8Prefix(text, 3), "ab");
  EXPECT_EQ(Utf8Prefix(text, 0), "");
}

}  // namespace statusphere
