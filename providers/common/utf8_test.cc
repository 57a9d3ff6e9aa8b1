#include "providers/common/utf8.h"

#include "gtest/gtest.h"

namespace statusphere::providers {
namespace {

TEST(Utf8, ValidTextIsKept) {
  EXPECT_TRUE(IsValidUtf8("plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x94\xA5"));
  EXPECT_EQ(ValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(ValidUtf8(std::string("nul\0inside", 10)), std::string("nul\0inside", 10));
}

TEST(Utf8, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));  // Latin-1
  EXPECT_EQ(ValidUtf8("caf\xE9!"), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(ValidUtf8("cut \xE2\x82"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));                                 // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));                             // a UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));                         // past U+10FFFF
  EXPECT_TRUE(IsValidUtf8(ValidUtf8("\xFF\xFE\xC0\xAF\xED\xA0\x80 ok")));
}

}  // namespace
}  // namespace statusphere::providers
