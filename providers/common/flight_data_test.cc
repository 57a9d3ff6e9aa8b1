#include "providers/common/flight_data.h"

#include "gtest/gtest.h"

namespace statusphere::providers {
namespace {

std::string Decode(absl::string_view literal) {
  absl::StatusOr<std::string> s = DecodeJsStringLiteral(literal);
  EXPECT_TRUE(s.ok()) << literal << ": " << s.status();
  return s.value_or("<error>");
}

TEST(DecodeJsStringLiteral, SimpleEscapes) {
  EXPECT_EQ(Decode(R"("a\"b\\c\/d")"), "a\"b\\c/d");
  EXPECT_EQ(Decode(R"("1:\"x\"\n2:[]\r\t")"), "1:\"x\"\n2:[]\r\t");
  EXPECT_EQ(Decode(R"('it\'s "quoted"')"), "it's \"quoted\"");
  EXPECT_EQ(Decode(R"("\b\f\v\0")"), std::string("\b\f\v\0", 4));
  EXPECT_EQ(Decode(R"("\q\$")"), "q$");  // a needless escape stands for the character
}

TEST(DecodeJsStringLiteral, HexAndUnicodeEscapesBecomeUtf8) {
  EXPECT_EQ(Decode(R"("\x41\xe9")"), "A\xC3\xA9");  // A, é
  EXPECT_EQ(Decode(R"("\u003cp\u003e")"), "<p>");
  EXPECT_EQ(Decode(R"("\u00e9\u20ac")"), "\xC3\xA9\xE2\x82\xAC");                          // é, €
  EXPECT_EQ(Decode(R"("\ud83c\uddec\ud83c\udde7")"), "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7");  // 🇬🇧
  EXPECT_EQ(Decode(R"("\u{1F600}")"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Decode(R"("\ud83c!")"), "\xEF\xBF\xBD!");   // a lone surrogate
  EXPECT_EQ(Decode("\"caf\xC3\xA9\""), "caf\xC3\xA9");  // raw UTF-8 passes through
}

TEST(DecodeJsStringLiteral, LineContinuationAndConsumedLength) {
  EXPECT_EQ(Decode("\"a\\\nb\""), "ab");
  EXPECT_EQ(Decode("\"a\\\r\nb\""), "ab");
  size_t consumed = 0;
  absl::StatusOr<std::string> s = DecodeJsStringLiteral(R"("ab\"c"])", &consumed);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "ab\"c");
  EXPECT_EQ(consumed, 7u);
}

TEST(DecodeJsStringLiteral, MalformedLiteralsAreErrors) {
  for (absl::string_view bad : {"", "abc", "\"abc", "\"a\nb\"", R"("\x4")", R"("\u12")", R"("\u{}")", R"("\u{110000}")",
                                R"("\012")", "\"abc\\"}) {
    EXPECT_FALSE(DecodeJsStringLiteral(bad).ok()) << bad;
  }
}

constexpr absl::string_view kPage = R"html(<!DOCTYPE html><html><head>
<script src="/_next/static/chunks/main.js" async=""></script>
<script>(self.__next_f=self.__next_f||[]).push([0])</script>
<script>self.__next_f.push([1,"1:\"$Sreact.fragment\"\n2:I[123,[],\"\"]\n"])</script>
</head><body><div>rendered</div>
<script>self.__next_f.push([1,"3:[\"$\",\"div\",null,{\"summary\":{\"name\":\"Acme\",\"end_at\":\"$undefined\",\"price\":\"$$5\"}}]\n4:T"])</script>
<script>self.__next_f.push([1,"b,line1\nline2"])</script>
<script>self.__next_f.push([1, '5:{\"ref\":\"$3:props:summary\",\"n\":[1,{\"summary\":{\"name\":\"second\"}}]}\n'])</script>
<script>self.__next_f.push([2,null])</script>
</body></html>)html";

TEST(NextFlightPayload, ConcatenatesTheTextChunksInDocumentOrder) {
  absl::StatusOr<std::string> payload = NextFlightPayload(kPage);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(*payload,
            "1:\"$Sreact.fragment\"\n2:I[123,[],\"\"]\n"
            "3:[\"$\",\"div\",null,{\"summary\":{\"name\":\"Acme\",\"end_at\":\"$undefined\",\"price\":\"$$5\"}}]\n4:T"
            "b,line1\nline2"
            "5:{\"ref\":\"$3:props:summary\",\"n\":[1,{\"summary\":{\"name\":\"second\"}}]}\n");
}

TEST(NextFlightPayload, PagesWithoutFlightDataAndBrokenChunks) {
  EXPECT_TRUE(absl::IsNotFound(NextFlightPayload("<html><script>var x = 1;</script></html>").status()));
  EXPECT_TRUE(absl::IsNotFound(NextFlightPayload("").status()));
  for (absl::string_view bad :
       {"<script>self.__next_f.push([1,\"unterminated])</script>", "<script>self.__next_f.push([1,x])</script>",
        "<script>self.__next_f.push({})</script>", "<script>self.__next_f.push([1,\"a\" + \"b\"])</script>"}) {
    EXPECT_EQ(NextFlightPayload(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(FlightRows, JsonRowsWithReactStringsUndone) {
  absl::StatusOr<std::string> payload = NextFlightPayload(kPage);
  ASSERT_TRUE(payload.ok());
  absl::StatusOr<std::vector<Json>> rows = FlightRows(*payload);
  ASSERT_TRUE(rows.ok()) << rows.status();
  // Rows 1 (a string) and 2 (a module) are skipped, the text row 4 is stepped over whole.
  ASSERT_EQ(rows->size(), 2u);
  const Json& summary = (*rows)[0][3]["summary"];
  EXPECT_EQ(summary["name"], "Acme");
  EXPECT_TRUE(summary["end_at"].is_null());
  EXPECT_EQ(summary["price"], "$5");
  EXPECT_EQ((*rows)[1]["ref"], "$3:props:summary");  // references stay as they are
}

TEST(FlightRows, TooDeepAndBadTextRowsAreErrors) {
  EXPECT_EQ(FlightRows(std::string("0:") + std::string(100, '[') + std::string(100, ']') + "\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FlightRows("4:Tzz,abc").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FlightRows("4:Tff,abc").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::vector<Json>> rows = FlightRows("0:[1,2\n1:{\"ok\":true}\n");  // a broken row is skipped
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0]["ok"], true);
}

TEST(FindInFlightData, FirstMatchingObjectDepthFirst) {
  auto has_summary = [](const Json& j) { return j.contains("summary") && j["summary"].is_object(); };
  absl::StatusOr<Json> found = FindInFlightData("https://s.example", kPage, "summary", has_summary);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)["summary"]["name"], "Acme");
  absl::StatusOr<Json> none =
      FindInFlightData("https://s.example", kPage, "widget", [](const Json& j) { return j.contains("widget"); });
  EXPECT_TRUE(absl::IsNotFound(none.status()));
  EXPECT_EQ(none.status().message(), "https://s.example: the flight data holds no widget");
}

}  // namespace
}  // namespace statusphere::providers
